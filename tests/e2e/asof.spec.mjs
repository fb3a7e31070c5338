// Status on a date (`&asof=YYYY-MM-DD`): an enterprise page as of a date says the same as
// `zhixin show --as-of` on the three-year boundary of a serious-violation listing (the day
// before its last day, its last day, the first day after), carries the "not today" label
// and `data-status`, is reachable through the date control and leaves it through "today";
// and "today" is the date in China Standard Time whatever the device's time zone.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  ROOT,
  appHeading,
  assertNoAxeViolations,
  baseUrl,
  failureScreenshot,
  launch,
  newPage,
  screenshots,
} from './helpers.mjs';

const cli = process.env.ZHIXIN_CLI ?? join(ROOT, 'target', 'release', 'zhixin');
const registry = process.env.ZHIXIN_REGISTRY ?? join(ROOT, '.zhixin', 'registry');

/** `zhixin show --json`, as of `day` when given. */
function show(uscc, day) {
  const args = ['show', registry, uscc, '--json'];
  if (day) args.push('--as-of', day);
  return JSON.parse(execFileSync(cli, args, { encoding: 'utf8' }));
}

/** The contract's status word for a `show --json` object (README: data-status). */
const statusOf = (v) => (v.blacklisted ? 'blacklisted' : v.cautions.length > 0 ? 'caution' : 'clear');

/** `YYYY-MM-DD` plus `n` days. */
function addDays(day, n) {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/**
 * A demo enterprise whose serious-violation listing runs out by the time rules (not
 * removed, not annulled) and whose blacklisting ends with it: the boundary then shows in
 * its status. Candidates are the codes in the registry's serious-violation roll index
 * (`rollx/serious-violation/`); `zhixin show` decides. Returns it with the listing's `ends_on`.
 */
function boundaryCase() {
  const dir = join(registry, 'rollx', 'serious-violation');
  const codes = new Set();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    for (const line of JSON.parse(readFileSync(join(dir, f), 'utf8')).lines) codes.add(line[0]);
  }
  for (const uscc of [...codes].sort()) {
    const v = show(uscc);
    for (const l of v.listings) {
      if (l.list !== 'serious-violation' || l.removed_on || l.annulled || !l.ends_on) continue;
      const last = addDays(l.ends_on, -1);
      if (show(uscc, last).blacklisted && !show(uscc, l.ends_on).blacklisted) {
        return { uscc, name: v.name, endsOn: l.ends_on };
      }
    }
  }
  return null;
}

let browser;
const found = boundaryCase();

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('asof pages agree with zhixin show --as-of on the three-year boundary', async () => {
  assert.ok(found, 'the demo registry has a serious-violation listing that ends by the time rules');
  const page = await newPage(browser);
  const { uscc, endsOn } = found;
  // The day before the listing's last day, its last day (the anniversary), the first day after.
  const days = [addDays(endsOn, -2), addDays(endsOn, -1), endsOn];
  const seen = [];
  for (const day of days) {
    const expected = statusOf(show(uscc, day));
    await failureScreenshot(page, `asof-${day}`, async () => {
      await page.goto(`${baseUrl()}?e=${uscc}&asof=${day}`);
      const banner = page.locator('section[data-status]');
      await banner.waitFor();
      assert.equal(await banner.getAttribute('data-date'), day, 'the status is computed for the asked date');
      assert.equal(await banner.getAttribute('data-status'), expected, `status of ${uscc} as of ${day}`);
      // The label says plainly that this is not today.
      const label = page.locator('.banner.asof');
      await label.waitFor();
      assert.match(await label.innerText(), new RegExp(`${day}.*不是今天`));
    });
    seen.push(expected);
  }
  assert.equal(seen[1], 'blacklisted', 'blacklisted on the last day of the three years');
  assert.notEqual(seen[2], 'blacklisted', 'no longer blacklisted the day after');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the date control opens the page as of a date, links keep it, and "today" leaves it', async () => {
  assert.ok(found);
  const page = await newPage(browser, { width: 360, height: 740 });
  const { uscc, endsOn } = found;
  const last = addDays(endsOn, -1);
  await page.goto(`${baseUrl()}?e=${uscc}`);
  await appHeading(page).waitFor();
  assert.equal(await page.locator('.banner.asof').count(), 0, 'no "not today" label on a page for today');
  const today = await page.locator('section[data-status]').getAttribute('data-date');
  assert.equal(statusOf(show(uscc, today)), await page.locator('section[data-status]').getAttribute('data-status'));

  await page.locator('input#asof-date').fill(last);
  await page.getByRole('button', { name: '查看', exact: true }).click();
  await page.waitForURL(new RegExp(`asof=${last}`));
  await page.locator(`section[data-status][data-date="${last}"]`).waitFor();
  assert.equal(await page.locator('section[data-status]').getAttribute('data-status'), 'blacklisted');
  await assertNoAxeViolations(page);
  await screenshots(page, 'asof-enterprise');

  // Links from a page as of a date lead to pages as of that date.
  const listsHref = await page.locator('header a[href*="view=lists"]').first().getAttribute('href');
  assert.match(listsHref, new RegExp(`asof=${last}`));
  await page.locator('header a[href*="view=lists"]').first().click();
  await page.locator('.banner.asof').waitFor();
  await assertNoAxeViolations(page);

  await page.locator('.banner.asof a').click();
  await page.waitForURL((url) => !url.search.includes('asof='));
  assert.equal(await page.locator('.banner.asof').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("today is the date in China Standard Time, not the device's", async () => {
  assert.ok(found);
  // 17:00 UTC on 6 December: still the 6th in Los Angeles (09:00), already the 7th in Beijing.
  const context = await browser.newContext({ timezoneId: 'America/Los_Angeles', locale: 'zh-CN' });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2026-12-06T17:00:00Z'));
  await page.goto(`${baseUrl()}?e=${found.uscc}`);
  const banner = page.locator('section[data-status]');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('data-date'), '2026-12-07');
  assert.equal(await banner.getAttribute('data-status'), statusOf(show(found.uscc, '2026-12-07')));
  await context.close();
});
