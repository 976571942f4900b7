/**
 * Local books (core/book*.ts): the ladder's operations, Kalshi's bids-only book mapped to the
 * asks the engine buys (both `no` scales), Polymarket's per-token books, staleness, crossed
 * books, depth walking; properties: a snapshot then deltas equals the final snapshot, sizes
 * never go negative (a delta that would marks the book stale instead).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyKalshiDelta,
  applyKalshiSnapshot,
  applyPolymarketBook,
  applyPolymarketChange,
  asQty,
  askDepthUpTo,
  bestAsk,
  bestBid,
  BookStore,
  cents,
  contracts,
  isCrossed,
  isTradable,
  Ladder,
  VenueBook,
  walkAsks,
  type BookLevel
} from '../core/index.js';

const lv = (c: number, n: number): BookLevel => ({ price: cents(c), size: contracts(n) });

describe('Ladder', () => {
  it('keeps levels sorted ascending, one per price; size 0 removes', () => {
    const l = new Ladder(2);
    for (const [p, s] of [
      [50, 1],
      [30, 2],
      [70, 3],
      [40, 4],
      [30, 5]
    ] as const) {
      l.set(p, s);
    }
    expect(l.toArray()).toEqual([
      [30, 5],
      [40, 4],
      [50, 1],
      [70, 3]
    ]);
    l.set(40, 0);
    l.set(99, 0); // removing an absent level is a no-op
    expect(l.toArray()).toEqual([
      [30, 5],
      [50, 1],
      [70, 3]
    ]);
    expect(l.bestAskIndex()).toBe(0);
    expect(l.bestBidIndex()).toBe(2);
    expect(l.sizeAtPrice(50)).toBe(1);
    expect(l.sizeAtPrice(51)).toBe(0);
  });

  it('add: signed deltas, 0 removes, below zero refused without change', () => {
    const l = new Ladder();
    expect(l.add(10, 5)).toBe(true);
    expect(l.add(10, -2)).toBe(true);
    expect(l.sizeAtPrice(10)).toBe(3);
    expect(l.add(10, -4)).toBe(false);
    expect(l.sizeAtPrice(10)).toBe(3);
    expect(l.add(10, -3)).toBe(true);
    expect(l.length).toBe(0);
    expect(l.add(20, -1)).toBe(false);
    expect(l.length).toBe(0);
  });
});

describe('Kalshi: bids only, mapped to the asks the engine buys', () => {
  it('a YES bid at p is a NO ask at 1−p; a NO bid at q a YES ask at 1−q (use_yes_price false)', () => {
    const b = new VenueBook('kalshi');
    expect(b.stale).toBe(true);
    expect(b.yes.staleReason).toBe('no_snapshot');
    expect(applyKalshiSnapshot(b, [lv(40, 10), lv(42, 5)], [lv(55, 7), lv(50, 20)])).toBe(true);
    expect(b.stale).toBe(false);
    expect(b.yes.venueTsMs).toBeNull(); // a snapshot carries no venue time: unknown
    expect(b.yes.bids.toArray()).toEqual([
      [cents(40), contracts(10)],
      [cents(42), contracts(5)]
    ]);
    // buying YES = hitting the NO bids: 1 − 55¢ = 45¢ (7), 1 − 50¢ = 50¢ (20)
    expect(b.yes.asks.toArray()).toEqual([
      [cents(45), contracts(7)],
      [cents(50), contracts(20)]
    ]);
    // buying NO = hitting the YES bids: 1 − 42¢ = 58¢ (5), 1 − 40¢ = 60¢ (10)
    expect(b.no.asks.toArray()).toEqual([
      [cents(58), contracts(5)],
      [cents(60), contracts(10)]
    ]);
    expect(bestAsk(b.yes)).toBe(cents(45));
    expect(bestBid(b.yes)).toBe(cents(42));
    expect(isCrossed(b.yes) || isCrossed(b.no)).toBe(false);
  });

  it('use_yes_price true: a no level is already the YES ask price', () => {
    const leg = new VenueBook('kalshi');
    const yesScale = new VenueBook('kalshi');
    applyKalshiSnapshot(leg, [lv(40, 10)], [lv(55, 7)], 'leg');
    applyKalshiSnapshot(yesScale, [lv(40, 10)], [lv(45, 7)], 'yes');
    for (const o of ['yes', 'no'] as const) {
      expect(yesScale[o].asks.toArray()).toEqual(leg[o].asks.toArray());
      expect(yesScale[o].bids.toArray()).toEqual(leg[o].bids.toArray());
    }
    applyKalshiDelta(leg, 'no', cents(55), contracts(3), 'leg');
    applyKalshiDelta(yesScale, 'no', cents(45), contracts(3), 'yes');
    expect(yesScale.yes.asks.toArray()).toEqual([[cents(45), contracts(10)]]);
    expect(yesScale.yes.asks.toArray()).toEqual(leg.yes.asks.toArray());
  });

  it('deltas move a bid and its mirror; a delta below zero marks the whole book stale', () => {
    const b = new VenueBook('kalshi');
    applyKalshiSnapshot(b, [lv(40, 10)], [lv(55, 7)]);
    expect(applyKalshiDelta(b, 'yes', cents(40), contracts(-4), 'leg', 1_700_000_000_123)).toBe(
      true
    );
    expect(b.no.asks.toArray()).toEqual([[cents(60), contracts(6)]]);
    expect(b.yes.venueTsMs).toBe(1_700_000_000_123);
    expect(applyKalshiDelta(b, 'no', cents(55), contracts(-8))).toBe(false);
    expect(b.yes.staleReason).toBe('negative_size');
    expect(b.no.staleReason).toBe('negative_size');
    expect(b.yes.asks.toArray()).toEqual([[cents(45), contracts(7)]]); // unchanged
    expect(isTradable(b.yes)).toBe(false);
    // a new snapshot restores it
    applyKalshiSnapshot(b, [lv(40, 1)], [lv(55, 1)]);
    expect(b.stale).toBe(false);
  });

  it('a bad level (price outside (0,$1), fractional size) leaves the book empty and stale', () => {
    const b = new VenueBook('kalshi');
    expect(applyKalshiSnapshot(b, [lv(40, 1)], [{ price: cents(100), size: contracts(1) }])).toBe(
      false
    );
    expect(b.yes.bids.length + b.no.bids.length + b.yes.asks.length + b.no.asks.length).toBe(0);
    expect(b.yes.staleReason).toBe('invalid_level');
    expect(applyKalshiDelta(b, 'yes', 0.5, 1)).toBe(false);
  });

  it('crossed: YES bid + NO bid ≥ $1 shows on both outcomes', () => {
    const b = new VenueBook('kalshi');
    applyKalshiSnapshot(b, [lv(60, 1)], [lv(40, 1)]); // 60 + 40 = $1
    expect(isCrossed(b.yes)).toBe(true);
    expect(isCrossed(b.no)).toBe(true);
    expect(isTradable(b.yes)).toBe(false);
  });
});

describe('Polymarket: each token as published', () => {
  it('book replaces one token; price_change sets totals (BUY → bids, SELL → asks)', () => {
    const b = new VenueBook('polymarket');
    applyPolymarketBook(b, 'yes', [lv(40, 10)], [lv(45, 7), lv(44, 3)], 1_757_908_892_351);
    expect(b.yes.stale).toBe(false);
    expect(b.no.staleReason).toBe('no_snapshot'); // the NO token has not arrived
    expect(b.yes.venueTsMs).toBe(1_757_908_892_351);
    applyPolymarketChange(b, 'yes', 'SELL', cents(44), contracts(9), 1_757_908_892_400);
    applyPolymarketChange(b, 'yes', 'BUY', cents(40), 0);
    expect(b.yes.asks.toArray()).toEqual([
      [cents(44), contracts(9)],
      [cents(45), contracts(7)]
    ]);
    expect(b.yes.bids.length).toBe(0);
    expect(b.yes.venueTsMs).toBe(1_757_908_892_400);
    expect(b.no.asks.length).toBe(0); // never derived from the YES token
    expect(applyPolymarketChange(b, 'yes', 'SELL', cents(44), -1)).toBe(false);
    expect(b.yes.staleReason).toBe('invalid_level');
  });

  it('markStale / markFresh per outcome; the store marks a venue stale on disconnect', () => {
    const store = new BookStore([0, 1]);
    const seen: number[] = [];
    const off = store.onChange((id) => seen.push(id));
    for (const id of [0, 1]) {
      applyPolymarketBook(store.venue(id, 'polymarket')!, 'yes', [], [lv(50, 1)], 1);
      applyPolymarketBook(store.venue(id, 'polymarket')!, 'no', [], [lv(50, 1)], 1);
    }
    store.markVenueStale('polymarket', 'disconnected');
    expect(store.get(0)!.polymarket.yes.staleReason).toBe('disconnected');
    expect(store.get(1)!.polymarket.no.staleReason).toBe('disconnected');
    expect(seen).toEqual([0, 1]);
    off();
    store.changed(0);
    expect(seen).toEqual([0, 1]);
    expect(() => new BookStore([1, 1])).toThrow(/duplicate/);
  });
});

describe('depth', () => {
  it('walkAsks and askDepthUpTo', () => {
    const b = new VenueBook('polymarket');
    applyPolymarketBook(b, 'yes', [], [lv(40, 10), lv(42, 5), lv(45, 100)], 1);
    expect(askDepthUpTo(b.yes.asks, cents(42))).toBe(contracts(15));
    const w = walkAsks(b.yes.asks, contracts(20));
    expect(w).toEqual({
      filled: contracts(20),
      cost: cents(400 + 210 + 225),
      worstPrice: cents(45)
    });
    expect(walkAsks(b.yes.asks, contracts(500)).filled).toBe(contracts(115));
  });
});

// ——— properties ———

const price = fc.integer({ min: 1, max: 99 }).map((c) => cents(c));
const size = fc.integer({ min: 1, max: 1_000_000_000 }).map(asQty);
const levels = fc.array(fc.record({ price, size }), { maxLength: 12 });
/** A ladder as a map price → size (last write wins), the model the book must equal. */
const asMap = (ls: readonly { price: number; size: number }[]) => {
  const m = new Map<number, number>();
  for (const l of ls) m.set(l.price, l.size);
  return m;
};
const sortedLevels = (m: Map<number, number>): BookLevel[] =>
  [...m.entries()]
    .filter(([, s]) => s > 0)
    .sort((x, y) => x[0] - y[0])
    .map(([p, s]) => ({ price: p as BookLevel['price'], size: s as BookLevel['size'] }));

describe('properties', () => {
  it('Kalshi: snapshot + deltas = the final snapshot; sizes never negative', () => {
    const delta = fc.record({
      side: fc.constantFrom('yes' as const, 'no' as const),
      price,
      delta: fc.integer({ min: -2_000_000_000, max: 2_000_000_000 })
    });
    fc.assert(
      fc.property(levels, levels, fc.array(delta, { maxLength: 40 }), (yes0, no0, ds) => {
        const live = new VenueBook('kalshi');
        applyKalshiSnapshot(live, yes0, no0);
        const model = { yes: asMap(yes0), no: asMap(no0) };
        let stale = false;
        for (const d of ds) {
          const before = model[d.side].get(d.price) ?? 0;
          const ok = applyKalshiDelta(live, d.side, d.price, d.delta);
          expect(ok).toBe(before + d.delta >= 0);
          if (ok) model[d.side].set(d.price, before + d.delta);
          else stale = true;
          for (const o of [live.yes, live.no]) {
            for (const l of [o.bids, o.asks]) {
              for (let i = 0; i < l.length; i++) expect(l.sizeAt(i)).toBeGreaterThan(0);
            }
          }
        }
        expect(live.stale).toBe(stale);
        const fresh = new VenueBook('kalshi');
        applyKalshiSnapshot(fresh, sortedLevels(model.yes), sortedLevels(model.no));
        for (const o of ['yes', 'no'] as const) {
          expect(live[o].bids.toArray()).toEqual(fresh[o].bids.toArray());
          expect(live[o].asks.toArray()).toEqual(fresh[o].asks.toArray());
        }
      })
    );
  });

  it('Polymarket: book + price_changes = the final book', () => {
    const change = fc.record({
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      price,
      size: fc.oneof(fc.constant(0), size)
    });
    fc.assert(
      fc.property(levels, levels, fc.array(change, { maxLength: 40 }), (bids0, asks0, cs) => {
        const live = new VenueBook('polymarket');
        applyPolymarketBook(live, 'no', bids0, asks0, 1);
        const model = { BUY: asMap(bids0), SELL: asMap(asks0) };
        for (const c of cs) {
          expect(applyPolymarketChange(live, 'no', c.side, c.price, c.size)).toBe(true);
          model[c.side].set(c.price, c.size);
        }
        const fresh = new VenueBook('polymarket');
        applyPolymarketBook(fresh, 'no', sortedLevels(model.BUY), sortedLevels(model.SELL), 1);
        expect(live.no.bids.toArray()).toEqual(fresh.no.bids.toArray());
        expect(live.no.asks.toArray()).toEqual(fresh.no.asks.toArray());
        expect(live.yes.asks.length).toBe(0);
      })
    );
  });

  it('a ladder always equals its sorted model under set/add', () => {
    const op = fc.record({
      add: fc.boolean(),
      price: fc.integer({ min: 1, max: 30 }),
      n: fc.integer({ min: -50, max: 50 })
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const l = new Ladder(1);
        const m = new Map<number, number>();
        for (const o of ops) {
          const cur = m.get(o.price) ?? 0;
          if (o.add) {
            if (l.add(o.price, o.n)) m.set(o.price, cur + o.n);
            else expect(cur + o.n).toBeLessThan(0);
          } else {
            l.set(o.price, Math.abs(o.n));
            m.set(o.price, Math.abs(o.n));
          }
        }
        expect(l.toArray()).toEqual(sortedLevels(m).map((x) => [x.price, x.size]));
      })
    );
  });
});
