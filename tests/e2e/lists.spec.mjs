// Lists without silent caps: a list of 100,000 entries in force shows its total, pages
// through all of them to the last page (25 a page) and downloads whole as CSV. The
// registry is built here by the CLI from a generated, fictional listings table and served
// in place of the demo registry (the app fetches `registry/…` under its base).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ROOT, assertNoAxeViolations, baseUrl, failureScreenshot, launch, newPage, screenshots } from './helpers.mjs';

const cli = process.env.ZHIXIN_CLI ?? join(ROOT, 'target', 'release', 'zhixin');
const ENTRIES = 100_000;
const PAGE_SIZE = 25;

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A valid credit code (GB 32100, with a valid embedded organisation code) for number `i`. */
function uscc(i) {
  const body = String(i).padStart(8, '0');
  const org = 11 - ([...body].reduce((s, c, k) => s + Number(c) * ORG_WEIGHTS[k], 0) % 11);
  const first17 = `91350200${body}${org === 10 ? 'X' : org === 11 ? '0' : String(org)}`;
  const sum = [...first17].reduce((s, c, k) => s + USCC_CHARS.indexOf(c) * USCC_WEIGHTS[k], 0);
  return first17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** `YYYY-MM-DD`, `i` days before 2026-11-01 modulo ten years. */
function day(i) {
  const t = new Date(Date.UTC(2026, 10, 1));
  t.setUTCDate(t.getUTCDate() - (i % 3650));
  return t.toISOString().slice(0, 10);
}

let browser;
let dir;
let registry;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zhixin-lists-'));
  const src = join(dir, 'src');
  registry = join(dir, 'registry');
  mkdirSync(src);
  const rows = ['统一社会信用代码,企业名称,名单类型,列入日期,作出决定机关,列入原因'];
  for (let i = 0; i < ENTRIES; i++) {
    rows.push(`${uscc(i)},演示长名单${i}号有限公司（虚构）,经营异常名录,${day(i)},演示市市场监督管理局（虚构）,通过登记的住所无法联系（演示）`);
  }
  writeFileSync(join(src, '经营异常名录.csv'), rows.join('\n') + '\n');
  writeFileSync(
    join(src, 'registry.json'),
    JSON.stringify({ title: '长名单测试（虚构）', publisher: '演示市市场监督管理局（虚构）', demo: true }),
  );
  const args = ['build', src, '--out', registry, '--as-of', '2026-11-22'];
  // Signed with the demo key the app build pins, when there is one (as `cargo xtask test` makes).
  const key = join(ROOT, '.zhixin', 'keys', 'zhixin.key');
  if (existsSync(key)) args.push('--sign', key);
  execFileSync(cli, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A page whose `registry/…` requests are answered from the list's registry. */
async function listPage(options) {
  const page = await newPage(browser, options);
  const prefix = `${baseUrl()}registry/`;
  await page.route(`${prefix}**`, (route) => {
    const path = join(registry, decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(prefix).pathname.length)));
    if (!path.startsWith(registry) || !existsSync(path)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, body: readFileSync(path), contentType: path.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
  });
  return page;
}

test('a 100,000-entry list shows its total and its last page is reachable', async () => {
  const page = await listPage();
  const pages = Math.ceil(ENTRIES / PAGE_SIZE);
  await failureScreenshot(page, 'lists-100k', async () => {
    await page.goto(`${baseUrl()}?list=abnormal-operation`);
    const total = page.locator('.status-line[data-total]');
    await total.waitFor({ timeout: 60_000 });
    assert.equal(await total.getAttribute('data-total'), String(ENTRIES), 'every entry counted, none capped');
    assert.match(await total.innerText(), /100,000/);
    await page.getByRole('link', { name: /最后一页/ }).click();
    await page.waitForURL(new RegExp(`[?&]p=${pages}(&|$)`));
    await page.getByText(`第 ${pages} 页，共 ${pages} 页`).first().waitFor();
    const rows = page.locator('main table tbody tr');
    assert.equal(await rows.count(), ENTRIES - (pages - 1) * PAGE_SIZE);
    // Newest first: the last page ends with the oldest listing.
    const dates = await page.locator('main table tbody time').allInnerTexts();
    const oldest = [...Array(ENTRIES).keys()].map(day).sort()[0];
    assert.equal(dates.at(-1), oldest);
    assert.equal(await page.getByRole('link', { name: /下一页/ }).count(), 0, 'nothing after the last page');
    // The whole list downloads as CSV: a header and one line per entry.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载整份名单/ }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.equal(csv.trimEnd().split('\r\n').length, ENTRIES + 1);
    await assertNoAxeViolations(page);
    await screenshots(page, 'lists-100k-last');
  });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
