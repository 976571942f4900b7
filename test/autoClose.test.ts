/**
 * Auto-close of an unhedged excess: Polymarket settlement wait, the 1¢ walk from the original
 * price down to the floor, same-price retries on settlement errors, every close fill recorded.
 */
import { describe, expect, it } from 'vitest';
import { cents, contracts } from '../core/index.js';
import { scriptedRisk, testEngine } from './support/engine.js';

describe('auto-close', () => {
  it('design example: 5 YES @52¢, 0 NO → after 2 s sell 5 @52¢ fills 3 → sell 2 @51¢ fills 2', async () => {
    const risk = scriptedRisk({});
    const e = testEngine({ risk });
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
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 5));
    await e.clock.advance(1_999);
    expect(e.polymarket.orders().filter((o) => o.action === 'sell')).toHaveLength(0); // settlement wait
    await e.clock.advance(1);
    let sells = e.polymarket.orders().filter((o) => o.action === 'sell');
    expect(sells.map((o) => [o.qty, o.limitPrice])).toEqual([[contracts(5), cents(52)]]);
    await e.clock.advance(99);
    expect(e.polymarket.orders().filter((o) => o.action === 'sell')).toHaveLength(1); // 100 ms apart
    await e.clock.advance(1);
    sells = e.polymarket.orders().filter((o) => o.action === 'sell');
    expect(sells.map((o) => [o.qty, o.limitPrice, o.reduceOnly])).toEqual([
      [contracts(5), cents(52), true],
      [contracts(2), cents(51), true]
    ]);
    const r = await p;
    expect(r).toMatchObject({
      error: 'partial_fill',
      closedContracts: contracts(5),
      unhedgedContracts: 0
    });
    expect(r.realizedProfit).toBe(cents(-2)); // bought 5 × 52¢, sold 3 × 52¢ + 2 × 51¢
    const closeFills = e.fills.filter((f) => f.action === 'sell');
    expect(closeFills.map((f) => [f.contracts, f.avgPrice])).toEqual([
      [contracts(3), cents(52)],
      [contracts(2), cents(51)]
    ]);
    expect(risk.fills.filter((f) => f.action === 'sell')).toHaveLength(2); // fed to the risk layer
    expect(e.polymarket.position(1, 'yes')).toBe(0);
  });

  it('walks down 1¢ per retry while the Polymarket sell clears the $1 minimum, then hedges up to the ceiling; no asks anywhere: stops and flags the exposure', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[52, 5]]); // nobody bids, nobody offers NO
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 5));
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    const prices = (venue: 'kalshi' | 'polymarket', action: 'buy' | 'sell') =>
      e.venues[venue]
        .orders()
        .filter((o) => o.action === action && o.clientOrderId.includes('-c'))
        .map((o) => o.limitPrice / 10_000);
    // 5 × 20¢ = $1.00 is the last sell Polymarket takes
    expect(prices('polymarket', 'sell')).toEqual(Array.from({ length: 33 }, (_, i) => 52 - i));
    // then NO is bought: on Kalshi from the NO leg's 45¢ to 99¢, then on Polymarket
    const up = Array.from({ length: 55 }, (_, i) => 45 + i);
    expect(prices('kalshi', 'buy')).toEqual(up);
    expect(prices('polymarket', 'buy')).toEqual(up);
    expect(r).toMatchObject({
      error: 'partial_fill',
      unhedgedContracts: contracts(5),
      closedContracts: 0
    });
    expect(r.detail).toBe('auto-close stopped: no asks up to the ceiling');
    expect(e.logs.some((l) => l.level === 'error' && l.msg.includes('UNHEDGED'))).toBe(true);
  });

  it('a Kalshi sell walks down 1¢ per retry to the 1¢ floor (no minimum there), then hedges up to the ceiling on both venues before it flags the exposure', async () => {
    const e = testEngine();
    e.book('kalshi', 1, 'no', [[45, 7]]); // nobody bids, nobody sells YES
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 7));
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    const inCents = (o: { limitPrice: number }) => o.limitPrice / 10_000;
    const sells = e.kalshi.orders().filter((o) => o.action === 'sell');
    expect(sells.map(inCents)).toEqual(Array.from({ length: 45 }, (_, i) => 45 - i));
    // the hedge buys YES from the YES leg's 52¢ up to the 99¢ ceiling, Kalshi first
    const walk = Array.from({ length: 48 }, (_, i) => 52 + i);
    const kalshiBuys = e.kalshi.orders().filter((o) => o.action === 'buy' && o.side === 'yes');
    expect(kalshiBuys.map(inCents)).toEqual(walk);
    const polyHedge = e.polymarket.orders().filter((o) => o.clientOrderId.includes('-c'));
    expect(polyHedge.map(inCents)).toEqual(walk);
    expect(polyHedge.every((o) => o.side === 'yes' && o.action === 'buy')).toBe(true);
    expect(r).toMatchObject({ error: 'partial_fill', unhedgedContracts: contracts(7) });
    expect(r.detail).toBe('auto-close stopped: no asks up to the ceiling');
  });

  it('a Kalshi sell with no bids down to the floor hedges: buys YES where it is offered', async () => {
    const e = testEngine();
    e.book('kalshi', 1, 'no', [[45, 7]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 7));
    await e.clock.advance(1); // the legs
    e.book('kalshi', 1, 'yes', [[60, 7]]); // then someone offers YES at 60¢
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    const hedge = e.fills.filter((f) => f.action === 'buy' && f.side === 'yes');
    expect(hedge).toHaveLength(1);
    expect(hedge[0]).toMatchObject({ platform: 'kalshi', contracts: contracts(7) });
    expect(hedge[0]?.avgPrice).toBe(cents(60)); // reached on the walk up from 52¢
    expect(r).toMatchObject({ error: 'partial_fill', unhedgedContracts: 0 });
  });

  it('"not enough balance / allowance" right after the buy retries at the same price', async () => {
    const e = testEngine({ polySettlementLagMs: 2_450 });
    e.book('polymarket', 1, 'yes', [[52, 5]], [[52, 5]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 5));
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    // rejected sells are not stored by the venue: read the attempts from the 🔄 log lines
    const attempts = e.logs.filter((l) => l.msg.startsWith('[EXEC] 🔄 auto-close'));
    expect(attempts.length).toBeGreaterThan(1);
    expect(e.polymarket.placements).toBe(1 + attempts.length);
    expect(attempts.every((l) => l.msg.endsWith('@ 52¢ on polymarket'))).toBe(true);
    expect(r).toMatchObject({
      closedContracts: contracts(5),
      unhedgedContracts: 0,
      realizedProfit: 0
    });
  });

  it('Kalshi excess is sold at once (no Polymarket settlement wait), with price improvement', async () => {
    const e = testEngine();
    e.book('kalshi', 1, 'no', [[45, 7]], [[55, 7]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 7));
    await e.clock.advance(1);
    const r = await p;
    const close = e.fills.find((f) => f.action === 'sell');
    expect(close).toMatchObject({
      platform: 'kalshi',
      side: 'no',
      contracts: contracts(7),
      avgPrice: cents(55)
    });
    // bought 7 @45 (fee ceil(0.07·7·.45·.55)=13¢), sold 7 @55 (fee 13¢): +70¢ − 26¢
    expect(r.realizedProfit).toBe(cents(44));
  });

  it('a sell the venue refuses for good turns into a hedge: the other side is bought', async () => {
    const e = testEngine();
    e.book('kalshi', 1, 'no', [[45, 7]], [[40, 7]]);
    e.book('kalshi', 1, 'yes', [[54, 7]]);
    e.kalshi.script({
      match: { action: 'sell' },
      behaviour: { kind: 'reject', rejectKind: 'market_closed', reason: 'market closed' }
    });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 7));
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    // the buy, the refused sell, then YES bought from 52¢ up to the 54¢ ask
    expect(e.kalshi.placements).toBe(5);
    expect(r).toMatchObject({
      error: 'partial_fill',
      unhedgedContracts: 0,
      closedContracts: contracts(7)
    });
    expect(e.kalshi.holdings(1).kalshiNet).toBe(0);
  });

  it('a refused sell whose hedge finds no asks up to the ceiling leaves the exposure flagged', async () => {
    const e = testEngine();
    e.book('kalshi', 1, 'no', [[45, 7]], [[40, 7]]);
    e.kalshi.script({
      match: { action: 'sell' },
      behaviour: { kind: 'reject', rejectKind: 'market_closed', reason: 'market closed' }
    });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 7));
    await e.clock.runUntilIdle(120_000);
    const r = await p;
    expect(r).toMatchObject({ error: 'partial_fill', unhedgedContracts: contracts(7) });
    expect(r.detail).toContain('no asks up to the ceiling');
  });

  it('the slot stays claimed through auto-close, then the delayed release', async () => {
    const e = testEngine();
    e.book('polymarket', 1, 'yes', [[52, 5]], [[52, 5]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 5));
    await e.clock.advance(1_000);
    expect(e.supervisor.isInFlight(1)).toBe(true);
    expect((await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 5))).error).toBe(
      'already_in_flight'
    );
    await e.clock.advance(1_000);
    await p;
    await e.clock.advance(9_999);
    expect(e.supervisor.isInFlight(1)).toBe(true);
    await e.clock.advance(1);
    expect(e.supervisor.isInFlight(1)).toBe(false);
  });
});
