import type { Micros, Qty } from './money.js';

/**
 * One side of one order book (the bids or the asks of one outcome on one venue): price levels
 * kept in two parallel typed arrays, sorted by price **ascending**, one entry per price, sizes
 * strictly positive (a level whose size reaches 0 is removed). Prices are {@link Micros},
 * sizes {@link Qty}; both are stored as doubles, exact for every safe integer.
 *
 * The hot path allocates nothing: a change is a binary search plus, for a new or removed
 * level, one `copyWithin` of the levels above it; the arrays grow by doubling (rarely: a
 * ladder keeps its capacity). Reading goes by index: for asks the best (lowest) price is
 * index 0, for bids the best (highest) is index `length − 1` ({@link bestAskIndex},
 * {@link bestBidIndex}).
 *
 * The methods trust their arguments to be safe integers with `0 < price < $1` and
 * `size ≥ 0`; {@link VenueBook} checks them at its door.
 */
export class Ladder {
  private px: Float64Array;
  private sz: Float64Array;
  private n = 0;

  constructor(capacity = 16) {
    this.px = new Float64Array(Math.max(1, capacity));
    this.sz = new Float64Array(Math.max(1, capacity));
  }

  /** Number of price levels. */
  get length(): number {
    return this.n;
  }

  /** Price of level `i` (0 ≤ i < length), ascending. */
  priceAt(i: number): Micros {
    return this.px[i] as Micros;
  }

  /** Size of level `i` (0 ≤ i < length), always > 0. */
  sizeAt(i: number): Qty {
    return this.sz[i] as Qty;
  }

  /** Index of the lowest price (the best ask), or -1 when empty. */
  bestAskIndex(): number {
    return this.n > 0 ? 0 : -1;
  }

  /** Index of the highest price (the best bid), or -1 when empty. */
  bestBidIndex(): number {
    return this.n - 1;
  }

  /** Size resting at `price` (0 when there is no such level). */
  sizeAtPrice(price: number): Qty {
    const i = this.find(price);
    return (i >= 0 ? this.sz[i] : 0) as Qty;
  }

  /** Removes every level (capacity is kept). */
  clear(): void {
    this.n = 0;
  }

  /**
   * Sets the size resting at `price` to `size` (a total, as Polymarket's `price_change`
   * sends it); `size` 0 removes the level.
   */
  set(price: number, size: number): void {
    const i = this.find(price);
    if (i >= 0) {
      if (size === 0) this.removeAt(i);
      else this.sz[i] = size;
    } else if (size !== 0) {
      this.insertAt(-i - 1, price, size);
    }
  }

  /**
   * Adds a signed `delta` to the size at `price` (Kalshi's `delta_fp`). Returns false, and
   * changes nothing, when the result would be negative; a result of 0 removes the level.
   */
  add(price: number, delta: number): boolean {
    const i = this.find(price);
    const before = i >= 0 ? (this.sz[i] as number) : 0;
    const after = before + delta;
    if (after < 0) return false;
    if (i >= 0) {
      if (after === 0) this.removeAt(i);
      else this.sz[i] = after;
    } else if (after !== 0) {
      this.insertAt(-i - 1, price, after);
    }
    return true;
  }

  /** Whether two ladders hold exactly the same levels. */
  equals(other: Ladder): boolean {
    if (other.n !== this.n) return false;
    for (let i = 0; i < this.n; i++) {
      if (other.px[i] !== this.px[i] || other.sz[i] !== this.sz[i]) return false;
    }
    return true;
  }

  /** The levels as `[price, size]` pairs, ascending (allocates: for tests, logs and views). */
  toArray(): [Micros, Qty][] {
    const out: [Micros, Qty][] = [];
    for (let i = 0; i < this.n; i++) out.push([this.px[i] as Micros, this.sz[i] as Qty]);
    return out;
  }

  /** Index of `price`, or `-(insertion point) − 1` when absent (binary search). */
  private find(price: number): number {
    let lo = 0;
    let hi = this.n - 1;
    // fast paths: feeds mostly touch the ends (appending a sorted snapshot, the top of book)
    if (hi >= 0 && price > (this.px[hi] as number)) return -(hi + 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.px[mid] as number;
      if (p < price) lo = mid + 1;
      else if (p > price) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  private insertAt(i: number, price: number, size: number): void {
    if (this.n === this.px.length) this.grow();
    if (i < this.n) {
      this.px.copyWithin(i + 1, i, this.n);
      this.sz.copyWithin(i + 1, i, this.n);
    }
    this.px[i] = price;
    this.sz[i] = size;
    this.n++;
  }

  private removeAt(i: number): void {
    this.px.copyWithin(i, i + 1, this.n);
    this.sz.copyWithin(i, i + 1, this.n);
    this.n--;
  }

  private grow(): void {
    const px = new Float64Array(this.px.length * 2);
    const sz = new Float64Array(this.sz.length * 2);
    px.set(this.px);
    sz.set(this.sz);
    this.px = px;
    this.sz = sz;
  }
}
