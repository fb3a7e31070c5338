// The "What changed" page and an enterprise's history: the demo registry is built twice
// (`cargo xtask` builds it as of 2026-06-01, then as of today), and the app shows exactly
// the changes of the registry's change file, with the feed to subscribe to.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { appHeading, assertNoAxeViolations, baseUrl, foreignRequests, launch, newPage, screenshots } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The registry's change files, newest first, as `zhixin build` wrote them. */
async function changeFiles() {
  const meta = await (await fetch(`${baseUrl()}registry/meta.json`)).json();
  const names = Object.keys(meta.files).filter((k) => k.startsWith('changes/')).sort().reverse();
  return Promise.all(names.map(async (n) => (await fetch(`${baseUrl()}registry/${n}`)).json()));
}

test('the What changed page lists exactly the changes of each kept build', async () => {
  const sets = await changeFiles();
  assert.equal(sets.length, 2, 'the demo registry keeps its two builds');
  const [latest, first] = sets;
  assert.equal(first.previous, null);
  assert.ok(latest.changes.length > 0, 'the demo changed between its two dates');

  const page = await newPage(browser);
  const foreign = foreignRequests(page, new URL(baseUrl()).origin);
  await page.goto(`${baseUrl()}?view=changes`);
  await appHeading(page).waitFor();
  assert.equal(await appHeading(page).innerText(), '变动');
  const sections = page.locator('section.build');
  await sections.first().waitFor();
  assert.equal(await sections.count(), 2);
  const newest = sections.nth(0);
  assert.ok((await newest.locator('h2').innerText()).includes(`第 ${latest.build} 次构建`));
  assert.ok((await newest.locator('h2').innerText()).includes(latest.as_of));
  const rows = newest.locator('table.changes tbody tr');
  const shown = Math.min(100, latest.changes.length);
  assert.equal(await rows.count(), shown);
  for (let i = 0; i < shown; i += Math.max(1, Math.floor(shown / 15))) {
    const c = latest.changes[i];
    assert.equal(await rows.nth(i).getAttribute('class'), `change ${c.kind}`, `row ${i}`);
    const cells = rows.nth(i).locator('td');
    assert.ok((await cells.nth(1).innerText()).startsWith(c.name), `row ${i}: ${c.name}`);
    if (c.kind !== 'removed') {
      assert.equal(await cells.nth(1).locator('a').getAttribute('href'), `/?e=${c.uscc}`);
    }
    assert.equal(await cells.nth(3).innerText(), c.on ?? '');
  }
  if (latest.changes.length > 100) {
    await newest.locator('details.more summary').click();
    await newest.locator('details.more table tbody tr').first().waitFor();
    assert.equal(await newest.locator('details.more table tbody tr').count(), latest.changes.length - 100);
  }
  const older = sections.nth(1);
  assert.ok((await older.innerText()).includes('没有可比较的上一次构建'), await older.innerText());
  assert.equal(await older.locator('table').count(), 0);
  // The feed the page offers is the registry's Atom feed, one entry per change.
  const feedHref = await page.locator('a[type="application/atom+xml"]').getAttribute('href');
  assert.equal(feedHref, '/registry/changes.xml');
  const feed = await (await fetch(new URL(feedHref, baseUrl()))).text();
  assert.equal(feed.split('<entry>').length - 1, latest.changes.length);
  await assertNoAxeViolations(page);
  await screenshots(page, 'changes');
  assert.deepEqual(foreign, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an enterprise page shows its history of changes', async () => {
  const [latest] = await changeFiles();
  const c = latest.changes.find((x) => x.kind !== 'removed');
  const mine = latest.changes.filter((x) => x.uscc === c.uscc);
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('h1', { hasText: c.name }).waitFor();
  const history = page.locator('section.history');
  await history.waitFor();
  assert.equal(await history.locator('h2').innerText(), '变动记录');
  const rows = history.locator('tbody tr');
  assert.equal(await rows.count(), mine.length);
  for (let i = 0; i < mine.length; i++) {
    assert.equal(await rows.nth(i).getAttribute('class'), `change ${mine[i].kind}`);
    assert.equal(await rows.nth(i).locator('td').first().innerText(), latest.as_of);
  }
  await history.locator('a', { hasText: '全部变动' }).click();
  await appHeading(page).filter({ hasText: '变动' }).waitFor();
  assert.match(page.url(), /\?view=changes$/);
  await page.goBack();
  await page.locator('section.history').waitFor();
  await assertNoAxeViolations(page);
  await page.context().close();
});
