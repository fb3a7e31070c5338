// The quality report end to end on the demo registry: the headline pass rate equals
// the one computed from the source rows (the demo generator's own count of the samples
// it wrote, .zhixin-truth/summary.json) and the registry's stats.json; listings in force
// are counted for the viewer's today as the list pages count them; every breakdown has
// its table and CSV; the printed report opens its tables and shows its dates; axe
// clean; no sideways scrolling at 360 px.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { appHeading, assertNoAxeViolations, baseUrl, launch, newPage, screenshots } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A ratio as the app prints it: one decimal, rounded half up (`percent` in src/text.rs). */
const percent = (passed, total) => {
  const permille = Math.round((passed / total) * 1000);
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
};

const grouped = (n) => n.toLocaleString('en-US');

/** The registry's stats.json, found through meta.json as the app finds it. */
async function registryStats() {
  const meta = await (await fetch(`${baseUrl()}registry/meta.json`)).json();
  return (await fetch(`${baseUrl()}registry/${meta.stats}`)).json();
}

async function openReport(page, suffix = '') {
  const response = await page.goto(`${baseUrl()}?view=report${suffix}`);
  assert.equal(response?.status(), 200);
  await appHeading(page).waitFor();
  await page.locator('#overall').waitFor();
  // The charts after the first are drawn one per task.
  await page.locator('#honours').waitFor();
}

test('report: the overall pass rate is the one computed from the source rows', async () => {
  const truth = JSON.parse(
    readFileSync(join(process.env.ZHIXIN_DEMO_SRC ?? '', '.zhixin-truth', 'summary.json'), 'utf8'),
  );
  const samples = truth.samples;
  const passed = truth.samples - truth.failed_samples;
  assert.ok(samples > 0, 'the demo wrote spot checks');
  const stats = await registryStats();
  assert.equal(stats.spot_checks.total.samples, samples, 'stats.json counts every sample');
  assert.equal(stats.spot_checks.total.passed, passed);

  const page = await newPage(browser);
  await openReport(page);
  const headline = page.locator('#overall .headline');
  assert.equal(await headline.locator('.big-rate').textContent(), percent(passed, samples));
  const counts = await headline.locator('.overall-counts').textContent();
  for (const n of [samples, passed, truth.failed_samples]) {
    assert.ok(counts.includes(grouped(n)), `${grouped(n)} in "${counts}"`);
  }
  // The period of the samples.
  const facts = await page.locator('#overall dl').textContent();
  assert.ok(facts.includes(`${stats.spot_checks.first} – ${stats.spot_checks.last}`), facts);
  // The headline's CSV has the same figures.
  const csv = decodeURIComponent(
    (await page.locator('#overall a[download]').getAttribute('href')).replace(/^data:text\/csv;charset=utf-8,/, ''),
  );
  assert.ok(csv.includes(`,${samples}`) && csv.includes(percent(passed, samples)), csv);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('report: breakdowns by category, industry, province, city, year and programme, each with table and CSV', async () => {
  const stats = await registryStats();
  const page = await newPage(browser);
  await openReport(page);
  const sections = {
    'pass-category': 'by_category',
    'pass-industry': 'by_industry',
    'pass-region': 'by_region',
    'pass-city': 'by_city',
    'pass-year': 'by_year',
    'pass-programme': 'by_programme',
  };
  for (const [id, key] of Object.entries(sections)) {
    const block = page.locator(`#${id}`);
    await block.waitFor({ state: 'attached' });
    const rows = stats.spot_checks[key];
    assert.ok(rows.length > 0, `${key} has rows`);
    assert.equal(await block.locator('tbody tr').count(), rows.length, `${id}: one table row per group`);
    assert.equal(await block.locator('svg rect.bar').count(), rows.length, `${id}: one bar per group`);
    // The first row's figures, as in stats.json.
    const first = await block.locator('tbody tr').first().evaluate((tr) =>
      [...tr.children].map((c) => c.textContent));
    const r = rows[0];
    assert.deepEqual(first, [r.key, String(r.samples), String(r.passed), String(r.failed), percent(r.passed, r.samples)]);
    const href = await block.locator('a[download]').getAttribute('href');
    assert.match(href, /^data:text\/csv/);
    // Each breakdown accounts for every sample.
    assert.equal(rows.reduce((a, x) => a + x.samples, 0), stats.spot_checks.total.samples, key);
  }
  // Programmes as published (国抽, 省抽 …).
  const programmes = await page.locator('#pass-programme tbody th').allTextContents();
  assert.ok(programmes.includes('国抽') && programmes.includes('省抽'), programmes.join(' '));
  // Honours and grades by level.
  for (const id of ['honours', 'honour-levels', 'grades-quality-integrity']) {
    assert.equal(await page.locator(`#${id}`).count(), 1, id);
  }
  await assertNoAxeViolations(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('report: listings in force are counted for the viewer\'s today, as the list page counts them', async () => {
  const page = await newPage(browser);
  await openReport(page, '#listings');
  const row = page.locator('#listings tbody tr', { hasText: '严重违法失信名单' });
  const inReport = Number(await row.locator('td').first().evaluate((td) => td.textContent));
  const dates = await page.locator('.report-dates').textContent();
  await page.goto(`${baseUrl()}?list=serious-violation`);
  const status = page.locator('.status-line');
  await status.waitFor();
  const onList = Number((await status.textContent()).replace(/[^0-9]/g, ''));
  assert.ok(onList > 0, 'the demo has serious-violation listings in force');
  assert.equal(inReport, onList, `report (${dates}) and list page agree`);
  await page.context().close();
});

test('report: printed with its tables open and its dates; fits 360 px', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  await openReport(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px)`);
  await assertNoAxeViolations(page);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('details:not([open])').count(), 0, 'every table is open for printing');
  assert.equal(await page.locator('.print-report').isVisible(), false, 'no print button on paper');
  const dates = await page.locator('.report-dates').textContent();
  assert.match(dates, /\d{4}-\d{2}-\d{2}/, 'the printed report carries its dates');
  assert.equal(await page.locator('.report-dates time').count() >= 2, true);
  await page.emulateMedia({ media: 'screen' });
  await screenshots(page, 'report-full');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('report as of another date counts listings as the list page does on that date', async () => {
  const page = await newPage(browser);
  const day = '2025-01-01';
  await openReport(page, `&asof=${day}`);
  const dates = await page.locator('.report-dates').textContent();
  assert.ok(dates.includes(day), `the report says its date: ${dates}`);
  const row = page.locator('#listings tbody tr', { hasText: '严重违法失信名单' });
  const inReport = Number(await row.locator('td').first().evaluate((td) => td.textContent));
  await page.goto(`${baseUrl()}?list=serious-violation&asof=${day}`);
  const status = page.locator('.status-line');
  await status.waitFor();
  const onList = Number((await status.textContent()).replace(/[^0-9]/g, ''));
  assert.ok(onList > 0, `the demo has serious-violation listings in force on ${day}`);
  assert.equal(inReport, onList, `report and list page agree on ${day}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
