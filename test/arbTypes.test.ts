/**
 * Leg mapping per arb type. The original swapped YES/NO for PolyYesKalshiNo and auto-closed on
 * the wrong venue; each case here would catch that: orders, fills and the closing sell must all
 * land on the venue that holds that side.
 */
import { describe, expect, it } from 'vitest';
import { ARB_TYPES, contracts, legVenues, type ArbType, type Venue } from '../core/index.js';
import { testEngine } from './support/engine.js';

const expected: Record<ArbType, { yes: Venue; no: Venue }> = {
  PolyYesKalshiNo: { yes: 'polymarket', no: 'kalshi' },
  KalshiYesPolyNo: { yes: 'kalshi', no: 'polymarket' },
  PolyOnly: { yes: 'polymarket', no: 'polymarket' },
  KalshiOnly: { yes: 'kalshi', no: 'kalshi' }
};

describe('arb type leg mapping', () => {
  for (const arb of ARB_TYPES) {
    const v = expected[arb];

    it(`${arb}: YES bought on ${v.yes}, NO on ${v.no}, fills carry the right platform and price`, async () => {
      const e = testEngine();
      e.book(v.yes, 1, 'yes', [[40, 10]]);
      e.book(v.no, 1, 'no', [[55, 10]]);
      const p = e.supervisor.submit(e.opp(1, arb, 40, 55));
      await e.clock.advance(1);
      const r = await p;
      expect(legVenues(arb)).toEqual(v);
      expect(r.success).toBe(true);
      const yesOrders = e.venues[v.yes].orders().filter((o) => o.side === 'yes');
      const noOrders = e.venues[v.no].orders().filter((o) => o.side === 'no');
      expect(yesOrders).toHaveLength(1);
      expect(noOrders).toHaveLength(1);
      expect(yesOrders[0]?.limitPrice).toBe(400_000);
      expect(noOrders[0]?.limitPrice).toBe(550_000);
      const yesFill = e.fills.find((f) => f.side === 'yes');
      const noFill = e.fills.find((f) => f.side === 'no');
      expect(yesFill).toMatchObject({
        platform: v.yes,
        avgPrice: 400_000,
        contracts: contracts(10)
      });
      expect(noFill).toMatchObject({ platform: v.no, avgPrice: 550_000, contracts: contracts(10) });
    });

    it(`${arb}: YES excess is sold on ${v.yes}, NO excess on ${v.no}`, async () => {
      for (const over of ['yes', 'no'] as const) {
        const e = testEngine();
        const overVenue = v[over];
        const other = over === 'yes' ? 'no' : 'yes';
        e.book(overVenue, 1, over, [[over === 'yes' ? 40 : 55, 10]], [[30, 10]]);
        // the other leg's book is empty: it fills nothing
        const p = e.supervisor.submit(e.opp(1, arb, 40, 55));
        await e.clock.runUntilIdle();
        const r = await p;
        expect(r.error).toBe('partial_fill');
        const sells = e.fills.filter((f) => f.action === 'sell');
        expect(sells.length).toBeGreaterThan(0);
        for (const s of sells) expect(s).toMatchObject({ platform: overVenue, side: over });
        expect(e.venues[overVenue].position(1, over)).toBe(0);
        const allOrders = [...e.kalshi.orders(), ...e.polymarket.orders()];
        expect(allOrders.filter((o) => o.action === 'sell' && o.side === other)).toHaveLength(0);
      }
    });
  }
});
