import type { LadderView, OutcomeBook } from './book.js';
import { addMicros, notional, ZERO_MICROS, ZERO_QTY, type Micros, type Qty } from './money.js';

/** Best (lowest) ask of an outcome, or null when it has none. */
export function bestAsk(o: OutcomeBook): Micros | null {
  return o.asks.length > 0 ? o.asks.priceAt(0) : null;
}

/** Best (highest) bid of an outcome, or null when it has none. */
export function bestBid(o: OutcomeBook): Micros | null {
  const n = o.bids.length;
  return n > 0 ? o.bids.priceAt(n - 1) : null;
}

/**
 * True when the outcome's best bid is at or above its best ask. A real book never rests
 * crossed (the orders would have matched), so a crossed local book is a wrong book: a missed
 * delta, a misread scale (Kalshi `use_yes_price`) or a lost message. For Kalshi this is the
 * YES bid + NO bid ≥ $1 check, the same on both outcomes.
 */
export function isCrossed(o: OutcomeBook): boolean {
  const b = o.bids.length;
  return b > 0 && o.asks.length > 0 && o.bids.priceAt(b - 1) >= o.asks.priceAt(0);
}

/** Whether an outcome's asks may be bought from: fresh, not crossed, not empty. */
export function isTradable(o: OutcomeBook): boolean {
  return !o.stale && o.asks.length > 0 && !isCrossed(o);
}

/** Contracts resting on asks at or below `maxPrice` (the depth a limit buy at it reaches). */
export function askDepthUpTo(asks: LadderView, maxPrice: Micros): Qty {
  let q = 0;
  for (let i = 0; i < asks.length && asks.priceAt(i) <= maxPrice; i++) q += asks.sizeAt(i);
  return q as Qty;
}

/** What buying `qty` from the asks costs, level by level, and the worst price it reaches. */
export interface AskWalk {
  /** Contracts the asks could supply (≤ the quantity asked for). */
  readonly filled: Qty;
  /** Sum of `size × price` over the levels taken, rounded up per level. */
  readonly cost: Micros;
  /** The price of the last level taken (the limit price that buys it all), or null if none. */
  readonly worstPrice: Micros | null;
}

/** Walks the asks from the best level to buy up to `qty` contracts. */
export function walkAsks(asks: LadderView, qty: Qty): AskWalk {
  let left = qty as number;
  let cost = ZERO_MICROS;
  let worst: Micros | null = null;
  for (let i = 0; i < asks.length && left > 0; i++) {
    const take = Math.min(left, asks.sizeAt(i));
    cost = addMicros(cost, notional(take as Qty, asks.priceAt(i), 'ceil'));
    worst = asks.priceAt(i);
    left -= take;
  }
  return { filled: ((qty as number) - left) as Qty, cost, worstPrice: worst };
}

/** Total contracts resting on a ladder. */
export function ladderDepth(l: LadderView): Qty {
  let q = ZERO_QTY as number;
  for (let i = 0; i < l.length; i++) q += l.sizeAt(i);
  return q as Qty;
}
