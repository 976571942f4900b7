/**
 * The pure venue reconciliation (core/reconcile.ts): the ledger's holdings against what each
 * venue reports, per market and slot, with both numbers; unknown venues and markets in
 * flight are not compared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyHoldingFill,
  asQty,
  contracts,
  NO_HOLDINGS,
  type HoldingFill,
  type VenueHoldings
} from '../core/index.js';
import {
  differenceCounts,
  reconcileMarket,
  reconcileMarkets,
  type ReportedHoldings
} from '../core/reconcile.js';

const hold = (kalshiNet: number, polyYes: number, polyNo: number): VenueHoldings => ({
  kalshiNet: contracts(kalshiNet),
  polyYes: contracts(polyYes),
  polyNo: contracts(polyNo)
});
const rep = (k: number | null, yes?: number, no?: number): ReportedHoldings => ({
  kalshiNet: k === null ? null : contracts(k),
  poly: yes === undefined ? null : { yes: contracts(yes), no: contracts(no ?? 0) }
});

describe('reconcileMarket', () => {
  it('agrees when the venues report what the ledger holds', () => {
    const m = reconcileMarket(3, hold(-10, 10, 0), rep(-10, 10, 0));
    expect(m.differs).toBe(false);
    expect(m.lines.map((l) => l.difference)).toEqual([0, 0, 0]);
  });

  it('reports a fill the ledger lacks (Kalshi) with both numbers', () => {
    const m = reconcileMarket(3, hold(-10, 10, 0), rep(-15, 10, 0));
    expect(m.differs).toBe(true);
    expect(m.lines[0]).toEqual({
      slot: 'kalshi:net',
      venue: 'kalshi',
      side: 'net',
      ledger: contracts(-10),
      venueQty: contracts(-15),
      difference: contracts(-5)
    });
    expect(m.offset).toEqual(hold(-5, 0, 0));
    expect(differenceCounts([m])).toEqual({ kalshi: 1, polymarket: 0 });
  });

  it('reports a fill the venue lacks (Polymarket NO)', () => {
    const m = reconcileMarket(3, hold(10, 0, 10), rep(10, 0, 4));
    expect(m.lines[2]).toMatchObject({
      slot: 'polymarket:no',
      ledger: contracts(10),
      venueQty: contracts(4),
      difference: contracts(-6)
    });
    expect(differenceCounts([m])).toEqual({ kalshi: 0, polymarket: 1 });
  });

  it('an unknown venue is not compared (never taken as 0)', () => {
    const m = reconcileMarket(3, hold(10, 0, 10), rep(null));
    expect(m.differs).toBe(false);
    expect(m.lines.every((l) => l.venueQty === null && l.difference === null)).toBe(true);
  });

  it('a market in flight is skipped', () => {
    const [m] = reconcileMarkets({
      marketIds: [3],
      ledger: () => hold(10, 0, 0),
      reported: () => rep(0, 0, 0),
      inFlight: () => true
    });
    expect(m).toMatchObject({ skipped: 'in_flight', differs: false });
    expect(differenceCounts([m!])).toEqual({ kalshi: 0, polymarket: 0 });
  });

  it('a market resolved and not redeemed is skipped (the venue keeps its tokens until redeemed)', () => {
    const [m] = reconcileMarkets({
      marketIds: [3],
      ledger: () => hold(0, 0, 0),
      reported: () => rep(0, 10, 0),
      inFlight: () => false,
      resolved: () => true
    });
    expect(m).toMatchObject({ skipped: 'resolved', differs: false });
    expect(m?.lines[1]).toMatchObject({ ledger: 0, venueQty: contracts(10) });
  });

  it('markets come out once each, by ascending id; absent ones hold nothing', () => {
    const out = reconcileMarkets({
      marketIds: [5, 1, 5],
      ledger: () => undefined,
      reported: () => undefined,
      inFlight: () => false
    });
    expect(out.map((m) => m.marketId)).toEqual([1, 5]);
    expect(out.every((m) => !m.differs)).toBe(true);
  });
});

const fillArb: fc.Arbitrary<HoldingFill> = fc.record({
  venue: fc.constantFrom('kalshi' as const, 'polymarket' as const),
  side: fc.constantFrom('yes' as const, 'no' as const),
  action: fc.constantFrom('buy' as const, 'sell' as const),
  contracts: fc.integer({ min: 1, max: 50_000_000 }).map(asQty)
});
const fold = (fs: readonly HoldingFill[]): VenueHoldings =>
  fs.reduce(applyHoldingFill, NO_HOLDINGS);
const asReport = (h: VenueHoldings): ReportedHoldings => ({
  kalshiNet: h.kalshiNet,
  poly: { yes: h.polyYes, no: h.polyNo }
});

describe('reconcile property', () => {
  it('the offset is exactly the fills one side lacks, whatever both sides share', () => {
    fc.assert(
      fc.property(
        fc.array(fillArb, { maxLength: 30 }),
        fc.array(fillArb, { maxLength: 5 }),
        (shared, extra) => {
          const ledger = fold(shared);
          const venue = fold([...shared, ...extra]);
          const m = reconcileMarket(1, ledger, asReport(venue));
          const only = fold(extra);
          expect(m.offset).toEqual(only);
          expect(m.differs).toBe(
            !(only.kalshiNet === 0 && only.polyYes === 0 && only.polyNo === 0)
          );
          // and the other way round (a fill the venue lacks) is the opposite offset
          const back = reconcileMarket(1, venue, asReport(ledger));
          expect(back.offset.kalshiNet + m.offset.kalshiNet).toBe(0);
          expect(back.offset.polyYes + m.offset.polyYes).toBe(0);
          expect(back.offset.polyNo + m.offset.polyNo).toBe(0);
        }
      ),
      { numRuns: 500 }
    );
  });
});
