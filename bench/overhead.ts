/**
 * `execOverheadUs`: the engine's own cost from one opportunity in to both leg orders handed
 * to the venue adapters (shape check, claim, actor spawn, validate, risk, size, both
 * placements entered), measured on the shared clock with instant in-process venues.
 */
import { benchEngine, marketCycle, BENCH_MARKETS } from './engine.js';
import { runExecutions } from './execLoop.js';
import {
  latencyHistogram,
  median,
  recordNs,
  round,
  summarizeUs,
  type LatencySummary
} from './stats.js';

/** Result of {@link execOverhead}. */
export interface OverheadResult {
  /** Median over repetitions of each repetition's p50 and p99, µs. */
  readonly p50: number;
  readonly p99: number;
  /** All measured samples pooled. */
  readonly pooled: LatencySummary;
  readonly repetitions: number;
  /** Results that were not a success (should be 0). */
  readonly unexpected: number;
}

/**
 * Measures `reps` × `samples` executions (each repetition capped at `maxRepMs`) after
 * `warmupMs` of executions (see the module comment).
 */
export async function execOverhead(
  samples: number,
  reps: number,
  warmupMs: number,
  maxRepMs: number
): Promise<OverheadResult> {
  const e = benchEngine();
  const next = marketCycle(0, BENCH_MARKETS);
  await runExecutions(e, { durationMs: warmupMs, nextMarket: next });
  const pooled = latencyHistogram();
  const p50s: number[] = [];
  const p99s: number[] = [];
  let unexpected = 0;
  for (let r = 0; r < reps; r++) {
    const h = latencyHistogram();
    const c = await runExecutions(e, {
      count: samples,
      durationMs: maxRepMs,
      nextMarket: next,
      onResult: (startNs) => {
        const ns = Math.max(e.kalshi.lastPlaceNs, e.polymarket.lastPlaceNs) - startNs;
        recordNs(h, ns);
        recordNs(pooled, ns);
      }
    });
    unexpected += c.other;
    const s = summarizeUs(h);
    p50s.push(s.p50);
    p99s.push(s.p99);
  }
  await e.supervisor.stop({ timeoutMs: 1_000 });
  return {
    p50: round(median(p50s)),
    p99: round(median(p99s)),
    pooled: summarizeUs(pooled),
    repetitions: reps,
    unexpected
  };
}
