// Runs browser test files with node's test runner, or skips (exit 77, ctest's SKIP_RETURN_CODE)
// saying what is missing: chromium, node_modules/playwright-core, or the built binaries. Under CI
// (CI set) a missing prerequisite fails instead: CI installs them all, so a skip there would hide a
// broken setup.
//
//   node tests/browser/run.mjs journeys.test.mjs [more.test.mjs ...]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPrerequisite } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const missing = missingPrerequisite();
if (missing) {
  if (process.env.CI) {
    console.log(`FAIL: the browser tests cannot run under CI: ${missing}`);
    process.exit(1);
  }
  console.log(`SKIP: the browser tests cannot run: ${missing}`);
  process.exit(77);
}
const files = process.argv.slice(2).map((file) => join(here, file));
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
