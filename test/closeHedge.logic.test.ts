/**
 * The close hedge's arithmetic, pure: which mode a close starts in, the hedge order, how its
 * fill folds into the close and the execution's P&L, and a recovered pending hedge buy.
 */
import { describe, expect, it } from 'vitest';
import {
  cents,
  contracts,
  dollars,
  parseEngineConfig,
  ZERO_MICROS,
  ZERO_QTY,
  type OrderOutcome,
  type OrderRequest,
  type VenueHoldings
} from '../core/index.js';
import { applyClose, closeOrder, startClose } from '../machines/closeLogic.js';
import { initialContext } from '../machines/executionLogic.js';
import type { ExecutionContext, ResumeState } from '../machines/executionTypes.js';
import { buildOutput } from '../machines/output.js';
import { testMarket } from './support/engine.js';

const market = testMarket(1);
const config = parseEngineConfig({});
const req = {
  ...{ marketId: 1, arbType: 'PolyYesKalshiNo' as const, yesPrice: cents(45) },
  ...{ noPrice: cents(47), yesSize: contracts(10), noSize: contracts(10), detectedNs: 0 }
};
const order = (cid: string, o: Partial<OrderRequest>): OrderRequest => ({
  ...{ venue: 'polymarket', market, side: 'yes', action: 'buy', qty: contracts(10) },
  ...{ limitPrice: cents(45), clientOrderId: cid, executionId: 'e', reduceOnly: false },
  ...o
});
const filled = (cid: string, qty: number, price: number): OrderOutcome => ({
  status: 'filled',
  clientOrderId: cid,
  filledQty: contracts(qty),
  notional: dollars(qty * price),
  fee: ZERO_MICROS
});

/** YES 10 filled on Polymarket, NO 8 of 10 on Kalshi: 2 YES excess; venues as given. */
function ctx(holdings: VenueHoldings, close: ResumeState['close'] = null): ExecutionContext {
  const resume: ResumeState = {
    qty: contracts(10),
    legs: {
      yes: { order: order('e-y', {}), outcome: filled('e-y', 10, 0.45) },
      no: {
        order: order('e-n', { venue: 'kalshi', side: 'no', limitPrice: cents(47) }),
        outcome: { ...filled('e-n', 8, 0.47), status: 'partial' }
      }
    },
    close
  };
  return { ...initialContext({ executionId: 'e', req, market, config, resume }), holdings };
}
/** After both legs: Polymarket YES 10, Kalshi NO 8. */
const AFTER = { kalshiNet: contracts(-8), polyYes: contracts(10), polyNo: ZERO_QTY };

describe('close hedge arithmetic', () => {
  it('2 YES in Polymarket tokens at 45¢ ($0.90 < $1): the close starts as a Kalshi NO buy from the NO leg price', () => {
    const c = ctx(AFTER);
    const s = startClose(c);
    expect(s).toMatchObject({ mode: 'hedge', venue: 'kalshi', side: 'yes', price: cents(47) });
    expect(s.remaining).toBe(contracts(2));
    expect(s.nextVenue).toBe('polymarket'); // 2 NO clear $1 there from 50¢
    expect(closeOrder(c, s)).toMatchObject({
      venue: 'kalshi',
      side: 'no',
      action: 'buy',
      qty: contracts(2),
      limitPrice: cents(47),
      clientOrderId: 'e-c1',
      reduceOnly: false
    });
  });

  it('the hedge fill closes the exposure; realized P&L counts its pair’s $1 less its cost', () => {
    const c = ctx(AFTER);
    const s = startClose(c);
    const done = applyClose({ ...s, attempts: 1 }, filled('e-c1', 2, 0.5));
    expect(done).toMatchObject({ remaining: 0, closed: contracts(2), hedged: contracts(2) });
    expect(done.hedgeCost).toBe(dollars(1));
    const out = buildOutput({ ...c, close: done, error: 'partial_fill' });
    // 8 pairs: $8 − 8 × 45¢ − 8 × 47¢ = 64¢; 2 hedged: 2 × ($1 − 45¢ − 50¢) = 10¢
    expect(out).toMatchObject({ closedContracts: contracts(2), unhedgedContracts: 0 });
    expect(out.realizedProfit).toBe(cents(74));
  });

  it('a recovered pending hedge buy goes on as a hedge, looked up first', () => {
    const pending = order('e-c3', { venue: 'kalshi', side: 'no', limitPrice: cents(49) });
    const c = ctx(AFTER, {
      ...{ closed: ZERO_QTY, proceeds: ZERO_MICROS, fee: ZERO_MICROS, attempts: 3 },
      ...{ price: cents(49), pending }
    });
    const s = startClose(c);
    expect(s).toMatchObject({ mode: 'hedge', venue: 'kalshi', price: cents(49), attempts: 3 });
    expect(s.current).toBe(pending);
    expect(s.last?.status).toBe('unknown');
    // a fill found by the lookup closes it
    const done = applyClose(s, filled('e-c3', 2, 0.49));
    expect(done).toMatchObject({ remaining: 0, hedged: contracts(2) });
  });
});
