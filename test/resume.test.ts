/**
 * Resuming executions after a restart: what the ledger knew (order intents, outcomes, close
 * progress) is handed back to the supervisor, which looks up what was unknown and finishes
 * closing any excess — without re-sending an order or double-counting a fill.
 */
import { describe, expect, it } from 'vitest';
import { cents, contracts, type OrderRequest } from '../core/index.js';
import type { ResumeState } from '../machines/executionTypes.js';
import { testEngine, testMarket } from './support/engine.js';

const market = testMarket(1);
const order = (
  id: string,
  venue: 'kalshi' | 'polymarket',
  side: 'yes' | 'no',
  action: 'buy' | 'sell',
  qty: number,
  priceCents: number
): OrderRequest => ({
  venue,
  market,
  side,
  action,
  qty: contracts(qty),
  limitPrice: cents(priceCents),
  clientOrderId: id,
  executionId: 'x-1',
  reduceOnly: action === 'sell'
});
const signal = new AbortController().signal;

describe('resume after restart', () => {
  it('an entry leg whose outcome was never recorded is looked up; a matched pair ends in success', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[50, 10]]);
    const yes = order('x-1-y', 'polymarket', 'yes', 'buy', 10, 45);
    const no = order('x-1-n', 'kalshi', 'no', 'buy', 10, 50);
    // before the crash: both orders reached the venues; only YES's answer was recorded
    const p1 = e.polymarket.placeOrder(yes, signal);
    const p2 = e.kalshi.placeOrder(no, signal);
    await e.clock.advance(1);
    const yesOutcome = await p1;
    await p2;
    const state: ResumeState = {
      qty: contracts(10),
      legs: { yes: { order: yes, outcome: yesOutcome }, no: { order: no, outcome: null } },
      close: null
    };
    expect(
      e.supervisor.resume([{ executionId: 'x-1', req: e.opp(1, 'PolyYesKalshiNo', 45, 50), state }])
    ).toEqual(['x-1']);
    expect(e.supervisor.isInFlight(1)).toBe(true);
    await e.clock.runUntilIdle(60_000);
    const r = e.results.at(-1);
    expect(r).toMatchObject({ executionId: 'x-1', success: true, matchedContracts: contracts(10) });
    // only the fill learned after the restart is emitted; nothing was re-sent
    expect(e.fills.map((f) => f.clientOrderId)).toEqual(['x-1-n']);
    expect(e.kalshi.placements).toBe(1);
    expect(e.polymarket.placements).toBe(1);
  });

  it('a mismatch found at restart is auto-closed on the right venue', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[52, 5]], [[52, 5]]);
    const yes = order('x-1-y', 'polymarket', 'yes', 'buy', 5, 52);
    const p = e.polymarket.placeOrder(yes, signal);
    await e.clock.advance(1);
    const state: ResumeState = {
      qty: contracts(5),
      legs: { yes: { order: yes, outcome: await p }, no: { order: null, outcome: null } },
      close: null
    };
    e.supervisor.resume([
      { executionId: 'x-1', req: e.opp(1, 'PolyYesKalshiNo', 52, 45, 5), state }
    ]);
    await e.clock.runUntilIdle(60_000);
    expect(e.results.at(-1)).toMatchObject({
      error: 'partial_fill',
      closedContracts: contracts(5),
      unhedgedContracts: 0
    });
    expect(e.polymarket.position(1, 'yes')).toBe(0);
    expect(e.kalshi.placements).toBe(0); // the NO leg was never sent and is not sent now
  });

  it('a close order pending at the crash is looked up, and the walk continues from where it was', async () => {
    const e = testEngine();
    e.book(
      'polymarket',
      1,
      'yes',
      [[52, 5]],
      [
        [52, 3],
        [51, 2]
      ]
    );
    const yes = order('x-1-y', 'polymarket', 'yes', 'buy', 5, 52);
    const p = e.polymarket.placeOrder(yes, signal);
    await e.clock.advance(2_000);
    const buy = await p;
    const c1 = order('x-1-c1', 'polymarket', 'yes', 'sell', 5, 52);
    const pc1 = e.polymarket.placeOrder(c1, signal);
    await e.clock.advance(100);
    const out1 = await pc1; // 3 closed, recorded
    const c2 = order('x-1-c2', 'polymarket', 'yes', 'sell', 2, 51);
    void e.polymarket.placeOrder(c2, signal); // sent; the process died before the answer was recorded
    await e.clock.advance(1);
    const state: ResumeState = {
      qty: contracts(5),
      legs: { yes: { order: yes, outcome: buy }, no: { order: null, outcome: null } },
      close: {
        closed: out1.filledQty,
        proceeds: out1.notional,
        fee: out1.fee,
        attempts: 2,
        price: cents(51),
        pending: c2
      }
    };
    e.supervisor.resume([
      { executionId: 'x-1', req: e.opp(1, 'PolyYesKalshiNo', 52, 45, 5), state }
    ]);
    await e.clock.runUntilIdle(60_000);
    const r = e.results.at(-1);
    expect(r).toMatchObject({
      error: 'partial_fill',
      closedContracts: contracts(5),
      unhedgedContracts: 0
    });
    expect(r?.realizedProfit).toBe(cents(-2));
    expect(e.fills.map((f) => f.clientOrderId)).toEqual(['x-1-c2']);
    expect(e.polymarket.placements).toBe(3); // buy, c1, c2: no new close order was needed
  });

  it('a market already claimed is not resumed twice', () => {
    const e = testEngine();
    const pending = order('a-y', 'polymarket', 'yes', 'buy', 1, 45);
    const state: ResumeState = {
      qty: contracts(1),
      legs: { yes: { order: pending, outcome: null }, no: { order: null, outcome: null } },
      close: null
    };
    const req = e.opp(1, 'PolyYesKalshiNo', 45, 50);
    expect(
      e.supervisor.resume([
        { executionId: 'a', req, state },
        { executionId: 'b', req, state }
      ])
    ).toEqual(['a']);
    expect(e.logs.some((l) => l.level === 'error' && l.msg.includes('cannot resume'))).toBe(true);
  });
});
