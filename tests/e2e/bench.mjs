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
// A benchmark, not a test: it prints figures and asserts nothing about time.
// Run by `cargo xtask bench-browser`, which builds the registry, serves it beside the
// app and sets ZHIXIN_BENCH_URL, ZHIXIN_BENCH_QUERIES and ZHIXIN_BENCH_N.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { launch, searchBox, OUTPUT } from './helpers.mjs';

const url = process.env.ZHIXIN_BENCH_URL;
const queriesFile = process.env.ZHIXIN_BENCH_QUERIES;
const n = Number(process.env.ZHIXIN_BENCH_N ?? '200');
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

function summary(rows) {
  const ms = rows.map((r) => r.warmMs).sort((a, b) => a - b);
  const kib = rows.map((r) => r.coldBytes / 1024).sort((a, b) => a - b);
  return {
    queries: rows.length,
    warm_ms_p50: +quantile(ms, 0.5).toFixed(2),
    warm_ms_p95: +quantile(ms, 0.95).toFixed(2),
    warm_ms_max: +ms[ms.length - 1].toFixed(2),
    cold_kib_p50: +quantile(kib, 0.5).toFixed(1),
    cold_kib_p95: +quantile(kib, 0.95).toFixed(1),
    cold_kib_max: +kib[kib.length - 1].toFixed(1),
  };
}

const queries = sample(readFileSync(queriesFile, 'utf8').split('\n'), n);
const browser = await launch();
const rows = [];
try {
  for (const q of queries) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // The registry requests finished before the search did (sizes are read afterwards:
    // reading them is asynchronous and must not decide what counts).
    const finished = [];
    let counting = true;
    page.on('requestfinished', (request) => {
      if (counting && request.url().includes('/registry/')) finished.push(request);
    });
    await page.goto(`${url}?q=${encodeURIComponent(q.query)}`);
    await searchDone(page, 1, q.query);
    counting = false;
    let coldBytes = 0;
    for (const request of finished) {
      const sizes = await request.sizes().catch(() => null);
      coldBytes += sizes?.responseBodySize ?? 0;
    }

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
    rows.push({ kind: q.kind, query: q.query, coldBytes, warmMs });
    await context.close();
  }
} finally {
  await browser.close();
}

const kinds = [...new Set(rows.map((r) => r.kind))];
const report = {
  url,
  all: summary(rows),
  by_kind: Object.fromEntries(kinds.map((k) => [k, summary(rows.filter((r) => r.kind === k))])),
};
mkdirSync(OUTPUT, { recursive: true });
writeFileSync(join(OUTPUT, 'bench-browser.json'), JSON.stringify({ ...report, rows }, null, 2));
console.log(JSON.stringify(report, null, 2));
