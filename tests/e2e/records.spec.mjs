// Old identifiers and credit repair on the page: a 15-digit 注册号 or a 9-character
// 组织机构代码 typed in the search box finds its enterprise; a listing removed after credit
// repair (信用修复) says so with its date and authority, apart from annulment; the page of
// an enterprise with a listing in force links the publisher's repair channel (`repair_url`).
// Cases come from the demo registry's records (`rec/`), the answers from `zhixin show`.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  ROOT,
  assertNoAxeViolations,
  baseUrl,
  escapeRegExp,
  failureScreenshot,
  launch,
  newPage,
  searchBox,
} from './helpers.mjs';

const cli = process.env.ZHIXIN_CLI ?? join(ROOT, 'target', 'release', 'zhixin');
const registry = process.env.ZHIXIN_REGISTRY ?? join(ROOT, '.zhixin', 'registry');

/** Every enterprise record of the demo registry (fictional). */
function records() {
  const dir = join(registry, 'rec');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

const show = (uscc) => JSON.parse(execFileSync(cli, ['show', registry, uscc, '--json'], { encoding: 'utf8' }));

let browser;
const all = records();

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a 注册号 and an organisation code typed in the search box find their enterprise', async () => {
  const e = all.find((x) => x.registration_no && x.org_code && /^\d{8}/.test(x.org_code));
  assert.ok(e, 'the demo has an enterprise with a registration number and an organisation code');
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(baseUrl());
  for (const query of [e.registration_no, `${e.org_code.slice(0, 8)}-${e.org_code.slice(8)}`]) {
    await failureScreenshot(page, `old-id-${query}`, async () => {
      const box = searchBox(page);
      await box.fill('');
      await box.pressSequentially(query, { delay: 10 });
      const first = page.locator('main a[href*="e="]').first();
      await page.getByRole('link', { name: new RegExp(escapeRegExp(e.name)) }).first().waitFor();
      assert.match(await first.getAttribute('href'), new RegExp(`e=${e.uscc}`), `${query} finds ${e.uscc} first`);
    });
  }
  await assertNoAxeViolations(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a listing removed after credit repair says so, with date and authority; the repair channel is linked', async () => {
  const repaired = all.find((x) => x.listings?.some((l) => l.repaired && l.removed_by));
  assert.ok(repaired, 'the demo has a listing removed after credit repair');
  const l = show(repaired.uscc).listings.find((x) => x.repaired);
  assert.ok(l, 'zhixin show says repaired');
  const page = await newPage(browser, { width: 360, height: 740 });
  await failureScreenshot(page, 'repaired', async () => {
    await page.goto(`${baseUrl()}?e=${repaired.uscc}`);
    const card = page.locator('.card', { hasText: '已信用修复移出' }).first();
    await card.waitFor();
    const text = await card.innerText();
    assert.ok(text.includes(l.removed_on), `removed on ${l.removed_on}: ${text}`);
    assert.ok(text.includes(l.removed_by), `removed by ${l.removed_by}: ${text}`);
    assert.ok(!text.includes('已撤销'), 'not shown as annulled');
  });
  await assertNoAxeViolations(page);

  // An enterprise with a listing in force links the publisher's credit-repair channel.
  const listed = all.filter((x) => x.listings?.length).find((x) => show(x.uscc).listings.some((y) => y.in_force));
  assert.ok(listed);
  await page.goto(`${baseUrl()}?e=${listed.uscc}`);
  const link = page.getByRole('link', { name: /申请信用修复/ });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), 'https://example.org/zhixin-demo/credit-repair');
  // …and one with none does not.
  const clear = all.find((x) => (x.listings ?? []).length === 0);
  await page.goto(`${baseUrl()}?e=${clear.uscc}`);
  await page.locator('section[data-status="clear"]').waitFor();
  assert.equal(await page.getByRole('link', { name: /申请信用修复/ }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
