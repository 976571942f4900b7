/**
 * Balances in front of the breaker (actors/account): the size of an execution is capped by
 * what each venue's cash pays for (leg price + taker fee); below the minimum a global
 * `balance_low` hold answers new entries `circuit_breaker` with the reason, while an
 * auto-close — which never passes `assess` — still sells.
 */
import { describe, expect, it } from 'vitest';
import { accountRisk, affordableOn, BalanceBook } from '../actors/account/index.js';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { ManualClock } from '../actors/manualClock.js';
import { tradingStateOf } from '../actors/tradingState/index.js';
import { TwinlegConfigSchema } from '../cli/config/schema.js';
import { wireAccounts } from '../cli/runtime/accountWiring.js';
import { watchTrading } from '../cli/runtime/tradingWatch.js';
import {
  cents,
  contracts,
  dollars,
  kalshiTakerFee,
  KALSHI_STANDARD_FEES,
  notional,
  SILENT_LOGGER,
  type Logger
} from '../core/index.js';
import { testEngine, testMarket } from './support/engine.js';

/** The harness with a real breaker behind the account risk port, and the venues' cash. */
function engine(cash: { kalshi: number; polymarket: number }) {
  let book!: BalanceBook;
  let breaker!: CircuitBreaker;
  let log!: Logger;
  const e = testEngine({
    risk: (clock, logger) => {
      log = logger;
      book = new BalanceBook(dollars(5), logger);
      book.set('kalshi', dollars(cash.kalshi));
      book.set('polymarket', dollars(cash.polymarket));
      breaker = new CircuitBreaker({ clock, logger });
      return accountRisk(breaker, { holds: () => book.holds(), balances: book });
    }
  });
  return { ...e, cash: book, breaker, logger: log };
}

describe('balances cap and stop entries', () => {
  it('what a venue pays for: 19 NO at 50¢ with Kalshi fees fit in $10, 20 do not', () => {
    const m = testMarket(1);
    const req = {
      marketId: 1,
      arbType: 'PolyYesKalshiNo' as const,
      yesPrice: cents(45),
      noPrice: cents(50),
      yesSize: contracts(30),
      noSize: contracts(30),
      detectedNs: 0
    };
    const cost = (n: number) =>
      notional(contracts(n), cents(50)) +
      kalshiTakerFee(contracts(n), cents(50), KALSHI_STANDARD_FEES);
    expect(cost(19)).toBeLessThanOrEqual(dollars(10));
    expect(cost(20)).toBeGreaterThan(dollars(10));
    expect(affordableOn(req, m, 'kalshi', dollars(10))).toBe(contracts(19));
    expect(affordableOn(req, m, 'polymarket', dollars(10))).toBe(contracts(22)); // 22 × 45¢, no fee
    expect(affordableOn(req, m, 'kalshi', cents(40))).toBe(0);
  });

  it('a low balance caps the size, then stops entries with the reason; the result is logged as a hold', async () => {
    const e = engine({ kalshi: 10, polymarket: 1_000 });
    e.book('polymarket', 1, 'yes', [[45, 30]]);
    e.book('kalshi', 1, 'no', [[50, 30]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50, 30));
    await e.clock.runUntilIdle(60_000);
    const r = await p;
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(19) }); // capped by Kalshi's $10
    // $10 − 19 × 50¢ − fee: below the $5 minimum → global hold, new entries stop
    expect(e.cash.holds()).toEqual([
      {
        kind: 'balance_low',
        marketId: null,
        detail: 'Kalshi balance $0.16 below the $5.00 minimum' // 19 × 50¢ + 34¢ fee
      }
    ]);
    const state = tradingStateOf(e.breaker.status(), e.cash.holds());
    expect(state.mode).toBe('HALTED');
    // the run's trading watch says it once, at warn, with the numbers
    const watch = watchTrading({
      breaker: e.breaker,
      clock: e.clock,
      log: e.logger,
      periodMs: 0,
      holds: () => e.cash.holds()
    });
    watch.poke();
    watch.poke();
    const said = e.logs.filter((l) =>
      l.msg.includes('below the $5.00 minimum; new entries stopped')
    );
    expect(said.map((l) => [l.level, l.msg])).toEqual([
      ['warn', '[CB] ⚠️ Kalshi balance $0.16 below the $5.00 minimum; new entries stopped']
    ]);
    watch.close();
    e.book('polymarket', 2, 'yes', [[45, 30]]);
    e.book('kalshi', 2, 'no', [[50, 30]]);
    const orders = e.kalshi.orders().length + e.polymarket.orders().length;
    const q = e.supervisor.submit(e.opp(2, 'PolyYesKalshiNo', 45, 50, 30));
    await e.clock.runUntilIdle(60_000);
    const blocked = await q;
    expect(blocked).toMatchObject({ success: false, error: 'circuit_breaker' });
    expect(blocked.detail).toBe('Kalshi balance $0.16 below the $5.00 minimum');
    expect(e.kalshi.orders().length + e.polymarket.orders().length).toBe(orders); // nothing sent
    // a fresh read above the minimum lifts the hold
    e.cash.set('kalshi', dollars(100));
    expect(e.cash.holds()).toEqual([]);
    expect(
      e.logs.some((l) => l.msg.includes('Kalshi balance $100.00 back above the $5.00 minimum'))
    ).toBe(true);
  });

  it('a balance that pays for no contract answers circuit_breaker with the venue and amount', async () => {
    const e = engine({ kalshi: 1_000, polymarket: 6 });
    e.book('polymarket', 1, 'yes', [[45, 30]]);
    e.book('kalshi', 1, 'no', [[50, 30]]);
    e.cash.reserve(3, { kalshi: dollars(0), polymarket: dollars(5.8) }); // another execution's share
    const r = await Promise.all([
      e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50, 30)),
      e.clock.runUntilIdle(60_000)
    ]);
    expect(r[0]).toMatchObject({ success: false, error: 'circuit_breaker' });
    expect(r[0].detail).toBe('polymarket balance $0.20 pays for no contract at these prices');
  });

  it('a low balance stops entries while an auto-close still sells', async () => {
    // Polymarket's cash runs out with the entry's own YES leg; Kalshi's NO leg finds no book,
    // so the YES bought must be sold while the balance hold stops every new entry.
    const e = engine({ kalshi: 1_000, polymarket: 10 });
    e.book('polymarket', 1, 'yes', [[45, 30]], [[44, 50]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50, 30));
    await e.clock.advance(100); // the entry's legs are answered; the close waits for settlement
    expect(e.cash.holds()).toEqual([
      {
        kind: 'balance_low',
        marketId: null,
        detail: 'Polymarket balance $0.10 below the $5.00 minimum'
      }
    ]);
    e.book('polymarket', 2, 'yes', [[45, 30]]);
    e.book('kalshi', 2, 'no', [[50, 30]]);
    const q = e.supervisor.submit(e.opp(2, 'PolyYesKalshiNo', 45, 50, 30));
    await e.clock.runUntilIdle(60_000);
    const [closed, blocked] = await Promise.all([p, q]);
    expect(blocked).toMatchObject({
      success: false,
      error: 'circuit_breaker',
      detail: 'Polymarket balance $0.10 below the $5.00 minimum'
    });
    const sells = e.polymarket.orders().filter((o) => o.action === 'sell');
    expect(sells.length).toBeGreaterThan(0);
    expect(closed).toMatchObject({ closedContracts: contracts(22), unhedgedContracts: 0 });
    expect(e.polymarket.position(1, 'yes')).toBe(0);
  });
});

describe('holds placed elsewhere', () => {
  it('a market_closing hold handed to the account watch blocks entries in paper mode too', async () => {
    const holds = [
      { kind: 'market_closing' as const, marketId: 2, detail: 'market 2 closes in 4 min' }
    ];
    const clock = new ManualClock();
    const watch = await wireAccounts({
      live: false,
      config: TwinlegConfigSchema.parse({}),
      markets: [],
      clock,
      log: SILENT_LOGGER,
      breaker: new CircuitBreaker({ clock }),
      venues: { kalshi: undefined },
      inFlight: () => false,
      poke: () => undefined,
      otherHolds: () => holds
    });
    const e = testEngine({ risk: watch.risk });
    expect(watch.holds()).toEqual(holds);
    e.book('polymarket', 2, 'yes', [[45, 10]]);
    e.book('kalshi', 2, 'no', [[50, 10]]);
    const [r] = await Promise.all([
      e.supervisor.submit(e.opp(2, 'PolyYesKalshiNo', 45, 50, 10)),
      e.clock.runUntilIdle(60_000)
    ]);
    expect(r).toMatchObject({
      success: false,
      error: 'circuit_breaker',
      detail: 'market 2 closes in 4 min'
    });
  });
});
