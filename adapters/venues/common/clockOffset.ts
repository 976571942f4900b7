/**
 * One reading of a venue's clock: the venue said its time was `serverMs` (truncated to
 * `resolutionMs`: an HTTP `Date` header or Unix seconds have 1 000) in an answer to a request
 * sent at local wall time `sentMs` and received at `receivedMs`.
 */
export interface ClockSample {
  readonly serverMs: number;
  readonly resolutionMs: number;
  readonly sentMs: number;
  readonly receivedMs: number;
}

interface Bounds {
  readonly low: number;
  readonly high: number;
}

/**
 * The offset venue clock − local clock, ms. Each sample bounds it: the venue read its clock
 * between send and receipt, so the offset lies in
 * `[serverMs − receivedMs, serverMs + resolutionMs − sentMs]`. The estimate is the middle of
 * the intersection of the most recent samples (so whole-second answers converge to well under a
 * second); when a new sample contradicts older ones (the local clock was stepped) the older
 * ones are dropped.
 */
export class ClockOffset {
  private readonly samples: Bounds[] = [];
  private estimate: number | undefined;

  constructor(private readonly keep = 8) {}

  /** Adds a sample; returns the new estimate. Ignores unusable samples. */
  add(s: ClockSample): number | undefined {
    const ok = [s.serverMs, s.resolutionMs, s.sentMs, s.receivedMs].every(Number.isFinite);
    if (!ok || s.receivedMs < s.sentMs) return this.estimate;
    this.samples.push({
      low: s.serverMs - s.receivedMs,
      high: s.serverMs + s.resolutionMs - s.sentMs
    });
    if (this.samples.length > this.keep) this.samples.shift();
    let low = -Infinity;
    let high = Infinity;
    let used = 0;
    for (let i = this.samples.length - 1; i >= 0; i--) {
      const b = this.samples[i]!;
      const lo = Math.max(low, b.low);
      const hi = Math.min(high, b.high);
      if (lo > hi) break;
      low = lo;
      high = hi;
      used++;
    }
    this.samples.splice(0, this.samples.length - used);
    this.estimate = Math.round((low + high) / 2);
    return this.estimate;
  }

  /** The estimate, ms (undefined before the first sample). */
  offsetMs(): number | undefined {
    return this.estimate;
  }
}
