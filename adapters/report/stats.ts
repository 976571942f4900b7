/** Small statistics helpers for the replay report (exact over the samples kept). */

/** Percentile summary of one stage, milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** Nearest-rank percentile of sorted values (`q` in 0..1). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Summarizes samples given in seconds. */
export function summarize(seconds: readonly number[]): LatencySummary {
  const ms = seconds.map((s) => s * 1000).sort((a, b) => a - b);
  const sum = ms.reduce((a, b) => a + b, 0);
  return {
    count: ms.length,
    p50Ms: round(percentile(ms, 0.5)),
    p90Ms: round(percentile(ms, 0.9)),
    p99Ms: round(percentile(ms, 0.99)),
    maxMs: round(ms[ms.length - 1] ?? 0),
    meanMs: round(ms.length ? sum / ms.length : 0)
  };
}

/** A histogram with upper bounds in ms (the last bucket is open: `+Inf`). */
export interface Histogram {
  readonly boundsMs: readonly number[];
  readonly counts: readonly number[];
}

/** Default histogram bounds, ms. */
export const HISTOGRAM_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/** Buckets samples (seconds) by `boundsMs`; one extra bucket counts what is above the last. */
export function histogram(seconds: readonly number[], boundsMs = HISTOGRAM_BOUNDS_MS): Histogram {
  const counts = new Array<number>(boundsMs.length + 1).fill(0);
  for (const s of seconds) {
    const ms = s * 1000;
    let i = boundsMs.findIndex((b) => ms <= b);
    if (i < 0) i = boundsMs.length;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return { boundsMs, counts };
}

/** Keeps at most `max` points, evenly spaced, always including the last. */
export function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(points[Math.floor(i * step)] as T);
  out.push(points[points.length - 1] as T);
  return out;
}
