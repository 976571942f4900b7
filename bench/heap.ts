/**
 * `heapGrowthMB`: V8 heap in use after full garbage collection, before vs after `count`
 * executions on one long-lived supervisor (leaked actors, timers, listeners or map entries
 * show here). Garbage collection is exposed at run time (`v8.setFlagsFromString('--expose-gc')`
 * and `gc` taken from a fresh context), so no flag is needed on the command line.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { benchEngine, marketCycle, BENCH_MARKETS } from './engine.js';
import { perSec, runExecutions } from './execLoop.js';
import { macrotask, round } from './stats.js';

/** Result of {@link heapGrowth}. */
export interface HeapResult {
  readonly growthMB: number;
  /** Growth divided by the executions run (negative: the heap shrank). */
  readonly bytesPerExecution: number;
  readonly beforeMB: number;
  readonly afterMB: number;
  readonly executions: number;
  /** Whether `maxMs` stopped the run before `count` executions. */
  readonly capped: boolean;
  /** Throughput of the run itself (a by-product). */
  readonly perSec: number;
  readonly unexpected: number;
  readonly liveAfter: number;
}

/** A full, repeated garbage collection. */
export async function fullGc(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await macrotask();
  }
}

const usedMB = () => process.memoryUsage().heapUsed / 2 ** 20;

/**
 * Runs executions for `warmupMs`, measures, runs `count` more (stopping early after `maxMs`;
 * the count run is reported), measures (see the module comment).
 */
export async function heapGrowth(
  count: number,
  warmupMs: number,
  maxMs: number
): Promise<HeapResult> {
  const e = benchEngine();
  const next = marketCycle(0, BENCH_MARKETS);
  await runExecutions(e, { durationMs: warmupMs, nextMarket: next });
  await fullGc();
  const before = usedMB();
  const c = await runExecutions(e, { count, durationMs: maxMs, nextMarket: next });
  await new Promise((r) => setTimeout(r, 20)); // the last delayed releases
  await fullGc();
  const after = usedMB();
  const liveAfter = e.supervisor.liveCount();
  await e.supervisor.stop({ timeoutMs: 1_000 });
  return {
    growthMB: round(after - before, 2),
    bytesPerExecution: round(((after - before) * 2 ** 20) / Math.max(1, c.ok + c.other), 1),
    beforeMB: round(before, 1),
    afterMB: round(after, 1),
    executions: c.ok + c.other,
    capped: c.ok + c.other < count,
    perSec: Math.round(perSec(c)),
    unexpected: c.other,
    liveAfter
  };
}
