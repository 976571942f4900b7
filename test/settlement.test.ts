/**
 * A hedged market resolving on each venue: the ledger records the settlements with the fills
 * that close the contracts, the breaker's limits free up (live, and after a restart replayed
 * from the ledger), the P&L is realized, Polymarket winnings wait for redemption. Resolutions
 * wait while an execution runs on the market, and on Kalshi until the venue's own record of
 * what it paid exists.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { Settler } from '../actors/lifecycle/settler.js';
import { ManualClock } from '../actors/manualClock.js';
import { Ledger } from '../adapters/ledger/index.js';
import {
  cents,
  contracts,
  dollars,
  notional,
  USD,
  ZERO_MICROS,
  type FillRecord,
  type Logger,
  type Side,
  type Venue,
  type VenueMarketState
} from '../core/index.js';
import { testMarket } from './support/engine.js';

const market = testMarket(4);

function setup(opts: { kalshiPaid?: boolean } = {}) {
  const clock = new ManualClock();
  const ledger = Ledger.open(':memory:', { clock });
  const breaker = new CircuitBreaker({ clock, config: { maxTotalPosition: contracts(10) } });
  const lines: string[] = [];
  const push = (_: object, m: string): void => void lines.push(m);
  const log: Logger = { debug: push, info: push, warn: push, error: push };
  let running = false;
  let kalshiRecord = opts.kalshiPaid ?? true;
  const buy = (venue: Venue, side: Side, priceC: number): void => {
    const f: FillRecord = {
      pairId: market.pairId,
      marketId: market.marketId,
      description: market.description,
      platform: venue,
      side,
      action: 'buy',
      contracts: contracts(10),
      avgPrice: cents(priceC),
      notional: notional(contracts(10), cents(priceC)),
      fee: ZERO_MICROS,
      orderId: undefined,
      clientOrderId: `e1-${side}`,
      executionId: 'e1',
      timestampNs: clock.nowNs(),
      wallTimeMs: clock.wallMs()
    };
    ledger.fill(f);
    breaker.onFill(f);
  };
  buy('polymarket', 'yes', 40);
  buy('kalshi', 'no', 55);
  const settler = new Settler({
    clock,
    log,
    holdings: (id) => breaker.holdings(id),
    inFlight: () => running,
    record: (p) => ledger.recordSettlement(p.settlement, p.fills),
    apply: (f) => breaker.onFill(f),
    venuePaid: {
      kalshi: () =>
        Promise.resolve(kalshiRecord ? { revenue: ZERO_MICROS, fee: ZERO_MICROS } : null)
    }
  });
  const resolved = (venue: Venue, yesPayout = USD): VenueMarketState => ({
    venue,
    phase: 'resolved',
    closeWallMs: Date.UTC(2026, 11, 1),
    yesPayout
  });
  return {
    clock,
    ledger,
    breaker,
    settler,
    lines,
    resolved,
    run: (r: boolean) => (running = r),
    kalshiRecords: (r: boolean) => (kalshiRecord = r)
  };
}

describe('settlement', () => {
  it('closes the market on both venues, frees the limit and realizes the P&L', async () => {
    const t = setup();
    expect(t.breaker.status().totals.contracts).toBe(contracts(10));
    expect(
      t.breaker.assess(
        {
          marketId: 5,
          arbType: 'PolyYesKalshiNo',
          yesPrice: cents(40),
          noPrice: cents(55),
          yesSize: contracts(1),
          noSize: contracts(1),
          detectedNs: 0
        },
        testMarket(5)
      ).blocked
    ).toBe('circuit_breaker');
    t.settler.onResolved(market, t.resolved('polymarket'));
    t.settler.onResolved(market, t.resolved('kalshi'));
    await t.settler.retry();
    expect(t.settler.waiting()).toBe(0);
    expect(t.breaker.holdings(4)).toEqual({ kalshiNet: 0, polyYes: 0, polyNo: 0 });
    expect(t.breaker.status().totals.contracts).toBe(0);
    // 10 YES on Polymarket pay $10 (to redeem), 10 NO on Kalshi pay 0: $10 − $9.50 paid
    expect(t.breaker.status().dailyPnl).toBe(dollars(0.5));
    const s = t.ledger.settlements();
    expect(s.map((x) => [x.venue, x.contracts, x.payout, x.redeemed])).toEqual([
      ['polymarket', contracts(10), dollars(10), false],
      ['kalshi', contracts(10), 0, true]
    ]);
    const [pos] = t.ledger.positions();
    expect(pos?.exposure).toBe(0);
    expect(pos?.held).toEqual({
      'kalshi:yes': 0,
      'kalshi:no': 0,
      'polymarket:yes': 0,
      'polymarket:no': 0
    });
    expect(pos?.realizedPnl).toBe(dollars(0.5));
    expect(t.lines).toContain(
      '[LIFE] market 4 resolved on polymarket: 10 contracts, $10.00 awaiting redemption (redeem the winning tokens on chain)'
    );
    // a restart replays the ledger: still flat, still realized
    const again = new CircuitBreaker({
      clock: t.clock,
      config: { maxTotalPosition: contracts(10) }
    });
    again.restoreFromLedger({ fills: t.ledger.fills(), results: t.ledger.executions() }, null);
    expect(again.status().totals.contracts).toBe(0);
    // recording the same resolution again changes nothing
    t.settler.onResolved(market, t.resolved('kalshi'));
    await t.settler.retry();
    expect(t.ledger.settlements()).toHaveLength(2);
    expect(t.ledger.fills()).toHaveLength(4);
  });

  it('waits while an execution runs on the market, and for the venue record on Kalshi', async () => {
    const t = setup({ kalshiPaid: false });
    t.run(true);
    t.settler.onResolved(market, t.resolved('polymarket', ZERO_MICROS));
    await t.settler.retry();
    expect(t.ledger.settlements()).toEqual([]);
    t.run(false);
    t.settler.onResolved(market, t.resolved('kalshi', ZERO_MICROS));
    await t.settler.retry();
    expect(t.ledger.settlements().map((s) => s.venue)).toEqual(['polymarket']);
    expect(t.settler.waiting()).toBe(1);
    t.kalshiRecords(true);
    await t.settler.retry();
    expect(t.settler.waiting()).toBe(0);
    // NO won: Kalshi's 10 NO pay $10, Polymarket's 10 YES pay nothing
    expect(t.ledger.settlements().map((s) => [s.venue, s.payout])).toEqual([
      ['polymarket', 0],
      ['kalshi', dollars(10)]
    ]);
    expect(t.lines.some((l) => l.includes('kalshi paid $0.00, the ledger'))).toBe(true);
  });

  it('does not wait for a venue record where nothing was held (the venue lists none)', async () => {
    const t = setup({ kalshiPaid: false });
    t.settler.onResolved(market, t.resolved('kalshi', ZERO_MICROS));
    await t.settler.retry();
    expect(t.settler.waiting()).toBe(1); // Kalshi held 10 NO: its record is awaited
    const other = testMarket(6);
    t.settler.onResolved(other, { ...t.resolved('kalshi'), closeWallMs: 1 });
    await t.settler.retry();
    expect(t.ledger.settlements().map((s) => [s.marketId, s.contracts])).toEqual([[6, 0]]);
  });
});
