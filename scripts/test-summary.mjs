#!/usr/bin/env node
// Ends `npm test` with one plain line, "N passed, N failed", summed over the unit and e2e runs' JSON reports
// (written by the reporters in vitest.config.ts and vitest.e2e.config.ts). `--clean` removes old reports first.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = '.test-results';
if (process.argv.includes('--clean')) {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
if (!existsSync(dir)) {
  console.error('test-summary: no reports in .test-results (did the test runs start?)');
  process.exit(1);
}
let passed = 0;
let failed = 0;
let skipped = 0;
const parts = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  parts.push(`${file.replace(/\.json$/, '')} ${r.numPassedTests}/${r.numTotalTests}`);
}
console.log(`(${parts.join(', ')})`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
