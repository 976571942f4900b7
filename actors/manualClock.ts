import type { Clock, TimerHandle } from '../core/index.js';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

const flushMicrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A deterministic clock for tests and simulations: time moves only when told to. Timers fire in
 * deadline order (ties in creation order), and promise continuations run between timers, so an
 * execution's 2 s, 10 s and 300 s rules play out in microseconds of real time.
 */
export class ManualClock implements Clock {
  private now = 0;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(private readonly wallOriginMs = Date.UTC(2026, 0, 1)) {}

  nowNs(): number {
    return this.now * 1_000_000;
  }

  /** Current time in ms since the clock's origin. */
  nowMs(): number {
    return this.now;
  }

  wallMs(): number {
    return this.wallOriginMs + Math.floor(this.now);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: Timer = { id: ++this.seq, at: this.now + Math.max(0, ms), fn };
    // keep sorted by (at, id): insert from the back, the common case is append
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > timer.at) i--;
    this.timers.splice(i, 0, timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    const i = this.timers.findIndex((t) => t.id === handle);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Number of timers waiting to fire. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Lets pending promise continuations run without moving time. */
  async flush(): Promise<void> {
    await flushMicrotasks();
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, in order, with promise
   * continuations flushed after each one (timers they create are honoured if due).
   */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.now = Math.max(this.now, next.at);
      next.fn();
      await flushMicrotasks();
    }
    this.now = target;
    await flushMicrotasks();
  }

  /**
   * Fires timers until none is left or `maxMs` of simulated time has passed; returns the
   * simulated time consumed. For "run this to completion" in tests.
   */
  async runUntilIdle(maxMs = 3_600_000): Promise<number> {
    const start = this.now;
    await flushMicrotasks();
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at - start > maxMs) break;
      this.timers.shift();
      this.now = Math.max(this.now, next.at);
      next.fn();
      await flushMicrotasks();
    }
    return this.now - start;
  }
}
