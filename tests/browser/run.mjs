// Runs browser test files with node's test runner, or skips (exit 77, ctest's SKIP_RETURN_CODE)
// saying what is missing: chromium, tests/browser/node_modules, or the built binaries.
//
//   node tests/browser/run.mjs journeys.test.mjs [more.test.mjs ...]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPrerequisite } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const missing = missingPrerequisite();
if (missing) {
  console.log(`SKIP: the browser tests cannot run: ${missing}`);
  process.exit(77);
}
const files = process.argv.slice(2).map((file) => join(here, file));
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
