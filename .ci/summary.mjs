/* global process */
// Prints vitest's totals as one plain closing line: "tests: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
process.stdout.write(
  `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`
);
process.exit(r.success && r.numTotalTests > 0 ? 0 : 1);
