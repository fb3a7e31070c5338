// The app under its Content-Security-Policy and Subresource Integrity: the built
// index.html carries a strict policy (every inline script and style allowed by its
// hash, nothing by 'unsafe-inline'), no page the app shows reports a violation under
// it (at the root with the header a publisher adds, and under a sub-path on a plain
// static server with the meta element alone), the policy is enforced (an injected
// script or eval is refused), only embedded pages may be framed by another site, and
// a script or wasm module changed on the way is refused.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  appHeading,
  baseUrl,
  demoCases,
  failureScreenshot,
  launch,
  newPage,
  searchBox,
  subpathUrl,
  typeSearch,
} from './helpers.mjs';

const CASES = demoCases();
let browser;

before(async () => {
  assert.ok(existsSync(join(process.env.ZHIXIN_DEMO_SRC ?? '', '.zhixin-truth', 'cases.json')));
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The policy of the meta element in `html`, as a map from directive to its sources. */
function metaPolicy(html) {
  const meta = /<meta http-equiv="?Content-Security-Policy"? content="([^"]+)"/i.exec(html);
  assert.ok(meta, 'index.html has a Content-Security-Policy meta element');
  return parsePolicy(meta[1]);
}

function parsePolicy(text) {
  const policy = new Map();
  for (const directive of text.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) policy.set(name, sources);
  }
  return policy;
}

/** The text of every inline `<TAG>` (no src attribute) in `html`. */
function inlineContents(html, tag) {
  const found = [];
  const re = new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  for (const m of html.matchAll(re)) {
    if (!/(^|\s)src=/.test(m[1] ?? '')) found.push(m[2]);
  }
  return found;
}

const hashSource = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

for (const [where, url] of [['at the root', baseUrl], ['under a sub-path', subpathUrl]]) {
  test(`the built page ${where} carries a strict policy: inline code only by its hash`, async () => {
    const response = await fetch(url());
    const html = await response.text();
    const policy = metaPolicy(html);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('connect-src'), ["'self'"]);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.deepEqual(policy.get('base-uri'), ["'self'"]);
    const scriptSrc = policy.get('script-src');
    assert.deepEqual(scriptSrc.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
    for (const sources of policy.values()) {
      for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'data:', 'http:', 'https:']) {
        assert.ok(!sources.includes(unsafe), `${unsafe} in the policy`);
      }
    }
    // Exactly the page's inline scripts and styles, hashed here independently of the build.
    const scripts = inlineContents(html, 'script');
    assert.ok(scripts.length >= 4, `the page's inline scripts: ${scripts.length}`);
    assert.deepEqual(scriptSrc.slice(2).sort(), scripts.map(hashSource).sort());
    assert.deepEqual(policy.get('style-src').sort(), inlineContents(html, 'style').map(hashSource).sort());
    // The policy governs what follows it: it comes before any script, style or link.
    const at = html.search(/<meta http-equiv="?Content-Security-Policy/i);
    assert.ok(at < html.search(/<(script|style|link)[\s>]/), 'the policy comes first');
    // Every script and wasm file the page starts loading names its digest (the
    // registry's meta.json is checked by its signature instead).
    const code = html.match(/<link [^>]*href="?[^ >"]+\.(js|wasm)[\s">][^>]*>/g);
    assert.ok(code.length >= 3, `the main JS, the main wasm and the loader are preloaded: ${code}`);
    for (const tag of code) {
      assert.match(tag, /integrity="?sha256-[A-Za-z0-9+/]{43}=/, tag);
    }
  });
}

test('the app\'s host sends the header part of the policy, frame-ancestors included', async () => {
  for (const [query, ancestors] of [['', "'self'"], [`?e=${CASES.graded.uscc}`, "'self'"], ['?embed=1', '*']]) {
    const response = await fetch(baseUrl() + query);
    const policy = parsePolicy(response.headers.get('content-security-policy') ?? '');
    assert.deepEqual(policy.get('frame-ancestors'), [ancestors], query);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.ok(!policy.has('script-src') && !policy.has('default-src'), 'scripts are the meta element\'s');
  }
});

/**
 * Records, in every frame of `page`, each Content-Security-Policy violation (the
 * `securitypolicyviolation` event) and each console error about the policy or a
 * failed integrity check. Returns the live list. (Chromium also warns, for each
 * `<link rel=preload as=fetch integrity>`, that it ignores `integrity` on preloads
 * of that kind, crbug.com/981419: a warning, not an error; the fetch that uses the
 * preload checks the digest, which the tests of changed files below show.)
 */
async function watchPolicy(page) {
  const problems = [];
  await page.exposeFunction('__zhixinViolation', (v) => problems.push(v));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => window.__zhixinViolation(`${location.href}: ${e.effectiveDirective} refused ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
      true,
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|integrity/i.test(message.text())) {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  return problems;
}


for (const [where, url] of [['at the root, with the header', baseUrl], ['under a sub-path, meta element only', subpathUrl]]) {
  test(`no page reports a policy violation ${where}: search, enterprise, lists, a list, report, about, embed`, async () => {
    const c = CASES.blacklisted;
    const page = await newPage(browser);
    const problems = await watchPolicy(page);
    await failureScreenshot(page, 'csp-pages', async () => {
      // Search with a query and its results, then the enterprise it finds.
      await page.goto(url());
      const link = await typeSearch(page, c.name, c.name);
      await link.click();
      await page.locator('#status-h').waitFor();
      // Every other page, opened cold by its address (each page's module, its preload).
      for (const [address, ready] of [
        ['?view=lists', 'main a[href*="list="]'],
        ['?list=serious-violation', 'main tbody tr'],
        ['?view=report', '.chart-block'],
        ['?view=about', 'main h1'],
        [`?e=${c.uscc}&embed=1`, '#status-h'],
        [`?q=${encodeURIComponent(c.name)}`, '#results a.result'],
      ]) {
        await page.goto(url() + address);
        await page.locator(ready).first().waitFor();
      }
      // The embedded lookup: a search inside it, then the card it opens.
      await page.goto(`${url()}?embed=1`);
      await (await typeSearch(page, c.name, c.name)).click();
      await page.locator('#status-h').waitFor();
      // And the pages reached by the app's own links, modules loaded after start.
      await page.goto(url());
      await searchBox(page).waitFor();
      for (const view of ['lists', 'report', 'about']) {
        await page.locator(`nav a[href$="?view=${view}"]`).first().click();
        await appHeading(page).waitFor();
        await page.waitForURL(new RegExp(`view=${view}`));
      }
    });
    // Violations are reported asynchronously: let the last page's settle.
    await page.waitForTimeout(300);
    assert.deepEqual(problems, [], 'no policy violation and no integrity failure');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('the policy is enforced: an injected inline script, eval and a style attribute are refused', async () => {
  const page = await newPage(browser);
  const problems = await watchPolicy(page);
  // A script of the app's own origin (allowed) that tries eval, as injected code
  // would; page.evaluate itself is the debugger's and not subject to the policy.
  await page.route(/\/csp-probe\.js$/, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: 'try { window.probe = eval("1 + 1"); } catch (e) { window.probe = e.name; }',
    }),
  );
  await page.goto(`${baseUrl()}?view=about`);
  await appHeading(page).waitFor();
  const outcome = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.appendChild(script);
    const probe = document.createElement('script');
    const loaded = new Promise((resolve) => probe.addEventListener('load', resolve));
    probe.src = 'csp-probe.js';
    document.body.appendChild(probe);
    await loaded;
    const p = document.createElement('p');
    p.setAttribute('style', 'color: rgb(255, 0, 0)');
    document.body.appendChild(p);
    return { injected: window.injected === true, evaluated: window.probe, color: getComputedStyle(p).color };
  });
  assert.equal(outcome.injected, false, 'the injected script did not run');
  assert.equal(outcome.evaluated, 'EvalError', 'eval is refused');
  assert.notEqual(outcome.color, 'rgb(255, 0, 0)', 'the style attribute is not applied');
  await page.waitForTimeout(300);
  const directives = problems.filter((p) => !p.startsWith('console')).map((p) => /: (\S+) refused/.exec(p)?.[1]);
  for (const directive of ['script-src-elem', 'script-src', 'style-src-attr']) {
    assert.ok(directives.includes(directive), `a ${directive} violation is reported: ${problems.join('\n')}`);
  }
  await page.context().close();
});

test('only an embedded page may be shown in another site\'s frame', async () => {
  const c = CASES.graded;
  const page = await newPage(browser);
  const refused = [];
  page.on('console', (m) => {
    if (/frame-ancestors/.test(m.text())) refused.push(m.text());
  });
  // An article on another origin (the sub-path server's) frames two pages of the app.
  // It replaces a plain text file of that server (a served page, not one made up by
  // the test, which Chromium would not let frame a local address; and not the app's
  // page, whose policy would refuse frames).
  await page.goto(`${subpathUrl()}robots.txt`);
  await page.setContent(`<!doctype html><html lang="en"><title>Article</title><main>
    <iframe id="embed" title="embed" src="${baseUrl()}?e=${c.uscc}&amp;embed=1"></iframe>
    <iframe id="full" title="full" src="${baseUrl()}?e=${c.uscc}"></iframe></main></html>`);
  await page.frameLocator('#embed').locator('#status-h').waitFor();
  for (let i = 0; i < 50 && refused.length === 0; i += 1) await page.waitForTimeout(100);
  assert.equal(refused.length, 1, `the full page is refused: ${refused}`);
  assert.match(refused[0], /frame-ancestors 'self'/);
  assert.equal(await page.frameLocator('#full').locator('#app').count(), 0, 'the full page is not shown');
  await page.context().close();
});

/** Serves `pattern`'s responses with one byte changed, as a tampering proxy or cache would. */
async function tamper(page, pattern) {
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length >> 1] ^= 0x20;
    await route.fulfill({ response, body });
  });
}

test('a page\'s wasm module changed on the way is refused; the rest of the app works', async () => {
  const c = CASES.graded;
  const page = await newPage(browser, { serviceWorkers: 'block' });
  const problems = await watchPolicy(page);
  await tamper(page, /split_about_page\.wasm$/);
  // Opened cold, the about page's module is preloaded by index.html, then fetched.
  await page.goto(`${baseUrl()}?view=about`);
  await page.locator('main .note.error[role="alert"]').waitFor();
  // Reached by a link, it is fetched then.
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('#status-h').waitFor();
  await page.locator('nav a[href$="?view=about"]').first().click();
  const note = page.locator('main .note.error[role="alert"]');
  await note.waitFor();
  assert.match(await note.textContent(), /无法加载本功能的程序/);
  assert.ok(problems.some((p) => /integrity/i.test(p)), `the browser says why: ${problems}`);
  // Search and the enterprise page still work.
  await page.locator('nav a').first().click();
  await (await typeSearch(page, c.name, c.name)).click();
  await page.locator('#status-h').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [what, pattern] of [
  ['main wasm', /\/zhixin-app-[0-9a-f]+_bg\.wasm$/],
  ['main JS', /\/zhixin-app-[0-9a-f]+\.js$/],
  ['split loader', /\/__wasm_split\.js$/],
]) {
  test(`the app does not start from a ${what} changed on the way`, async () => {
    const page = await newPage(browser);
    const problems = await watchPolicy(page);
    await tamper(page, pattern);
    await page.goto(baseUrl());
    for (let i = 0; i < 100 && !problems.some((p) => /integrity/i.test(p)); i += 1) await page.waitForTimeout(100);
    assert.ok(problems.some((p) => /integrity/i.test(p)), `an integrity failure is reported: ${problems}`);
    assert.ok(await page.locator('#app').isHidden(), 'the app did not replace the boot screen');
    await page.context().close();
  });
}
