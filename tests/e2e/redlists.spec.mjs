// Red lists (守信激励) end to end on the demo registry: the Lists page links a roll per
// scheme and grade beside the honour rolls; a grade roll lists each enterprise once with
// its current grade, paged, sortable and filterable, and agrees with the report's count
// for the same day; an entry's enterprise page shows that grade in its trust banner,
// linking back to the roll; a result row and an enterprise page name each current
// honour's kind as plainly as the lists in force. axe clean; 360 px without sideways
// scrolling.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  appHeading,
  assertNoAxeViolations,
  baseUrl,
  demoCases,
  launch,
  newPage,
  screenshots,
  searchBox,
} from './helpers.mjs';

const CASES = demoCases();
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const total = async (page) => {
  const status = page.locator('.status-line');
  await status.waitFor();
  return Number((await status.textContent()).replace(/[^0-9]/g, ''));
};

const noSidewaysScroll = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('lists: red lists beside the blacklists, a roll per scheme and grade', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(`${baseUrl()}?view=lists`);
  await appHeading(page).waitFor();
  await page.locator('#red-lists').waitFor();
  const aaa = page.locator('a[href*="list=quality-integrity&level=AAA"]');
  await aaa.waitFor();
  // Every grade of the scheme has its roll, and the honour rolls are there too.
  for (const g of ['AAA', 'AA', 'A', 'B', 'C', 'D']) {
    assert.equal(await page.locator(`a[href$="list=quality-integrity&level=${g}"]`).count(), 1, g);
  }
  assert.ok(await page.locator('a[href*="list=time-honoured-brand"]').count() >= 1);
  assert.ok((await noSidewaysScroll(page)) <= 0, 'no sideways scrolling at 360 px');
  await assertNoAxeViolations(page);
  await screenshots(page, 'lists-red');
  await aaa.click();
  await page.waitForURL(/level=AAA/);
  assert.match(await appHeading(page).textContent(), /AAA/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a grade roll: each enterprise once with its current grade, as many as the report counts', async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?list=quality-integrity&level=AA`);
  const n = await total(page);
  assert.ok(n > 0, 'the demo has current AA grades');
  // Every entry's detail is its grade.
  const details = await page.locator('tbody tr td:nth-child(2)').allTextContents();
  assert.ok(details.length > 0 && details.every((d) => d.startsWith('AA ·')), details.join(' | '));
  // The whole roll downloads as CSV, named for its grade: one line per enterprise.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.list-tools button.download').click(),
  ]);
  assert.match(download.suggestedFilename(), /^quality-integrity-AA-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  assert.equal(lines.length, n + 1, 'a header and one line per entry');
  const codes = lines.slice(1).map((l) => l.split(',')[0]);
  assert.equal(new Set(codes).size, n, 'each enterprise once');
  // The report counts the same on the same day.
  await page.goto(`${baseUrl()}?view=report#grades-quality-integrity`);
  const row = page.locator('#grades-quality-integrity tbody tr').filter({
    has: page.locator('th', { hasText: /^AA$/ }),
  });
  await row.waitFor({ state: 'attached' });
  assert.equal(Number(await row.locator('td').first().evaluate((td) => td.textContent)), n);
  // Sorted by name, and filtered by a code down to its one entry.
  await page.goto(`${baseUrl()}?list=quality-integrity&level=AA&sort=name`);
  await total(page);
  const names = await page.locator('tbody tr td:first-child a').allTextContents();
  assert.deepEqual(names, [...names].sort(), 'sorted by name');
  const code = (await page.locator('tbody tr td:first-child .code').first().textContent()).trim();
  await page.goto(`${baseUrl()}?list=quality-integrity&level=AA&f=${code}`);
  assert.equal(await total(page), 1, 'one entry per enterprise');
  // Its page shows the grade in the trust banner, linking back to the roll.
  await page.locator('tbody tr td:first-child a').first().click();
  const trust = page.locator('section.trust');
  await trust.waitFor();
  const back = trust.locator('a[href*="list=quality-integrity&level=AA"]');
  assert.equal(await back.count(), 1, 'the banner links the grade roll');
  assert.match(await back.textContent(), /AA$/);
  await assertNoAxeViolations(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an honoured enterprise: honour kinds named in the result row and the trust banner', async () => {
  const c = CASES.honoured;
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(baseUrl());
  await searchBox(page).pressSequentially(c.name, { delay: 10 });
  const result = page.locator('#results a.result', { hasText: c.name }).first();
  await result.waitFor();
  const good = result.locator('.badge.good');
  assert.ok((await good.count()) >= 1, 'the result row shows the current honours');
  const kinds = (await good.allTextContents()).map((t) => t.replace('★', '').trim());
  assert.ok(kinds.every((k) => k.length > 0), kinds.join(' | '));
  await result.click();
  const trust = page.locator('section.trust');
  await trust.waitFor();
  // The banner sits with the status banner, before the record's sections.
  const order = await page.evaluate(() => {
    const s = document.querySelector('section.status');
    const t = document.querySelector('section.trust');
    return s.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'the trust banner follows the status banner');
  for (const k of kinds) {
    assert.ok((await trust.textContent()).includes(k), `${k} in the trust banner`);
  }
  assert.ok((await noSidewaysScroll(page)) <= 0, 'no sideways scrolling at 360 px');
  await assertNoAxeViolations(page);
  await screenshots(page, 'enterprise-trust');
  // Its honour roll lists it.
  await trust.locator('a[href*="?list="]').first().click();
  await page.waitForURL(/list=/);
  const url = new URL(page.url());
  url.searchParams.set('f', c.uscc);
  await page.goto(url.toString());
  assert.ok((await total(page)) >= 1, 'the honour roll lists the enterprise');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
