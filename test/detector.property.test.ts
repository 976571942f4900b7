/**
 * Properties of the detector on random books and fees: every request it emits is profitable
 * after fees at its size by core's `arbEconomics` (at least the threshold per contract), its
 * size is whole contracts resting at or below its limit prices on fresh, uncrossed books; and
 * when it emits nothing, no arb type clears the threshold even at the top of its books (at a
 * size whose Polymarket legs reach the venue minimum).
 */
import fc from 'fast-check';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { detectArbitrage } from '../actors/detector/index.js';
import {
  applyKalshiSnapshot,
  applyPolymarketBook,
  arbEconomics,
  ARB_TYPES,
  asMicros,
  askDepthUpTo,
  asQty,
  BookStore,
  CONTRACT,
  floorToContracts,
  isTradable,
  legVenues,
  minQty,
  notional,
  type Micros,
  type FastExecutionRequest,
  type MarketPair
} from '../core/index.js';

const level = fc.record({
  price: fc.integer({ min: 1, max: 999 }).map((t) => asMicros(t * 1_000)), // 0.1¢ grid
  size: fc.integer({ min: 1, max: 300_000_000 }).map(asQty) // up to 300 contracts, fractional
});
const ladder = fc.array(level, { maxLength: 6 });
const fees = fc.record({
  kalshiMult: fc.constantFrom(0, 250_000, 1_000_000, 2_000_000),
  polyRate: fc.constantFrom(0, 10_000, 25_000, 72_000),
  polyExp: fc.constantFrom(1, 2)
});

function marketWith(f: { kalshiMult: number; polyRate: number; polyExp: number }): MarketPair {
  return {
    marketId: 0,
    pairId: 'p0',
    description: 'random',
    kalshiTicker: 'KX',
    polyYesTokenId: '1',
    polyNoTokenId: '2',
    tickSize: { kalshi: asMicros(1_000), polymarket: asMicros(1_000) },
    fees: {
      kalshi: { rateMicros: 70_000, exponent: 1, multiplierMicros: f.kalshiMult },
      polymarket: { rateMicros: f.polyRate, exponent: f.polyExp, multiplierMicros: 1_000_000 }
    }
  };
}

describe('detector properties', () => {
  it('every emitted request is profitable after fees at its size; silence means none at the top', () => {
    const emitted = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.record({
          kYes: ladder,
          kNo: ladder,
          pyB: ladder,
          pyA: ladder,
          pnB: ladder,
          pnA: ladder
        }),
        fees,
        fc.integer({ min: 0, max: 30_000 }),
        fc.boolean(),
        fc.constantFrom(0, 1_000_000),
        (b, f, minProfit, kalshiFresh, polyMin) => {
          const market = marketWith(f);
          const store = new BookStore([0]);
          const k = store.venue(0, 'kalshi')!;
          const p = store.venue(0, 'polymarket')!;
          applyKalshiSnapshot(k, b.kYes, b.kNo);
          if (!kalshiFresh) k.markStale('disconnected');
          applyPolymarketBook(p, 'yes', b.pyB, b.pyA, 1);
          applyPolymarketBook(p, 'no', b.pnB, b.pnA, 1);
          const out: FastExecutionRequest[] = [];
          const src = new Subject<number>();
          src
            .pipe(
              detectArbitrage({
                markets: [market],
                books: store,
                clock: new ManualClock(),
                scheduler: null,
                minProfitPerContract: asMicros(minProfit),
                polyMinNotional: asMicros(polyMin)
              })
            )
            .subscribe((r) => out.push(r));
          src.next(0);
          expect(out.length).toBeLessThanOrEqual(1);
          const books = store.get(0)!;
          for (const r of out) {
            emitted.set(r.arbType, (emitted.get(r.arbType) ?? 0) + 1);
            const qty = minQty(r.yesSize, r.noSize);
            expect(qty).toBe(floorToContracts(qty));
            expect(qty).toBeGreaterThanOrEqual(CONTRACT);
            const e = arbEconomics(r, market, qty);
            expect(e.profitPerContract).toBeGreaterThanOrEqual(minProfit);
            expect(e.profit).toBeGreaterThan(0);
            const v = legVenues(r.arbType);
            const yes = books[v.yes].yes;
            const no = books[v.no].no;
            expect(isTradable(yes) && isTradable(no)).toBe(true);
            expect(askDepthUpTo(yes.asks, r.yesPrice)).toBeGreaterThanOrEqual(qty);
            expect(askDepthUpTo(no.asks, r.noPrice)).toBeGreaterThanOrEqual(qty);
            for (const [venue, price] of [
              [v.yes, r.yesPrice],
              [v.no, r.noPrice]
            ] as const) {
              if (venue === 'polymarket') {
                expect(notional(qty, price, 'floor')).toBeGreaterThanOrEqual(polyMin);
              }
            }
          }
          if (out.length === 0) {
            for (const t of ARB_TYPES) {
              const v = legVenues(t);
              const yes = books[v.yes].yes;
              const no = books[v.no].no;
              if (!isTradable(yes) || !isTradable(no)) continue;
              const q = floorToContracts(minQty(yes.asks.sizeAt(0), no.asks.sizeAt(0)));
              if (q < CONTRACT) continue;
              const under = (venue: string, price: Micros) =>
                venue === 'polymarket' && notional(q, price, 'floor') < polyMin;
              if (under(v.yes, yes.asks.priceAt(0)) || under(v.no, no.asks.priceAt(0))) continue;
              const top = {
                marketId: 0,
                arbType: t,
                yesPrice: yes.asks.priceAt(0),
                noPrice: no.asks.priceAt(0),
                yesSize: q,
                noSize: q,
                detectedNs: 0
              };
              const e = arbEconomics(top, market, q);
              expect(e.profit <= 0 || e.profitPerContract < minProfit).toBe(true);
            }
          }
        }
      ),
      { numRuns: 3_000 }
    );
    // not vacuous: the three arb types a consistent book can show were emitted
    for (const t of ['PolyYesKalshiNo', 'KalshiYesPolyNo', 'PolyOnly']) {
      expect(emitted.get(t) ?? 0).toBeGreaterThan(5);
    }
    expect(emitted.get('KalshiOnly')).toBeUndefined(); // always a crossed Kalshi book
  });
});
