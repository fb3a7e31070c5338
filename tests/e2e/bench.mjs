// The browser benchmark of search: the app's wasm in Chromium, on a registry of a given
// size, for a sample of the demo's ground-truth queries of every kind. For each query:
//
//   cold  — a fresh browser context (empty cache) opens `?q=QUERY`; the registry bytes
//           transferred (as served, compressed) until the search has finished, meta.json
//           included: "bytes fetched before the first result".
//   warm  — the same page clears the box and types the query again, every chunk now
//           cached: the sum of the app's `zhixin-search-step` User Timing measures, i.e.
//           the wasm compute of one keystroke's search, without network or rendering.
//
//   page  — in the same cold visit, every byte the browser fetched until the search had
//           finished: code (index.html, JS, the wasm shell and parts) and registry, as
//           served (brotli by `cargo xtask serve`'s server, like a CDN), split per kind
//           of file: "bytes to a first result" (issue #18).
//   slow  — a second pass over fewer queries (ZHIXIN_BENCH_SLOW_N, default 2 per
//           kind) as on a slow phone: Chromium's CPU slowed 4× and the network at
//           150 ms / 1.6 Mbps down / 750 kbps up (Lighthouse's mobile profile); the
//           time from navigation to the first result painted (the frame after the
//           first `#results a.result` appears), fresh context each, no cache.
//
// A benchmark, not a test: it prints figures and asserts nothing about time.
// Run by `cargo xtask bench-browser`, which builds the registry, serves it beside the
// app and sets ZHIXIN_BENCH_URL, ZHIXIN_BENCH_QUERIES and ZHIXIN_BENCH_N.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { launch, searchBox, OUTPUT } from './helpers.mjs';

const url = process.env.ZHIXIN_BENCH_URL;
const queriesFile = process.env.ZHIXIN_BENCH_QUERIES;
const n = Number(process.env.ZHIXIN_BENCH_N ?? '200');
const slowPerKind = process.env.ZHIXIN_BENCH_SLOW_N;
if (!url || !queriesFile) {
  console.error('run through `cargo xtask bench-browser` (ZHIXIN_BENCH_URL, ZHIXIN_BENCH_QUERIES)');
  process.exit(2);
}

/** `n` queries, taken round-robin over the kinds so that every kind is measured. */
function sample(lines, n) {
  const byKind = new Map();
  for (const line of lines) {
    if (!line.trim()) continue;
    const q = JSON.parse(line);
    if (!byKind.has(q.kind)) byKind.set(q.kind, []);
    byKind.get(q.kind).push(q);
  }
  const out = [];
  for (let i = 0; out.length < n; i++) {
    let added = false;
    for (const list of byKind.values()) {
      if (i < list.length && out.length < n) {
        out.push(list[i]);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}

const doneMarks = () => performance.getEntriesByName('zhixin-search-done').length;

/** Waits for the app's `zhixin-search-done` mark number `count`; names what the page says if none comes. */
async function searchDone(page, count, query) {
  try {
    await page.waitForFunction((c) => performance.getEntriesByName('zhixin-search-done').length >= c, count, {
      timeout: 60_000,
    });
  } catch (e) {
    const text = await page.evaluate(() => document.querySelector('main')?.innerText ?? '').catch(() => '');
    throw new Error(`no finished search for ${JSON.stringify(query)} within 60 s; the page says: ${text.slice(0, 400)}`);
  }
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** p50, p95 and max of `values` under `name`, rounded to `digits`. */
function spread(name, values, digits) {
  const v = [...values].sort((a, b) => a - b);
  const r = (x) => +x.toFixed(digits);
  return {
    [`${name}_p50`]: r(quantile(v, 0.5)),
    [`${name}_p95`]: r(quantile(v, 0.95)),
    [`${name}_max`]: r(v[v.length - 1]),
  };
}

function summary(rows) {
  return {
    queries: rows.length,
    ...spread('warm_ms', rows.map((r) => r.warmMs), 2),
    ...spread('cold_kib', rows.map((r) => r.coldBytes / 1024), 1),
    ...spread('page_kib', rows.map((r) => r.pageBytes / 1024), 1),
  };
}

/** What a request fetched, for the per-file split of a cold page. */
function fileKind(u) {
  const path = new URL(u).pathname;
  if (path.includes('/registry/')) return 'registry';
  if (path.endsWith('.wasm')) return path.includes('/split-') ? 'wasm parts' : 'wasm shell';
  if (path.endsWith('.js') || path.endsWith('.mjs')) return 'js';
  if (path.endsWith('.css')) return 'css';
  if (path.endsWith('/') || path.endsWith('.html')) return 'html';
  return 'other';
}

/** Sums the encoded body sizes of `requests` (all finished), per file kind; and lists the
 * registry files with their sizes (which chunks a first query fetched, and why it cost what it did). */
async function bytesByKind(requests) {
  const out = {};
  const registry = [];
  for (const request of requests) {
    const sizes = await request.sizes().catch(() => null);
    const kind = fileKind(request.url());
    const bytes = sizes?.responseBodySize ?? 0;
    out[kind] = (out[kind] ?? 0) + bytes;
    if (kind === 'registry') registry.push([new URL(request.url()).pathname.replace(/^.*\/registry\//, ''), bytes]);
  }
  return { split: out, registry };
}

/** The registry family of a file's path (`card`, `post`, `pin`, `code`, their digest pages `…/sum`, `meta.json`, …). */
function family(path) {
  const [dir, name] = path.includes('/') ? path.split('/') : ['', path];
  if (!dir) return name.replace(/-[0-9a-f]+(\.[a-z]+)$/, '$1');
  return name.startsWith('sum-') ? `${dir}/sum` : dir;
}

/** Records, in the page, when the first result is painted (ms since navigation). */
function watchFirstResult() {
  // A result, or the suggestion for a mistyped code ("did you mean"), whichever comes.
  const seen = () => document.querySelector('#results a.result, .did-you-mean a');
  const mark = () =>
    requestAnimationFrame(() => {
      // The frame after the one that laid the result out: it has been painted.
      requestAnimationFrame(() => {
        window.__zhixinFirstResult ??= performance.now();
      });
    });
  // When the app started (Trunk's event after the main module was instantiated), for
  // the slow pass's timeline.
  addEventListener('TrunkApplicationStarted', () => {
    window.__zhixinStarted ??= performance.now();
  });
  new MutationObserver((_, observer) => {
    if (seen()) {
      observer.disconnect();
      mark();
    }
  }).observe(document, { childList: true, subtree: true });
}

const queries = sample(readFileSync(queriesFile, 'utf8').split('\n'), n);
const browser = await launch();
const rows = [];
const slow = [];
try {
  for (const q of queries) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // The registry requests finished before the search did (sizes are read afterwards:
    // reading them is asynchronous and must not decide what counts).
    const finished = [];
    let counting = true;
    page.on('requestfinished', (request) => {
      if (counting) finished.push(request);
    });
    await page.goto(`${url}?q=${encodeURIComponent(q.query)}`);
    await searchDone(page, 1, q.query);
    counting = false;
    const { split, registry } = await bytesByKind(finished);
    const coldBytes = split.registry ?? 0;
    const pageBytes = Object.values(split).reduce((a, b) => a + b, 0);

    const box = searchBox(page);
    await box.fill('');
    // The app searches when the address changes (after its debounce): wait for the
    // cleared query to reach the address, so that typing it again is a new search.
    await page.waitForURL((u) => !u.searchParams.get('q'));
    const before = await page.evaluate(doneMarks);
    await page.evaluate(() => performance.clearMeasures('zhixin-search-step'));
    await box.fill(q.query);
    await searchDone(page, before + 1, q.query);
    const warmMs = await page.evaluate(() =>
      performance.getEntriesByName('zhixin-search-step').reduce((sum, m) => sum + m.duration, 0),
    );
    rows.push({ kind: q.kind, query: q.query, coldBytes, pageBytes, split, registry, warmMs });
    await context.close();
  }
  // The slow phone: a few queries of every kind, each in a fresh context.
  const perKind = Number(slowPerKind ?? '2');
  const slowQueries = sample(readFileSync(queriesFile, 'utf8').split('\n'), perKind * new Set(queries.map((q) => q.kind)).size);
  for (const q of perKind > 0 ? slowQueries : []) {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await page.addInitScript(watchFirstResult);
    // When each request of the visit ended (ms since navigation), to tell what the time
    // to the first result was spent waiting for.
    const slowRequests = [];
    page.on('requestfinished', (request) => slowRequests.push(request));
    await page.goto(`${url}?q=${encodeURIComponent(q.query)}`, { timeout: 120_000 });
    await searchDone(page, 1, q.query);
    // Painted a frame or two after the search finished, unless it found nothing.
    const painted = await page
      .waitForFunction(() => window.__zhixinFirstResult !== undefined, null, { timeout: 10_000 })
      .then(() => true, () => false);
    const firstResultMs = painted ? await page.evaluate(() => window.__zhixinFirstResult) : null;
    if (!painted) console.error(`slow phone: no result painted for ${q.kind} ${JSON.stringify(q.query)}`);
    const navStart = await page.evaluate(() => performance.timeOrigin);
    const timeline = [];
    for (const request of slowRequests) {
      const t = request.timing();
      const path = new URL(request.url()).pathname;
      timeline.push([path.slice(path.lastIndexOf('/', path.length - 2) + 1), Math.round(t.startTime - navStart), Math.round(t.startTime + t.responseEnd - navStart)]);
    }
    // The app's moments: started, first search step (the engine loaded and running), search done.
    const moments = await page.evaluate(() => {
      const at = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1);
      return [
        ['(app started)', Math.round(window.__zhixinStarted ?? -1)],
        ['(first search step)', at('zhixin-step-start')],
        ['(search done)', at('zhixin-search-done')],
      ];
    });
    for (const [name, t] of moments) timeline.push([name, t, t]);
    timeline.sort((a, b) => a[2] - b[2]);
    slow.push({ kind: q.kind, query: q.query, firstResultMs, timeline });
    await context.close();
  }
} finally {
  await browser.close();
}

const kinds = [...new Set(rows.map((r) => r.kind))];
const meanSplit = {};
for (const r of rows) {
  for (const [k, v] of Object.entries(r.split)) meanSplit[k] = (meanSplit[k] ?? 0) + v / rows.length / 1024;
}
const report = {
  url,
  all: summary(rows),
  page_kib_mean_by_file: Object.fromEntries(Object.entries(meanSplit).map(([k, v]) => [k, +v.toFixed(1)])),
  slow_phone: slow.length
    ? {
        queries: slow.length,
        without_result: slow.filter((r) => r.firstResultMs === null).length,
        ...spread('first_result_ms', slow.filter((r) => r.firstResultMs !== null).map((r) => r.firstResultMs), 0),
      }
    : null,
  by_kind: Object.fromEntries(kinds.map((k) => [k, summary(rows.filter((r) => r.kind === k))])),
  // Per kind of query, the registry's families a cold first query fetched: mean files and KiB.
  registry_by_kind: Object.fromEntries(
    kinds.map((k) => {
      const of = rows.filter((r) => r.kind === k);
      const fam = {};
      for (const r of of)
        for (const [path, bytes] of r.registry) {
          const f = (fam[family(path)] ??= { files: 0, kib: 0 });
          f.files += 1 / of.length;
          f.kib += bytes / 1024 / of.length;
        }
      return [k, Object.fromEntries(Object.entries(fam).map(([f, v]) => [f, `${v.files.toFixed(1)} files ${v.kib.toFixed(1)} KiB`]))];
    }),
  ),
};
mkdirSync(OUTPUT, { recursive: true });
writeFileSync(join(OUTPUT, 'bench-browser.json'), JSON.stringify({ ...report, rows, slow }, null, 2));
console.log(JSON.stringify(report, null, 2));
