/**
 * A hedge done before a crash is close progress after it: the ledger recovers close buys as
 * hedged contracts, so the resumed close does not buy the hedge again (seen in the simulation,
 * seed 247: a crash after a hedge fill's commit, then a second hedge that left the market
 * long the other side). A resumed Polymarket hedge starts at a price whose order clears the
 * venue's $1 minimum, as a live switch to Polymarket would.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { Ledger } from '../adapters/ledger/index.js';
import {
  asMicros,
  cents,
  contracts,
  marketRegistry,
  notional,
  parseEngineConfig,
  ZERO_MICROS,
  type FastExecutionRequest,
  type FillRecord,
  type OrderOutcome,
  type OrderRequest
} from '../core/index.js';
import { closeOrder, startClose } from '../machines/closeLogic.js';
import { initialContext } from '../machines/executionLogic.js';
import { testMarket } from './support/engine.js';

const market = testMarket(1);
const clock = new ManualClock();

function fillOf(o: OrderRequest, qty: number): FillRecord {
  return {
    pairId: market.pairId,
    marketId: 1,
    description: market.description,
    platform: o.venue,
    side: o.side,
    action: o.action,
    contracts: contracts(qty),
    avgPrice: o.limitPrice,
    notional: notional(contracts(qty), o.limitPrice),
    fee: ZERO_MICROS,
    orderId: undefined,
    clientOrderId: o.clientOrderId,
    executionId: 'x',
    timestampNs: 0,
    wallTimeMs: clock.wallMs()
  };
}

describe('a hedge before a crash', () => {
  it('is recovered as close progress; the resumed close has nothing left to hedge', () => {
    const l = Ledger.open(':memory:', { clock });
    const req = {
      ...{ marketId: 1, arbType: 'KalshiYesPolyNo' as const, yesPrice: cents(56) },
      ...{ noPrice: cents(35), yesSize: contracts(3), noSize: contracts(3), detectedNs: 0 }
    };
    l.executionStarted('x', req, clock.wallMs());
    const base = { market, executionId: 'x', qty: contracts(3), reduceOnly: false } as const;
    const yes: OrderRequest = {
      ...base,
      venue: 'kalshi',
      side: 'yes',
      action: 'buy',
      limitPrice: cents(56),
      clientOrderId: 'x-y'
    };
    const no: OrderRequest = {
      ...yes,
      venue: 'polymarket',
      side: 'no',
      limitPrice: cents(35),
      clientOrderId: 'x-n'
    };
    const hedge: OrderRequest = {
      ...yes,
      qty: contracts(1),
      limitPrice: cents(57),
      clientOrderId: 'x-c2'
    };
    const nothing = (o: OrderRequest) => ({
      status: 'none' as const,
      clientOrderId: o.clientOrderId,
      filledQty: contracts(0),
      notional: ZERO_MICROS,
      fee: ZERO_MICROS
    });
    l.orderIntent(yes, 'entry', clock.wallMs());
    l.orderIntent(no, 'entry', clock.wallMs());
    l.orderOutcome(yes, nothing(yes), clock.wallMs());
    l.orderOutcome(
      no,
      {
        status: 'partial',
        clientOrderId: 'x-n',
        filledQty: contracts(1),
        notional: cents(35),
        fee: ZERO_MICROS
      },
      clock.wallMs()
    );
    l.fill(fillOf({ ...no, qty: contracts(1) }, 1));
    l.orderIntent(hedge, 'close', clock.wallMs());
    l.orderOutcome(
      hedge,
      {
        status: 'filled',
        clientOrderId: 'x-c2',
        filledQty: contracts(1),
        notional: cents(57),
        fee: ZERO_MICROS
      },
      clock.wallMs()
    );
    l.fill(fillOf(hedge, 1));
    const [r] = l.recover(marketRegistry([market])).resume;
    expect(r?.state.close).toMatchObject({
      closed: contracts(1),
      hedged: contracts(1),
      hedgeCost: cents(57),
      proceeds: 0
    });
    const config = parseEngineConfig({});
    const ctx = initialContext({
      executionId: 'x',
      req,
      market,
      config,
      ...(r ? { resume: r.state } : {})
    });
    const c = startClose({ ...ctx, holdings: null });
    expect(c.remaining).toBe(0);
    expect(c.hedged).toBe(contracts(1));
  });

  it('a close that was hedging goes on hedging after the restart, from its last price', () => {
    const l = Ledger.open(':memory:', { clock });
    const req = {
      ...{ marketId: 1, arbType: 'KalshiYesPolyNo' as const, yesPrice: cents(56) },
      ...{ noPrice: cents(35), yesSize: contracts(3), noSize: contracts(3), detectedNs: 0 }
    };
    l.executionStarted('x', req, clock.wallMs());
    const base = { market, executionId: 'x', qty: contracts(3), reduceOnly: false } as const;
    const yes: OrderRequest = {
      ...{ ...base, venue: 'kalshi', side: 'yes', action: 'buy' },
      ...{ limitPrice: cents(56), clientOrderId: 'x-y' }
    };
    const no: OrderRequest = { ...yes, venue: 'polymarket', side: 'no', limitPrice: cents(35) };
    const noLeg: OrderRequest = { ...no, clientOrderId: 'x-n' };
    const sell: OrderRequest = {
      ...noLeg,
      ...{ action: 'sell', reduceOnly: true, limitPrice: cents(1), clientOrderId: 'x-c1' }
    };
    // the floor missed; the hedge buys YES on Kalshi, its last attempt at 70¢ found no ask
    const hedge: OrderRequest = { ...yes, limitPrice: cents(70), clientOrderId: 'x-c2' };
    const none = (o: OrderRequest) => ({
      status: 'none' as const,
      clientOrderId: o.clientOrderId,
      ...{ filledQty: contracts(0), notional: ZERO_MICROS, fee: ZERO_MICROS }
    });
    l.orderIntent(yes, 'entry', clock.wallMs());
    l.orderIntent(noLeg, 'entry', clock.wallMs());
    l.orderOutcome(yes, none(yes), clock.wallMs());
    const filled = { status: 'filled' as const, clientOrderId: 'x-n', fee: ZERO_MICROS };
    l.orderOutcome(noLeg, { ...filled, filledQty: contracts(3), notional: cents(105) }, 0);
    l.fill(fillOf(noLeg, 3));
    for (const o of [sell, hedge]) {
      l.orderIntent(o, 'close', clock.wallMs());
      l.orderOutcome(o, none(o), clock.wallMs());
    }
    const [r] = l.recover(marketRegistry([market])).resume;
    expect(r?.state.close).toMatchObject({ lastOrder: { venue: 'kalshi', action: 'buy' } });
    const ctx = initialContext({
      ...{ executionId: 'x', req, market, config: parseEngineConfig({}) },
      ...(r ? { resume: r.state } : {})
    });
    const c = startClose({ ...ctx, holdings: null });
    // it resumes the hedge at 70¢, rather than selling NO down to the floor again and then
    // starting a new hedge from 56¢
    expect(c).toMatchObject({ mode: 'hedge', venue: 'kalshi', side: 'no', price: cents(70) });
    expect(c.remaining).toBe(contracts(3));
  });
});

describe('a resumed Polymarket hedge', () => {
  it('does not start under the venue minimum after a partial fill left less to hedge', () => {
    // Kalshi YES filled 3, Polymarket NO none: the YES excess is hedged by buying NO. The Kalshi
    // hedge walk ended; the Polymarket hedge bought 3 NO at 40¢ ($1.20), 1 filled (partial, IOC),
    // then the crash. 2 left at 40¢ is $0.80, under the $1 minimum: 50¢ is the first price
    // that clears it (what a live switch to Polymarket would compute, polyHedgeStart).
    const req: FastExecutionRequest = {
      ...{ marketId: 1, arbType: 'KalshiYesPolyNo', yesPrice: cents(56), noPrice: cents(35) },
      ...{ yesSize: contracts(3), noSize: contracts(3), detectedNs: 0 }
    };
    const base = { market, executionId: 'x', qty: contracts(3), reduceOnly: false } as const;
    const yes: OrderRequest = {
      ...{ ...base, venue: 'kalshi', side: 'yes', action: 'buy' },
      ...{ limitPrice: cents(56), clientOrderId: 'x-y' }
    };
    const no: OrderRequest = {
      ...yes,
      ...{ venue: 'polymarket', side: 'no', limitPrice: cents(35), clientOrderId: 'x-n' }
    };
    const filled = (o: OrderRequest, n: number): OrderOutcome => ({
      status: 'filled',
      clientOrderId: o.clientOrderId,
      filledQty: contracts(n),
      notional: notional(contracts(n), o.limitPrice),
      fee: ZERO_MICROS
    });
    const none = (o: OrderRequest): OrderOutcome => ({
      status: 'none',
      clientOrderId: o.clientOrderId,
      filledQty: contracts(0),
      notional: ZERO_MICROS,
      fee: ZERO_MICROS
    });
    const ctx = initialContext({
      executionId: 'x',
      req,
      market,
      config: parseEngineConfig({}),
      resume: {
        qty: contracts(3),
        legs: {
          yes: { order: yes, outcome: filled(yes, 3) },
          no: { order: no, outcome: none(no) }
        },
        close: {
          closed: contracts(1),
          hedged: contracts(1),
          hedgeCost: cents(40),
          proceeds: ZERO_MICROS,
          fee: ZERO_MICROS,
          attempts: 4,
          price: cents(40),
          lastOrder: { venue: 'polymarket', action: 'buy' },
          pending: null
        }
      }
    });
    const c = startClose({ ...ctx, holdings: null });
    expect(c).toMatchObject({ mode: 'hedge', venue: 'polymarket', remaining: contracts(2) });
    const o = closeOrder({ ...ctx, close: c }, c);
    // the resumed order must clear the minimum: a NO buy of 2 at the last price, 40¢ ($0.80),
    // is one Polymarket refuses
    expect(notional(o.qty, o.limitPrice, 'floor')).toBeGreaterThanOrEqual(asMicros(1_000_000));
  });
});
