/**
 * Seeded book motion for mock and simulated venues: realistic YES ladders around a mid that
 * walks, with occasional cross-venue dislocations. Pure and deterministic: the same seed, the
 * same markets and the same number of {@link MarketMotion.tick} calls give the same ladders
 * (each market has its own random stream, so adding a market leaves the others unchanged).
 *
 * ```ts
 * const motion = createMarketMotion({ seed: 7, markets: [0, 1, 2] });
 * every(500, () => {
 *   for (const m of motion.tick()) {
 *     kalshi.setBook(tickerOf(m.marketId), m.kalshi);            // Kalshi: one YES book
 *     poly.setBook(yesTokenOf(m.marketId), m.polymarket);        // Polymarket YES token
 *     poly.setBook(noTokenOf(m.marketId), noLadder(m.polymarket)); // and its NO token
 *   }
 * });
 * ```
 *
 * The model, in whole cents: both venues quote the same mid; the best bid is `mid − 1¢`, the
 * best ask `mid + 1¢` (a 2¢ spread, so a YES ask on one venue plus a NO ask on the other costs
 * $1.02: no arbitrage), then `levels − 1` more levels each side 1¢ apart, deeper away from the
 * top, each size re-drawn every tick (×0.5…×1.5, whole contracts). Each tick the mid steps
 * −1¢, 0 or +1¢ (probability `stepProbability` of moving), kept in [`minMidCents`,
 * `maxMidCents`]. A dislocation (probability `dislocation.probability` per market per tick,
 * none under way) moves ONE venue's mid by `dislocation.cents` (venue and direction drawn) for
 * `dislocation.ticks` ticks: with the default 6¢, YES ask on one venue + NO ask on the other
 * is $0.96, under $1 after Kalshi's taker fee (at most 1.75¢ a contract plus a cent of
 * rounding per order) and Polymarket's (0 on fee-free markets).
 */
import { cents, contracts, USD, type Micros, type Qty } from '../../../core/index.js';

/** One price level in core units. */
export interface MotionLevel {
  readonly price: Micros;
  readonly qty: Qty;
}

/** One outcome's ladder: bids descending from the best, asks ascending from the best. */
export interface MotionLadder {
  readonly bids: readonly MotionLevel[];
  readonly asks: readonly MotionLevel[];
}

/** One market's books after a tick: the YES ladder of each venue. */
export interface MarketLadders {
  readonly marketId: number;
  /** Mid of each venue, micro-dollars (they differ only during a dislocation). */
  readonly mid: { readonly kalshi: Micros; readonly polymarket: Micros };
  /** Kalshi's single YES book. */
  readonly kalshi: MotionLadder;
  /** Polymarket's YES token; its NO token is {@link noLadder} of it. */
  readonly polymarket: MotionLadder;
  /** Whether a dislocation is under way on this market. */
  readonly dislocated: boolean;
}

/** Cross-venue dislocations; `false` turns them off. */
export interface DislocationOptions {
  /** Chance per market per tick that one starts (default 0.01). */
  readonly probability?: number;
  /** How far one venue's mid jumps, whole cents (default 6). */
  readonly cents?: number;
  /** How many ticks it lasts (default 6: 3 s at a 500 ms tick). */
  readonly ticks?: number;
}

/** Options of {@link createMarketMotion}. */
export interface MarketMotionOptions {
  readonly seed: number;
  /** The markets (twinleg market ids). */
  readonly markets: readonly number[];
  /** Levels per side (default 5). */
  readonly levels?: number;
  /** Contracts at the best level before the draw (default 200; deeper levels more). */
  readonly depth?: number;
  /** Starting mid, whole cents (default: drawn in 30…70 per market). */
  readonly startMidCents?: number;
  /** Chance per tick that the mid moves 1¢ (default 0.3). */
  readonly stepProbability?: number;
  readonly minMidCents?: number;
  readonly maxMidCents?: number;
  readonly dislocation?: DislocationOptions | false;
}

/** A running motion. */
export interface MarketMotion {
  /** The ladders now (before any tick: the starting books). */
  current(): readonly MarketLadders[];
  /** Advances every market one step and returns the new ladders. */
  tick(): readonly MarketLadders[];
  /** Ticks so far. */
  readonly ticks: number;
}

/** The NO outcome's ladder of a binary market from its YES ladder (NO ask = $1 − YES bid). */
export function noLadder(yes: MotionLadder): MotionLadder {
  const flip = (l: MotionLevel): MotionLevel => ({ price: (USD - l.price) as Micros, qty: l.qty });
  return { bids: yes.asks.map(flip), asks: yes.bids.map(flip) };
}

/** mulberry32: a small seeded 32-bit generator, uniform in [0, 1). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface State {
  readonly marketId: number;
  readonly rand: () => number;
  mid: number;
  /** Dislocation under way: venue, signed cents, ticks left. */
  dis: { venue: 'kalshi' | 'polymarket'; cents: number; left: number } | null;
  ladders: MarketLadders;
}

/** Creates a seeded motion over `markets` (see the module comment). */
export function createMarketMotion(o: MarketMotionOptions): MarketMotion {
  const levels = Math.max(1, o.levels ?? 5);
  const depth = Math.max(1, o.depth ?? 200);
  const stepP = o.stepProbability ?? 0.3;
  const dis = o.dislocation === false ? null : (o.dislocation ?? {});
  const disP = dis?.probability ?? 0.01;
  const disCents = dis?.cents ?? 6;
  const disTicks = dis?.ticks ?? 6;
  const lo = Math.max(levels + 1 + disCents, o.minMidCents ?? 10);
  const hi = Math.min(99 - levels - disCents, o.maxMidCents ?? 90);
  const clamp = (c: number): number => Math.min(hi, Math.max(lo, c));

  const ladder = (rand: () => number, mid: number): MotionLadder => {
    const side = (dir: 1 | -1): MotionLevel[] =>
      Array.from({ length: levels }, (_, i) => {
        const base = depth * (1 + i / 2);
        const qty = Math.max(1, Math.round(base * (0.5 + rand())));
        return { price: cents(mid + dir * (i + 1)), qty: contracts(qty) };
      });
    return { bids: side(-1), asks: side(1) };
  };

  const draw = (s: State): MarketLadders => {
    const off = (v: 'kalshi' | 'polymarket'): number => (s.dis?.venue === v ? s.dis.cents : 0);
    const k = s.mid + off('kalshi');
    const p = s.mid + off('polymarket');
    return {
      marketId: s.marketId,
      mid: { kalshi: cents(k), polymarket: cents(p) },
      kalshi: ladder(s.rand, k),
      polymarket: ladder(s.rand, p),
      dislocated: s.dis !== null
    };
  };

  const states: State[] = o.markets.map((marketId) => {
    const rand = rng(
      (Math.imul(o.seed | 0, 0x9e3779b1) ^ Math.imul(marketId + 1, 0x85ebca6b)) >>> 0
    );
    const mid = clamp(o.startMidCents ?? 30 + Math.floor(rand() * 41));
    const s: State = { marketId, rand, mid, dis: null, ladders: null as unknown as MarketLadders };
    s.ladders = draw(s);
    return s;
  });

  let ticks = 0;
  const step = (s: State): void => {
    const r = s.rand();
    if (r < stepP) s.mid = clamp(s.mid + (r < stepP / 2 ? -1 : 1));
    if (s.dis) {
      s.dis.left -= 1;
      if (s.dis.left <= 0) s.dis = null;
    } else if (dis && s.rand() < disP) {
      const venue = s.rand() < 0.5 ? 'kalshi' : 'polymarket';
      s.dis = { venue, cents: s.rand() < 0.5 ? -disCents : disCents, left: disTicks };
    }
    s.ladders = draw(s);
  };

  return {
    current: () => states.map((s) => s.ladders),
    tick() {
      ticks += 1;
      for (const s of states) step(s);
      return states.map((s) => s.ladders);
    },
    get ticks() {
      return ticks;
    }
  };
}

type Taken = { bids: Map<number, number>; asks: Map<number, number> };

/**
 * Liquidity taken stays taken while the market has not repriced: between two motion steps a
 * venue's fills consume levels, and the next step's ladder for that book is written minus
 * what was taken at each price, until that venue's mid moves (then the book is the motion's
 * again). So an arbitrage that was traded away does not come back at the next tick of the
 * same dislocation. One instance per set of books; `key` names a book (e.g. a ticker or a
 * token id).
 *
 * ```ts
 * const taken = new TakenLiquidity();
 * kalshi.setBook(t, taken.next(t, m.mid.kalshi, m.kalshi, kalshi.book(t)));
 * ```
 */
export class TakenLiquidity {
  private readonly books = new Map<string, { mid: number; applied: MotionLadder; taken: Taken }>();

  /**
   * The ladder to write for book `key`: the motion's `ladder` (at venue mid `mid`) minus what
   * fills took since the last write, judged from the book as it is `now` (levels of the last
   * write that are smaller or gone).
   */
  next(
    key: string,
    mid: Micros,
    ladder: MotionLadder,
    now: MotionLadder | undefined
  ): MotionLadder {
    const st = this.books.get(key);
    const taken: Taken =
      st && st.mid === mid
        ? st.taken
        : { bids: new Map<number, number>(), asks: new Map<number, number>() };
    if (st && st.mid === mid && now) {
      for (const side of ['bids', 'asks'] as const) {
        const left = new Map<number, number>(now[side].map((l) => [l.price, l.qty]));
        for (const l of st.applied[side]) {
          const gone = l.qty - (left.get(l.price) ?? 0);
          if (gone > 0) taken[side].set(l.price, (taken[side].get(l.price) ?? 0) + gone);
        }
      }
    }
    const minus = (ls: readonly MotionLevel[], t: Map<number, number>): MotionLevel[] =>
      ls
        .map((l) => ({ price: l.price, qty: (l.qty - (t.get(l.price) ?? 0)) as Qty }))
        .filter((l) => l.qty > 0);
    const applied = { bids: minus(ladder.bids, taken.bids), asks: minus(ladder.asks, taken.asks) };
    this.books.set(key, { mid, applied, taken });
    return applied;
  }
}
