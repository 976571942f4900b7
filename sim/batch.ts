/**
 * Runs a contiguous range of seeds one after another and folds the outcomes into the report
 * shape of `npm run sim` (`scenarios`, `violations`, `faults`, `failures`).
 */
import { runScenario, type RunOptions } from './runner.js';
import type { FaultCounts, FaultKind, InvariantName, ScenarioOutcome } from './types.js';

/** One failing seed: its first violation. */
export interface Failure {
  readonly seed: number;
  readonly invariant: InvariantName;
  readonly step: number;
}

/** The batch report (the JSON `npm run sim -- --json` writes). */
export interface BatchReport {
  readonly scenarios: number;
  /** Scenarios with at least one violation. */
  readonly violations: number;
  readonly faults: FaultCounts;
  readonly failures: Failure[];
  /** Exposure left that the venue provably could not close, per seed and market (not a failure). */
  readonly unclosable: UnclosableEntry[];
}

/** One market's provably unclosable exposure (signed micro-contracts, long YES > 0). */
export interface UnclosableEntry {
  readonly seed: number;
  readonly marketId: number;
  readonly contracts: number;
}

/** Options of {@link runBatch}. */
export interface BatchOptions extends RunOptions {
  /** Stop at the first failing seed (planted-bug tests). */
  readonly stopOnFailure?: boolean;
  /** Called with each failing scenario (the CLI prints its trace). */
  readonly onFailure?: (o: ScenarioOutcome) => void;
}

/** Adds fault counts into `into`. */
export function addFaults(into: Partial<Record<FaultKind, number>>, more: FaultCounts): void {
  for (const [k, n] of Object.entries(more) as [FaultKind, number][]) into[k] = (into[k] ?? 0) + n;
}

/** Runs seeds `start … start + count − 1`. */
export async function runBatch(
  start: number,
  count: number,
  opts: BatchOptions = {}
): Promise<BatchReport> {
  const faults: Partial<Record<FaultKind, number>> = {};
  const failures: Failure[] = [];
  const unclosable: UnclosableEntry[] = [];
  let scenarios = 0;
  for (let seed = start; seed < start + count; seed++) {
    const o = await runScenario(seed, opts);
    scenarios += 1;
    addFaults(faults, o.faults);
    for (const u of o.unclosable) unclosable.push({ seed, ...u });
    const first = o.violations[0];
    if (first) {
      failures.push({ seed, invariant: first.invariant, step: first.step });
      opts.onFailure?.(o);
      if (opts.stopOnFailure) break;
    }
  }
  return { scenarios, violations: failures.length, faults, failures, unclosable };
}
