/**
 * The execution machine's state diagram, generated from `machines/execution.ts`.
 *
 *   npx tsx scripts/statechart.ts           print the Mermaid text
 *   npx tsx scripts/statechart.ts --write   put it into README.md's section (below)
 *   npx tsx scripts/statechart.ts --check   exit 1 when README.md's diagram differs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { executionMachine } from '../machines/execution.js';
import { renderStatechart } from '../machines/statechart.js';

/** The README.md section whose mermaid block is the diagram. */
export const SECTION = '## The state diagram of an execution';
/** The path of README.md. */
export const README = fileURLToPath(new URL('../README.md', import.meta.url));
/** What to run when README.md's diagram is stale. */
export const FIX = 'npm run statechart -- --write';

const FENCE = '```mermaid\n';

/** Start and end of the text between the mermaid fences of {@link SECTION} in `readme`. */
function blockRange(readme: string): [number, number] {
  const section = readme.indexOf(`\n${SECTION}\n`);
  if (section < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const next = readme.indexOf('\n## ', section + 1);
  const open = readme.indexOf(FENCE, section);
  const close = open < 0 ? -1 : readme.indexOf('\n```', open + FENCE.length - 1);
  if (open < 0 || close < 0 || (next >= 0 && close > next)) {
    throw new Error(`README.md's section "${SECTION}" has no \`\`\`mermaid block`);
  }
  return [open + FENCE.length, close + 1];
}

/** The diagram in README.md's text (between the fences, ending with a newline). */
export function readmeBlock(readme: string): string {
  const [start, end] = blockRange(readme);
  return readme.slice(start, end);
}

/** `readme` with its diagram replaced by `block`. */
export function withBlock(readme: string, block: string): string {
  const [start, end] = blockRange(readme);
  return readme.slice(0, start) + block + readme.slice(end);
}

function main(mode: string | undefined): number {
  const diagram = renderStatechart(executionMachine);
  if (mode === undefined) {
    process.stdout.write(diagram);
    return 0;
  }
  const readme = readFileSync(README, 'utf8');
  if (mode === '--write') {
    const updated = withBlock(readme, diagram);
    if (updated !== readme) writeFileSync(README, updated);
    process.stdout.write(
      `README.md: state diagram ${updated === readme ? 'up to date' : 'written'}\n`
    );
    return 0;
  }
  if (mode === '--check') {
    const block = readmeBlock(readme);
    if (block === diagram) return 0;
    const old = block.split('\n');
    const line = diagram.split('\n').findIndex((l, i) => l !== old[i]);
    process.stderr.write(
      `README.md's state diagram differs from machines/execution.ts (from line ${line < 0 ? old.length : line + 1}).\n` +
        `Run \`${FIX}\` and commit README.md.\n`
    );
    return 1;
  }
  process.stderr.write('usage: tsx scripts/statechart.ts [--write | --check]\n');
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv[2]);
}
