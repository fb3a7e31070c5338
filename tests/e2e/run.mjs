// Runs every tests/e2e/*.spec.mjs with node's own test runner, one file at a time (each
// launches its own Chromium; two at once would fight over two cores), with the spec
// reporter so `cargo xtask test` can read the pass/fail counts.
//
// Usage: `cargo xtask test` (which builds, serves and sets ZHIXIN_BASE_URL etc.).
// To rerun only the browser tests against a running `cargo xtask serve`:
//   ZHIXIN_BASE_URL=http://127.0.0.1:8080/ ZHIXIN_DEMO_SRC=.zhixin/demo-src node tests/e2e/run.mjs [FILTER]
// where FILTER keeps only the spec files whose name contains it.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.spec.mjs') && f.includes(filter))
  .sort()
  .map((f) => join(here, f));

if (files.length === 0) {
  console.error(`no tests/e2e/*.spec.mjs file matches "${filter}"`);
  process.exit(1);
}
mkdirSync(join(here, 'output'), { recursive: true });

const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
  { stdio: 'inherit', cwd: here },
);
process.exit(result.status ?? 1);
