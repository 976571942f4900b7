import { describe, expect, it } from 'vitest';
import {
  createMarketMotion,
  noLadder,
  TakenLiquidity,
  type MarketLadders
} from '../adapters/venues/common/bookMotion.js';
import { cents, USD } from '../core/index.js';

const run = (seed: number, n: number): MarketLadders[][] => {
  const m = createMarketMotion({ seed, markets: [0, 1, 2] });
  return Array.from({ length: n }, () => [...m.tick()]);
};

describe('createMarketMotion', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(run(7, 50)).toEqual(run(7, 50));
    expect(run(7, 50)).not.toEqual(run(8, 50));
  });

  it('gives each market a ladder of 1¢ levels around its mid, 2¢ wide at the top', () => {
    const m = createMarketMotion({ seed: 1, markets: [5], dislocation: false });
    for (let i = 0; i < 200; i++) {
      const l = m.tick()[0]!;
      for (const lad of [l.kalshi, l.polymarket]) {
        expect(lad.bids).toHaveLength(5);
        expect(lad.asks).toHaveLength(5);
        expect(lad.asks[0]!.price - lad.bids[0]!.price).toBe(cents(2));
        for (let j = 1; j < 5; j++) {
          expect(lad.bids[j - 1]!.price - lad.bids[j]!.price).toBe(cents(1));
          expect(lad.asks[j]!.price - lad.asks[j - 1]!.price).toBe(cents(1));
        }
        expect(lad.bids.every((x) => x.qty > 0 && x.qty % 1_000_000 === 0)).toBe(true);
      }
      expect(l.mid.kalshi).toBe(l.mid.polymarket);
    }
  });

  it('walks the mid and dislocates one venue for a few ticks: YES ask + other NO ask < $1', () => {
    const m = createMarketMotion({ seed: 3, markets: [0, 1, 2, 3] });
    const mids = new Set<number>();
    let dislocatedTicks = 0;
    for (let i = 0; i < 2000; i++) {
      for (const l of m.tick()) {
        mids.add(l.mid.kalshi);
        if (!l.dislocated) continue;
        dislocatedTicks++;
        const kNo = noLadder(l.kalshi).asks[0]!.price;
        const pNo = noLadder(l.polymarket).asks[0]!.price;
        const best = Math.min(l.kalshi.asks[0]!.price + pNo, l.polymarket.asks[0]!.price + kNo);
        expect(best).toBe(USD - cents(4));
      }
    }
    expect(mids.size).toBeGreaterThan(10);
    expect(dislocatedTicks).toBeGreaterThan(50);
  });

  it('noLadder mirrors YES bids into NO asks', () => {
    const yes = { bids: [{ price: cents(40), qty: 1 }], asks: [{ price: cents(42), qty: 2 }] };
    expect(noLadder(yes as never)).toEqual({
      bids: [{ price: cents(58), qty: 2 }],
      asks: [{ price: cents(60), qty: 1 }]
    });
  });

  it('TakenLiquidity subtracts what fills took until the mid moves', () => {
    const lvl = (c: number, q: number) => ({ price: cents(c), qty: q * 1_000_000 });
    const ladder = { bids: [lvl(49, 10)], asks: [lvl(51, 10), lvl(52, 20)] } as never;
    const t = new TakenLiquidity();
    const first = t.next('k', cents(50), ladder, undefined);
    expect(first).toEqual(ladder);
    // a fill took all of 51¢ and 5 of 52¢
    const now = { bids: [lvl(49, 10)], asks: [lvl(52, 15)] } as never;
    const again = t.next('k', cents(50), ladder, now);
    expect(again).toEqual({ bids: [lvl(49, 10)], asks: [lvl(52, 15)] });
    // nothing more taken: stays reduced
    expect(t.next('k', cents(50), ladder, again)).toEqual(again);
    // the mid moved: the full ladder again
    expect(t.next('k', cents(51), ladder, again)).toEqual(ladder);
  });
});
