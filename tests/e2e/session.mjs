// A long session in the app, scripted like a person using it in one tab: typing queries
// key by key, opening results, the lists, a list, the report and the about page through
// the app's own links, back and forward, the filters, the theme and the language; with the
// JS heap and the wasm memory sampled as it goes. Nothing is reloaded, so whatever a page
// or a keystroke leaks (listeners, detached DOM, Rust allocations) accumulates and shows.
//
// Each sample is taken after two forced garbage collections (CDP HeapProfiler), so the
// JS heap figure is what is still reachable: `jsHeapUsed` (Runtime.getHeapUsage), with
// Chromium's DOM node and JS event listener counts (Performance.getMetrics). `wasmBytes`
// is the byte length of the app's wasm linear memory (captured from the instantiation by
// an init script); it never shrinks, so a leak in Rust shows as growth after warm-up,
// while the app's caches stay within their budgets (src/data.rs).
//
// Two ways to run it:
// - `session.spec.mjs` (in `cargo xtask test`): a short session on the test registry,
//   asserting a bound on growth after warm-up.
// - By hand, for the 30-minute check at a million enterprises: serve the app with that
//   registry (e.g. `trunk build --release --dist SITE`, `ln -s REGISTRY SITE/registry`,
//   `python3 -m http.server -d SITE 8090`), then
//     ZHIXIN_BASE_URL=http://127.0.0.1:8090/ ZHIXIN_SESSION_MINUTES=30 \
//     ZHIXIN_SESSION_QUERIES=SRC/.zhixin-truth/queries.jsonl node tests/e2e/session.mjs
//   It prints one line per sample and writes tests/e2e/output/session.json.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch, newPage, searchBox, OUTPUT } from './helpers.mjs';

/** Captures the app's wasm memory when the main module is instantiated. */
function captureWasmMemory() {
  const keep = (result) => {
    const instance = result && (result.instance ?? result);
    const memory = instance && instance.exports && instance.exports.memory;
    if (memory instanceof WebAssembly.Memory && !window.__zhixinWasmMemory) {
      window.__zhixinWasmMemory = memory;
    }
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) {
    WebAssembly.instantiateStreaming = (...args) => streaming.apply(WebAssembly, args).then(keep);
  }
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (...args) => instantiate.apply(WebAssembly, args).then(keep);
}

/**
 * Queries to type: up to `limit` of the demo's ground-truth queries (`queries.jsonl`),
 * taken round-robin over the query kinds, when a file is given; else everyday words.
 */
export function loadQueries(file, limit = Infinity) {
  const fallback = ['公司', '食品', '科技', '演示', '有限', '电子', 'shipin', 'keji', '机械', '医药'];
  if (!file) return fallback;
  const byKind = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const q = JSON.parse(line);
    if (typeof q.query !== 'string' || !q.query.trim() || q.query.length > 40) continue;
    if (!byKind.has(q.kind)) byKind.set(q.kind, []);
    byKind.get(q.kind).push(q.query);
  }
  const out = [];
  for (let i = 0; out.length < limit; i++) {
    const row = [...byKind.values()].filter((list) => i < list.length).map((list) => list[i]);
    if (row.length === 0) break;
    out.push(...row.slice(0, limit - out.length));
  }
  return out.length > 0 ? out : fallback;
}

const doneMarks = () => performance.getEntriesByName('zhixin-search-done').length;

/** Clicks an in-app link (no reload: the app's navigation handles it) and waits for the page. */
async function follow(page, selector) {
  const link = page.locator(selector).first();
  if ((await link.count()) === 0) return false;
  await link.click();
  await page.locator('#app main').first().waitFor();
  await page.waitForTimeout(300);
  return true;
}

/** One round of use; `i` varies what is done, so every page and control is visited. */
async function round(page, i, query) {
  // Back to the search page by the brand link, then type the query key by key.
  await follow(page, 'a.brand');
  const box = searchBox(page);
  await box.waitFor();
  await box.fill('');
  const before = await page.evaluate(doneMarks);
  await box.pressSequentially(query, { delay: 80 });
  await page
    .waitForFunction((n) => performance.getEntriesByName('zhixin-search-done').length > n, before, { timeout: 60_000 })
    .catch(() => {});
  await page.waitForTimeout(200);
  if (i % 6 === 5) {
    // The filters: opened (built on first open), one changed and cleared.
    await page.locator('details.filters summary').first().click();
    const honours = page.locator('#f-hon, input[type=checkbox]').first();
    if ((await honours.count()) > 0) {
      await honours.click();
      await page.waitForTimeout(500);
      await follow(page, '#f-clear');
    }
  }
  if (await follow(page, '#results a.result')) {
    // Keyboard on the enterprise page's embed code box and back.
    if (i % 2 === 0) await page.goBack();
  }
  if (i % 3 === 0 && (await follow(page, 'nav a[href$="?view=lists"]'))) {
    if (await follow(page, '.roll-index a')) {
      const filter = page.locator('#roll-filter');
      if ((await filter.count()) > 0) await filter.pressSequentially(String(i % 10), { delay: 60 });
      await page.goBack();
    }
    await page.goBack();
    await page.goForward();
  }
  if (i % 4 === 1) await follow(page, 'nav a[href$="?view=report"]');
  if (i % 5 === 2) await follow(page, 'nav a[href$="?view=about"]');
  if (i % 7 === 3) {
    await page.locator('#theme').click();
    await page.locator('#theme').click();
    await page.locator('#lang').selectOption('en');
    await page.waitForTimeout(300);
    await page.locator('#lang').selectOption('zh-Hans');
    await page.waitForTimeout(300);
  }
}

/** Memory now, after garbage collection. */
async function sample(page, cdp, started) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  const wasmBytes = await page.evaluate(() => window.__zhixinWasmMemory?.buffer.byteLength ?? null);
  // What the app's caches held after the last search (the mark's detail, src/data.rs).
  const caches = await page.evaluate(() => {
    const marks = performance.getEntriesByName('zhixin-search-done');
    return marks.length > 0 ? marks[marks.length - 1].detail ?? null : null;
  });
  // What the heaps hold and take, in a measuring build (feature `heap-stats`, src/heap.rs).
  const heapStats = await page.evaluate(() => {
    const f = window.wasmBindings?.zhixin_heap_stats;
    return f ? JSON.parse(f()) : null;
  });
  // User Timing entries the page holds (the app's step marks and measures are kept
  // until cleared, outside the JS heap's figure) before this script clears its own.
  const timingEntries = await page.evaluate(() => performance.getEntries().length);
  // Marks are kept by the page until cleared: a long session would hold thousands.
  await page.evaluate(() => performance.clearMarks('zhixin-search-done'));
  return {
    seconds: Math.round((Date.now() - started) / 1000),
    jsHeapUsed: heap.usedSize,
    // Blink's own objects (DOM, performance entries), when Chromium reports them.
    embedderHeapUsed: heap.embedderHeapUsedSize ?? null,
    timingEntries,
    wasmBytes,
    cacheBytes: caches ? caches.chunks + caches.files : null,
    domNodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    ...(heapStats ? { heap: heapStats } : {}),
  };
}

const mb = (bytes) => (bytes == null ? '?' : (bytes / 1048576).toFixed(2) + ' MB');
export const describe = (s) =>
  `${String(s.seconds).padStart(5)} s  JS heap ${mb(s.jsHeapUsed).padStart(9)}  wasm ${mb(s.wasmBytes).padStart(9)}` +
  `  caches ${mb(s.cacheBytes).padStart(9)}` +
  `  DOM nodes ${s.domNodes}  listeners ${s.listeners}  rounds ${s.rounds}` +
  (s.heap
    ? `  heaps (small/large): taken ${mb(s.heap.sys[0])}/${mb(s.heap.sys[1])}` +
      ` live ${mb(s.heap.live[0])}/${mb(s.heap.live[1])} peak ${mb(s.heap.peak[0])}/${mb(s.heap.peak[1])}`
    : '');

/**
 * Runs a session of `minutes` at `url`, sampling every `sampleSeconds`; the samples
 * before `warmupMinutes` are the warm-up. Returns { samples, start, warm, end, rounds, errors }.
 */
export async function runSession({ url, minutes, warmupMinutes, sampleSeconds, queries, log = () => {} }) {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await page.addInitScript(captureWasmMemory);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    await searchBox(page).waitFor();
    const started = Date.now();
    const samples = [];
    const take = async (rounds) => {
      const s = { ...(await sample(page, cdp, started)), rounds };
      samples.push(s);
      log(describe(s));
      return s;
    };
    const start = await take(0);
    let warm = null;
    let rounds = 0;
    const errors = [];
    let next = Date.now() + sampleSeconds * 1000;
    while (Date.now() - started < minutes * 60_000) {
      try {
        await round(page, rounds, queries[rounds % queries.length]);
      } catch (e) {
        errors.push(`round ${rounds}: ${String(e).split('\n')[0]}`);
        if (errors.length > 20) throw new Error(`too many failed rounds:\n${errors.join('\n')}`);
      }
      rounds++;
      if (Date.now() >= next) {
        const s = await take(rounds);
        if (!warm && s.seconds >= warmupMinutes * 60) warm = s;
        next = Date.now() + sampleSeconds * 1000;
      }
    }
    const end = await take(rounds);
    return { samples, start, warm: warm ?? end, end, rounds, errors, pageErrors: page.errors };
  } finally {
    await browser.close();
  }
}

// Run directly: the by-hand session (see the top of this file).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env.ZHIXIN_BASE_URL;
  if (!url) {
    console.error('set ZHIXIN_BASE_URL (see the top of tests/e2e/session.mjs)');
    process.exit(2);
  }
  const minutes = Number(process.env.ZHIXIN_SESSION_MINUTES ?? '30');
  const result = await runSession({
    url,
    minutes,
    warmupMinutes: Number(process.env.ZHIXIN_SESSION_WARMUP_MINUTES ?? String(Math.min(5, minutes / 5))),
    sampleSeconds: Number(process.env.ZHIXIN_SESSION_SAMPLE_SECONDS ?? '60'),
    queries: loadQueries(process.env.ZHIXIN_SESSION_QUERIES),
    log: (line) => console.log(line),
  });
  mkdirSync(OUTPUT, { recursive: true });
  writeFileSync(join(OUTPUT, 'session.json'), JSON.stringify(result, null, 2));
  console.log(`start:  ${describe(result.start)}`);
  console.log(`warm:   ${describe(result.warm)}`);
  console.log(`end:    ${describe(result.end)}`);
  console.log(`rounds: ${result.rounds}, failed rounds: ${result.errors.length}, page errors: ${result.pageErrors.length}`);
  for (const e of [...result.errors, ...result.pageErrors]) console.log(`  ${e}`);
}
