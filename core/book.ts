import { Ladder } from './bookLadder.js';
import type { Side, Venue } from './market.js';
import { USD, type Micros, type Qty } from './money.js';

/** Which ladder of an outcome: resting buy orders (`bids`) or sell orders (`asks`). */
export type BookSide = 'bids' | 'asks';

/** One price level as a feed hands it over: a price and the size resting there. */
export interface BookLevel {
  readonly price: Micros;
  readonly size: Qty;
}

/**
 * Why a book must not be used. A book starts `no_snapshot`; the feed marks the others
 * (`disconnected` from a disconnect until the next snapshot, `sequence_gap` on a Kalshi `seq`
 * gap, `resyncing` while a resync is under way, `hash_mismatch` on persistent doubt); the book
 * marks `negative_size` (a delta that would take a level below 0) and `invalid_level` (a
 * price outside (0, $1) or a size that is not a safe integer) itself.
 */
export type StaleReason =
  | 'no_snapshot'
  | 'disconnected'
  | 'sequence_gap'
  | 'resyncing'
  | 'hash_mismatch'
  | 'negative_size'
  | 'invalid_level';

/** The read-only view of a {@link Ladder} that readers of a book get. */
export type LadderView = Pick<
  Ladder,
  'length' | 'priceAt' | 'sizeAt' | 'bestAskIndex' | 'bestBidIndex' | 'sizeAtPrice' | 'toArray'
>;

/** An outcome book's mutable state, held by its {@link VenueBook} (the only writer). */
interface OutcomeState {
  readonly bids: Ladder;
  readonly asks: Ladder;
  stale: StaleReason | null;
  tsMs: number | null;
}

/**
 * The book of one outcome (YES or NO) of one market on one venue, in core units: the bids and
 * the asks of buying that outcome, and whether the book may be used. The asks are what the
 * engine buys. Read-only: its {@link VenueBook} writes it.
 */
export class OutcomeBook {
  /** @param state shared with the owning {@link VenueBook}, which alone writes it */
  constructor(
    readonly outcome: Side,
    private readonly state: OutcomeState
  ) {}

  /** Resting buy orders of this outcome, ascending by price (best = last). */
  get bids(): LadderView {
    return this.state.bids;
  }

  /** Resting sell orders of this outcome, ascending by price (best = first): what we buy. */
  get asks(): LadderView {
    return this.state.asks;
  }

  /** True from creation, a disconnect, a gap or a bad level until the feed marks it fresh. */
  get stale(): boolean {
    return this.state.stale !== null;
  }

  /** Why the book is stale, or null when it is fresh. */
  get staleReason(): StaleReason | null {
    return this.state.stale;
  }

  /**
   * The venue's timestamp (Unix ms) of the last message applied, or null when the venue has
   * given none since the last snapshot (a Kalshi snapshot carries none): unknown, never 0.
   */
  get venueTsMs(): number | null {
    return this.state.tsMs;
  }
}

const newState = (): OutcomeState => ({
  bids: new Ladder(),
  asks: new Ladder(),
  stale: 'no_snapshot',
  tsMs: null
});

const isPrice = (p: number): boolean => Number.isSafeInteger(p) && p > 0 && p < USD;
const isSize = (s: number): boolean => Number.isSafeInteger(s) && s >= 0;

/**
 * The book of one market on one venue: a YES {@link OutcomeBook} and a NO one. This is the
 * API the venue feeds write through; the detector reads `yes.asks` and `no.asks`.
 *
 * Every write checks its numbers and returns `true` when applied. On a bad number (a price
 * outside (0, $1), a size or delta that is not a safe integer) or a delta that would take a
 * level below zero, it changes nothing, marks the book stale (`invalid_level` /
 * `negative_size`) and returns `false`: the feed then resyncs. Writes never throw and never
 * allocate (past a ladder's growth). Writes do not touch freshness: after a snapshot the feed
 * calls {@link markFresh}; a book is stale from creation until then.
 *
 * The generic writes address one ladder of one outcome as the venue publishes it (Polymarket:
 * each token's own book; apply each as published, never derive one token's book from the
 * other's). Kalshi publishes bids only: use `applyKalshiSnapshot` / `applyKalshiDelta`
 * (core/bookVenues.ts), which write each bid level and its mirrored ask.
 */
export class VenueBook {
  private readonly ys = newState();
  private readonly ns = newState();
  readonly yes = new OutcomeBook('yes', this.ys);
  readonly no = new OutcomeBook('no', this.ns);
  private v = 0;

  constructor(readonly venue: Venue) {}

  /** The outcome's book. */
  outcome(side: Side): OutcomeBook {
    return side === 'yes' ? this.yes : this.no;
  }

  private st(side: Side): OutcomeState {
    return side === 'yes' ? this.ys : this.ns;
  }

  /** Incremented by every write; a reader can tell whether anything changed. */
  get version(): number {
    return this.v;
  }

  /** True when either outcome is stale. */
  get stale(): boolean {
    return this.yes.stale || this.no.stale;
  }

  /**
   * Sets the size at `price` on one ladder to `size` (the new total; 0 removes the level):
   * Polymarket's `price_change` (`BUY` → bids, `SELL` → asks of that token's outcome).
   */
  setLevel(outcome: Side, side: BookSide, price: number, size: number): boolean {
    const o = this.st(outcome);
    if (!isPrice(price) || !isSize(size)) return this.fail(o, 'invalid_level');
    o[side].set(price, size);
    this.v++;
    return true;
  }

  /**
   * Adds a signed `delta` to the size at `price` on one ladder. A result below zero changes
   * nothing and marks the outcome stale (`negative_size`): the book is wrong, not the delta.
   */
  addLevel(outcome: Side, side: BookSide, price: number, delta: number): boolean {
    const o = this.st(outcome);
    if (!isPrice(price) || !Number.isSafeInteger(delta)) return this.fail(o, 'invalid_level');
    if (!o[side].add(price, delta)) return this.fail(o, 'negative_size');
    this.v++;
    return true;
  }

  /**
   * Replaces one outcome's whole book (Polymarket `book`, a REST `/book` resync). Levels may
   * come in any order; a repeated price keeps its last size. A bad level leaves the outcome
   * empty and stale.
   */
  replace(outcome: Side, bids: readonly BookLevel[], asks: readonly BookLevel[]): boolean {
    this.clear(outcome);
    for (const l of bids)
      if (!this.setLevel(outcome, 'bids', l.price, l.size)) return this.wipe(outcome);
    for (const l of asks)
      if (!this.setLevel(outcome, 'asks', l.price, l.size)) return this.wipe(outcome);
    return true;
  }

  /** Empties one outcome's ladders, or both outcomes' (freshness unchanged). */
  clear(outcome?: Side): void {
    for (const o of outcome === undefined ? [this.ys, this.ns] : [this.st(outcome)]) {
      o.bids.clear();
      o.asks.clear();
    }
    this.v++;
  }

  /** Marks one outcome, or both, stale: never used until {@link markFresh}. */
  markStale(reason: StaleReason, outcome?: Side): void {
    if (outcome !== 'no') this.ys.stale = reason;
    if (outcome !== 'yes') this.ns.stale = reason;
    this.v++;
  }

  /**
   * Marks one outcome, or both, fresh (after a snapshot) with the venue's timestamp of that
   * message in Unix ms, or null when the message carries none.
   */
  markFresh(venueTsMs: number | null, outcome?: Side): void {
    if (outcome !== 'no') {
      this.ys.stale = null;
      this.ys.tsMs = venueTsMs;
    }
    if (outcome !== 'yes') {
      this.ns.stale = null;
      this.ns.tsMs = venueTsMs;
    }
    this.v++;
  }

  /** Records the venue timestamp (Unix ms) of an update applied to one outcome, or both. */
  stamp(venueTsMs: number, outcome?: Side): void {
    if (outcome !== 'no') this.ys.tsMs = venueTsMs;
    if (outcome !== 'yes') this.ns.tsMs = venueTsMs;
  }

  private fail(o: OutcomeState, reason: StaleReason): false {
    o.stale = reason;
    this.v++;
    return false;
  }

  /** A bad level in a snapshot: the outcome is left empty and stale. */
  private wipe(outcome: Side): false {
    const o = this.st(outcome);
    const why = o.stale;
    this.clear(outcome);
    o.stale = why ?? 'invalid_level';
    return false;
  }
}
