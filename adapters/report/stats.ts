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

/**
 * A histogram with upper bounds in ms (the last bucket is open: above the last bound), each
 * bucket labelled with its bound in readable units (`≤ 50 µs`, `≤ 2 ms`, `> 10 s`).
 */
export interface Histogram {
  readonly boundsMs: readonly number[];
  readonly counts: readonly number[];
  readonly labels: readonly string[];
}

/** Default histogram bounds, ms: 1-2-5 steps from 1 µs to 10 s. */
export const HISTOGRAM_BOUNDS_MS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000,
  2000, 5000, 10000
];

const trim = (n: number): string => String(Number(n.toPrecision(6)));

/** A duration in ms written in the unit that reads best: `50 µs`, `2 ms`, `1.5 s`. */
export function formatDurationMs(ms: number): string {
  const a = Math.abs(ms);
  if (a > 0 && a < 1) return `${trim(ms * 1000)} µs`;
  if (a >= 1000) return `${trim(ms / 1000)} s`;
  return `${trim(ms)} ms`;
}

/**
 * Buckets samples (seconds) by `boundsMs`; one extra bucket counts what is above the last.
 * Empty buckets below the smallest sample and above the largest are left out (the first kept
 * bucket still holds everything up to its bound).
 */
export function histogram(seconds: readonly number[], boundsMs = HISTOGRAM_BOUNDS_MS): Histogram {
  const h = bucket(seconds, boundsMs);
  if (h.counts.length <= MAX_BARS) return h;
  // too many bars to label: decades only (1 µs, 10 µs, … 10 s)
  const decades = boundsMs.filter((b) => Number.isInteger(Math.log10(b)));
  return decades.length < boundsMs.length ? bucket(seconds, decades) : h;
}

/** Bars a histogram shows before it falls back to decades. */
const MAX_BARS = 14;

function bucket(seconds: readonly number[], boundsMs: readonly number[]): Histogram {
  const all = new Array<number>(boundsMs.length + 1).fill(0);
  for (const s of seconds) {
    const ms = s * 1000;
    let i = boundsMs.findIndex((b) => ms <= b);
    if (i < 0) i = boundsMs.length;
    all[i] = (all[i] ?? 0) + 1;
  }
  const first = Math.max(
    0,
    all.findIndex((c) => c > 0)
  );
  const lastNonEmpty = all.reduce((acc, c, i) => (c > 0 ? i : acc), -1);
  const last = Math.min(boundsMs.length - 1, Math.max(first, lastNonEmpty));
  const bounds = boundsMs.slice(first, last + 1);
  const counts = [
    ...all.slice(first, last + 1),
    lastNonEmpty > last ? (all[boundsMs.length] ?? 0) : 0
  ];
  const top = boundsMs[boundsMs.length - 1] ?? 0;
  const labels = [
    ...bounds.map((b) => `≤ ${formatDurationMs(b)}`),
    `> ${formatDurationMs(bounds[bounds.length - 1] ?? top)}`
  ];
  return { boundsMs: bounds, counts, labels };
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
