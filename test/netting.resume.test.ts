/**
 * A resumed execution on a market the venues hold netted: the breaker (restored from the
 * ledger) knows both arbs' fills; the execution recovered with a Kalshi NO excess of 3 that
 * Kalshi does not hold (netted to 0). Its close sells the Polymarket NO tokens instead.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import {
  addQty,
  cents,
  contracts,
  dollars,
  netExposure,
  notional,
  ZERO_MICROS,
  type ExecutionResult,
  type FillRecord,
  type OrderOutcome,
  type OrderRequest,
  type RiskPort,
  type Side,
  type Venue
} from '../core/index.js';
import type { ResumeState } from '../machines/executionTypes.js';
import { scriptedRisk, testEngine, testMarket } from './support/engine.js';

const M = testMarket(1);

const fill = (
  executionId: string,
  platform: Venue,
  side: Side,
  n: number,
  priceCents: number
): FillRecord => ({
  ...{ pairId: M.pairId, marketId: 1, description: M.description, platform, side },
  ...{ action: 'buy', contracts: contracts(n), avgPrice: cents(priceCents) },
  ...{ notional: notional(contracts(n), cents(priceCents)), fee: ZERO_MICROS },
  ...{ orderId: undefined, clientOrderId: `${executionId}-${platform}-${side}`, executionId },
  ...{ timestampNs: 0, wallTimeMs: 0 }
});

const order = (cid: string, venue: Venue, side: Side, limitCents: number): OrderRequest => ({
  ...{ venue, market: M, side, action: 'buy', qty: contracts(10), limitPrice: cents(limitCents) },
  ...{ clientOrderId: cid, executionId: 'r', reduceOnly: false }
});

const filled = (cid: string, n: number, priceCents: number): OrderOutcome => ({
  status: n === 10 ? 'filled' : 'partial',
  clientOrderId: cid,
  orderId: `v-${cid}`,
  filledQty: contracts(n),
  notional: notional(contracts(n), cents(priceCents)),
  fee: ZERO_MICROS
});

/** arb 2 (PolyYesKalshiNo), recovered after a crash with both legs final and no close yet. */
const STATE: ResumeState = {
  qty: contracts(10),
  legs: {
    yes: { order: order('r-y', 'polymarket', 'yes', 45), outcome: filled('r-y', 7, 45) },
    no: { order: order('r-n', 'kalshi', 'no', 46), outcome: filled('r-n', 10, 46) }
  },
  close: null
};

async function resumed(risk: (b: CircuitBreaker) => RiskPort) {
  let breaker: CircuitBreaker | undefined;
  const e = testEngine({
    config: { autoClose: { polySettlementWaitMs: 2_000 } },
    risk: (clock, logger) => {
      breaker = new CircuitBreaker({ clock, logger });
      // restored from the ledger: arb 1 and arb 2's legs
      for (const f of [
        fill('a', 'kalshi', 'yes', 10, 45),
        fill('a', 'polymarket', 'no', 10, 45),
        fill('r', 'polymarket', 'yes', 7, 45),
        fill('r', 'kalshi', 'no', 10, 46)
      ])
        breaker.onFill(f);
      return risk(breaker);
    }
  });
  // what the venues hold after both: Kalshi netted to 0; Polymarket 7 YES, 10 NO
  e.polymarket.setPosition(1, 'yes', contracts(7));
  e.polymarket.setPosition(1, 'no', contracts(10));
  e.book('polymarket', 1, 'no', [], [[40, 50]]);
  e.book('kalshi', 1, 'no', [], [[40, 50]]);
  const req = e.opp(1, 'PolyYesKalshiNo', 45, 46);
  e.supervisor.resume([{ executionId: 'r', req, state: STATE }]);
  await e.clock.runUntilIdle();
  const r = e.results.find((x) => x.executionId === 'r') as ExecutionResult;
  const venues = [e.kalshi.holdings(1), e.polymarket.holdings(1)].reduce((a, b) => ({
    kalshiNet: addQty(a.kalshiNet, b.kalshiNet),
    polyYes: addQty(a.polyYes, b.polyYes),
    polyNo: addQty(a.polyNo, b.polyNo)
  }));
  return { e, r, venues, breaker };
}

describe('a resumed execution closes what the venues hold', () => {
  it('the holdings read at resume include its recorded fills: 3 NO sold on Polymarket, flat', async () => {
    const { e, r, venues, breaker } = await resumed((b) => b);
    expect(r).toMatchObject({
      error: 'partial_fill',
      unhedgedContracts: 0,
      closedContracts: contracts(3)
    });
    expect(e.fills.map((f) => [f.platform, f.side, f.action, f.contracts])).toEqual([
      ['polymarket', 'no', 'sell', contracts(3)]
    ]);
    expect(netExposure(venues)).toBe(0);
    expect(breaker?.holdings(1)).toEqual(venues);
    // the 3 sold at 40¢ against the NO leg's 46¢ basis: −18¢ on the close
    expect(r.realizedProfit).toBe(dollars(7 - 7 * 0.45 - 7 * 0.46) - cents(18));
  });

  it('without holdings: the Kalshi sell is refused and 3 stay open', async () => {
    const { r, venues } = await resumed(() => scriptedRisk({}));
    expect(r).toMatchObject({ error: 'partial_fill', unhedgedContracts: contracts(3) });
    expect(netExposure(venues)).toBe(contracts(-3));
  });
});
