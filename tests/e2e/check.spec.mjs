// The buyer's and the shopper's tools (issue #16 items 2, 3, 4, 10): the batch check
// (`?view=check`) agrees with `zhixin show DIR - --json` on 200 lines, filters, and
// downloads a formula-safe CSV; enterprise pages print with their provenance and copy a
// citation; the QR code on an enterprise page decodes (jsQR) to its permalink; the watch
// list (`?view=watch`, local storage only) shows each watched enterprise's status and
// what changed. axe-core and 360 px layouts on every new page. All data is fictional.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  assertNoAxeViolations,
  baseUrl,
  demoCases,
  failureScreenshot,
  launch,
  newPage,
  ROOT,
  screenshots,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const JSQR = require.resolve('jsqr/dist/jsQR.js');

const CLI = process.env.ZHIXIN_CLI ?? join(ROOT, 'target', 'release', 'zhixin');
const REGISTRY = process.env.ZHIXIN_REGISTRY ?? join(ROOT, '.zhixin', 'registry');

const CASES = demoCases();
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The registry's data date (meta.json `as_of`), the date the batch is checked for. */
function registryAsOf() {
  const meta = JSON.parse(readFileSync(join(REGISTRY, 'meta.json'), 'utf8'));
  const asOf = meta.as_of ?? meta.registry?.as_of;
  assert.match(asOf ?? '', /^\d{4}-\d\d-\d\d$/, 'meta.json has an as_of date');
  return asOf;
}

/** `zhixin show REGISTRY - --as-of DAY --json` on `lines`: one parsed result per line. */
function cliBatch(lines, day) {
  const out = execFileSync(CLI, ['show', REGISTRY, '-', '--as-of', day, '--json'], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return out.trimEnd().split('\n').map((l) => JSON.parse(l));
}

const cliStatus = (r) => (r === null ? 'not-found' : r.blacklisted ? 'blacklisted' : r.cautions.length > 0 ? 'caution' : 'clear');

/**
 * 200 lines as a buyer would paste them: codes (some lower case, spaced), exact names,
 * names without their company form (best matches to confirm), the demo's blacklisted
 * and caution enterprises, a line the registry cannot match, and a formula.
 */
function batchLines() {
  const seen = new Map();
  for (const q of ['食品', '科技', '纺织', '机械', '电子', '化工', '建材', '服装', '贸易', '实业', '制造', '医药', '包装', '材料', '电器', '塑料', '家具', '五金', '印刷', '农业']) {
    const hits = JSON.parse(execFileSync(CLI, ['search', REGISTRY, q, '--json', '--limit', '40'], { encoding: 'utf8' }));
    for (const h of hits) if (!seen.has(h.uscc)) seen.set(h.uscc, h.name);
    if (seen.size >= 200) break;
  }
  const ents = [...seen.entries()];
  assert.ok(ents.length >= 150, `the demo registry gives ${ents.length} enterprises`);
  const lines = [CASES.blacklisted.uscc, CASES.caution.name, '没有这家企业（虚构）', '=HYPERLINK("http://x.example")'];
  for (let i = 0; lines.length < 200; i += 1) {
    const [uscc, name] = ents[i % ents.length];
    if (i % 4 === 0) lines.push(uscc);
    else if (i % 4 === 1) lines.push(uscc.toLowerCase().replace(/(.{4})/g, '$1 ').trim());
    else if (i % 4 === 2) lines.push(name);
    else lines.push(name.replace(/(有限责任公司|股份有限公司|有限公司|公司|厂)?(（演示）)?$/, ''));
  }
  return lines;
}

/** Pastes `lines`, sets the date, runs the check and waits for the table. */
async function runCheck(page, lines, day) {
  await page.locator('#check-input').fill(lines.join('\n'));
  await page.locator('#check-date').fill(day);
  await page.locator('#check-run').click();
  await page.locator('#check-table').waitFor({ timeout: 120_000 });
}

test('batch check: 200 lines give the statuses zhixin show - gives, filter, formula-safe CSV', async () => {
  const day = registryAsOf();
  const lines = batchLines();
  const cli = cliBatch(lines, day);
  assert.equal(cli.length, lines.length);
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?view=check`);
  await failureScreenshot(page, 'check-200', async () => {
    await runCheck(page, lines, day);
  });
  const rows = await page.locator('#check-table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ status: tr.dataset.status, uscc: tr.dataset.uscc ?? null, query: tr.querySelector('td.query')?.textContent })),
  );
  assert.equal(rows.length, lines.length, 'one row per line');
  const mismatches = [];
  rows.forEach((row, i) => {
    const want = { status: cliStatus(cli[i]), uscc: cli[i]?.uscc ?? null };
    if (row.status !== want.status || row.uscc !== want.uscc) mismatches.push({ line: lines[i], app: row, cli: want });
  });
  assert.deepEqual(mismatches, [], 'the app and the CLI disagree');
  // And the batch's answers are `zhixin show`'s, one code at a time (every 10th row found).
  rows.forEach((row, i) => {
    if (row.uscc && i % 10 === 0) {
      const one = JSON.parse(execFileSync(CLI, ['show', REGISTRY, row.uscc, '--as-of', day, '--json'], { encoding: 'utf8' }));
      assert.equal(cliStatus(one), row.status, `line ${i + 1}: ${lines[i]}`);
    }
  });
  const statuses = new Set(rows.map((r) => r.status));
  for (const s of ['blacklisted', 'caution', 'clear', 'not-found']) assert.ok(statuses.has(s), `a ${s} row among the 200`);
  // A best match says so, with its runner-up.
  assert.ok(cli.some((r) => r?.resolved === 'best-match'));
  assert.ok((await page.locator('#check-table td.confirm').count()) > 0, 'best matches are marked please confirm');

  // The CSV: every row, the formula defused, the date on each row.
  const href = await page.locator('#check-csv').getAttribute('href');
  const csv = decodeURIComponent(href.replace(/^data:text\/csv;charset=utf-8,/, ''));
  const csvLines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.equal(csvLines.length, lines.length + 1, 'a header and one line per row');
  assert.ok(csvLines.some((l) => l.includes(`"'=HYPERLINK(""http://x.example"")"`)), 'the formula is prefixed with a quote');
  assert.ok(!csvLines.some((l) => /(^|,)=/.test(l)), 'no cell starts with =');
  assert.ok(csvLines.slice(1).every((l) => l.endsWith(`,${day}`)), 'every row has its status date');

  // Filter: only the blacklisted rows.
  const blacklisted = rows.filter((r) => r.status === 'blacklisted').length;
  await page.locator('#check-filter').selectOption('blacklisted');
  await page.waitForFunction((n) => document.querySelectorAll('#check-table tbody tr').length === n, blacklisted);
  const shown = await page.locator('#check-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.status));
  assert.ok(shown.length > 0 && shown.every((s) => s === 'blacklisted'), `filtered: ${shown}`);
  // Print shows the date, the data's date and the registry's build, not the controls.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('.check-prov').isVisible());
  assert.match(await page.locator('.check-prov').innerText(), new RegExp(day));
  assert.match(await page.locator('.check-prov').innerText(), /[0-9a-f]{12}/);
  assert.equal(await page.locator('#check-form').isVisible(), false);
  assert.equal(await page.locator('.nav').isVisible(), false);
  await page.emulateMedia({ media: 'screen' });
  await assertNoAxeViolations(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('batch check: a CSV file with a header row, at 360 px; over 1,000 lines is refused, not cut', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(`${baseUrl()}?view=check`);
  await page.locator('#check-input').waitFor();
  const csv = `企业名称,统一社会信用代码\r\n${CASES.caution.name},\r\n某某（虚构）,${CASES.blacklisted.uscc}\r\n`;
  await page.locator('#check-file').setInputFiles({ name: 'suppliers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.querySelector('#check-input').value.includes('统一社会信用代码'));
  await page.locator('#check-run').click();
  await page.locator('#check-table').waitFor();
  const rows = await page.locator('#check-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.uscc, tr.dataset.status]));
  assert.deepEqual(rows, [
    [CASES.caution.uscc, 'caution'],
    [CASES.blacklisted.uscc, 'blacklisted'],
  ]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than 360 px`);
  await assertNoAxeViolations(page);
  await screenshots(page, 'check');
  await page.locator('#check-input').fill(Array.from({ length: 1001 }, (_, i) => `企业${i}`).join('\n'));
  await page.locator('#check-run').click();
  await page.locator('[role="alert"]', { hasText: '1001' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('enterprise page: the QR code decodes to its permalink; print and cite show the provenance', async () => {
  const c = CASES.blacklisted;
  const page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl()).origin });
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('h1', { hasText: c.name }).waitFor();
  assert.equal(await page.locator('section.status').getAttribute('data-status'), 'blacklisted');
  const permalink = `${baseUrl()}?e=${c.uscc}`;
  assert.equal(await page.locator('a.permalink').textContent(), permalink);
  const qr = page.getByRole('img', { name: /QR/ });
  assert.equal(await qr.count(), 1, 'one image named QR');
  const svg = await qr.evaluate((el) => el.outerHTML);
  // Decode as a phone would: the SVG drawn on a canvas, then jsQR on its pixels (in a
  // blank page, so the app's Content-Security-Policy does not apply to the test tool).
  const scratch = await page.context().newPage();
  await scratch.setContent('<canvas id="c" width="400" height="400"></canvas>');
  await scratch.addScriptTag({ path: JSQR });
  const decoded = await scratch.evaluate(async (markup) => {
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(markup.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"'));
    await img.decode();
    const ctx = document.getElementById('c').getContext('2d');
    ctx.drawImage(img, 0, 0, 400, 400);
    const data = ctx.getImageData(0, 0, 400, 400);
    return window.jsQR(data.data, 400, 400)?.data ?? null;
  }, svg);
  assert.equal(decoded, permalink);
  await scratch.close();

  // Copy citation: publisher, title, URL, access date.
  await page.getByRole('button', { name: /复制引用/ }).click();
  await page.locator('.copy-status', { hasText: '已复制' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const citation = await page.locator('#citation').textContent();
  assert.equal(copied, citation);
  assert.ok(copied.includes(c.name) && copied.includes(permalink), copied);
  const viewed = await page.locator('.cite-facts time').last().getAttribute('datetime');
  assert.ok(copied.includes(`[${viewed}]`), `the access date ${viewed} in ${copied}`);
  const publisher = await page.locator('.cite-facts dd').first().textContent();
  assert.ok(copied.startsWith(publisher), copied);

  // Print: the record, its provenance and QR; no navigation or buttons.
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['.cite', 'a.permalink', 'svg.qr', 'section.status']) {
    assert.ok(await page.locator(sel).isVisible(), `${sel} prints`);
  }
  for (const sel of ['.nav', '.tools', 'button.copy-cite', 'details.embed', '#watch-star']) {
    assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} does not print`);
  }
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000, 'the page prints to a PDF');
  await page.emulateMedia({ media: 'screen' });
  await assertNoAxeViolations(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('watch list: a star keeps the enterprise in local storage; the watch page says what changed', async () => {
  const c = CASES.blacklisted;
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(`${baseUrl()}?view=watch`);
  await page.locator('main .empty', { hasText: '还没有关注' }).waitFor();
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  const star = page.locator('#watch-star');
  await star.waitFor();
  assert.equal(await star.getAttribute('aria-pressed'), 'false');
  await star.click();
  assert.equal(await star.getAttribute('aria-pressed'), 'true');
  await page.goto(`${baseUrl()}?view=watch`);
  const item = page.locator(`.watch-list li[data-uscc="${c.uscc}"]`);
  await item.waitFor();
  assert.equal(await item.getAttribute('data-status'), 'blacklisted');
  await item.locator('.no-change').waitFor();
  // As if last seen before the listing: the page names the change.
  await page.evaluate((uscc) => {
    const list = JSON.parse(localStorage.getItem('zhixin.watch'));
    const w = list.find((x) => x.uscc === uscc);
    w.seen = { ...w.seen, status: 'clear', lists: [] };
    w.seen_on = '2020-01-01';
    localStorage.setItem('zhixin.watch', JSON.stringify(list));
  }, c.uscc);
  await page.reload();
  await item.locator('.changes li').first().waitFor();
  const changes = await item.locator('.changes').innerText();
  assert.match(changes, /状态/);
  assert.match(changes, /新列入/);
  assert.match(await item.innerText(), /2020-01-01/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than 360 px`);
  await assertNoAxeViolations(page);
  await screenshots(page, 'watch');
  // Mark as seen: no change any more.
  await page.locator('#watch-seen').click();
  await item.locator('.no-change').waitFor();
  // Stop watching.
  await item.locator('.watch-remove').click();
  await page.locator('main .empty', { hasText: '还没有关注' }).waitFor();
  assert.deepEqual(await page.context().cookies(), [], 'no cookies');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
