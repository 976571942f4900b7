import type { MarketLifecycleOptions } from './lifecycle.js';
import type {
  Clock,
  Micros,
  OrderAction,
  OrderStatus,
  Qty,
  RejectKind,
  Side,
  Venue
} from '../../../core/index.js';

/** One price level of a simulated book. */
export interface BookLevel {
  readonly price: Micros;
  readonly qty: Qty;
}

/** Resting liquidity for one (market, side): asks to buy from, bids to sell into. */
export interface BookInput {
  readonly asks: readonly BookLevel[];
  readonly bids: readonly BookLevel[];
}

/** A book as the venue holds it: asks best (lowest) first, bids best (highest) first. */
export interface BookSnapshot {
  readonly asks: readonly BookLevel[];
  readonly bids: readonly BookLevel[];
}

/** How much of an order fills: walk the book, fill nothing, or walk at most `qty`. */
export type SimFillSpec = 'book' | 'none' | { readonly qty: Qty; readonly raced?: boolean };

/**
 * A scripted venue behaviour for one order.
 * - `reject`: refused, nothing fills (not stored: a retry with the same client id is new).
 * - `fillQty`: walk the book for at most `qty`, cancel the rest; `raced`: another trader takes
 *   what is left at the order's price in the same instant (how a real FAK fills partially:
 *   the book is dry at its price right after).
 * - `pending`: Polymarket `delayed`: answer `pending`; execute `fill` after `resolveAfterMs`.
 * - `hang`: execute `fill` at once but never answer until the caller aborts (`unknown`).
 * - `latency`: this order's round trip takes `ms` (instead of a draw from `latencyMs`).
 */
export type SimBehaviour =
  | {
      readonly kind: 'reject';
      readonly rejectKind: RejectKind;
      readonly reason?: string;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'fillQty'; readonly qty: Qty; readonly raced?: boolean }
  | { readonly kind: 'pending'; readonly resolveAfterMs: number; readonly fill: SimFillSpec }
  | { readonly kind: 'hang'; readonly fill: SimFillSpec }
  | { readonly kind: 'latency'; readonly ms: number };

/** Which orders a script rule applies to; absent fields match anything. */
export interface ScriptMatch {
  readonly marketId?: number;
  readonly side?: Side;
  readonly action?: OrderAction;
}

/** A scripted behaviour for the next `times` (default 1) matching orders, FIFO. */
export interface ScriptRule {
  readonly match?: ScriptMatch;
  readonly times?: number;
  readonly behaviour: SimBehaviour;
}

/** Seeded random faults, each a probability per order (default 0). */
export interface SimFaults {
  readonly rejectProb?: number;
  readonly partialProb?: number;
  readonly pendingProb?: number;
  readonly hangProb?: number;
}

/** Options of a {@link SimulatedVenue}. */
export interface SimulatedVenueOptions {
  readonly venue: Venue;
  readonly clock: Clock;
  /** Seed of every random draw (latency, faults, order ids). Default 1. */
  readonly seed?: number;
  /** Round-trip latency range of placements and lookups, ms (default 0..0). */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  /** Polymarket only: shares bought less than this long ago cannot be sold yet (default 0). */
  readonly settlementLagMs?: number;
  /** For this long after an order reaches the venue, lookups answer `unknown` (default 0). */
  readonly lookupNullMs?: number;
  readonly faults?: SimFaults;
  /**
   * The markets' recurring lifecycle (open, closed, resolved with a seeded outcome, open
   * again). Give both venues of a run the same options: they then agree on close times and
   * outcomes. Absent (default): markets never close, as before.
   */
  readonly lifecycle?: MarketLifecycleOptions;
}

/** One fill the venue made (one per order that filled anything, amounts aggregated). */
export interface SimFill {
  readonly marketId: number;
  readonly side: Side;
  readonly action: OrderAction;
  readonly qty: Qty;
  /** Exact sum of level price × qty: paid (buy) or received (sell). */
  readonly notional: Micros;
  readonly fee: Micros;
  readonly orderId: string;
  readonly clientOrderId: string;
  /** Venue clock time of the fill, ms since the clock's origin. */
  readonly atMs: number;
}

/** An order the venue accepted (rejections are not orders), as it stands now. */
export interface SimOrderView {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly marketId: number;
  readonly side: Side;
  readonly action: OrderAction;
  readonly qty: Qty;
  readonly limitPrice: Micros;
  readonly reduceOnly: boolean;
  readonly status: OrderStatus;
  readonly filledQty: Qty;
  readonly notional: Micros;
  readonly fee: Micros;
  /** When the order reached the venue, ms since the clock's origin. */
  readonly placedAtMs: number;
  /**
   * Whether, right after the order's match, the book had no level left at or through its
   * limit (no bid at or above a sell's price, no ask at or under a buy's): the venue could
   * fill no more of it then. False while the order waits for its match.
   */
  readonly bookDry: boolean;
}
