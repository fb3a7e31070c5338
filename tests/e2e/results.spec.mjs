// The results list of a query that many enterprises match: the count says how many are
// listed of how many ("显示 20 个，共 1,234 个结果"), and "show more" lists more rows
// (issue #15: "20 results" was shown when 20 of hundreds were listed).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ROOT, assertNoAxeViolations, baseUrl, demoEnterprise, launch, newPage, searchBox } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The page lists this many at first, and "show more" this many more (src/data.rs RESULT_LIMIT). */
const PAGE = 20;

/** A place prefix of a demo enterprise: a query that far more than one page of names match. */
function commonQuery() {
  const q = demoEnterprise().name.slice(0, 2);
  const cli = process.env.ZHIXIN_CLI ?? join(ROOT, 'target', 'release', 'zhixin');
  const registry = process.env.ZHIXIN_REGISTRY ?? join(ROOT, '.zhixin', 'registry');
  const hits = JSON.parse(
    execFileSync(cli, ['search', registry, q, '--json', '--limit', String(2 * PAGE)], { encoding: 'utf8' }),
  );
  assert.ok(hits.length > PAGE, `the demo needs more than ${PAGE} names matching ${q} (has ${hits.length})`);
  return q;
}

test('a query many match says "20 of N" and "show more" lists more rows', async () => {
  const q = commonQuery();
  const page = await newPage(browser);
  await page.goto(baseUrl());
  const box = searchBox(page);
  await box.waitFor();
  await box.pressSequentially(q, { delay: 10 });
  const rows = page.locator('#results a.result');
  const status = page.locator('main .status-line');
  // 显示 20 个，共 1,234 个结果 (or 至少 … when a common term's list was capped).
  const count = /显示 (\d+) 个，(?:共|至少) ([\d,]+) 个结果/;
  await status.filter({ hasText: count }).waitFor();
  const [, shown, total] = (await status.textContent()).match(count);
  assert.equal(Number(shown), PAGE, 'the first page lists 20');
  assert.ok(Number(total.replaceAll(',', '')) > PAGE, `more match than are listed: ${total}`);
  assert.equal(await rows.count(), PAGE);
  const first = await rows.allTextContents();

  const more = page.locator('#show-more');
  await more.click();
  await page.waitForFunction((n) => document.querySelectorAll('#results a.result').length > n, PAGE);
  const after = await rows.allTextContents();
  assert.ok(after.length > PAGE && after.length <= 2 * PAGE, `show more lists more rows (${after.length})`);
  assert.deepEqual(after.slice(0, PAGE), first, 'the rows already listed stay, in order');
  assert.equal(new Set(after).size, after.length, 'no row is listed twice');
  await status.filter({ hasText: new RegExp(`显示 ${after.length} 个`) }).waitFor();
  await assertNoAxeViolations(page);
  await page.context().close();
});
