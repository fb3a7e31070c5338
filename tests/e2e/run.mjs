// Runs every tests/e2e/*.spec.mjs with node's own test runner, one file at a time (each
// launches its own Chromium; two at once would fight over two cores), with the spec
// reporter so `cargo xtask test` can read the pass/fail counts. The one exception is the
// session spec, which types for a fixed two minutes whatever else runs and asserts memory,
// not time: it runs beside the others (its report printed when it ends), so it does not
// add its two minutes to the run.
//
// Usage: `cargo xtask test` (which builds, serves and sets ZHIXIN_BASE_URL etc.).
// To rerun only the browser tests against a running `cargo xtask serve`:
//   ZHIXIN_BASE_URL=http://127.0.0.1:8080/ ZHIXIN_DEMO_SRC=.zhixin/demo-src node tests/e2e/run.mjs [FILTER]
// where FILTER keeps only the spec files whose name contains it.

import { spawn, spawnSync } from 'node:child_process';
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

const args = ['--test', '--test-reporter=spec', '--test-concurrency=1'];
const beside = files.length > 1 ? files.filter((f) => f.endsWith('session.spec.mjs')) : [];
const inTurn = files.filter((f) => !beside.includes(f));

// The session spec in the background, its output kept until it ends.
const background = beside.map(
  (file) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [...args, file], { cwd: here });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', (e) => resolve({ output: `${output}${e}\n`, status: 1 }));
      child.on('close', (status) => resolve({ output, status: status ?? 1 }));
    }),
);

const result = spawnSync(process.execPath, [...args, ...inTurn], { stdio: 'inherit', cwd: here });
let status = result.status ?? 1;
for (const done of await Promise.all(background)) {
  process.stdout.write(done.output);
  if (done.status !== 0) status = done.status;
}
process.exit(status);
