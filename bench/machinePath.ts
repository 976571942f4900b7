/**
 * The same engine with `fastLane: false`: every execution runs as an XState actor from claim
 * (what happens while an inspector is attached, and what the handover path costs). Not a
 * target; reported in `meta.details.machinePath` so the fast lane's gain stays measured.
 */
import { benchEngine, marketCycle, BENCH_MARKETS } from './engine.js';
import { runExecutions } from './execLoop.js';
import { execOverhead } from './overhead.js';

/** Result of {@link machinePath}. */
export interface MachinePathResult {
  readonly overheadUs: { readonly p50: number; readonly p99: number };
  /** Full executions per second, one at a time on instant venues. */
  readonly execPerSec: number;
  /** CPU µs per execution in that loop. */
  readonly cpuUsPerExecution: number;
}

/** Measures the machine path (see the module comment). */
export async function machinePath(
  samples: number,
  windowMs: number,
  warmupMs: number
): Promise<MachinePathResult> {
  const config = { fastLane: false };
  const o = await execOverhead(samples, 3, warmupMs, windowMs, { config });
  const e = benchEngine({ config });
  const next = marketCycle(0, BENCH_MARKETS);
  await runExecutions(e, { durationMs: warmupMs, nextMarket: next });
  const c = await runExecutions(e, { durationMs: windowMs, nextMarket: next });
  await e.supervisor.stop({ timeoutMs: 1_000 });
  const n = c.ok + c.other;
  return {
    overheadUs: { p50: o.p50, p99: o.p99 },
    execPerSec: Math.round((c.ok * 1e9) / c.elapsedNs),
    cpuUsPerExecution: n > 0 ? Math.round(c.cpuUs / n) : 0
  };
}
