/**
 * `eventLoopDelayP99Ms`: `perf_hooks.monitorEventLoopDelay` (1 ms resolution) while a paced
 * feed pushes `ratePerSec` opportunities for `durationMs`, every one a full execution on a
 * distinct market, through venues that answer after 1 ms on the shared clock (so executions
 * overlap as with a real venue). The feed is what a detector does in production: a stream
 * given to `supervisor.connect`, results read on `results$`. Nothing per opportunity is kept
 * by the bench (no promise, no closure), so the heap and the GC see the engine's own work and
 * nothing else; the results are counted. The feed is paced on elapsed time, not on timer
 * ticks, so a late tick catches up instead of silently lowering the rate. The monitor covers
 * the feed window only; the drain after it is bounded by `drainMs`, then the engine is stopped.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Subject } from 'rxjs';
import type { FastExecutionRequest } from '../core/index.js';
import { benchEngine, marketCycle, opportunity, BENCH_MARKETS } from './engine.js';
import { runExecutions } from './execLoop.js';
import { nowNs, round } from './stats.js';

/** Result of {@link eventLoopDelay}. */
export interface EventLoopResult {
  readonly p99Ms: number;
  readonly p50Ms: number;
  readonly maxMs: number;
  readonly submitted: number;
  readonly completed: number;
  /** Executions completed during the feed window, per second. */
  readonly achievedPerSec: number;
  readonly unexpected: number;
  readonly maxLive: number;
  /** Whether every execution finished within the drain allowance after the feed. */
  readonly drained: boolean;
}

/** Runs the paced feed under the monitor (see the module comment). */
export async function eventLoopDelay(
  ratePerSec: number,
  durationMs: number,
  drainMs: number
): Promise<EventLoopResult> {
  const e = benchEngine({ latencyMs: 1 });
  const next = marketCycle(0, BENCH_MARKETS);
  await runExecutions(e, { durationMs: 500, nextMarket: next });
  let submitted = 0;
  let completed = 0;
  let unexpected = 0;
  let maxLive = 0;
  let completedInWindow = 0;
  let drainedAll: (() => void) | undefined;
  const total = Math.floor((durationMs * ratePerSec) / 1_000);
  const results = e.supervisor.results$.subscribe((r) => {
    completed++;
    if (!r.success) unexpected++;
    if (completed === submitted && submitted >= total) drainedAll?.();
  });
  const feed = new Subject<FastExecutionRequest>();
  e.supervisor.connect(feed);
  const h = monitorEventLoopDelay({ resolution: 1 });
  const t0 = nowNs();
  h.enable();
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsedNs = nowNs() - t0;
      const due = Math.min(Math.floor((elapsedNs * ratePerSec) / 1e9), total);
      while (submitted < due) {
        submitted++;
        feed.next(opportunity(next(), e.clock));
      }
      maxLive = Math.max(maxLive, e.supervisor.liveCount());
      if (elapsedNs >= durationMs * 1e6) {
        completedInWindow = completed;
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
  });
  h.disable();
  let drainTimer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    new Promise<boolean>((r) => {
      drainedAll = () => r(true);
      if (completed === submitted) r(true);
    }),
    new Promise<boolean>((r) => (drainTimer = setTimeout(() => r(false), drainMs)))
  ]);
  clearTimeout(drainTimer);
  feed.complete();
  results.unsubscribe();
  await e.supervisor.stop({ timeoutMs: 1_000 });
  const ms = (ns: number) => round(ns / 1e6, 2);
  return {
    p99Ms: ms(h.percentile(99)),
    p50Ms: ms(h.percentile(50)),
    maxMs: ms(h.max),
    submitted,
    completed,
    achievedPerSec: Math.round((completedInWindow * 1_000) / durationMs),
    unexpected,
    maxLive,
    drained
  };
}
