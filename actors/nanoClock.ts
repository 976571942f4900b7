import type { Clock, TimerHandle } from '../core/index.js';

/**
 * The real shared clock: monotonic nanoseconds from `process.hrtime()` relative to the
 * clock's creation, as a number. Exact to the nanosecond for the first 104 days of uptime
 * (2^53 ns); after that the resolution degrades gracefully (4 ns after a year). Create one
 * per process and hand it to everything that timestamps: the peers' latency numbers were
 * wrong because each component had its own origin.
 */
export class NanoClock implements Clock {
  private readonly origin = process.hrtime();

  nowNs(): number {
    // [seconds, nanoseconds] since the origin; no BigInt allocation on the hot path
    const [s, ns] = process.hrtime(this.origin);
    return s * 1e9 + ns;
  }

  wallMs(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return setTimeout(fn, ms);
  }

  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
}
