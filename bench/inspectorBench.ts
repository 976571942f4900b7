/**
 * `inspectorOnExecPerSec`: full executions per second with the inspector attached
 * (`attachInspector(supervisor, { port: 0 })`: the server on a free loopback port, no browser
 * connected), in windows alternating with an uninspected engine (same run, same loop as
 * `execPerSecLive0`).
 */
import { attachInspector } from '../inspector/attach.js';
import { benchEngine, marketCycle, BENCH_MARKETS, type BenchEngine } from './engine.js';
import { perCpuSec, perSec, runExecutions } from './execLoop.js';
import { median } from './stats.js';

/** Result of {@link inspectorThroughput}. */
export interface InspectorResult {
  readonly perSec: number;
  /** Same run, no inspector. */
  readonly baselinePerSec: number;
  readonly ratio: number;
  /** The same per CPU second of this process (robust to a busy machine). */
  readonly cpu: {
    readonly perSec: number;
    readonly baselinePerSec: number;
    readonly ratio: number;
  };
  /** How the inspector was attached. */
  readonly mode: string;
  readonly unexpected: number;
}

/** Builds an inspected engine; returns it with its mode and its close function. */
async function inspectedEngine(): Promise<{
  e: BenchEngine;
  mode: string;
  close(): Promise<void>;
}> {
  const e = benchEngine();
  const h = await attachInspector(e.supervisor, { port: 0 });
  return { e, mode: 'inspector/attach.ts via supervisor.attachInspector', close: () => h.close() };
}

/** Runs `reps` alternating windows (see the module comment). */
export async function inspectorThroughput(
  windowMs: number,
  reps: number,
  warmupMs: number
): Promise<InspectorResult> {
  const plain = benchEngine();
  const insp = await inspectedEngine();
  const nextPlain = marketCycle(0, BENCH_MARKETS);
  const nextInsp = marketCycle(0, BENCH_MARKETS);
  await runExecutions(plain, { durationMs: warmupMs, nextMarket: nextPlain });
  await runExecutions(insp.e, { durationMs: warmupMs, nextMarket: nextInsp });
  const base: number[] = [];
  const with_: number[] = [];
  const cpuBase: number[] = [];
  const cpuWith: number[] = [];
  let unexpected = 0;
  for (let r = 0; r < reps; r++) {
    const a = await runExecutions(plain, { durationMs: windowMs, nextMarket: nextPlain });
    const b = await runExecutions(insp.e, { durationMs: windowMs, nextMarket: nextInsp });
    base.push(perSec(a));
    with_.push(perSec(b));
    cpuBase.push(perCpuSec(a));
    cpuWith.push(perCpuSec(b));
    unexpected += a.other + b.other;
  }
  await insp.close();
  await plain.supervisor.stop({ timeoutMs: 1_000 });
  await insp.e.supervisor.stop({ timeoutMs: 1_000 });
  const p = median(with_);
  const b = median(base);
  const cp = median(cpuWith);
  const cb = median(cpuBase);
  return {
    perSec: p,
    baselinePerSec: b,
    ratio: p / b,
    cpu: { perSec: cp, baselinePerSec: cb, ratio: cp / cb },
    mode: insp.mode,
    unexpected
  };
}
