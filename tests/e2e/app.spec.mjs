// The app end to end on the demo registry: for each demo status (blacklisted, caution,
// expired listing, graded, honoured) a person types the name, opens the result and sees
// every section with the right status; deep links cold under a sub-path; back/forward;
// language switch; a keyboard-only path; "did you mean" for a mistyped code; the XSS
// case rendered as text; lists, report and about pages; axe-core on every page;
// screenshots at 360/1280 px, light and dark, in output/.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  appHeading,
  assertNoAxeViolations,
  baseUrl,
  demoCases,
  escapeRegExp,
  foreignRequests,
  launch,
  newPage,
  screenshots,
  searchBox,
  subpathUrl,
  typeSearch,
} from './helpers.mjs';

const CASES = demoCases();
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});


/** Opens a demo case by typing its name and following its result. */
async function openCase(page, c) {
  const response = await page.goto(baseUrl());
  assert.equal(response?.status(), 200);
  const link = await typeSearch(page, c.name, c.name);
  await link.click();
  await page.locator('h1', { hasText: c.name }).first().waitFor();
  await page.locator('#status-h').waitFor();
}

/** Every section of the enterprise page is there. */
async function assertSections(page) {
  for (const id of ['status-h', 'overview-h', 'grades-h', 'listings-h', 'honours-h', 'checks-h']) {
    assert.equal(await page.locator(`#${id}`).count(), 1, `section heading #${id}`);
  }
}

const STATUS_CLASS = (expect) => (expect.blacklisted ? 'bad' : expect.cautions.length > 0 ? 'warn' : 'ok');

for (const kind of ['blacklisted', 'caution', 'expired_listing', 'graded', 'honoured']) {
  test(`${kind}: type → result → open → every section with the right status`, async () => {
    const c = CASES[kind];
    assert.ok(c, `cases.json has a ${kind} case`);
    const page = await newPage(browser);
    const foreign = foreignRequests(page, new URL(baseUrl()).origin);
    await openCase(page, c);
    await assertSections(page);
    const e = c.expect;

    const status = page.locator('section.status');
    assert.equal(await status.getAttribute('class'), `status ${STATUS_CLASS(e)}`, 'status banner');
    await page.getByText(c.uscc).first().waitFor();

    // Listings: as many cards as listings; those in force are marked in force.
    assert.equal(await page.locator('#listings .card').count(), e.listings, 'listing cards');
    assert.equal(await page.locator('#listings .card.bad, #listings .card.warn').count(),
      await page.locator('#listings .tag.on').count(), 'in-force cards carry the in-force tag');
    if (kind === 'expired_listing') {
      assert.ok(e.listings > 0);
      assert.equal(await page.locator('#listings .tag.on').count(), 0, 'no listing in force');
    }
    // Grades: per scheme, the current grade; the history is kept.
    assert.equal(await page.locator('#grades .timeline > li').count(), e.grade_history, 'grade history');
    const current = await page.locator('#grades .current-grade b').allTextContents();
    assert.deepEqual(current.sort(), Object.values(e.grades).sort(), 'current grades per scheme');
    assert.equal(await page.locator('#grades .scheme').count() >= Object.keys(e.grades).length, true);
    // Honours: current ones marked.
    assert.equal(await page.locator('#honours .card').count(), e.honours, 'honour cards');
    assert.equal(await page.locator('#honours .card.good').count(), e.current_honours, 'current honours');
    // Every fact names its source.
    const cards = await page.locator('.card').count();
    assert.equal(await page.locator('.card .source').count(), cards, 'each fact has its source');

    await assertNoAxeViolations(page);
    await screenshots(page, `enterprise-${kind}`);
    assert.deepEqual(page.errors, [], 'no uncaught errors');
    assert.deepEqual(foreign, [], 'no request to another origin');
    assert.deepEqual(await page.context().cookies(), [], 'no cookies');
    await page.context().close();
  });
}

test('a deep link opened cold under a sub-path returns 200 and renders', async () => {
  const c = CASES.blacklisted;
  const page = await newPage(browser, { width: 360, height: 740 });
  const foreign = foreignRequests(page, new URL(subpathUrl()).origin);
  for (const path of [`?e=${c.uscc}`, '?view=lists', '?list=serious-violation', '?view=report', '?view=about',
    `?q=${encodeURIComponent(c.name)}&blacklisted=1`]) {
    const response = await page.goto(subpathUrl() + path);
    assert.equal(response?.status(), 200, path);
    await page.locator('#app main h1, #app main h2').first().waitFor();
  }
  await page.goto(`${subpathUrl()}?e=${c.uscc}`);
  await page.locator('h1', { hasText: c.name }).waitFor();
  assert.equal(await page.locator('section.status.bad').count(), 1);
  // In-app links stay under the sub-path.
  const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const h of hrefs) assert.ok(h.startsWith('/zhixin/'), h);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(foreign, []);
  await page.context().close();
});

test('back and forward restore the search and the enterprise', async () => {
  const c = CASES.graded;
  const page = await newPage(browser);
  await page.goto(baseUrl());
  const link = await typeSearch(page, c.name, c.name);
  const searchUrl = page.url();
  assert.match(searchUrl, /[?&]q=/, 'the search is in the address');
  await link.click();
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.goBack();
  await page.locator('#results a.result', { hasText: c.name }).first().waitFor();
  assert.equal(await searchBox(page).inputValue(), c.name, 'the query is back in the box');
  await page.goForward();
  await page.locator('h1', { hasText: c.name }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('filters are in the permalink and narrow the results', async () => {
  const c = CASES.blacklisted;
  const page = await newPage(browser);
  await page.goto(baseUrl());
  await typeSearch(page, c.name, c.name);
  await page.locator('details.filters summary').click();
  await page.locator('#f-bl').check();
  await page.waitForURL(/blacklisted=1/);
  await page.locator('#results a.result', { hasText: c.name }).first().waitFor();
  const badges = await page.locator('#results a.result').first().locator('.badge.bad').count();
  assert.ok(badges > 0, 'a blacklisted result shows its badge in words');
  await assertNoAxeViolations(page);
  await screenshots(page, 'search-filtered');
  await page.context().close();
});

test('a credit code with one wrong character offers the right enterprise', async () => {
  const c = CASES.blacklisted;
  // Change one character of the organisation code (positions 9-16).
  const i = 10;
  const wrong = c.uscc.slice(0, i) + (c.uscc[i] === '0' ? '1' : '0') + c.uscc.slice(i + 1);
  const page = await newPage(browser);
  await page.goto(baseUrl());
  await searchBox(page).pressSequentially(wrong, { delay: 10 });
  const box = page.locator('.did-you-mean');
  await box.waitFor();
  await box.locator('a.result', { hasText: c.uscc }).waitFor();
  await assertNoAxeViolations(page);
  await page.context().close();
});

test('keyboard only: Tab to the box, type, arrow down, Enter opens the enterprise', async () => {
  const c = CASES.honoured;
  const page = await newPage(browser);
  await page.goto(baseUrl());
  await searchBox(page).waitFor();
  let focused = '';
  for (let i = 0; i < 12 && focused !== 'q'; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id ?? '');
  }
  assert.equal(focused, 'q', 'the search box is reachable with Tab');
  await page.keyboard.type(c.name, { delay: 10 });
  await page.locator('#results a.result', { hasText: c.name }).first().waitFor();
  await page.keyboard.press('ArrowDown');
  const active = await page.evaluate(() => document.activeElement?.className);
  assert.equal(active, 'result', 'ArrowDown moves to the first result');
  // The first result may be a sibling with a similar name: move to ours.
  const names = await page.locator('#results a.result .name').allTextContents();
  const at = names.indexOf(c.name);
  assert.ok(at >= 0, 'our result is listed');
  for (let k = 0; k < at; k += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.context().close();
});

test('language switch: zh-Hant and English, remembered without cookies', async () => {
  const c = CASES.blacklisted;
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.locator('#lang').selectOption('zh-Hant');
  await page.locator('#status-h', { hasText: '列入黑名單（有效）' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant');
  await page.locator('#lang').selectOption('en');
  await page.locator('#status-h', { hasText: 'Blacklisted (in force)' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lang', 'focus stays on the switch');
  await page.reload();
  await page.locator('#status-h', { hasText: 'Blacklisted (in force)' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertNoAxeViolations(page);
  await screenshots(page, 'enterprise-en');
  assert.deepEqual(await page.context().cookies(), [], 'no cookies');
  await page.context().close();
});

test('dark mode follows the system and can be toggled', async () => {
  const page = await newPage(browser, { colorScheme: 'dark' });
  await page.goto(baseUrl());
  await page.locator('#theme[aria-pressed="true"]').waitFor();
  await page.locator('#theme').click();
  await page.locator('#theme[aria-pressed="false"]').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.reload();
  await page.locator('#theme[aria-pressed="false"]').waitFor();
  await page.context().close();
});

test('registry text with markup is shown as text and only http(s) is linked', async () => {
  const c = CASES.xss;
  assert.ok(c, 'cases.json has an xss case');
  const page = await newPage(browser);
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs += 1;
    await d.dismiss();
  });
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('h1').first().waitFor();
  assert.equal(await page.locator('h1').first().textContent(), c.name, 'the name, character for character');
  await page.goto(baseUrl());
  await typeSearch(page, c.name, c.name);
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('#status-h').waitFor();
  assert.equal(await page.locator('main img, main script, main iframe').count(), 0, 'no element from data');
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const h of hrefs) assert.match(h, /^(https?:\/\/|\/)/, `only http(s) or in-app links: ${h}`);
  assert.equal(dialogs, 0, 'no script ran');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('lists: index, a paged list in force, sorting and filtering', async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?view=lists`);
  await appHeading(page).waitFor();
  await assertNoAxeViolations(page);
  await screenshots(page, 'lists');
  await page.locator('.roll-index a').first().click();
  await page.waitForURL(/list=serious-violation/);
  await page.locator('main table, main .note').first().waitFor();
  const blacklisted = CASES.blacklisted;
  const rows = await page.locator('main tbody tr').count();
  assert.ok(rows > 0, 'the serious-violation list has entries in force');
  await page.locator('#roll-sort').selectOption('name');
  await page.waitForURL(/sort=name/);
  await page.locator('#roll-filter').fill(blacklisted.uscc.slice(0, 18));
  await page.waitForURL(/f=/);
  await assertNoAxeViolations(page);
  await screenshots(page, 'list-serious-violation');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('report: charts with tables and CSV downloads; sections are permalinks', async () => {
  const page = await newPage(browser);
  const response = await page.goto(`${baseUrl()}?view=report#pass-category`);
  assert.equal(response?.status(), 200);
  await appHeading(page).waitFor();
  const blocks = page.locator('.chart-block');
  await blocks.first().waitFor();
  const n = await blocks.count();
  assert.ok(n >= 3, `charts: ${n}`);
  for (let i = 0; i < n; i += 1) {
    const b = blocks.nth(i);
    assert.equal(await b.locator('svg rect.bar').count(), await b.locator('tbody tr').count(), 'one table row per bar');
    const href = await b.locator('a[download]').getAttribute('href');
    assert.match(href, /^data:text\/csv/);
  }
  await assertNoAxeViolations(page);
  await screenshots(page, 'report');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('about: publisher, as-of, not a credit rating, 以原发布机关公布为准, demo mark', async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?view=about`);
  await appHeading(page).waitFor();
  await page.getByText('以原发布机关公布为准').first().waitFor();
  await page.getByText('演示数据 / demo data').first().waitFor();
  await assertNoAxeViolations(page);
  await screenshots(page, 'about');
  await page.context().close();
});

test('embedding: the card\'s iframe code works in another page; the lookup stays embedded', async () => {
  const c = CASES.blacklisted;
  const page = await newPage(browser);
  const foreign = foreignRequests(page, new URL(baseUrl()).origin);
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.locator('details.embed summary').click();
  const code = await page.locator('details.embed textarea').inputValue();
  assert.ok(code.startsWith(`<iframe src="${baseUrl()}?e=${c.uscc}&amp;embed=1" title="`), code);
  assert.ok(code.includes(c.name), code);
  // A journalist's article with the code pasted in, in a document of its own: not the
  // app's, whose Content-Security-Policy would refuse the inline listener (a plain
  // text file of the same host, so that Chromium lets it frame a local address).
  await page.goto(`${baseUrl()}robots.txt`);
  // The README's listener: the frame reports its height and the host fits the iframe to it.
  const listener = `<script>addEventListener('message', (e) => {
    if (e.data && e.data.type === 'zhixin:height') for (const f of document.querySelectorAll('iframe'))
      if (f.contentWindow === e.source) { f.style.height = e.data.height + 'px'; (window.heights ??= []).push(e.data.height); }
  });</script>`;
  await page.setContent(`<!doctype html><html lang="en"><title>Article</title>${listener}<main><h1>Article</h1>${code}</main></html>`);
  const frame = page.frameLocator('iframe');
  await frame.locator('h1', { hasText: c.name }).waitFor();
  await page.waitForFunction(() => (window.heights ?? []).length > 0);
  const fitted = await page.evaluate(() => ({
    reported: window.heights.at(-1),
    iframe: document.querySelector('iframe').getBoundingClientRect().height,
  }));
  assert.ok(fitted.reported > 200, `the card reports its height: ${fitted.reported}`);
  assert.equal(Math.round(fitted.iframe), fitted.reported, 'the host fitted the iframe to it');
  assert.equal(await frame.locator('section.status.bad').count(), 1, 'the status is computed in the frame');
  assert.equal(await frame.locator('nav.nav, #lang, #theme').count(), 0, 'no site navigation in the frame');
  await frame.getByText('以原发布机关公布为准').first().waitFor();
  await frame.getByText('演示数据 / demo data').first().waitFor();
  // The card in brief: the lists in force, and a link to the full record.
  const facts = await frame.locator('article dl.facts').innerText();
  const LIST_LABELS = { 'serious-violation': '严重违法失信名单', 'quality-blacklist': '质量黑名单', 'abnormal-operation': '经营异常名录' };
  assert.ok(facts.includes('有效名单'), facts);
  for (const id of c.expect.listings_in_force) assert.ok(facts.includes(LIST_LABELS[id]), `${id} in ${facts}`);
  assert.equal(await frame.locator('#listings-h').count(), 0, 'the full sections stay on the full page');
  for (const open of [frame.locator('article a[target="_blank"]'), frame.locator('footer a[target="_blank"]')]) {
    assert.equal(await open.getAttribute('href'), `/?e=${c.uscc}`, 'opens the full page, not the embed');
    assert.equal(await open.getAttribute('rel'), 'noopener');
  }
  assert.equal(await frame.locator('details.embed').count(), 0, 'no embed code inside the embed');
  assert.deepEqual(foreign, []);
  await page.context().close();

  // The lookup: search inside the frame and open a result, still embedded.
  const lookup = await newPage(browser, { width: 360, height: 640 });
  await lookup.goto(`${baseUrl()}?embed=1`);
  const link = await typeSearch(lookup, c.name, c.name);
  assert.match(await link.getAttribute('href'), /[?&]embed=1$/);
  assert.match(lookup.url(), /[?&]embed=1$/, 'typing keeps the embed mode in the address');
  await link.click();
  await lookup.locator('h1', { hasText: c.name }).waitFor();
  assert.equal(await lookup.locator('nav.nav').count(), 0);
  await assertNoAxeViolations(lookup);
  await screenshots(lookup, 'embed-card');
  assert.deepEqual(lookup.errors, []);
  await lookup.context().close();
});

test('home: empty state and search results at 360 px', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(baseUrl());
  await searchBox(page).waitFor();
  await assertNoAxeViolations(page);
  await screenshots(page, 'home');
  await typeSearch(page, CASES.caution.name.slice(0, 4), '');
  await assertNoAxeViolations(page);
  await screenshots(page, 'search');
  const nothing = `无此企业${Date.now()}`;
  await searchBox(page).fill(nothing);
  await page.locator('main .note', { hasText: /没有找到/ }).waitFor();
  assert.ok(new RegExp(escapeRegExp(nothing)).test(decodeURIComponent(page.url())));
  await page.context().close();
});

test('a missing chunk is named, and the rest of the app still works', async () => {
  const c = CASES.graded;
  const page = await newPage(browser);
  // Every record chunk answers 404, as if the file were missing on the server.
  await page.route(/\/registry\/rec\//, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  const note = page.locator('main .note.error');
  await note.waitFor();
  assert.match(await note.textContent(), /rec\/[0-9a-f]{4}-/, 'the message names the missing file');
  // Search (cards and postings) still works.
  await page.locator('nav a').first().click();
  await typeSearch(page, c.name, c.name);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('offline: a banner says so and what was loaded stays visible', async () => {
  const c = CASES.caution;
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.context().setOffline(true);
  await page.locator('main .banner.warn[role="status"]').waitFor();
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.context().setOffline(false);
  await page.locator('main .banner.warn[role="status"]').waitFor({ state: 'detached' });
  await page.context().close();
});

test('pages load their own modules: none before needed, the deep link\'s at once', async () => {
  const c = CASES.graded;
  const page = await newPage(browser);
  const modules = [];
  page.on('request', (request) => {
    const m = /\/split-[0-9a-f]+\/(split_[a-z_]+)\.wasm$/.exec(request.url());
    if (m) modules.push(m[1]);
  });
  // The search page shows its intro and takes input without any part: no page's
  // module, and the search engine only as a prefetch once the app has started.
  await page.goto(baseUrl());
  await page.locator('main .intro').waitFor();
  assert.ok(!modules.some((m) => m.includes('page')), `no page module on the home page: ${modules}`);
  const engine = () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => /split_search_engine/.test(e.name))
        .map((e) => e.initiatorType),
    );
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((e) => /split_search_engine/.test(e.name)),
  );
  assert.deepEqual(await engine(), ['link'], 'the engine is prefetched, not loaded, before a search');
  // Opening a result downloads the enterprise page's module, and the page works.
  const link = await typeSearch(page, c.name, c.name);
  await link.click();
  await page.locator('#status-h').waitFor();
  assert.ok(modules.includes('split_enterprise_page'), `the enterprise module was loaded: ${modules}`);
  // A deep link starts the download of its page's module from index.html, with the shell.
  await page.goto(`${baseUrl()}?view=report`);
  await page.locator('.chart-block').first().waitFor();
  const initiators = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => /split_report_page/.test(e.name))
      .map((e) => e.initiatorType),
  );
  assert.deepEqual(initiators, ['link'], 'the report module is preloaded by index.html');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('while a page\'s module downloads, the page it replaces is gone and a skeleton shows', async () => {
  const page = await newPage(browser, { serviceWorkers: 'block' });
  await page.goto(`${baseUrl()}?list=serious-violation`);
  await page.locator('#roll-filter').waitFor();
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await page.route(/split_about_page\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.locator('nav a[href$="?view=about"]').first().click();
  await page.locator('main .skeleton').waitFor();
  assert.equal(await page.locator('#roll-filter').count(), 0, 'the list page left the screen');
  release();
  await page.getByText('以原发布机关公布为准').first().waitFor();
  await page.locator('main .skeleton').waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('offline: a page whose module cannot be downloaded says so, and loads when back online', async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?view=about`);
  await page.getByText('以原发布机关公布为准').first().waitFor();
  // The lists page's module was never downloaded; now it cannot be.
  await page.context().setOffline(true);
  await page.locator('nav a[href$="?view=lists"]').first().click();
  const note = page.locator('main .note.error[role="alert"]');
  await note.waitFor();
  assert.match(await note.textContent(), /无法加载本功能的程序/);
  assert.equal(await note.locator('button').count(), 1, 'a button to try again');
  // Back online, the page loads by itself.
  await page.context().setOffline(false);
  await page.locator('main a[href*="list="]').first().waitFor();
  assert.equal(await note.count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a host that serves wasm as another type still loads the pages\' modules', async () => {
  const c = CASES.graded;
  const page = await newPage(browser);
  // As older nginx or some CDNs do: `.wasm` served as application/octet-stream.
  await page.route(/\.wasm$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-type': 'application/octet-stream' },
    });
  });
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('#status-h').waitFor();
  await page.locator('nav a').first().click();
  await typeSearch(page, c.name, c.name);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** A pinyin fence (`ZXF1`) of `n` keys, each the previous one and one more letter: a few
 * bytes per key that front-coding would expand to n²/2 bytes of keys. */
function quadraticFence(n) {
  const bytes = [...Buffer.from('ZXF1')];
  const varint = (v) => {
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
  };
  varint(n);
  for (let i = 0; i < n; i++) {
    varint(i); // shared: all of the previous key
    varint(1);
    bytes.push(0x61); // 'a'
  }
  return Buffer.from(bytes);
}

test('a registry that lies: the page names the bad file instead of freezing', async () => {
  const lies = [
    // 4294967295 record shards under one hash: only the reader can bound the count.
    [(m) => { m.records.shards = 4294967295; m.records.hashes = '0123abcd'; }, /meta\.json.*shards/s],
    // A path outside the registry folder.
    [(m) => { m.t2s = '../../etc/passwd'; }, /meta\.json.*t2s/s],
  ];
  for (const [lie, message] of lies) {
    const page = await newPage(browser);
    await page.route(/\/registry\/meta\.json$/, async (route) => {
      const response = await route.fetch();
      const meta = await response.json();
      lie(meta);
      await route.fulfill({ response, json: meta });
    });
    await page.goto(`${baseUrl()}?q=${encodeURIComponent('银康')}`);
    const note = page.locator('main .note.error');
    await note.first().waitFor({ timeout: 15000 });
    assert.match(await note.first().textContent(), message);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }

  // 300,000 keys in 1.5 MB that would decode to 45 GB: refused, the box still answers.
  const page = await newPage(browser, { serviceWorkers: 'block' });
  await page.route(/\/registry\/pin\/fence-[^/]*\.bin$/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: quadraticFence(300000) }));
  await page.goto(baseUrl());
  const box = searchBox(page);
  await box.waitFor();
  await box.pressSequentially('yinkang', { delay: 15 });
  const note = page.locator('main .note.error', { hasText: /pin\/fence-/ });
  await note.waitFor({ timeout: 15000 });
  // The page is not frozen: it evaluates script and takes more input.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await box.fill('');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
