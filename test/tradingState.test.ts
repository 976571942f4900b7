/**
 * The trading state derived from a real breaker: each mode, the capacity numbers, and the
 * announcer logging every change exactly once (pause at warn, return at info).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { CircuitBreaker, type BreakerConfigInput } from '../actors/circuitBreaker/index.js';
import {
  TradingStateAnnouncer,
  tradingStateOf,
  describeTradingState,
  takesEntries
} from '../actors/tradingState/index.js';
import {
  cents,
  contracts,
  dollars,
  notional,
  ZERO_MICROS,
  type FillRecord,
  type Logger
} from '../core/index.js';

function setup(config: BreakerConfigInput = {}) {
  const clock = new ManualClock();
  const lines: { level: string; msg: string }[] = [];
  const at =
    (level: string) =>
    (_: object, msg: string): void =>
      void lines.push({ level, msg });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error')
  };
  const cb = new CircuitBreaker({ clock, config });
  const buy = (marketId: number, side: 'yes' | 'no', qty: number, priceC: number): void => {
    const f: FillRecord = {
      pairId: `pair-${marketId}`,
      marketId,
      description: '',
      platform: side === 'yes' ? 'polymarket' : 'kalshi',
      side,
      action: 'buy',
      contracts: contracts(qty),
      avgPrice: cents(priceC),
      notional: notional(contracts(qty), cents(priceC)),
      fee: ZERO_MICROS,
      orderId: undefined,
      clientOrderId: `c-${marketId}-${side}`,
      executionId: `e-${marketId}`,
      timestampNs: clock.nowNs(),
      wallTimeMs: clock.wallMs()
    };
    cb.onFill(f);
  };
  const pair = (marketId: number, qty: number) => {
    buy(marketId, 'yes', qty, 45);
    buy(marketId, 'no', qty, 50);
  };
  const announcer = new TradingStateAnnouncer(logger);
  const observe = () => {
    const s = tradingStateOf(cb.status());
    announcer.observe(s);
    return s;
  };
  return { cb, lines, pair, observe };
}

describe('trading state', () => {
  it('is TRADING with the capacity left while the limits have room', () => {
    const t = setup({ maxTotalPosition: contracts(10), maxPositionPerMarket: contracts(10) });
    t.pair(1, 4);
    const s = t.observe();
    expect(s.mode).toBe('TRADING');
    expect(s.contracts).toEqual({ used: contracts(4), limit: contracts(10), left: contracts(6) });
    expect(s.dollarsAtRisk.used).toBe(dollars(3.8));
    expect(describeTradingState(s)).toBe('TRADING (6 contracts and $246.20 left)');
    expect(t.lines).toEqual([]);
  });

  it('turns LIMIT_REACHED when the total contracts are used up, logged once at warn', () => {
    const t = setup({ maxTotalPosition: contracts(10), maxPositionPerMarket: contracts(10) });
    t.pair(1, 6);
    t.pair(2, 4);
    const s = t.observe();
    t.observe();
    t.observe();
    expect(s.mode).toBe('LIMIT_REACHED');
    expect(s.contracts.left).toBe(0);
    expect(t.lines).toEqual([
      {
        level: 'warn',
        msg: '[CB] ⚠️ total position limit reached: 10/10 contracts; new entries paused until positions settle or close'
      }
    ]);
    t.cb.settle(2);
    expect(t.observe().mode).toBe('TRADING');
    t.observe();
    expect(t.lines.slice(1)).toEqual([
      { level: 'info', msg: '[CB] ✅ trading again: 4 contracts and $244.30 of capacity left' }
    ]);
  });

  it('turns LIMIT_REACHED when less than one pair of dollars at risk is left', () => {
    const t = setup({ maxTotalPositionUsd: dollars(5), maxPositionPerMarketUsd: dollars(5) });
    t.pair(1, 5); // $4.75 at risk: $0.25 left, no pair fits
    const s = t.observe();
    expect(s.mode).toBe('LIMIT_REACHED');
    expect(s.reasons).toEqual(['total dollars-at-risk limit reached: $4.75/$5.00']);
  });

  it('is HALTED by a halt and by a global hold, never TRADING while nothing can trade', () => {
    const t = setup();
    t.cb.halt('operator');
    expect(t.observe()).toMatchObject({ mode: 'HALTED', reasons: ['operator'] });
    t.cb.resume();
    const held = tradingStateOf(t.cb.status(), [
      { kind: 'balance_low', marketId: null, detail: 'kalshi balance $3.00 below minimum $10.00' }
    ]);
    expect(held.mode).toBe('HALTED');
    expect(describeTradingState(held)).toBe('HALTED: kalshi balance $3.00 below minimum $10.00');
  });

  it('keeps TRADING with a market hold, and logs the hold and its release once each', () => {
    const t = setup();
    const logger = { lines: [] as string[] };
    const push = (_: object, msg: string): void => void logger.lines.push(msg);
    const a = new TradingStateAnnouncer({ debug: push, info: push, warn: push, error: push });
    const hold = {
      kind: 'reconciliation' as const,
      marketId: 7,
      detail: 'kalshi holds 3 more YES'
    };
    const held = tradingStateOf(t.cb.status(), [hold]);
    expect(held.mode).toBe('TRADING');
    a.observe(held);
    a.observe(held);
    a.observe(tradingStateOf(t.cb.status()));
    expect(logger.lines).toEqual([
      '[CB] ⚠️ market 7 held: kalshi holds 3 more YES; no new entries on it',
      '[CB] ✅ market 7 released: kalshi holds 3 more YES'
    ]);
  });

  it('is DISABLED when the breaker is off, and says so once', () => {
    const t = setup({ enabled: false });
    t.observe();
    t.observe();
    expect(t.lines.map((l) => l.msg)).toEqual([
      '[CB] ⚠️ circuit breaker disabled: no limits are enforced'
    ]);
  });

  it('takes entries only while trading and on markets not held (what a detector asks)', () => {
    const t = setup({ maxTotalPosition: contracts(10), maxPositionPerMarket: contracts(10) });
    const hold = { kind: 'market_closing' as const, marketId: 3, detail: 'closes in 5 s' };
    const open = tradingStateOf(t.cb.status(), [hold]);
    expect(takesEntries(open, 1)).toBe(true);
    expect(takesEntries(open, 3)).toBe(false);
    t.pair(1, 10);
    expect(takesEntries(tradingStateOf(t.cb.status()), 1)).toBe(false); // LIMIT_REACHED
    expect(takesEntries(tradingStateOf(setup({ enabled: false }).cb.status()), 1)).toBe(true);
  });
});
