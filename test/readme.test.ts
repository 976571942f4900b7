/**
 * The README's TypeScript is part of the build: every ```ts block type-checks against the
 * public API (`import … from 'twinleg'`, resolved to `index.ts` through the package's own
 * `exports`), under tsconfig.json's compiler options; a block preceded by a `<!-- runnable -->`
 * line also runs (tsx, time-capped) and must exit 0.
 *
 * Each block is written to `.tmp/readme/blockN.ts` inside the repository (so the self-reference
 * resolves) behind a hidden prelude: the values a fragment assumes ({@link PRELUDE}), each added
 * only when the block uses the name without defining it. A runnable block may not rely on them
 * (they are declarations, with no value at run time).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseOpportunityLine } from '../adapters/feeds/jsonlFeed.js';
import { twinleg } from './cliSupport.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.tmp', 'readme');
const RUN_CAP_MS = 60_000;

/** Values README fragments assume, by name: declared for the type-check only. */
export const PRELUDE: Readonly<Record<string, string>> = {
  markets: 'declare const markets: __twinleg.MarketPair[];',
  kalshiAdapter: 'declare const kalshiAdapter: __twinleg.VenueAdapter;',
  polyAdapter: 'declare const polyAdapter: __twinleg.VenueAdapter;',
  risk: 'declare const risk: __twinleg.RiskPort;',
  logger: 'declare const logger: __twinleg.Logger;',
  ledger: 'declare const ledger: __twinleg.Ledger;'
};

interface Block {
  readonly n: number;
  /** README line of the block's first code line. */
  readonly line: number;
  readonly code: string;
  readonly runnable: boolean;
}

/** The ```ts blocks of a markdown text, numbered from 1. */
export function tsBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    let prev = i - 1;
    while (prev >= 0 && lines[prev]?.trim() === '') prev--;
    blocks.push({
      n: blocks.length + 1,
      line: start + 1,
      code: lines.slice(start, end).join('\n'),
      runnable: lines[prev]?.trim() === '<!-- runnable -->'
    });
    i = end;
  }
  return blocks;
}

/** The prelude lines a block needs: names it uses but neither declares nor imports. */
function preludeFor(code: string): string[] {
  const imports = [...code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}/g)]
    .flatMap((m) => (m[1] ?? '').split(','))
    .map((s) => s.replace(/^\s*type\s+/, '').trim());
  return Object.entries(PRELUDE)
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(code))
    .filter(([name]) => !new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b`).test(code))
    .filter(([name]) => !imports.includes(name))
    .map(([, decl]) => decl);
}

function fileOf(b: Block): string {
  return join(OUT, `block${b.n}.ts`);
}

const blocks = tsBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
/** Lines before the block's code in its file, to map diagnostics back to README lines. */
const offsets = new Map<number, number>();

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const b of blocks) {
    const prelude = preludeFor(b.code);
    const head =
      prelude.length === 0
        ? ['export {};']
        : ["import type * as __twinleg from 'twinleg';", ...prelude];
    offsets.set(b.n, head.length);
    writeFileSync(fileOf(b), [...head, b.code, ''].join('\n'));
  }
});

describe('README.md code blocks', () => {
  it('has TypeScript blocks, some of them runnable', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(blocks.some((b) => b.runnable)).toBe(true);
  });

  it('every ```ts block type-checks against the public API (tsconfig.json options)', () => {
    const cfgPath = join(ROOT, 'tsconfig.json');
    const cfg = ts.readConfigFile(cfgPath, (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, ROOT, undefined, cfgPath);
    const program = ts.createProgram(blocks.map(fileOf), parsed.options);
    const problems: string[] = [];
    for (const b of blocks) {
      const sf = program.getSourceFile(fileOf(b));
      if (!sf) throw new Error(`block ${b.n} was not compiled`);
      const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
      for (const d of diags) {
        const at = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
        const readmeLine = b.line + at - (offsets.get(b.n) ?? 0);
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        problems.push(`README.md:${readmeLine} (block ${b.n}): TS${d.code} ${text}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  for (const b of blocks.filter((x) => x.runnable)) {
    it(
      `runnable block ${b.n} (README.md:${b.line}) runs and exits 0`,
      async () => {
        const run = promisify(execFile);
        const { stdout } = await run(process.execPath, ['--import', 'tsx', fileOf(b)], {
          cwd: ROOT,
          timeout: RUN_CAP_MS,
          env: { ...process.env, NODE_NO_WARNINGS: '1' }
        });
        expect(typeof stdout).toBe('string');
      },
      RUN_CAP_MS + 10_000
    );
  }
});

describe('examples/detectorToStdin.ts (README "Where live opportunities come from")', () => {
  it('prints opportunity lines in the feed format, which `twinleg run --feed stdin` executes', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/detectorToStdin.ts', '--rounds', '2', '--interval-ms', '0'],
      { cwd: ROOT, timeout: RUN_CAP_MS }
    );
    const lines = stdout.split('\n').filter((l) => l !== '');
    const records = lines.map((l, i) => parseOpportunityLine(l, `detector line ${i + 1}`));
    expect(records.length).toBe(4); // two pairs of the snapshot clear 1¢, twice
    expect(new Set(records.map((r) => r?.marketId))).toEqual(new Set([0, 1]));

    // the README's paper pipe: the same lines on the CLI's stdin
    const ran = await twinleg(
      ['run', '--feed', 'stdin', '--markets', 'examples/markets.example.json', '--json-logs'],
      { input: stdout }
    );
    expect(ran.code).toBe(0);
    expect(ran.stdout + ran.stderr).toMatch(/"success":2/);
  }, 90_000);
});
