/**
 * Argument parsing and report formatting of `npm run sim` (kept apart from `run.ts`, which
 * only does I/O, so both are testable without a console).
 */
import type { BatchReport } from './batch.js';
import { DURABLE_KINDS, type DurableKind } from './durable.js';
import { DEFAULT_SWITCHES, switchesOf } from './switches.js';
import { FAULT_KINDS, type ScenarioOutcome } from './types.js';

/** Parsed command line. */
export interface SimArgs {
  readonly seeds: number;
  readonly start: number;
  readonly json: string | null;
  readonly workers: number;
  readonly plant: string | null;
  /** Print every scenario's trace (for a single-seed reproduction). */
  readonly trace: boolean;
  /** Durable record of crash recovery: the SQLite ledger (default) or the in-sim journal. */
  readonly journal: DurableKind;
  /** The issue-13 switches that are on (`--switch a,b` or `all`; default: the committed set). */
  readonly switches: readonly string[];
}

const USAGE =
  'usage: npm run sim -- --seeds <n> [--start <seed>] [--json <file>] [--workers <k>] [--plant <name>] [--journal ledger|ledger-throttled|memory] [--switch <name,…>|all] [--trace]';

/** Parses `argv` (after the script name); throws with the usage line on bad input. */
export function parseArgs(argv: readonly string[], cpus: number): SimArgs {
  const out = {
    seeds: 100,
    start: 1,
    json: null as string | null,
    workers: Math.min(2, cpus),
    plant: null as string | null,
    trace: false,
    journal: 'ledger' as DurableKind,
    switches: DEFAULT_SWITCHES as readonly string[]
  };
  const int = (v: string | undefined, name: string, min: number) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`--${name} needs an integer ≥ ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seeds') out.seeds = int(argv[++i], 'seeds', 1);
    else if (a === '--start') out.start = int(argv[++i], 'start', 0);
    else if (a === '--workers') out.workers = int(argv[++i], 'workers', 1);
    else if (a === '--json') out.json = argv[++i] ?? null;
    else if (a === '--plant') out.plant = argv[++i] ?? null;
    else if (a === '--trace') out.trace = true;
    else if (a === '--switch') {
      const names = (argv[++i] ?? '').split(',').filter((x) => x !== '');
      switchesOf(names); // throws on an unknown name
      out.switches = [...new Set([...DEFAULT_SWITCHES, ...names])];
    } else if (a === '--journal') {
      const j = argv[++i];
      const kind = DURABLE_KINDS.find((k) => k === j);
      if (!kind) throw new Error(`--journal is one of ${DURABLE_KINDS.join(', ')}\n${USAGE}`);
      out.journal = kind;
    } else throw new Error(`unknown argument ${String(a)}\n${USAGE}`);
  }
  return out;
}

/** The one-line reproduction of a seed. */
export function reproLine(
  seed: number,
  plant: string | null,
  journal: DurableKind = 'ledger',
  switches: readonly string[] = DEFAULT_SWITCHES
): string {
  const extra = switches.filter((x) => !DEFAULT_SWITCHES.includes(x as never));
  return `npm run sim -- --seeds 1 --start ${seed} --workers 1 --trace${plant ? ` --plant ${plant}` : ''}${journal === 'ledger' ? '' : ` --journal ${journal}`}${extra.length > 0 ? ` --switch ${extra.join(',')}` : ''}`;
}

/** The report with fault kinds in their fixed order. */
export function normalized(r: BatchReport): BatchReport {
  const faults: Record<string, number> = {};
  for (const k of FAULT_KINDS) if (r.faults[k]) faults[k] = r.faults[k];
  return {
    ...r,
    faults,
    failures: [...r.failures].sort((a, b) => a.seed - b.seed),
    unclosable: [...r.unclosable].sort((a, b) => a.seed - b.seed || a.marketId - b.marketId)
  };
}

/** What to print for a failing scenario: repro line, violations, trace. */
export function describeFailure(
  o: ScenarioOutcome,
  plant: string | null,
  journal: DurableKind = 'ledger',
  switches: readonly string[] = DEFAULT_SWITCHES
): string {
  const v = o.violations.map(
    (x) => `  ${x.invariant} at step ${x.step} (${(x.atMs / 1000).toFixed(3)}s): ${x.detail}`
  );
  return [
    `✗ seed ${o.seed} failed — reproduce: ${reproLine(o.seed, plant, journal, switches)}`,
    ...v,
    '--- trace ---',
    o.trace
  ].join('\n');
}
