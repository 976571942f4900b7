/**
 * Shared statistics of the benchmarks: latency histograms (hdr-histogram-js, nanosecond
 * values, 3 significant digits) summarized in microseconds, and medians of repetitions.
 */
import * as hdr from 'hdr-histogram-js';

/** A latency histogram over nanosecond values. */
export type LatencyHistogram = hdr.Histogram;

/** Percentiles of a latency distribution, in microseconds. */
export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
  readonly count: number;
}

/** A fresh histogram for nanosecond latencies (1 ns … 100 s, 3 significant digits). */
export function latencyHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 64,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 100_000_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false
  });
}

/** Records one nanosecond value (negative or non-finite values are clamped to 0). */
export function recordNs(h: LatencyHistogram, ns: number): void {
  h.recordValue(Number.isFinite(ns) && ns > 0 ? Math.round(ns) : 0);
}

/** Rounds to `d` decimals (for JSON and tables). */
export function round(x: number, d = 1): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** p50 / p99 / p99.9 / max / mean of a histogram, converted from ns to µs. */
export function summarizeUs(h: LatencyHistogram): LatencySummary {
  const us = (ns: number) => round(ns / 1_000, 1);
  return {
    p50: us(h.getValueAtPercentile(50)),
    p99: us(h.getValueAtPercentile(99)),
    p999: us(h.getValueAtPercentile(99.9)),
    max: us(h.maxValue),
    mean: us(h.mean),
    count: h.totalCount
  };
}

/** Median of a non-empty list (mean of the middle two for even lengths); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** High-resolution monotonic time in nanoseconds (for bench loops that own no clock). */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/** Resolves after the current macrotask, letting timers and I/O run (`setImmediate`). */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
