/**
 * The closed loop the in-process benchmarks share: one opportunity at a time through
 * `supervisor.submit`, each awaited to its result, market ids cycling over a range, a
 * macrotask yield every {@link YIELD_EVERY} executions so the delayed-release timer runs.
 */
import type { ExecutionResult } from '../core/index.js';
import { opportunity, type BenchEngine } from './engine.js';
import { macrotask, nowNs } from './stats.js';

/** Executions between two macrotask yields. */
export const YIELD_EVERY = 256;

/** What one loop did. */
export interface LoopCount {
  /** Executions that ended in success (both legs filled). */
  readonly ok: number;
  /** Any other result (should be 0: a collision or a fault). */
  readonly other: number;
  readonly elapsedNs: number;
  /** CPU time (user + system) of this process during the loop, µs. */
  readonly cpuUs: number;
  /** First unexpected error code seen, if any. */
  readonly firstOther: string | null;
}

/** Options of {@link runExecutions}. */
export interface LoopOptions {
  /** Stop after this many executions … */
  readonly count?: number;
  /** … or after this much time, ms (whichever comes first). */
  readonly durationMs?: number;
  readonly nextMarket: () => number;
  /** Called with the submit time (shared clock) and the result of every execution. */
  readonly onResult?: (startNs: number, r: ExecutionResult) => void;
}

/** Runs executions one by one (see the module comment). */
export async function runExecutions(e: BenchEngine, o: LoopOptions): Promise<LoopCount> {
  const max = o.count ?? Number.POSITIVE_INFINITY;
  const endNs = o.durationMs === undefined ? Infinity : nowNs() + o.durationMs * 1e6;
  let ok = 0;
  let other = 0;
  let firstOther: string | null = null;
  const cpu0 = process.cpuUsage();
  const t0 = nowNs();
  for (let i = 0; i < max; i++) {
    if ((i & (YIELD_EVERY - 1)) === 0) {
      await macrotask();
      if (nowNs() >= endNs) break;
    }
    const req = opportunity(o.nextMarket(), e.clock);
    const r = await e.supervisor.submit(req);
    o.onResult?.(req.detectedNs, r);
    if (r.success) ok++;
    else {
      other++;
      firstOther ??= r.error;
    }
  }
  const elapsedNs = nowNs() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ok, other, elapsedNs, cpuUs: cpu.user + cpu.system, firstOther };
}

/**
 * Executions per CPU second of this process (successful ones only): what one dedicated core
 * would do, insensitive to other processes taking the CPU on a shared machine.
 */
export function perCpuSec(c: LoopCount): number {
  return c.cpuUs > 0 ? (c.ok * 1e6) / c.cpuUs : 0;
}

/** Executions per (wall-clock) second of a loop (successful ones only). */
export function perSec(c: LoopCount): number {
  return c.elapsedNs > 0 ? (c.ok * 1e9) / c.elapsedNs : 0;
}
