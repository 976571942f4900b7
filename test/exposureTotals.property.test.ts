/**
 * The circuit breaker's exposure book caches its totals and recomputes them on each change
 * (actors/circuitBreaker/exposure.ts): a property test that, after any sequence of fills,
 * reservations, releases, settlements and holdings restores, the cached totals equal a sum
 * computed afresh from the book's public, uncached views.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExposureBook, contractsOf } from '../actors/circuitBreaker/exposure.js';
import {
  addMicros,
  addQty,
  cents,
  contracts,
  notional,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty,
  type Side,
  type Venue
} from '../core/index.js';

describe('ExposureBook.totals (cached per change)', () => {
  const id = fc.integer({ min: 0, max: 3 });
  const qty = fc.integer({ min: 0, max: 20 }).map((n) => contracts(n));
  const price = fc.integer({ min: 1, max: 99 }).map((c) => cents(c));
  const op = fc.oneof(
    fc.record({
      k: fc.constant('fill' as const),
      id,
      venue: fc.constantFrom<Venue>('kalshi', 'polymarket'),
      side: fc.constantFrom<Side>('yes', 'no'),
      action: fc.constantFrom('buy' as const, 'sell' as const),
      qty,
      price
    }),
    fc.record({ k: fc.constant('reserve' as const), id, qty, price }),
    fc.record({ k: fc.constant('release' as const), id }),
    fc.record({ k: fc.constant('settle' as const), id }),
    fc.record({ k: fc.constant('restore' as const) }),
    fc.record({ k: fc.constant('read' as const) })
  );

  /** The totals summed afresh from the book's public, uncached views. */
  const fresh = (b: ExposureBook): { contracts: Qty; cost: Micros } => {
    const ids = new Set([
      ...b.positions().map((p) => p.marketId),
      ...b.reservations().map((r) => r.marketId)
    ]);
    let c = ZERO_QTY;
    let cost = ZERO_MICROS;
    for (const m of ids) {
      const e = b.exposureOf(m);
      c = addQty(c, contractsOf(e));
      cost = addMicros(cost, e.cost);
    }
    return { contracts: c, cost };
  };

  it('always equals an uncached recomputation, whatever the sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const b = new ExposureBook();
        for (const o of ops) {
          switch (o.k) {
            case 'fill':
              b.applyFill({
                marketId: o.id,
                platform: o.venue,
                side: o.side,
                action: o.action,
                contracts: o.qty,
                notional: notional(o.qty, o.price)
              });
              break;
            case 'reserve':
              b.reserve(o.id, o.qty, addMicros(o.price, o.price));
              break;
            case 'release':
              b.release(o.id);
              break;
            case 'settle':
              b.settle(o.id);
              break;
            case 'restore':
              b.restoreHoldings(b.holdings());
              break;
            case 'read':
              break;
          }
          // read after every step, so a stale cache would be served
          expect(b.totals()).toEqual(fresh(b));
        }
      }),
      { numRuns: 300 }
    );
  });
});
