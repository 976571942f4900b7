import { TwinlegError, type Clock, type TimerHandle } from '../../../core/index.js';
import { clampTimerMs } from './timers.js';

/**
 * Which lane a request waits in. `close`: a reduce-only close of open exposure; it is served
 * before every `normal` waiter and is not held by a venue penalty (only by the client rate).
 */
export type Lane = 'close' | 'normal';

/** Default longest penalty a venue's `Retry-After` may impose, ms. */
export const DEFAULT_MAX_PENALTY_MS = 60_000;

/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second. */
  readonly ratePerSec: number;
  /** Bucket size (burst). */
  readonly capacity: number;
  readonly clock: Clock;
  /** Longest penalty applied by {@link TokenBucket.penalize}, ms (default 60 000). */
  readonly maxPenaltyMs?: number;
  /** Called when a penalty was cut to `maxPenaltyMs` (the host alarms). */
  readonly onPenaltyCapped?: (requestedMs: number, appliedMs: number) => void;
}

/** How {@link TokenBucket.take} waits. */
export interface TakeOptions {
  /** Aborting it removes the waiter at once; `take` then resolves false. */
  readonly signal?: AbortSignal;
  readonly lane?: Lane;
}

interface Waiter {
  readonly cost: number;
  readonly lane: Lane;
  readonly done: (taken: boolean) => void;
}

/**
 * Client-side token bucket that keeps a venue client inside the venue's documented rate
 * limits, using the shared clock's timers (tests drive it with a manual clock).
 *
 * - `normal` requests wait FIFO for tokens; a venue penalty (429 `Retry-After`) drives the
 *   tokens negative so they wait it out — never longer than `maxPenaltyMs`.
 * - `close` requests are served first and draw on a second, penalty-free allowance refilled
 *   at the same rate (they also spend the main tokens), so closing exposure is never wedged
 *   by a penalty and still never exceeds the client rate.
 * - A waiter whose signal aborts leaves the queue at once and costs nothing.
 * - Every timer delay is clamped to what `setTimeout` can hold (2³¹−1 ms).
 */
export class TokenBucket {
  private tokens: number;
  private closeTokens: number;
  private lastNs: number;
  private readonly queues: Record<Lane, Waiter[]> = { close: [], normal: [] };
  private timer: { readonly handle: TimerHandle } | null = null;
  private readonly maxPenaltyMs: number;

  constructor(private readonly opts: TokenBucketOptions) {
    if (!(opts.ratePerSec > 0) || !(opts.capacity > 0)) {
      throw new TwinlegError(
        'invalid_config',
        'token bucket: ratePerSec and capacity must be positive'
      );
    }
    const maxPenalty = opts.maxPenaltyMs ?? DEFAULT_MAX_PENALTY_MS;
    if (!(maxPenalty >= 0)) {
      throw new TwinlegError('invalid_config', 'token bucket: maxPenaltyMs must be ≥ 0');
    }
    this.maxPenaltyMs = maxPenalty;
    this.tokens = opts.capacity;
    this.closeTokens = opts.capacity;
    this.lastNs = opts.clock.nowNs();
  }

  private refill(): void {
    const now = this.opts.clock.nowNs();
    const added = ((now - this.lastNs) / 1e9) * this.opts.ratePerSec;
    this.tokens = Math.min(this.opts.capacity, this.tokens + added);
    this.closeTokens = Math.min(this.opts.capacity, this.closeTokens + added);
    this.lastNs = now;
  }

  /** Tokens available now to `normal` requests (negative during a penalty). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Waiters queued now (both lanes). */
  waiting(): number {
    return this.queues.close.length + this.queues.normal.length;
  }

  private canTake(lane: Lane, cost: number): boolean {
    return lane === 'close' ? this.closeTokens >= cost : this.tokens >= cost;
  }

  private spend(lane: Lane, cost: number): void {
    this.tokens -= cost;
    if (lane === 'close') this.closeTokens -= cost;
  }

  /** Takes `cost` tokens if available now without overtaking a waiter; never waits. */
  tryTake(cost = 1, lane: Lane = 'normal'): boolean {
    this.refill();
    const ahead =
      lane === 'close'
        ? this.queues.close.length
        : this.queues.close.length + this.queues.normal.length;
    if (ahead > 0 || !this.canTake(lane, cost)) return false;
    this.spend(lane, cost);
    return true;
  }

  /**
   * Resolves true once `cost` tokens have been taken (FIFO within a lane, closes first), or
   * false as soon as `opts.signal` aborts (the waiter is removed; nothing was taken).
   */
  take(cost = 1, opts: TakeOptions = {}): Promise<boolean> {
    const lane = opts.lane ?? 'normal';
    const signal = opts.signal;
    if (cost > this.opts.capacity) {
      return Promise.reject(new RangeError(`cost ${cost} exceeds bucket capacity`));
    }
    if (signal?.aborted) return Promise.resolve(false);
    if (this.tryTake(cost, lane)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const queue = this.queues[lane];
      const onAbort = (): void => {
        const i = queue.indexOf(w);
        if (i >= 0) queue.splice(i, 1);
        this.reschedule();
        resolve(false);
      };
      const w: Waiter = {
        cost,
        lane,
        done: (taken) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(taken);
        }
      };
      queue.push(w);
      signal?.addEventListener('abort', onAbort, { once: true });
      // a close may be due before the timer armed for a held normal waiter
      if (lane === 'close') this.reschedule();
      else this.schedule();
    });
  }

  /**
   * Holds `normal` requests for `ms` (a venue's 429 `Retry-After`), at most `maxPenaltyMs`;
   * a longer (or unreadable infinite) request is cut and reported to `onPenaltyCapped`.
   * Penalties do not add up: the bucket is held until the latest end asked. Returns the
   * penalty applied, ms.
   */
  penalize(ms: number): number {
    const wanted = Number.isNaN(ms) ? 0 : Math.max(0, ms);
    const applied = Math.min(wanted, this.maxPenaltyMs);
    if (applied < wanted) this.opts.onPenaltyCapped?.(wanted, applied);
    this.refill();
    this.tokens = Math.min(this.tokens, 0, -(applied / 1000) * this.opts.ratePerSec);
    this.reschedule();
    return applied;
  }

  private reschedule(): void {
    if (this.timer !== null) {
      this.opts.clock.clearTimeout(this.timer.handle);
      this.timer = null;
    }
    this.schedule();
  }

  /** Ms until the head of `lane` can take, or undefined when that lane is empty. */
  private waitOf(lane: Lane): number | undefined {
    const head = this.queues[lane][0];
    if (!head) return undefined;
    const have = lane === 'close' ? this.closeTokens : this.tokens;
    const deficit = head.cost - have;
    return deficit <= 0 ? 0 : Math.ceil((deficit / this.opts.ratePerSec) * 1000);
  }

  private schedule(): void {
    if (this.timer !== null || this.waiting() === 0) return;
    this.refill();
    const waits = [this.waitOf('close'), this.waitOf('normal')].filter(
      (w): w is number => w !== undefined
    );
    const waitMs = clampTimerMs(Math.min(...waits));
    const handle = this.opts.clock.setTimeout(() => {
      this.timer = null;
      this.drain();
    }, waitMs);
    this.timer = { handle };
  }

  private drain(): void {
    this.refill();
    for (const lane of ['close', 'normal'] as const) {
      const queue = this.queues[lane];
      for (;;) {
        const head = queue[0];
        if (!head || !this.canTake(lane, head.cost)) break;
        if (lane === 'normal' && this.queues.close.length > 0) break;
        this.spend(lane, head.cost);
        queue.shift();
        head.done(true);
      }
    }
    this.schedule();
  }
}
