// A short session in one tab (see session.mjs): the same few queries typed again and
// again, with every page and control visited, on the test registry. After warm-up (every
// query typed and every page seen once, so every chunk they need is fetched) memory must
// stay flat: a listener, closure or detached DOM kept per keystroke or per page would grow
// it with every round. The 30-minute version at a million enterprises is run by hand
// (`node tests/e2e/session.mjs`, see there); its figures are in README.md.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';

import { baseUrl } from './helpers.mjs';
import { describe, loadQueries, runSession } from './session.mjs';

// Long enough for ~15 rounds on CI (every query and page kind reached in the first
// ~7 during warm-up, then ~45 s of rounds measured); the 30-minute run is the by-hand one.
const MINUTES = 1.25;
const WARMUP_MINUTES = 0.5;

/** Growth allowed after warm-up: JS heap (after GC) and wasm linear memory. */
const JS_HEAP_SLACK = 1.5 * 1048576;
const WASM_SLACK = 1 * 1048576;

test(`a ${MINUTES}-minute session holds steady JS heap and wasm memory after warm-up`, { timeout: (MINUTES + 3) * 60_000 }, async () => {
  const src = process.env.ZHIXIN_DEMO_SRC;
  const queries = loadQueries(src ? join(src, '.zhixin-truth', 'queries.jsonl') : null, 6);
  const lines = [];
  const r = await runSession({
    url: baseUrl(),
    minutes: MINUTES,
    warmupMinutes: WARMUP_MINUTES,
    sampleSeconds: 10,
    queries,
    log: (line) => lines.push(line),
  });
  const report = `\n${lines.join('\n')}\nwarm: ${describe(r.warm)}\nend:  ${describe(r.end)}`;
  assert.deepEqual(r.pageErrors, [], `errors in the page:${report}`);
  assert.ok(r.rounds >= 10, `only ${r.rounds} rounds in ${MINUTES} minutes:${report}`);
  assert.ok(r.errors.length <= r.rounds / 10, `failed rounds:\n${r.errors.join('\n')}${report}`);
  assert.ok(r.end.wasmBytes != null, `the app's wasm memory was not found${report}`);
  const after = r.samples.filter((s) => s.seconds >= r.warm.seconds);
  const maxHeap = Math.max(...after.map((s) => s.jsHeapUsed));
  const maxWasm = Math.max(...after.map((s) => s.wasmBytes));
  assert.ok(maxHeap <= r.warm.jsHeapUsed + JS_HEAP_SLACK, `the JS heap grew after warm-up:${report}`);
  assert.ok(maxWasm <= r.warm.wasmBytes + WASM_SLACK, `the wasm memory grew after warm-up:${report}`);
});
