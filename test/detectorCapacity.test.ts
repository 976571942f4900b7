/**
 * The detector under a dollar limit (core/bookArb.ts): with `riskCapacity` wired to the circuit
 * breaker's `capacityNow`, a deeper level whose size the limit cuts is a candidate like any
 * other, and it does not replace a better quote found above it.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { ManualClock } from '../actors/manualClock.js';
import {
  applyKalshiSnapshot,
  applyPolymarketBook,
  asMicros,
  bestArb,
  BookStore,
  cents,
  contracts,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  type BookLevel,
  type MarketPair
} from '../core/index.js';
import { testMarket } from './support/engine.js';

const market = testMarket(1);

describe('bestArb under a dollar limit (riskCapacity = CircuitBreaker.capacityNow)', () => {
  const lv = (c: number, n: number): BookLevel => ({ price: cents(c), size: contracts(n) });
  const m0: MarketPair = {
    ...market,
    marketId: 0,
    tickSize: { kalshi: cents(0.1), polymarket: cents(0.1) },
    fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES }
  };

  it('a capped deeper level does not replace a bigger, better-priced quote above it', () => {
    // $9.60 of total limit: 10 pairs at 95¢ ($9.50) fit; at 97¢ the limit takes 9 (9.897)
    const breaker = new CircuitBreaker({
      clock: new ManualClock(),
      config: { maxTotalPositionUsd: asMicros(9_600_000) }
    });
    const store = new BookStore([0]);
    // Poly YES asks 40¢×10, 42¢×20; Kalshi NO asks (from YES bids) 55¢×15, 56¢×30
    applyKalshiSnapshot(store.venue(0, 'kalshi')!, [lv(45, 15), lv(44, 30)], [lv(40, 100)]);
    const p = store.venue(0, 'polymarket')!;
    applyPolymarketBook(p, 'yes', [], [lv(40, 10), lv(42, 20)], 1);
    applyPolymarketBook(p, 'no', [], [lv(62, 100)], 1);
    const limits = {
      minProfitPerContract: cents(1),
      minQty: contracts(1),
      polyMinNotional: asMicros(1_000_000),
      riskCapacity: (id: number) => breaker.capacityNow(id)
    };
    const q = bestArb(m0, store.get(0)!, limits);
    //   10 @ 40/55: $10 − $9.50 − fee 18¢ = 32¢   (fits the limit at 95¢ a pair)
    //    9 @ 42/55: $9 − $8.73 − fee 16¢ = 11¢    (15 deep, cut to 9 at 97¢ a pair)
    // the capped 9 @ 42/55 (fewer contracts, worse prices, a third of the profit) must not
    // replace the 10 @ 40/55 just because the limit cut it: the better quote stays `best`
    expect(q).toMatchObject({
      arbType: 'PolyYesKalshiNo',
      qty: contracts(10),
      yesPrice: cents(40)
    });
  });
});
