// Tamper evidence in the browser: the demo registry is signed by a key that `cargo xtask
// test` pins in the app's build (ZHIXIN_PUBLIC_KEY_FILE). The footer and the about page say
// who signed it, verified, with the key's ID; a chunk changed on disk is refused and named
// while searches that do not need it work; a registry signed with another key, or not
// signed at all, shows a warning on every page. All data is the fictional demo's.

import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { baseUrl, demoCases, launch, newPage, searchBox } from './helpers.mjs';

const CASES = demoCases();
/** The registry folder the app is served with (a copy: changing it leaves the build's alone). */
const SERVED = process.env.ZHIXIN_SERVED_REGISTRY ?? '';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Every page of the app, as addresses under the base URL. */
function everyPage() {
  const c = CASES.graded;
  return ['', `?q=${encodeURIComponent(c.name)}`, `?e=${c.uscc}`, '?view=lists', '?view=report', '?view=about', `?e=${c.uscc}&embed=1`];
}

/** Types `text` into the search box and waits for a result naming `name`. */
async function search(page, text, name) {
  const box = searchBox(page);
  await box.waitFor();
  await box.fill('');
  await box.pressSequentially(text, { delay: 10 });
  await page.locator('#results a.result', { hasText: name }).first().waitFor();
}

/** The card chunks (relative paths) a search for `c`'s name fetches. */
async function cardsFor(c) {
  const page = await newPage(browser);
  const cards = new Set();
  page.on('request', (r) => {
    const m = /\/registry\/(card\/[0-9a-f]{4}-[0-9a-f]+\.jsonl)$/.exec(r.url());
    if (m) cards.add(m[1]);
  });
  await page.goto(baseUrl());
  await search(page, c.name, c.name);
  await page.context().close();
  return cards;
}

test('a signed registry says who signed it, verified, with the key ID, in the footer and on the about page', async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?view=about`);
  const footer = page.locator('footer .signed');
  await footer.waitFor();
  assert.match(await footer.textContent(), /由 .+ 签名，已验证.*密钥 ID [0-9A-F]{16}/);
  await page.locator('main section#signature .signed, main [aria-labelledby="signature-h"] .signed').first().waitFor();
  assert.equal(await page.locator('.banner.trust').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a chunk changed on disk is refused and named, while other searches work', async () => {
  assert.ok(SERVED && existsSync(join(SERVED, 'meta.json')), 'ZHIXIN_SERVED_REGISTRY names the served registry');
  // Two demo enterprises whose searches read different card chunks.
  const names = Object.values(CASES).filter((c) => c && c.name && c.uscc);
  const seen = [];
  let pair = null;
  for (const c of names) {
    const cards = await cardsFor(c);
    const other = seen.find((s) => ![...s.cards].some((x) => cards.has(x)));
    if (other) {
      pair = { hit: c, hitCards: cards, ok: other.c };
      break;
    }
    seen.push({ c, cards });
  }
  assert.ok(pair, 'two demo cases whose results are in different card chunks');
  const originals = new Map();
  try {
    for (const rel of pair.hitCards) {
      const file = join(SERVED, rel);
      const bytes = readFileSync(file);
      originals.set(file, bytes);
      const changed = Buffer.from(bytes);
      changed[10] = changed[10] === 0x41 ? 0x42 : 0x41; // one byte
      writeFileSync(file, changed);
    }
    const page = await newPage(browser);
    await page.goto(baseUrl());
    const box = searchBox(page);
    await box.waitFor();
    await box.pressSequentially(pair.hit.name, { delay: 10 });
    // Named where the search shows its errors, and in the banner on every page.
    const refused = page.locator('.banner.refused');
    await refused.waitFor();
    const text = await refused.textContent();
    assert.ok([...pair.hitCards].some((rel) => text.includes(rel)), `the banner names the chunk: ${text}`);
    await page.locator('main .note.error', { hasText: 'card/' }).first().waitFor();
    // Another search, in other chunks, works.
    await search(page, pair.ok.name, pair.ok.name);
    // The banner stays on the other pages of the visit.
    await page.locator('nav a[href*="view=about"]').first().click();
    await page.locator('.banner.refused').waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    for (const [file, bytes] of originals) writeFileSync(file, bytes);
  }
});

/** A minisign signature of `data` (prehashed Ed25519, as `minisign -S`) by a fresh key. */
function signatureByAnotherKey(data) {
  const { privateKey } = generateKeyPairSync('ed25519');
  const keyId = randomBytes(8);
  const hash = createHash('blake2b512').update(data).digest();
  const sig = sign(null, hash, privateKey);
  const trusted = 'zhixin registry meta.json, signed by someone else';
  const global = sign(null, Buffer.concat([sig, Buffer.from(trusted)]), privateKey);
  const line1 = Buffer.concat([Buffer.from('ED'), keyId, sig]).toString('base64');
  return `untrusted comment: another publisher\n${line1}\ntrusted comment: ${trusted}\n${global.toString('base64')}\n`;
}

/** Opens every page with `meta.json.minisig` answered by `answer` and expects the warning on each. */
async function warnsOnEveryPage(answer, pattern) {
  const page = await newPage(browser, { serviceWorkers: 'block' });
  await page.route(/\/registry\/meta\.json\.minisig$/, answer);
  for (const at of everyPage()) {
    await page.goto(`${baseUrl()}${at}`);
    const banner = page.locator('.banner.trust[role="alert"]');
    await banner.waitFor();
    assert.match(await banner.textContent(), pattern, at);
    // What to do, not only what happened.
    assert.match(await banner.textContent(), /刷新页面|发布机构官网/, at);
    assert.equal(await page.locator('footer .signed').count(), 0, at);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
}

test('a registry signed with another key shows the warning on every page', async () => {
  const meta = readFileSync(join(SERVED, 'meta.json'));
  const forged = signatureByAnotherKey(meta);
  await warnsOnEveryPage(
    (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: forged }),
    /签名验证失败.*another key/s,
  );
});

test('an unsigned registry, when a key is pinned, shows the warning on every page', async () => {
  await warnsOnEveryPage((route) => route.fulfill({ status: 404, body: 'not found' }), /没有签名/);
});
