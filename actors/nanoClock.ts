import type { Clock, TimerHandle } from '../core/index.js';

/**
 * The real shared clock: monotonic nanoseconds from `process.hrtime.bigint()` relative to the
 * clock's creation, as a number. Exact to the nanosecond for the first 104 days of uptime
 * (2^53 ns); after that the resolution degrades gracefully (4 ns after a year). Create one
 * per process and hand it to everything that timestamps: the peers' latency numbers were
 * wrong because each component had its own origin.
 */
export class NanoClock implements Clock {
  private readonly origin = process.hrtime.bigint();

  nowNs(): number {
    return Number(process.hrtime.bigint() - this.origin);
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
