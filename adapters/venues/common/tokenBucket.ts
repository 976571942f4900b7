import { TwinlegError, type Clock } from '../../../core/index.js';

/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second. */
  readonly ratePerSec: number;
  /** Bucket size (burst). */
  readonly capacity: number;
  readonly clock: Clock;
}

/**
 * Client-side token bucket that keeps a venue client inside the venue's documented rate
 * limits. `take(cost)` resolves when the tokens are available (FIFO), using the shared clock's
 * timers so tests can drive it with a manual clock; `tryTake` never waits.
 */
export class TokenBucket {
  private tokens: number;
  private lastNs: number;
  private readonly waiters: { cost: number; resolve: () => void }[] = [];
  private timer: unknown = null;

  constructor(private readonly opts: TokenBucketOptions) {
    if (!(opts.ratePerSec > 0) || !(opts.capacity > 0)) {
      throw new TwinlegError(
        'invalid_config',
        'token bucket: ratePerSec and capacity must be positive'
      );
    }
    this.tokens = opts.capacity;
    this.lastNs = opts.clock.nowNs();
  }

  private refill(): void {
    const now = this.opts.clock.nowNs();
    const added = ((now - this.lastNs) / 1e9) * this.opts.ratePerSec;
    this.tokens = Math.min(this.opts.capacity, this.tokens + added);
    this.lastNs = now;
  }

  /** Tokens available now. */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes `cost` tokens if available now; never waits. */
  tryTake(cost = 1): boolean {
    this.refill();
    if (this.waiters.length > 0 || this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Resolves once `cost` tokens have been taken (FIFO among waiters). */
  take(cost = 1): Promise<void> {
    if (cost > this.opts.capacity) {
      return Promise.reject(new RangeError(`cost ${cost} exceeds bucket capacity`));
    }
    if (this.tryTake(cost)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ cost, resolve });
      this.schedule();
    });
  }

  /** Empties the bucket for `ms` (a venue's 429 Retry-After). */
  penalize(ms: number): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0) - (ms / 1000) * this.opts.ratePerSec;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null || this.waiters.length === 0) return;
    const head = this.waiters[0];
    if (!head) return;
    this.refill();
    const deficit = head.cost - this.tokens;
    const waitMs = deficit <= 0 ? 0 : Math.ceil((deficit / this.opts.ratePerSec) * 1000);
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      this.drain();
    }, waitMs);
  }

  private drain(): void {
    this.refill();
    while (this.waiters.length > 0) {
      const head = this.waiters[0];
      if (!head || this.tokens < head.cost) break;
      this.tokens -= head.cost;
      this.waiters.shift();
      head.resolve();
    }
    this.schedule();
  }
}
