import {
  minQty,
  subQty,
  type Micros,
  type OrderAction,
  type Qty,
  type Side
} from '../../../core/index.js';
import type { BookInput, BookLevel, BookSnapshot } from './types.js';

interface MutableLevel {
  price: Micros;
  qty: Qty;
}

interface MutableBook {
  asks: MutableLevel[];
  bids: MutableLevel[];
}

const key = (marketId: number, side: Side): string => `${marketId}:${side}`;

const clean = (levels: readonly BookLevel[], dir: 1 | -1): MutableLevel[] =>
  levels
    .filter((l) => l.qty > 0)
    .map((l) => ({ price: l.price, qty: l.qty }))
    .sort((x, y) => dir * (x.price - y.price));

/**
 * The simulated venue's resting liquidity, one book per (marketId, side). Each side of a
 * binary market has its own book here (a simplification of Kalshi's single YES book); the
 * demo feed keeps them consistent. Liquidity taken by an order is gone.
 */
export class OrderBooks {
  private readonly books = new Map<string, MutableBook>();

  /** Replaces the book of (marketId, side). Empty levels are dropped; levels are sorted. */
  set(marketId: number, side: Side, book: BookInput): void {
    this.books.set(key(marketId, side), { asks: clean(book.asks, 1), bids: clean(book.bids, -1) });
  }

  /** A copy of the book of (marketId, side); empty when never set. */
  get(marketId: number, side: Side): BookSnapshot {
    const b = this.books.get(key(marketId, side));
    if (!b) return { asks: [], bids: [] };
    return { asks: b.asks.map((l) => ({ ...l })), bids: b.bids.map((l) => ({ ...l })) };
  }

  /**
   * Takes up to `maxQty` of liquidity: a buy walks asks priced ≤ `limit`, a sell walks bids
   * priced ≥ `limit`, best first. Returns the levels taken (at the book's prices, so a
   * marketable limit gets price improvement) and removes them from the book.
   */
  take(marketId: number, side: Side, action: OrderAction, limit: Micros, maxQty: Qty): BookLevel[] {
    const b = this.books.get(key(marketId, side));
    if (!b || maxQty <= 0) return [];
    const levels = action === 'buy' ? b.asks : b.bids;
    const crosses = (p: Micros): boolean => (action === 'buy' ? p <= limit : p >= limit);
    const taken: BookLevel[] = [];
    let left = maxQty;
    while (left > 0) {
      const top = levels[0];
      if (!top || !crosses(top.price)) break;
      const q = minQty(left, top.qty);
      taken.push({ price: top.price, qty: q });
      left = subQty(left, q);
      top.qty = subQty(top.qty, q);
      if (top.qty === 0) levels.shift();
    }
    return taken;
  }
}
