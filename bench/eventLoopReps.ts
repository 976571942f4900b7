/**
 * `eventLoopDelayP99Ms` as reported: several windows, each in a fresh child process
 * (bench/isolated.ts), and the median of their p99s. Each window also reports the idle p99 of
 * the same process and the hypervisor's steal, so a noisy machine is visible in the report.
 */
import { runIsolated } from './isolated.js';
import type { IsolatedLoopResult } from './isolatedChild.js';
import type { BenchPlan } from './plan.js';
import { median } from './stats.js';

/** Result of {@link eventLoopReps}: the median p99 and every window's figures. */
export interface EventLoopReps {
  readonly p99Ms: number;
  readonly p99sMs: readonly number[];
  readonly idleP99Ms: readonly number[];
  readonly stealPct: readonly (number | null)[];
  /** Executions completed in the feed window, per second (median). */
  readonly achievedPerSec: number;
  readonly maxLive: number;
  /** Opportunities fed and results received, all windows together. */
  readonly submitted: number;
  readonly completed: number;
  readonly unexpected: number;
  readonly drained: boolean;
  readonly windows: readonly IsolatedLoopResult[];
}

/** Runs the windows of `plan` one after another (see the module comment). */
export async function eventLoopReps(plan: BenchPlan['loop']): Promise<EventLoopReps> {
  const windows: IsolatedLoopResult[] = [];
  for (let i = 0; i < plan.reps; i++) {
    windows.push(
      await runIsolated<IsolatedLoopResult>(
        'eventLoop',
        [plan.ratePerSec, plan.durationMs, plan.drainMs, plan.idleMs],
        plan.idleMs + plan.durationMs + plan.drainMs + 60_000
      )
    );
  }
  return {
    p99Ms: median(windows.map((w) => w.p99Ms)),
    p99sMs: windows.map((w) => w.p99Ms),
    idleP99Ms: windows.map((w) => w.idleP99Ms),
    stealPct: windows.map((w) => w.stealPct),
    achievedPerSec: median(windows.map((w) => w.achievedPerSec)),
    maxLive: Math.max(...windows.map((w) => w.maxLive)),
    submitted: windows.reduce((a, w) => a + w.submitted, 0),
    completed: windows.reduce((a, w) => a + w.completed, 0),
    unexpected: windows.reduce((a, w) => a + w.unexpected, 0),
    drained: windows.every((w) => w.drained),
    windows
  };
}
