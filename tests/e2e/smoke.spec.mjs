// The thin end-to-end slice: a person types a demo enterprise's name, opens its page and
// sees its name and code; the page has no axe-core violations, loads nothing from another
// origin and sets no cookie; its permalink works cold, at the root and under a sub-path.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  assertNoAxeViolations,
  baseUrl,
  demoEnterprise,
  foreignRequests,
  launch,
  newPage,
  openEnterprise,
  screenshots,
  subpathUrl,
} from './helpers.mjs';

let browser;
const enterprise = demoEnterprise();
// The enterprise page's address relative to the app's base, found by the first test and
// reused to check the permalink under the sub-path.
let relativeLink;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('typing a demo enterprise name finds it and opens its page with name and code', async () => {
  const page = await newPage(browser);
  const origin = new URL(baseUrl()).origin;
  const foreign = foreignRequests(page, origin);

  await openEnterprise(page, baseUrl(), enterprise);

  await page.getByText(enterprise.uscc).first().waitFor();
  assert.ok(page.url().startsWith(baseUrl()), `the page stays inside the app: ${page.url()}`);
  relativeLink = page.url().slice(baseUrl().length);
  assert.notEqual(relativeLink, '', 'the enterprise page has its own address (a permalink)');

  await assertNoAxeViolations(page);
  await screenshots(page, 'smoke-enterprise');

  assert.deepEqual(page.errors, [], 'no uncaught errors in the page');
  assert.deepEqual(foreign, [], 'no request to another origin');
  assert.deepEqual(await page.context().cookies(), [], 'no cookies');
  await page.context().close();
});

test('the enterprise permalink opened cold returns 200 and shows the enterprise', async () => {
  assert.ok(relativeLink, 'needs the permalink found by the first test');
  const page = await newPage(browser, { width: 360, height: 740 });
  const url = baseUrl() + relativeLink;
  const response = await page.goto(url);
  assert.equal(response?.status(), 200, `GET ${url}`);
  await page.locator('h1', { hasText: enterprise.name }).first().waitFor();
  await page.getByText(enterprise.uscc).first().waitFor();
  assert.deepEqual(page.errors, [], 'no uncaught errors in the page');
  await page.context().close();
});

test('the same permalink works under a sub-path on a plain static server', async () => {
  assert.ok(relativeLink, 'needs the permalink found by the first test');
  const page = await newPage(browser);
  const foreign = foreignRequests(page, new URL(subpathUrl()).origin);
  const url = subpathUrl() + relativeLink;
  const response = await page.goto(url);
  assert.equal(response?.status(), 200, `GET ${url}`);
  await page.locator('h1', { hasText: enterprise.name }).first().waitFor();
  await page.getByText(enterprise.uscc).first().waitFor();
  assert.deepEqual(page.errors, [], 'no uncaught errors in the page');
  assert.deepEqual(foreign, [], 'no request to another origin');
  await page.context().close();
});
