/**
 * Auto-close hedges what it cannot sell (issue 13 item 5, the crash campaign's last defect).
 *
 *   arb 1  PolyYesKalshiNo 9 + 9        → Kalshi −9, Polymarket YES 9
 *   arb 2  KalshiYesPolyNo, Poly NO 8/10 → Kalshi +1, Polymarket NO 8: the execution sees
 *          2 YES excess on Kalshi; the market is really long YES 2 (Kalshi 1, Polymarket 1)
 *
 * The close sells Kalshi's 1 YES; the last YES sits only in a Polymarket token worth 45¢, and
 * Polymarket refuses a marketable order under $1 (wrapped around the simulated venue here, as
 * the real venue and its mock answer). Before, that sell was sent, refused, and 1 contract
 * stayed unhedged. Now the close buys 1 NO on Kalshi instead: the venues end flat.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { ManualClock } from '../actors/manualClock.js';
import { Ledger } from '../adapters/ledger/index.js';
import {
  addQty,
  contracts,
  netExposure,
  notional,
  type ExecutionResult,
  type OrderOutcome,
  type Venue,
  type VenueAdapter,
  type VenueHoldings
} from '../core/index.js';
import { testEngine, type TestEngine } from './support/engine.js';

const CONFIG = { autoClose: { polySettlementWaitMs: 2_000 } };

const sum = (a: VenueHoldings, b: VenueHoldings): VenueHoldings => ({
  kalshiNet: addQty(a.kalshiNet, b.kalshiNet),
  polyYes: addQty(a.polyYes, b.polyYes),
  polyNo: addQty(a.polyNo, b.polyNo)
});

/** Polymarket's rule: a marketable order worth under $1 is refused (the venue's message). */
function polyMinimum(venue: Venue, adapter: VenueAdapter): VenueAdapter {
  if (venue !== 'polymarket') return adapter;
  return {
    ...adapter,
    venue,
    placeOrder: (o, signal): Promise<OrderOutcome> => {
      const cash = notional(o.qty, o.limitPrice, 'floor');
      if (cash >= 1_000_000) return adapter.placeOrder(o, signal);
      return Promise.resolve({
        status: 'rejected',
        rejectKind: 'other',
        reason: `invalid amount for a marketable order (${cash / 1e6}), min size: $1`,
        clientOrderId: o.clientOrderId,
        filledQty: contracts(0),
        notional: 0,
        fee: 0
      } as OrderOutcome);
    },
    lookupOrder: (r, s) => adapter.lookupOrder(r, s)
  };
}

interface Rig {
  readonly e: TestEngine;
  readonly ledger: Ledger;
  readonly breaker: () => CircuitBreaker;
}

function rig(): Rig {
  const ledger = Ledger.open(':memory:', { clock: new ManualClock(1_700_000_000_000) });
  let breaker: CircuitBreaker | undefined;
  const e = testEngine({
    config: CONFIG,
    journal: ledger,
    wrap: polyMinimum,
    risk: (clock, logger) => (breaker = new CircuitBreaker({ clock, logger }))
  });
  return {
    e,
    ledger,
    breaker: () => {
      if (!breaker) throw new Error('no breaker');
      return breaker;
    }
  };
}

/** Books for both arbs and Kalshi YES bids for the close; `noAsks`: Kalshi NO for the hedge. */
function books(e: TestEngine, kalshiNoAfter: [number, number][]): void {
  e.book('polymarket', 1, 'yes', [[45, 9]], [[40, 50]]);
  e.book('kalshi', 1, 'no', [[45, 9], ...kalshiNoAfter]);
  e.book('kalshi', 1, 'yes', [[45, 10]], [[45, 1]]);
  e.book('polymarket', 1, 'no', [[45, 8]]);
}

async function twoArbs(e: TestEngine): Promise<[ExecutionResult, ExecutionResult]> {
  const first = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 45, 9));
  await e.clock.runUntilIdle();
  const a = await first;
  const second = e.supervisor.submit(e.opp(1, 'KalshiYesPolyNo', 45, 45, 10));
  await e.clock.runUntilIdle();
  return [a, await second];
}

describe('auto-close hedges what it cannot sell', () => {
  it('the last YES sits in a Polymarket token worth < $1: a Kalshi NO buy hedges it, the venues end flat', async () => {
    const { e, ledger, breaker } = rig();
    books(e, [[47, 5]]);
    const [a, b] = await twoArbs(e);
    expect(a).toMatchObject({ success: true, matchedContracts: contracts(9) });
    expect(b).toMatchObject({
      error: 'partial_fill',
      matchedContracts: contracts(8),
      closedContracts: contracts(2),
      unhedgedContracts: 0
    });
    // no Polymarket sell was sent (it could not clear the $1 minimum)
    expect(e.polymarket.orders().filter((o) => o.action === 'sell')).toEqual([]);
    const closes = e.kalshi.orders().filter((o) => o.clientOrderId.includes('-c'));
    expect(closes.map((o) => [o.action, o.side, o.qty, o.reduceOnly])).toEqual([
      ['sell', 'yes', contracts(1), true],
      ['buy', 'no', contracts(1), false],
      ['buy', 'no', contracts(1), false],
      ['buy', 'no', contracts(1), false]
    ]);
    // the hedge walks up from the NO leg's 45¢ to the first ask, 47¢; ids go on -c<n>
    expect(closes.map((o) => [o.clientOrderId.replace(/^.*-c/, 'c'), o.limitPrice / 1e4])).toEqual([
      ['c1', 45],
      ['c2', 45],
      ['c3', 46],
      ['c4', 47]
    ]);
    // the venues: Kalshi NO 1, Polymarket YES 9 + NO 8: flat
    const venues = sum(e.kalshi.holdings(1), e.polymarket.holdings(1));
    expect(venues).toEqual({
      kalshiNet: contracts(-1),
      polyYes: contracts(9),
      polyNo: contracts(8)
    });
    expect(netExposure(venues)).toBe(0);
    expect(breaker().holdings(1)).toEqual(venues);
    const [pos] = ledger.positions();
    expect(pos).toMatchObject({ marketId: 1, exposure: 0 });
    // the execution's P&L is what the fills realize and lock in (core's model, in the ledger)
    expect((pos?.realizedPnl ?? 0) + (pos?.lockedInPnl ?? 0)).toBe(
      a.realizedProfit + b.realizedProfit
    );
    expect(breaker().status().dailyPnl).toBe(a.realizedProfit + b.realizedProfit);
    ledger.close();
  });

  it('no asks up to the ceiling on Kalshi and a Polymarket buy under $1: reported unclosable with the reason', async () => {
    const { e, ledger } = rig();
    books(e, []);
    const [, b] = await twoArbs(e);
    expect(b).toMatchObject({
      error: 'partial_fill',
      closedContracts: contracts(1),
      unhedgedContracts: contracts(1)
    });
    expect(b.detail).toBe('auto-close stopped: no asks up to the ceiling');
    const buys = e.kalshi
      .orders()
      .filter((o) => o.action === 'buy' && o.clientOrderId.includes('-c'));
    expect(buys.map((o) => o.limitPrice / 1e4)).toEqual(
      Array.from({ length: 55 }, (_, i) => 45 + i)
    );
    // Polymarket was never asked: 1 contract at 99¢ is under its minimum
    expect(e.polymarket.orders().filter((o) => o.clientOrderId.includes('-c'))).toEqual([]);
    expect(netExposure(sum(e.kalshi.holdings(1), e.polymarket.holdings(1)))).toBe(contracts(1));
    ledger.close();
  });

  it('no Kalshi asks: a Polymarket hedge buy that clears $1 starts where it does and takes the ask', async () => {
    const { e, ledger } = rig();
    e.book('polymarket', 1, 'yes', [[45, 10]]);
    e.book('kalshi', 1, 'no', [[45, 7]]); // no YES bids, no NO asks left for a hedge
    e.book('polymarket', 1, 'no', [[60, 3]]);
    // PolyYesKalshiNo: YES 10 on Polymarket, NO 7 on Kalshi → 3 YES excess on Polymarket;
    // 3 × 45¢ sells clear $1, but nobody bids: the sell walks to 34¢ (3 × 34¢ = $1.02)
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 45, 10));
    await e.clock.runUntilIdle(120_000);
    const r = await p;
    expect(r).toMatchObject({ error: 'partial_fill', unhedgedContracts: 0 });
    const sells = e.polymarket.orders().filter((o) => o.action === 'sell');
    expect(sells.at(-1)?.limitPrice).toBe(340_000);
    const polyBuys = e.polymarket
      .orders()
      .filter((o) => o.action === 'buy' && o.clientOrderId.includes('-c'));
    expect(polyBuys.map((o) => [o.side, o.qty, o.limitPrice / 1e4])).toEqual([
      ['no', contracts(3), 45],
      ...Array.from({ length: 15 }, (_, i) => ['no', contracts(3), 46 + i])
    ]);
    expect(netExposure(sum(e.kalshi.holdings(1), e.polymarket.holdings(1)))).toBe(0);
    ledger.close();
  });
});
