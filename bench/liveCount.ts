/**
 * Full executions (one at a time, each to its result, instant venues) with no other execution
 * live, and with 1,000 others live — parked in legs that never answer until the end. Both run
 * on the same supervisor and the same markets, in alternating windows, so machine noise hits
 * both alike. Every measured window follows an unmeasured half window of the same loop in the
 * same state: spawning or finishing the 1,000 parked executions leaves garbage-collection work
 * (their objects promoted, then dead) that would otherwise land in the next window and charge
 * a state change to the steady state. Each window gives executions per wall-clock second and
 * per CPU second of this process; the live-0 windows also give `cpuUsPerExecution`, the CPU
 * cost of one happy-path execution (every execution is a root actor of the execution machine
 * from claim to release).
 */
import { benchEngine, marketCycle, BENCH_MARKETS, PARKED_MARKETS, opportunity } from './engine.js';
import { perCpuSec, perSec, runExecutions } from './execLoop.js';
import { macrotask, median, round } from './stats.js';
import type { ExecutionResult } from '../core/index.js';

/** Result of {@link liveCountThroughput}. */
export interface LiveCountResult {
  readonly live0: number;
  readonly live1000: number;
  /** `live1000 / live0`. */
  readonly ratio: number;
  /** Same windows per CPU second of this process (robust to a busy machine). */
  readonly cpu: { readonly live0: number; readonly live1000: number; readonly ratio: number };
  /** CPU µs (user + system, every thread of this process) per execution, live-0 windows. */
  readonly cpuUsPerExecution: number;
  readonly windows: {
    readonly live0: number[];
    readonly live1000: number[];
    readonly cpuUsPerExecution: number[];
  };
  /** Executions measured in the live-0 and live-1000 windows. */
  readonly executions: { readonly live0: number; readonly live1000: number };
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
  const usPerExec: number[] = [];
  const executions = { live0: 0, live1000: 0 };
  let unexpected = 0;
  const window = async (which: 'live0' | 'live1000', into: number[], cpuInto: number[]) => {
    const settle = await runExecutions(e, { durationMs: windowMs / 2, nextMarket: next });
    const c = await runExecutions(e, { durationMs: windowMs, nextMarket: next });
    const n = c.ok + c.other;
    unexpected += settle.other + c.other;
    executions[which] += n;
    into.push(perSec(c));
    cpuInto.push(perCpuSec(c));
    if (which === 'live0' && n > 0) usPerExec.push(c.cpuUs / n);
  };
  for (let r = 0; r < reps; r++) {
    await window('live0', live0, cpu0);
    parkOn = true;
    const parked: Promise<ExecutionResult>[] = [];
    for (let id = 0; id < PARKED_MARKETS; id++) {
      parked.push(e.supervisor.submit(opportunity(id, e.clock)));
    }
    await macrotask();
    if (e.supervisor.liveCount() !== PARKED_MARKETS) {
      throw new Error(`liveCount: ${e.supervisor.liveCount()} live, expected ${PARKED_MARKETS}`);
    }
    await window('live1000', live1000, cpu1000);
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
    cpuUsPerExecution: round(median(usPerExec)),
    windows: {
      live0: live0.map((x) => Math.round(x)),
      live1000: live1000.map((x) => Math.round(x)),
      cpuUsPerExecution: usPerExec.map((x) => round(x))
    },
    executions,
    unexpected
  };
}
