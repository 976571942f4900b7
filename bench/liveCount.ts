/**
 * `execPerSecLive0` / `execPerSecLive1000`: full executions per second (one at a time, each to
 * its result, instant venues) with no other execution live, and with 1,000 others live —
 * parked in legs that never answer until the end. Both run on the same supervisor and the
 * same markets, in alternating windows, so machine noise hits both alike.
 */
import { benchEngine, marketCycle, BENCH_MARKETS, PARKED_MARKETS, opportunity } from './engine.js';
import { perCpuSec, perSec, runExecutions } from './execLoop.js';
import { macrotask, median } from './stats.js';
import type { ExecutionResult } from '../core/index.js';

/** Result of {@link liveCountThroughput}. */
export interface LiveCountResult {
  readonly live0: number;
  readonly live1000: number;
  /** `live1000 / live0`. */
  readonly ratio: number;
  /** Same windows per CPU second of this process (robust to a busy machine). */
  readonly cpu: { readonly live0: number; readonly live1000: number; readonly ratio: number };
  readonly windows: { readonly live0: number[]; readonly live1000: number[] };
  /** Non-success results in the measured windows (should be 0). */
  readonly unexpected: number;
}

/** Runs `reps` alternating windows of `windowMs` each after `warmupMs` (see the module comment). */
export async function liveCountThroughput(
  windowMs: number,
  reps: number,
  warmupMs: number
): Promise<LiveCountResult> {
  let parkOn = false;
  const e = benchEngine({ park: (id) => parkOn && id < PARKED_MARKETS });
  const next = marketCycle(PARKED_MARKETS, BENCH_MARKETS);
  await runExecutions(e, { durationMs: warmupMs, nextMarket: next });
  const live0: number[] = [];
  const live1000: number[] = [];
  const cpu0: number[] = [];
  const cpu1000: number[] = [];
  let unexpected = 0;
  const window = async (into: number[], cpuInto: number[]) => {
    const c = await runExecutions(e, { durationMs: windowMs, nextMarket: next });
    unexpected += c.other;
    into.push(perSec(c));
    cpuInto.push(perCpuSec(c));
  };
  for (let r = 0; r < reps; r++) {
    await window(live0, cpu0);
    parkOn = true;
    const parked: Promise<ExecutionResult>[] = [];
    for (let id = 0; id < PARKED_MARKETS; id++) {
      parked.push(e.supervisor.submit(opportunity(id, e.clock)));
    }
    await macrotask();
    if (e.supervisor.liveCount() !== PARKED_MARKETS) {
      throw new Error(`liveCount: ${e.supervisor.liveCount()} live, expected ${PARKED_MARKETS}`);
    }
    await window(live1000, cpu1000);
    parkOn = false;
    e.kalshi.releaseParked();
    e.polymarket.releaseParked();
    await Promise.all(parked);
    await macrotask();
  }
  await e.supervisor.stop({ timeoutMs: 1_000 });
  const a = median(live0);
  const b = median(live1000);
  const c0 = median(cpu0);
  const c1 = median(cpu1000);
  return {
    live0: a,
    live1000: b,
    ratio: b / a,
    cpu: { live0: c0, live1000: c1, ratio: c1 / c0 },
    windows: { live0, live1000 },
    unexpected
  };
}
