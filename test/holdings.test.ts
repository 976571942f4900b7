/**
 * The venue holdings model (core/holdings.ts): Kalshi nets per market, Polymarket holds tokens
 * per side; the real net exposure, what is sellable, and what a fill realizes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCostedFill,
  applyHoldingFill,
  asQty,
  basisOf,
  cents,
  checkHoldings,
  contracts,
  dollars,
  exposureOn,
  heldSides,
  netExposure,
  NO_COSTED_HOLDINGS,
  NO_HOLDINGS,
  notional,
  quantitiesOf,
  sellable,
  type CostedFill,
  type CostedHoldings,
  type HoldingFill,
  type Side,
  type Venue,
  type VenueHoldings
} from '../core/index.js';

const fill = (
  venue: Venue,
  side: Side,
  action: 'buy' | 'sell',
  n: number,
  priceCents = 50
): CostedFill => ({
  venue,
  side,
  action,
  contracts: contracts(n),
  notional: notional(contracts(n), cents(priceCents))
});

const fold = (fills: readonly CostedFill[]) => {
  let h: CostedHoldings = NO_COSTED_HOLDINGS;
  let realized = 0;
  let netted = 0;
  for (const f of fills) {
    const s = applyCostedFill(h, f);
    h = s.holdings;
    realized += s.realized;
    netted += s.netted;
  }
  return { h, realized, netted };
};

describe('Kalshi nets YES against NO per market', () => {
  it('holding 10 NO and buying 10 YES leaves 0 and realizes the 10 netted pairs at $1', () => {
    const r = fold([fill('kalshi', 'no', 'buy', 10, 46), fill('kalshi', 'yes', 'buy', 10, 45)]);
    expect(r.h.kalshiNet).toBe(0);
    expect(r.netted).toBe(contracts(10));
    expect(r.h.kalshiBasis).toBe(0);
    // $10 paid out − $4.60 − $4.50
    expect(r.realized).toBe(dollars(0.9));
  });

  it('a larger opposite buy flips the net; the rest of the buy is the new basis', () => {
    const r = fold([fill('kalshi', 'no', 'buy', 4, 40), fill('kalshi', 'yes', 'buy', 10, 50)]);
    expect(r.h.kalshiNet).toBe(contracts(6));
    expect(r.h.kalshiBasis).toBe(dollars(3));
    expect(r.realized).toBe(dollars(4 - 1.6 - 2));
    expect(sellable(r.h, 'kalshi', 'yes')).toBe(contracts(6));
    expect(sellable(r.h, 'kalshi', 'no')).toBe(0);
  });

  it('a sell reduces the side of the net and realizes proceeds − basis', () => {
    const r = fold([fill('kalshi', 'yes', 'buy', 10, 40), fill('kalshi', 'yes', 'sell', 4, 55)]);
    expect(r.h.kalshiNet).toBe(contracts(6));
    expect(r.h.kalshiBasis).toBe(dollars(2.4));
    expect(r.realized).toBe(dollars(2.2 - 1.6));
    expect(r.netted).toBe(0);
  });
});

describe('Polymarket holds tokens per side', () => {
  it('YES and NO tokens stay separate; exposure nets them', () => {
    const r = fold([fill('polymarket', 'yes', 'buy', 7), fill('polymarket', 'no', 'buy', 10)]);
    expect(quantitiesOf(r.h)).toEqual({
      kalshiNet: 0,
      polyYes: contracts(7),
      polyNo: contracts(10)
    });
    expect(netExposure(r.h)).toBe(contracts(-3));
    expect(exposureOn(r.h, 'no')).toBe(contracts(3));
    expect(sellable(r.h, 'polymarket', 'yes')).toBe(contracts(7));
    expect(r.realized).toBe(0);
  });
});

describe('two arbs in opposite directions on one market', () => {
  it('the Kalshi excess the second execution believes in is not held; Polymarket holds it', () => {
    const h = [
      // arb 1: YES on Kalshi, NO on Polymarket, 10 each
      fill('kalshi', 'yes', 'buy', 10, 45),
      fill('polymarket', 'no', 'buy', 10, 45),
      // arb 2: NO on Kalshi 10, YES on Polymarket only 7 (mismatch: "3 NO excess on Kalshi")
      fill('kalshi', 'no', 'buy', 10, 46),
      fill('polymarket', 'yes', 'buy', 7, 45)
    ].reduce<VenueHoldings>(applyHoldingFill, NO_HOLDINGS);
    expect(h.kalshiNet).toBe(0);
    expect(sellable(h, 'kalshi', 'no')).toBe(0);
    expect(exposureOn(h, 'no')).toBe(contracts(3));
    expect(sellable(h, 'polymarket', 'no')).toBe(contracts(10));
    expect(heldSides(h)).toEqual({ yes: contracts(7), no: contracts(10) });
  });
});

const venue = fc.constantFrom<Venue>('kalshi', 'polymarket');
const side = fc.constantFrom<Side>('yes', 'no');
const anyFill = fc.record({
  venue,
  side,
  action: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  contracts: fc.integer({ min: 1, max: 50 }).map((n) => contracts(n)),
  price: fc.integer({ min: 1, max: 99 })
});
const costed = (f: {
  venue: Venue;
  side: Side;
  action: 'buy' | 'sell';
  contracts: ReturnType<typeof contracts>;
  price: number;
}): CostedFill => ({ ...f, notional: notional(f.contracts, cents(f.price)) });

describe('properties', () => {
  it('exposure and holdings do not depend on the order of the fills', () => {
    fc.assert(
      fc.property(fc.array(anyFill, { maxLength: 30 }), fc.integer(), (fills, seed) => {
        const a = fills.map(costed).reduce<VenueHoldings>(applyHoldingFill, NO_HOLDINGS);
        const shuffled = [...fills]
          .map((f, i) => ({ f, k: (i * 7919 + seed) % 1009 }))
          .sort((x, y) => x.k - y.k)
          .map((x) => costed(x.f));
        const b = shuffled.reduce<VenueHoldings>(applyHoldingFill, NO_HOLDINGS);
        expect(b).toEqual(a);
        expect(netExposure(b)).toBe(netExposure(a));
      })
    );
  });

  it('the costed model moves quantities exactly as the quantity model', () => {
    fc.assert(
      fc.property(fc.array(anyFill, { maxLength: 30 }), (fills) => {
        const fs = fills.map(costed);
        const q = fs.reduce<VenueHoldings>(applyHoldingFill, NO_HOLDINGS);
        expect(quantitiesOf(fold(fs).h)).toEqual(q);
      })
    );
  });

  it('selling what `sellable` says never takes a venue below zero', () => {
    fc.assert(
      fc.property(
        fc.array(anyFill.filter((f) => f.action === 'buy')),
        venue,
        side,
        (buys, v, s) => {
          const h = buys.map(costed).reduce<VenueHoldings>(applyHoldingFill, NO_HOLDINGS);
          const q = sellable(h, v, s);
          const after = applyHoldingFill(h, { venue: v, side: s, action: 'sell', contracts: q });
          expect(after.polyYes).toBeGreaterThanOrEqual(0);
          expect(after.polyNo).toBeGreaterThanOrEqual(0);
          // a Kalshi sell never crosses zero to the other side
          if (v === 'kalshi')
            expect(Math.sign(after.kalshiNet) * Math.sign(h.kalshiNet) >= 0).toBe(true);
        }
      )
    );
  });

  it('whatever the exposure on a side, the venues hold enough of it to sell it all', () => {
    fc.assert(
      fc.property(fc.array(anyFill.filter((f) => f.action === 'buy')), side, (buys, s) => {
        const h = buys.map(costed).reduce<VenueHoldings>(applyHoldingFill, NO_HOLDINGS);
        const total = sellable(h, 'kalshi', s) + sellable(h, 'polymarket', s);
        expect(total).toBeGreaterThanOrEqual(exposureOn(h, s));
      })
    );
  });

  it('cash is conserved: what buys paid + realized = what sells received + netted $1 + basis change', () => {
    fc.assert(
      fc.property(
        fc.array(
          anyFill.filter((f) => f.action === 'buy'),
          { maxLength: 30 }
        ),
        (buys) => {
          const fs = buys.map(costed);
          const r = fold(fs);
          const paid = fs.reduce((s, f) => s + f.notional, 0);
          // every buy's cost is either still basis or was realized against a netted $1
          expect(paid + r.realized).toBe(basisOf(r.h) + r.netted);
        }
      )
    );
  });
});

describe('checkHoldings', () => {
  it('accepts sound holdings and answers null (unknown) for anything else', () => {
    const ok: HoldingFill = {
      venue: 'kalshi',
      side: 'yes',
      action: 'buy',
      contracts: contracts(1)
    };
    expect(checkHoldings(() => applyHoldingFill(NO_HOLDINGS, ok))).toEqual({
      kalshiNet: contracts(1),
      polyYes: 0,
      polyNo: 0
    });
    expect(checkHoldings(() => null)).toBeNull();
    expect(checkHoldings(() => ({ kalshiNet: 1.5, polyYes: 0, polyNo: 0 }))).toBeNull();
    expect(checkHoldings(() => ({ kalshiNet: 0, polyYes: -1, polyNo: 0 }))).toBeNull();
    expect(
      checkHoldings(() => {
        throw new Error('down');
      })
    ).toBeNull();
    expect(checkHoldings(() => ({ kalshiNet: asQty(-3), polyYes: 0, polyNo: 0 }))?.kalshiNet).toBe(
      -3
    );
  });
});
