/**
 * Synthetic order-book traffic for the detector benchmark: `n` market pairs with realistic
 * ten-level ladders around a mid on both venues (Kalshi bids-only, Polymarket per token), and a
 * seeded stream of updates as the feeds would apply them. Most updates change a level's size
 * (Kalshi `delta_fp`, Polymarket `price_change`): no opportunity, the detector's common case.
 * A fraction are dislocations: a Polymarket `book` for the YES token shifted 5¢ down, which
 * opens a PolyYesKalshiNo arb above the fees, and the next update of that market restores it.
 */
import {
  applyKalshiDelta,
  applyKalshiSnapshot,
  applyPolymarketBook,
  applyPolymarketChange,
  BookStore,
  cents,
  contracts,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  type BookLevel,
  type MarketPair
} from '../core/index.js';

const LEVELS = 10;

/** xorshift32: a tiny seeded generator (no allocation per draw). */
export class Rng {
  constructor(private s: number) {
    if (this.s === 0) this.s = 1;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s % n;
  }
}

/** A ladder of `LEVELS` levels stepping 1¢ away from `fromCents` (down for bids, up for asks). */
function ladder(fromCents: number, step: 1 | -1, size: number): BookLevel[] {
  const out: BookLevel[] = [];
  for (let k = 0; k < LEVELS; k++) {
    out.push({ price: cents(fromCents + step * k), size: contracts(size + 10 * k) });
  }
  return out;
}

/** The markets and books of the benchmark, and the update generator over them. */
export class BookSynth {
  readonly markets: MarketPair[] = [];
  readonly books: BookStore;
  private readonly mid: Int32Array;
  private readonly dislocated: Uint8Array;
  private readonly rng: Rng;

  constructor(n: number, seed = 16) {
    this.rng = new Rng(seed);
    this.mid = new Int32Array(n);
    this.dislocated = new Uint8Array(n);
    for (let id = 0; id < n; id++) {
      this.markets.push({
        marketId: id,
        pairId: `bench-${id}`,
        description: `bench market ${id}`,
        kalshiTicker: `KXBENCH-${id}`,
        polyYesTokenId: `${10_000 + id}`,
        polyNoTokenId: `${20_000 + id}`,
        tickSize: { kalshi: cents(1), polymarket: cents(1) },
        fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES }
      });
      this.mid[id] = 30 + this.rng.int(41); // 30¢ … 70¢
    }
    this.books = new BookStore(this.markets.map((m) => m.marketId));
    for (let id = 0; id < n; id++) this.reset(id);
  }

  /** Fresh books around the market's mid: best YES ask + best NO ask = $1.02 on each venue. */
  private reset(id: number): void {
    const m = this.mid[id]!;
    const b = this.books.get(id)!;
    applyKalshiSnapshot(b.kalshi, ladder(m - 1, -1, 50), ladder(99 - m, -1, 50));
    this.polyYes(id, 0);
    applyPolymarketBook(b.polymarket, 'no', ladder(99 - m, -1, 40), ladder(101 - m, 1, 40), 1);
  }

  private polyYes(id: number, shift: number): void {
    const m = this.mid[id]! - shift;
    const p = this.books.get(id)!.polymarket;
    applyPolymarketBook(p, 'yes', ladder(m - 1, -1, 40), ladder(m + 1, 1, 40), 1);
  }

  /**
   * Applies one synthetic venue message to a random market and returns its id (the caller
   * reports it with `books.changed(id)`). `dislocatePct` of the updates open an arb.
   */
  next(dislocatePct: number, venueTsMs: number): number {
    const r = this.rng;
    const id = r.int(this.mid.length);
    const b = this.books.get(id)!;
    if (this.dislocated[id] === 1) {
      this.dislocated[id] = 0;
      this.polyYes(id, 0);
      return id;
    }
    if (r.int(1000) < dislocatePct * 10) {
      this.dislocated[id] = 1;
      this.polyYes(id, 5);
      return id;
    }
    const m = this.mid[id]!;
    const k = r.int(LEVELS);
    if (r.int(2) === 0) {
      // Kalshi: a signed delta on a bid level, never below zero (sizes start at ≥ 50)
      const side = r.int(2) === 0 ? 'yes' : 'no';
      const bid = side === 'yes' ? m - 1 - k : 99 - m - k;
      const have = b.kalshi.outcome(side).bids.sizeAtPrice(cents(bid));
      const d = contracts((have > contracts(30) ? -1 : 1) * (1 + r.int(5)));
      applyKalshiDelta(b.kalshi, side, cents(bid), d, 'leg', venueTsMs);
    } else {
      // Polymarket: a new total on an ask level of either token
      const yes = r.int(2) === 0;
      const ask = yes ? m + 1 + k : 101 - m + k;
      applyPolymarketChange(
        b.polymarket,
        yes ? 'yes' : 'no',
        'SELL',
        cents(ask),
        contracts(20 + r.int(80)),
        venueTsMs
      );
    }
    return id;
  }
}
