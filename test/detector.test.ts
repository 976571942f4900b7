/**
 * The detector (actors/detector) on hand-built books: each arb type with fees and depth, with
 * the exact sizes and limit prices expected; nothing on a crossed, stale, empty or fee-eaten
 * book; Kalshi's per-order fee rounding; in-flight markets skipped; and backpressure that
 * coalesces per market (the newest book wins) while counting every update.
 */
import { Subject, VirtualTimeScheduler, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { bookUpdates, detectArbitrage, detectorStats } from '../actors/detector/index.js';
import {
  applyKalshiSnapshot,
  applyPolymarketBook,
  asMicros,
  BookStore,
  cents,
  contracts,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  type BookLevel,
  type FastExecutionRequest,
  type FeeParams,
  type MarketPair,
  type Micros,
  type Qty
} from '../core/index.js';

const lv = (c: number, n: number): BookLevel => ({ price: cents(c), size: contracts(n) });

function market(id: number, poly: FeeParams = POLYMARKET_NO_FEES): MarketPair {
  return {
    marketId: id,
    pairId: `p${id}`,
    description: `market ${id}`,
    kalshiTicker: `KX-${id}`,
    polyYesTokenId: `${100 + id}`,
    polyNoTokenId: `${200 + id}`,
    tickSize: { kalshi: cents(0.1), polymarket: cents(0.1) },
    fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: poly }
  };
}

/** Books as the feeds would leave them. Kalshi takes YES and NO *bids*; Polymarket per token. */
interface Setup {
  kalshi?: { yesBids: BookLevel[]; noBids: BookLevel[] };
  polyYes?: { bids: BookLevel[]; asks: BookLevel[] };
  polyNo?: { bids: BookLevel[]; asks: BookLevel[] };
}

function books(store: BookStore, id: number, s: Setup): void {
  const k = store.venue(id, 'kalshi')!;
  const p = store.venue(id, 'polymarket')!;
  if (s.kalshi) applyKalshiSnapshot(k, s.kalshi.yesBids, s.kalshi.noBids);
  if (s.polyYes) applyPolymarketBook(p, 'yes', s.polyYes.bids, s.polyYes.asks, 1);
  if (s.polyNo) applyPolymarketBook(p, 'no', s.polyNo.bids, s.polyNo.asks, 1);
}

/** Runs the detector synchronously over one update per market and collects the requests. */
function detect(
  markets: MarketPair[],
  setup: (store: BookStore) => void,
  extra: {
    minProfitPerContract?: number;
    riskCapacity?: (marketId: number) => (pairCost: Micros) => Qty;
  } = {}
): FastExecutionRequest[] {
  const store = new BookStore(markets.map((m) => m.marketId));
  setup(store);
  const clock = new ManualClock();
  const out: FastExecutionRequest[] = [];
  const updates = new Subject<number>();
  updates
    .pipe(
      detectArbitrage({
        markets,
        books: store,
        clock,
        scheduler: null,
        ...(extra.minProfitPerContract !== undefined
          ? { minProfitPerContract: asMicros(extra.minProfitPerContract) }
          : {}),
        ...(extra.riskCapacity ? { riskCapacity: extra.riskCapacity } : {})
      })
    )
    .subscribe((r) => out.push(r));
  for (const m of markets) updates.next(m.marketId);
  return out;
}

const req = (
  arbType: FastExecutionRequest['arbType'],
  yes: number,
  no: number,
  qty: number
): Omit<FastExecutionRequest, 'detectedNs' | 'marketId'> => ({
  arbType,
  yesPrice: cents(yes),
  noPrice: cents(no),
  yesSize: contracts(qty),
  noSize: contracts(qty)
});

// PolyYesKalshiNo with Kalshi fees and depth (fee-free Polymarket side):
//   Poly YES asks 40¢×10, 42¢×20, 50¢×100; Kalshi NO asks (from YES bids 45¢×15, 44¢×30)
//   55¢×15, 56¢×30.
//   10 @ 40/55: $10 − $9.50 − fee ⌈0.07·10·.55·.45 = 0.173⌉ 18¢ = 32¢  (3.2¢ each)  ✓
//   15 @ 42/55: $15 − $14.55 − ⌈0.260⌉ 26¢ = 19¢                         (1.27¢ each) ✓
//   30 @ 42/56: $30 − $29.40 − ⌈0.517⌉ 52¢ = 8¢                          (0.27¢ each) ✗
//   → 15 contracts, limits YES 42¢ / NO 55¢.
const polyYesKalshiNo: Setup = {
  polyYes: { bids: [lv(38, 5)], asks: [lv(40, 10), lv(42, 20), lv(50, 100)] },
  polyNo: { bids: [], asks: [lv(62, 100)] },
  kalshi: { yesBids: [lv(45, 15), lv(44, 30)], noBids: [lv(40, 100)] }
};

describe('detector: the four arb types on hand-built books', () => {
  it('PolyYesKalshiNo: walks depth while the marginal contract clears 1¢ after Kalshi fees', () => {
    const out = detect([market(0)], (s) => books(s, 0, polyYesKalshiNo));
    expect(out).toEqual([{ ...req('PolyYesKalshiNo', 42, 55, 15), marketId: 0, detectedNs: 0 }]);
  });

  it('sizes to the risk capacity at the pair cost, and offers nothing the limits cut under $1', () => {
    const asked: number[] = [];
    const pairCosts: number[] = [];
    // the limits take 12 pairs at the top of the book (95¢), 11 from 97¢
    const cap = (id: number) => {
      asked.push(id);
      return (pairCost: Micros): Qty => {
        pairCosts.push(pairCost);
        return contracts(pairCost <= cents(95) ? 12 : 11);
      };
    };
    const out = detect([market(0)], (s) => books(s, 0, polyYesKalshiNo), { riskCapacity: cap });
    // 10 @ 40/55 (95¢ a pair) fits; 15 @ 42/55 (97¢) is cut to 11 and stops the walk
    expect(out).toEqual([{ ...req('PolyYesKalshiNo', 42, 55, 11), marketId: 0, detectedNs: 0 }]);
    expect(asked).toEqual([0]); // the limits are read once per evaluation
    expect(pairCosts).toContain(cents(95));
    // 2 pairs left: a 40¢ or 42¢ Polymarket YES leg is under the $1 minimum, and the walk ends
    // at 50¢ (unprofitable) before 2 contracts could clear it
    const none = detect([market(0)], (s) => books(s, 0, polyYesKalshiNo), {
      riskCapacity: () => () => contracts(2)
    });
    expect(none).toEqual([]);
  });

  it('a capped size refused under the $1 minimum walks on to a price where it clears', () => {
    // the limits take 2 contracts: 2 @ 45¢ is 90¢ (refused), 2 @ 50¢ is $1.00 and still earns
    // over 1¢ a contract against Kalshi NO at 40¢
    const out = detect(
      [market(0)],
      (s) =>
        books(s, 0, {
          polyYes: { bids: [], asks: [lv(45, 10), lv(50, 10)] },
          polyNo: { bids: [], asks: [lv(90, 100)] },
          kalshi: { yesBids: [lv(60, 30)], noBids: [lv(5, 100)] }
        }),
      { riskCapacity: () => () => contracts(2) }
    );
    expect(out).toEqual([{ ...req('PolyYesKalshiNo', 50, 40, 2), marketId: 0, detectedNs: 0 }]);
  });

  it('KalshiYesPolyNo: with a Polymarket per-market fee (2.5%, exponent 1)', () => {
    // Kalshi YES asks (from NO bids 70¢×8, 68¢×50) 30¢×8, 32¢×50; Poly NO asks 60¢×20, 63¢×100.
    //    8 @ 30/60: $8 − $7.20 − K ⌈0.1176⌉ 12¢ − P 8·.025·.24 = 4.8¢           = 63.2¢ ✓
    //   20 @ 32/60: $20 − $18.40 − K ⌈0.3046⌉ 31¢ − P 12¢                       = $1.17 ✓
    //   58 @ 32/63: $58 − $55.10 − K ⌈0.8835⌉ 89¢ − P ⌈58·.025·.2331⌉ 33.8¢ = $1.672 ✓
    //   (then the YES asks run out)
    const fees: FeeParams = { rateMicros: 25_000, exponent: 1, multiplierMicros: 1_000_000 };
    const out = detect([market(3, fees)], (s) =>
      books(s, 3, {
        kalshi: { yesBids: [lv(25, 10)], noBids: [lv(70, 8), lv(68, 50)] },
        polyYes: { bids: [], asks: [lv(80, 10)] },
        polyNo: { bids: [lv(55, 1)], asks: [lv(60, 20), lv(63, 100)] }
      })
    );
    expect(out).toEqual([{ ...req('KalshiYesPolyNo', 32, 63, 58), marketId: 3, detectedNs: 0 }]);
  });

  it('PolyOnly: both tokens on Polymarket; Kalshi stale (no snapshot yet) is skipped', () => {
    //   5 @ 45/50 (5¢ each), 10 @ 45/51 (4¢), 20 @ 47/51 (2¢), then the YES asks run out
    const out = detect([market(1)], (s) =>
      books(s, 1, {
        polyYes: { bids: [], asks: [lv(45, 10), lv(47, 10)] },
        polyNo: { bids: [], asks: [lv(50, 5), lv(51, 30)] }
      })
    );
    expect(out).toEqual([{ ...req('PolyOnly', 47, 51, 20), marketId: 1, detectedNs: 0 }]);
  });

  it('KalshiOnly: YES ask + NO ask < $1 on one Kalshi book is a crossed book, never emitted', () => {
    // YES asks come from NO bids and NO asks from YES bids: 47¢ + 50¢ < $1 means YES bid 50¢ +
    // NO bid 53¢ > $1, which Kalshi would have matched. The local book is wrong (a missed
    // delta, a misread scale): a phantom arb.
    const out = detect([market(2)], (s) =>
      books(s, 2, { kalshi: { yesBids: [lv(50, 10)], noBids: [lv(53, 10)] } })
    );
    expect(out).toEqual([]);
    // the same economics with minProfit 0 still yield nothing: the book is the reason
    expect(
      detect(
        [market(2)],
        (s) => books(s, 2, { kalshi: { yesBids: [lv(50, 10)], noBids: [lv(53, 10)] } }),
        { minProfitPerContract: 0 }
      )
    ).toEqual([]);
  });

  it('the most profitable type wins when several clear the threshold', () => {
    // PolyYesKalshiNo as above ($0.19) and PolyOnly 10 @ 40/55 = 50¢ (fee-free)
    const out = detect([market(0)], (s) =>
      books(s, 0, { ...polyYesKalshiNo, polyNo: { bids: [], asks: [lv(55, 10)] } })
    );
    expect(out.map((r) => [r.arbType, r.yesPrice, r.noPrice, r.yesSize])).toEqual([
      ['PolyOnly', cents(40), cents(55), contracts(10)]
    ]);
  });
});

describe('detector: no opportunity', () => {
  it('on a crossed Polymarket token book', () => {
    const crossed = { ...polyYesKalshiNo, polyYes: { bids: [lv(41, 5)], asks: [lv(40, 10)] } };
    expect(detect([market(0)], (s) => books(s, 0, crossed))).toEqual([]);
  });

  it('on a stale book (disconnected), until the next snapshot', () => {
    expect(
      detect([market(0)], (s) => {
        books(s, 0, polyYesKalshiNo);
        s.venue(0, 'kalshi')!.markStale('disconnected');
      })
    ).toEqual([]);
  });

  it('on an empty leg', () => {
    const empty = { ...polyYesKalshiNo, kalshi: { yesBids: [], noBids: [lv(40, 100)] } };
    expect(detect([market(0)], (s) => books(s, 0, empty))).toEqual([]);
  });

  it('on a fee-eaten book: a 2¢ edge pays 1.75¢ of Kalshi fee', () => {
    const thin: Setup = {
      polyYes: { bids: [], asks: [lv(45, 100)] },
      kalshi: { yesBids: [lv(47, 100)], noBids: [] } // NO ask 53¢
    };
    expect(detect([market(0)], (s) => books(s, 0, thin))).toEqual([]);
    // with no threshold it pays: $2 − ⌈0.07·100·.53·.47 = 1.7437⌉ $1.75 = 25¢
    expect(
      detect([market(0)], (s) => books(s, 0, thin), { minProfitPerContract: 1 }).map(
        (r) => r.yesSize
      )
    ).toEqual([contracts(100)]);
  });

  it('on a break-even book, even with no threshold (profit must be positive)', () => {
    const even: Setup = {
      polyYes: { bids: [], asks: [lv(50, 10)] },
      polyNo: { bids: [], asks: [lv(50, 10)] }
    };
    expect(detect([market(0)], (s) => books(s, 0, even), { minProfitPerContract: 0 })).toEqual([]);
  });

  it('under the Polymarket minimum notional ($1 by default)', () => {
    // 1 contract @ 45¢ + 50¢: a 5¢ edge, but 45¢ and 50¢ legs on Polymarket are under $1
    const one: Setup = {
      polyYes: { bids: [], asks: [lv(45, 1)] },
      polyNo: { bids: [], asks: [lv(50, 1)] }
    };
    expect(detect([market(0)], (s) => books(s, 0, one))).toEqual([]);
    // 3 contracts reach $1.35 and $1.50
    const three: Setup = {
      polyYes: { bids: [], asks: [lv(45, 3)] },
      polyNo: { bids: [], asks: [lv(50, 3)] }
    };
    expect(detect([market(0)], (s) => books(s, 0, three)).map((r) => r.yesSize)).toEqual([
      contracts(3)
    ]);
  });

  it("Kalshi's per-order rounding: 1 contract does not clear 1¢, 4 do", () => {
    // 47.2¢ + 50¢, a 2.8¢ edge. 1 contract: ⌈0.0175⌉ 2¢ of fee → 0.8¢. 4: exactly 7¢ → 1.05¢ each.
    const at = (n: number): Setup => ({
      polyYes: { bids: [], asks: [{ price: cents(47.2), size: contracts(n) }] },
      kalshi: { yesBids: [lv(50, 100)], noBids: [] }
    });
    expect(detect([market(0)], (s) => books(s, 0, at(1)))).toEqual([]);
    expect(detect([market(0)], (s) => books(s, 0, at(4)))).toEqual([
      {
        ...req('PolyYesKalshiNo', 47.2, 50, 4),
        marketId: 0,
        detectedNs: 0
      }
    ]);
  });
});

describe('detector: plumbing and backpressure', () => {
  function rig(opts: { scheduler?: VirtualTimeScheduler | null; inFlight?: Set<number> } = {}) {
    const markets = [market(0), market(1)];
    const store = new BookStore([0, 1]);
    const clock = new ManualClock();
    const stats = detectorStats();
    const out: FastExecutionRequest[] = [];
    const requests$: Observable<FastExecutionRequest> = bookUpdates(store).pipe(
      detectArbitrage({
        markets,
        books: store,
        clock,
        stats,
        ...(opts.scheduler !== undefined ? { scheduler: opts.scheduler } : {}),
        ...(opts.inFlight ? { isInFlight: (id: number) => opts.inFlight!.has(id) } : {})
      })
    );
    /** Sets market `id`'s PolyOnly books with YES ask `yes`¢ and reports the change. */
    const quote = (id: number, yes: number): void => {
      books(store, id, {
        polyYes: { bids: [], asks: [lv(yes, 10)] },
        polyNo: { bids: [], asks: [lv(50, 10)] }
      });
      store.changed(id);
    };
    return { store, clock, stats, out, requests$, quote };
  }

  it('the default scheduler evaluates after the message, with detectedNs from the shared clock', async () => {
    const r = rig();
    r.requests$.subscribe((q) => r.out.push(q));
    await r.clock.advance(7);
    r.quote(0, 40);
    expect(r.out).toEqual([]); // not inside the feed's message
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.out).toEqual([{ ...req('PolyOnly', 40, 50, 10), marketId: 0, detectedNs: 7e6 }]);
  });

  it('a slow consumer: a burst coalesces per market and the newest book wins', () => {
    const scheduler = new VirtualTimeScheduler();
    const r = rig({ scheduler });
    r.requests$.subscribe((q) => r.out.push(q));
    // the consumer has not got to it yet: 1,000 updates of market 0, 3 of market 1
    for (let i = 0; i < 1_000; i++) r.quote(0, 30 + (i % 15));
    for (const y of [41, 42, 33]) r.quote(1, y);
    expect(r.out).toEqual([]);
    scheduler.flush();
    // one evaluation per market, on its newest book (i = 999 → 30 + 9 = 39¢)
    expect(r.out.map((q) => [q.marketId, q.yesPrice])).toEqual([
      [0, cents(39)],
      [1, cents(33)]
    ]);
    expect(r.stats).toMatchObject({ updates: 1_003, coalesced: 1_001, evaluations: 2 });
  });

  it('updates arriving while the consumer works are evaluated after it, never dropped', () => {
    const r = rig({ scheduler: null });
    let depth = 0;
    let maxDepth = 0;
    let fed = 0;
    r.requests$.subscribe((q) => {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      r.out.push(q);
      // while this consumer is busy, five more messages arrive for each market
      if (fed < 20) {
        for (let k = 0; k < 5; k++) {
          fed++;
          r.quote(q.marketId, 30 + (fed % 15));
          r.quote(1 - q.marketId, 35 + (fed % 10));
        }
      }
      depth--;
    });
    r.quote(0, 30);
    expect(maxDepth).toBe(1); // no re-entrant evaluation
    const s = r.stats;
    expect(s.updates).toBe(s.coalesced + s.evaluations); // every update accounted for
    expect(s.coalesced).toBeGreaterThan(0);
    // the last request of each market is its newest book
    const last = (id: number) => r.out.filter((q) => q.marketId === id).at(-1)?.yesPrice;
    expect(last(0)).toBe(r.store.get(0)!.polymarket.yes.asks.priceAt(0));
    expect(last(1)).toBe(r.store.get(1)!.polymarket.yes.asks.priceAt(0));
  });

  it('skips a market in flight (counted) and takes it again once released', () => {
    const inFlight = new Set([0]);
    const r = rig({ scheduler: null, inFlight });
    r.requests$.subscribe((q) => r.out.push(q));
    r.quote(0, 40);
    expect(r.out).toEqual([]);
    expect(r.stats.inFlight).toBe(1);
    r.quote(0, 40);
    expect(r.stats.inFlight).toBe(2); // still held: parked once
    inFlight.clear();
    // released while its book is quiet: the next update of another market starts a drain,
    // and the parked market is evaluated again
    r.quote(1, 60); // 60¢ + 50¢: nothing on market 1
    expect(r.out.map((q) => q.marketId)).toEqual([0]);
    expect(r.stats).toMatchObject({ updates: 3, inFlight: 2, resumed: 1, evaluations: 2 });
  });

  it('counts unknown market ids; completing drains what waits', () => {
    const scheduler = new VirtualTimeScheduler();
    const markets = [market(0)];
    const store = new BookStore([0]);
    books(store, 0, {
      polyYes: { bids: [], asks: [lv(40, 10)] },
      polyNo: { bids: [], asks: [lv(50, 10)] }
    });
    const stats = detectorStats();
    const src = new Subject<number>();
    const out: FastExecutionRequest[] = [];
    let done = false;
    src
      .pipe(detectArbitrage({ markets, books: store, clock: new ManualClock(), stats, scheduler }))
      .subscribe({ next: (q) => out.push(q), complete: () => (done = true) });
    src.next(0);
    src.next(7);
    src.complete();
    expect(out).toHaveLength(1);
    expect(done).toBe(true);
    expect(stats.unknownMarket).toBe(1);
    expect(() =>
      detectArbitrage({ markets: [market(5)], books: store, clock: new ManualClock() })
    ).toThrow(/no books for market 5/);
  });
});
