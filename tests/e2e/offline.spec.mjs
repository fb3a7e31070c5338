// Offline and installable: after one online visit (the sub-path build, served here from
// a copy by a server this test starts and stops), the shell loads offline, a search run
// before answers again, an enterprise opened before opens, one never opened says it is
// not available offline; after a redeploy the next visit uses the new build and the
// service worker deletes the old build's cache.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';

import { appHeading, demoCases, launch, searchBox } from './helpers.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain',
  '.webmanifest': 'application/manifest+json', '.xml': 'application/atom+xml', '.bin': 'application/octet-stream',
  '.minisig': 'text/plain',
};

/** The path the build was made for (`trunk build --public-url`): its `<base href>`. */
function basePath(dir) {
  return readFileSync(join(dir, 'index.html'), 'utf8').match(/<base href="?([^" >]+)/)[1];
}

/** A static host for `dir` under its base path, on `port` (0: any). */
function serve(dir, port) {
  const prefix = basePath(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) return res.writeHead(404).end();
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    if (path.endsWith('/')) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

function stop(server) {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
}

/** FNV-1a, 32-bit: the core's `shard_of`. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

const CASES = demoCases();
const SOURCE = process.env.ZHIXIN_SUBPATH_DIST ?? '';
let browser;
let dir;

before(async () => {
  assert.ok(existsSync(join(SOURCE, 'sw.js')), `the sub-path build has its service worker: ${SOURCE}`);
  dir = mkdtempSync(join(tmpdir(), 'zhixin-offline-'));
  cpSync(SOURCE, dir, { recursive: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('offline after one visit, and the next deployment used on the next visit', async () => {
  let server = await serve(dir, 0);
  const port = server.address().port;
  const base = `http://127.0.0.1:${port}${basePath(dir)}`;
  assert.equal(basePath(dir), process.env.ZHIXIN_SUBPATH_BASE ?? '/zhixin/', 'the sub-path build');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // Online: the worker installs and takes the page; then a search and an enterprise.
  await page.goto(base);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
  const m = JSON.parse(readFileSync(join(dir, manifest), 'utf8'));
  assert.equal(m.start_url, './');
  assert.ok(m.icons.some((i) => i.sizes === '512x512'), 'an installable icon');
  const c = CASES.blacklisted;
  const box = searchBox(page);
  await box.pressSequentially(c.name, { delay: 10 });
  await page.locator('#results a.result', { hasText: c.name }).first().click();
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.locator('section.status').waitFor();
  // An enterprise never opened, in another record shard than the one opened.
  const meta = JSON.parse(readFileSync(join(dir, 'registry', 'meta.json'), 'utf8'));
  const shards = meta.records.shards;
  const other = Object.values(CASES).find((x) => x.uscc && fnv1a(x.uscc) % shards !== fnv1a(c.uscc) % shards);
  assert.ok(other, 'a demo case in another record shard');

  // Offline: the host is gone and the browser knows it.
  await stop(server);
  await context.setOffline(true);
  await page.goto(base);
  await appHeading(page).waitFor();
  await searchBox(page).pressSequentially(c.name, { delay: 10 });
  await page.locator('#results a.result', { hasText: c.name }).first().waitFor();
  await page.locator('#results a.result', { hasText: c.name }).first().click();
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.locator('section.status').waitFor();
  await page.goto(`${base}?e=${other.uscc}`);
  await page.getByText('离线时无法查看').first().waitFor();
  assert.equal(await page.locator('h1', { hasText: other.name }).count(), 0);

  // A redeploy: a new index.html and a new worker; back online, the next visit uses them.
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  writeFileSync(join(dir, 'index.html'), html.replace('</head>', '<meta name="zhixin-test-build" content="2"></head>'));
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const version = sw.match(/const VERSION = '([^']+)'/)[1];
  writeFileSync(join(dir, 'sw.js'), sw.replace(`const VERSION = '${version}'`, "const VERSION = 'redeployed'"));
  server = await serve(dir, port);
  await context.setOffline(false);
  await page.goto(base);
  assert.equal(await page.locator('meta[name="zhixin-test-build"]').count(), 1, 'the new index.html, not the cached one');
  await appHeading(page).waitFor();
  await page.waitForFunction(async () => {
    const shells = (await caches.keys()).filter((k) => k.startsWith('zhixin-shell '));
    return shells.length === 1 && shells[0].endsWith(' redeployed');
  });
  assert.deepEqual(errors, []);
  await context.close();
  await stop(server);
});
