import type { Clock, TimerHandle } from '../core/index.js';

/** A scheduled release, as reported by {@link ReleaseQueue.pending}. */
export interface PendingRelease {
  readonly marketId: number;
  /** Clock time (`clock.nowNs()`) at which the slot is released. */
  readonly dueNs: number;
}

/** Options of a {@link ReleaseQueue}. */
export interface ReleaseQueueOptions {
  /**
   * Called when `onRelease` throws. The queue catches the error, reports it here and goes on
   * with the next entry, so one faulty release never strands the others. Without it the
   * error is dropped: a supervisor should always pass one (and log).
   */
  readonly onError?: (error: unknown, marketId: number) => void;
}

interface Entry extends PendingRelease {
  /** Scheduling order: breaks deadline ties FIFO. */
  readonly seq: number;
}

/** Entries popped from the front before the array is compacted. */
const COMPACT_AT = 1024;

/**
 * The supervisor's one timer queue for delayed in-flight slot releases (the source design's
 * 10 s delay after a success, dry run or thin liquidity). Instead of a timer, or an actor
 * lingering 10 s, per execution, entries sit in an array ordered by deadline (ties FIFO), and
 * exactly one clock timer is armed, for the earliest deadline. When it fires, every entry that
 * is due is released (`onRelease` in deadline order) and the timer is re-armed for the next.
 *
 * With a constant delay each new deadline is the latest, so `schedule` is an append; an
 * earlier deadline is placed by binary search. Popping advances a head index, and the array is
 * compacted now and then, so draining is O(1) amortized per entry.
 *
 * A market may be scheduled more than once; each entry releases once.
 */
export class ReleaseQueue {
  private entries: Entry[] = [];
  private head = 0;
  private seq = 0;
  private readonly counts = new Map<number, number>();
  /** Scheduled by `onRelease` during a drain; inserted when the drain ends. */
  private deferred: Entry[] = [];
  private timer: { readonly handle: TimerHandle } | null = null;
  private armedNs = Infinity;
  private draining = false;

  /**
   * @param clock the engine's shared clock: deadlines come from `nowNs()`, the one timer from
   *   `setTimeout` (a `ManualClock` drives the queue in tests).
   * @param onRelease releases the in-flight slot of a market (e.g. `bitmask.release`).
   * @param options see {@link ReleaseQueueOptions}.
   */
  constructor(
    private readonly clock: Clock,
    private readonly onRelease: (marketId: number) => void,
    private readonly options: ReleaseQueueOptions = {}
  ) {}

  /**
   * Releases `marketId` in `delayMs` milliseconds (deadline `clock.nowNs() + delayMs × 1e6`).
   * @throws RangeError when `marketId` is not a non-negative integer or `delayMs` is not a
   *   finite non-negative number.
   */
  schedule(marketId: number, delayMs: number): void {
    if (!Number.isSafeInteger(marketId) || marketId < 0) {
      throw new RangeError(`ReleaseQueue: marketId ${marketId} is not a non-negative integer`);
    }
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RangeError(`ReleaseQueue: delayMs ${delayMs} is not a non-negative number`);
    }
    const entry: Entry = {
      marketId,
      dueNs: this.clock.nowNs() + delayMs * 1e6,
      seq: this.seq++
    };
    this.counts.set(marketId, (this.counts.get(marketId) ?? 0) + 1);
    if (this.draining) {
      this.deferred.push(entry);
      return;
    }
    this.insert(entry);
    if (entry.dueNs < this.armedNs) this.arm();
  }

  /** Number of releases waiting. */
  size(): number {
    return this.entries.length - this.head + this.deferred.length;
  }

  /** Waiting releases, earliest first (a copy). */
  pending(): readonly PendingRelease[] {
    const all = this.entries.slice(this.head);
    if (this.deferred.length > 0) {
      all.push(...this.deferred);
      all.sort((a, b) => a.dueNs - b.dueNs || a.seq - b.seq);
    }
    return all.map(({ marketId, dueNs }) => ({ marketId, dueNs }));
  }

  /** Whether a release of `marketId` is waiting. */
  has(marketId: number): boolean {
    return this.counts.has(marketId);
  }

  /**
   * Releases every waiting entry now, in deadline order, and clears the timer. For shutdown:
   * every claimed bit must be released. Entries that `onRelease` schedules while flushing are
   * kept for their own deadline (one timer is armed for them).
   */
  flushAll(): void {
    this.disarm();
    this.drain(Infinity);
    if (this.size() > 0) this.arm();
  }

  /**
   * Drops every waiting entry without releasing it and clears the timer. The slots stay
   * claimed: only for discarding the whole bitmask (tests, a host tearing the engine down
   * without reuse). Shutdown should use {@link flushAll}.
   */
  cancelAll(): void {
    this.disarm();
    this.entries = [];
    this.deferred = [];
    this.head = 0;
    this.counts.clear();
  }

  private insert(entry: Entry): void {
    const es = this.entries;
    const last = es[es.length - 1];
    if (last === undefined || es.length === this.head || last.dueNs <= entry.dueNs) {
      es.push(entry);
      return;
    }
    // first index whose deadline is later than the new one (ties stay FIFO)
    let lo = this.head;
    let hi = es.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (es[mid]!.dueNs <= entry.dueNs) lo = mid + 1;
      else hi = mid;
    }
    es.splice(lo, 0, entry);
  }

  /**
   * Releases entries due by `untilNs`. Entries that `onRelease` schedules meanwhile wait in
   * `deferred` until the drain ends, so a release that re-schedules can never loop.
   */
  private drain(untilNs: number): void {
    this.draining = true;
    try {
      for (;;) {
        const e = this.entries[this.head];
        if (e === undefined || e.dueNs > untilNs) break;
        this.head++;
        const n = this.counts.get(e.marketId) ?? 1;
        if (n <= 1) this.counts.delete(e.marketId);
        else this.counts.set(e.marketId, n - 1);
        try {
          this.onRelease(e.marketId);
        } catch (err) {
          this.options.onError?.(err, e.marketId);
        }
      }
    } finally {
      this.draining = false;
      this.compact();
      const late = this.deferred;
      this.deferred = [];
      for (const e of late) this.insert(e);
    }
  }

  private compact(): void {
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AT && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.armedNs = Infinity;
    this.drain(this.clock.nowNs());
    if (this.size() > 0) this.arm();
  };

  /** (Re-)arms the one timer for the earliest deadline. */
  private arm(): void {
    this.disarm();
    const first = this.entries[this.head];
    if (first === undefined) return;
    // ceil: a real timer may fire a little early; the entry is then re-armed, never lost
    const ms = Math.max(0, Math.ceil((first.dueNs - this.clock.nowNs()) / 1e6));
    this.armedNs = first.dueNs;
    this.timer = { handle: this.clock.setTimeout(this.fire, ms) };
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer.handle);
    this.timer = null;
    this.armedNs = Infinity;
  }
}
