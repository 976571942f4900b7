import { Random } from '../random.js';

/** Reconnect delays of a book feed. */
export interface BackoffOptions {
  /** First delay ceiling, ms (default 500). */
  readonly baseMs?: number;
  /** Largest delay ceiling, ms (default 30,000). */
  readonly maxMs?: number;
  /** Randomness in [0, 1): seeded or injected, so tests and simulations replay. */
  readonly random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * `min(maxMs, baseMs·2ⁿ)`. The jitter spreads many clients reconnecting after one venue outage;
 * the floor keeps a flapping venue from being hammered. {@link reset} after a connection has
 * proved healthy (its first frame), not merely opened.
 */
export class Backoff {
  private n = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.baseMs = opts.baseMs ?? 500;
    this.maxMs = opts.maxMs ?? 30_000;
    const rng = new Random(0x7ee1);
    this.random = opts.random ?? (() => rng.next());
  }

  /** The delay before the next attempt, ms; each call counts one attempt. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.n, 30));
    this.n++;
    const r = Math.min(Math.max(this.random(), 0), 1);
    return Math.round(ceiling / 2 + (ceiling / 2) * r);
  }

  /** Attempts since the last reset. */
  get attempts(): number {
    return this.n;
  }

  /** Starts over from `baseMs`. */
  reset(): void {
    this.n = 0;
  }
}
