/**
 * The circuit breaker on its own, under a manual clock: each protection tripping and
 * recovering, capacity math, P&L feeding, manual halt, the disabled switch and `status()`.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { CircuitBreaker, type BreakerConfigInput } from '../actors/circuitBreaker/index.js';
import {
  asMicros,
  cents,
  CONTRACT,
  contracts,
  dollars,
  negMicros,
  notional,
  ZERO_MICROS,
  ZERO_QTY,
  type ErrorCode,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Logger,
  type Side
} from '../core/index.js';
import { testMarket } from './support/engine.js';

let seq = 0;

function setup(config: BreakerConfigInput = {}) {
  const clock = new ManualClock();
  const logs: string[] = [];
  const push = (_: object, msg: string): void => void logs.push(msg);
  const logger: Logger = { debug: push, info: push, warn: push, error: push };
  const cb = new CircuitBreaker({ clock, logger, config });
  const req = (marketId: number, yesC = 45, noC = 50, size = 1_000): FastExecutionRequest => ({
    marketId,
    arbType: 'PolyYesKalshiNo',
    yesPrice: cents(yesC),
    noPrice: cents(noC),
    yesSize: contracts(size),
    noSize: contracts(size),
    detectedNs: clock.nowNs()
  });
  const assess = (marketId: number, yesC = 45, noC = 50, size = 1_000) =>
    cb.assess(req(marketId, yesC, noC, size), testMarket(marketId));
  const result = (marketId: number, over: Partial<ExecutionResult> = {}): ExecutionResult => ({
    executionId: `e${++seq}`,
    marketId,
    success: false,
    error: 'execution_failed',
    matchedContracts: ZERO_QTY,
    realizedProfit: ZERO_MICROS,
    unhedgedContracts: ZERO_QTY,
    closedContracts: ZERO_QTY,
    latencyNs: 0,
    ...over
  });
  const fail = (marketId: number, error: ErrorCode = 'execution_failed') =>
    cb.onResult(result(marketId, { error }));
  const mismatch = (marketId: number, loss = ZERO_MICROS) =>
    cb.onResult(result(marketId, { error: 'partial_fill', realizedProfit: negMicros(loss) }));
  const success = (marketId: number, profit = ZERO_MICROS) =>
    cb.onResult(
      result(marketId, {
        success: true,
        error: null,
        matchedContracts: CONTRACT,
        realizedProfit: profit
      })
    );
  const fill = (
    marketId: number,
    side: Side,
    action: 'buy' | 'sell',
    qty: number,
    priceC: number,
    executionId = 'e-fill'
  ): void => {
    const f: FillRecord = {
      pairId: `pair-${marketId}`,
      marketId,
      description: '',
      platform: side === 'yes' ? 'polymarket' : 'kalshi',
      side,
      action,
      contracts: contracts(qty),
      avgPrice: cents(priceC),
      notional: notional(contracts(qty), cents(priceC)),
      fee: ZERO_MICROS,
      orderId: undefined,
      clientOrderId: 'c',
      executionId,
      timestampNs: clock.nowNs(),
      wallTimeMs: clock.wallMs()
    };
    cb.onFill(f);
  };
  const has = (prefix: string): number => logs.filter((l) => l.startsWith(prefix)).length;
  return { clock, cb, logs, assess, result, fail, mismatch, success, fill, has };
}

describe('circuit breaker: consecutive errors → cooldown', () => {
  it('5 counted errors halt every market for 300 s; the halt lifts by itself, logged', async () => {
    const t = setup({ blacklistThreshold: 100 });
    for (let i = 0; i < 4; i++) t.fail(1 + (i % 3));
    expect(t.assess(2).blocked).toBeNull();
    t.fail(3);
    expect(t.has('[CB] 🛑 HALT: 5 consecutive errors')).toBe(1);
    for (const m of [1, 2, 3, 9]) expect(t.assess(m).blocked).toBe('cooldown');
    await t.clock.advance(300_000 - 1);
    expect(t.assess(1).blocked).toBe('cooldown');
    await t.clock.advance(1);
    expect(t.assess(1).blocked).toBeNull();
    expect(t.has('[CB] ✅ cooldown expired')).toBe(1);
    expect(t.cb.status().consecutiveErrors).toBe(0);
  });

  it('mismatches count; a matched fill resets; rejections neither count nor reset', () => {
    const t = setup({ blacklistThreshold: 100 });
    for (let i = 0; i < 4; i++) t.mismatch(i);
    t.success(1);
    for (let i = 0; i < 4; i++) t.fail(1, i % 2 ? 'order_unresolved' : 'internal_error');
    for (const c of [
      'profit_below_threshold',
      'insufficient_liquidity',
      'dry_run',
      'cooldown'
    ] as const) {
      t.fail(1, c);
    }
    expect(t.cb.status().consecutiveErrors).toBe(4);
    expect(t.assess(1).blocked).toBeNull();
    t.fail(1);
    expect(t.assess(1).blocked).toBe('cooldown');
    expect(t.cb.status().trips).toBe(1);
  });
});

describe('circuit breaker: per-market blacklist', () => {
  it('3 consecutive mismatches blacklist one market for 300 s, then re-enable it', async () => {
    const t = setup();
    t.mismatch(1);
    t.mismatch(1);
    expect(t.has('[CB] ⚠️ mismatch recorded market=1')).toBe(2);
    expect(t.assess(1).blocked).toBeNull();
    t.mismatch(1);
    expect(t.has('[CB] 🚫 market=1 BLACKLISTED')).toBe(1);
    expect(t.assess(1)).toMatchObject({ blocked: 'blacklisted', capacity: 0 });
    expect(t.assess(2).blocked).toBeNull();
    t.success(1); // a late matched fill resets the count but does not lift the blacklist
    expect(t.assess(1).blocked).toBe('blacklisted');
    await t.clock.advance(300_000 - 1);
    expect(t.assess(1).blocked).toBe('blacklisted');
    await t.clock.advance(1);
    expect(t.assess(1).blocked).toBeNull();
    expect(t.has('[CB] ✅ market=1 re-enabled')).toBe(1);
  });

  it('a matched fill resets the count; unhedged contracts count as a mismatch', () => {
    const t = setup();
    t.mismatch(1);
    t.mismatch(1);
    t.success(1);
    t.mismatch(1);
    t.cb.onResult(t.result(1, { error: 'order_unresolved', unhedgedContracts: CONTRACT }));
    expect(t.assess(1).blocked).toBeNull();
    expect(t.cb.status().mismatches).toEqual([{ marketId: 1, count: 2 }]);
    t.mismatch(1);
    expect(t.assess(1).blocked).toBe('blacklisted');
  });
});

describe('circuit breaker: daily loss limit', () => {
  it('P&L below −$50 blocks every market until UTC midnight, then resets', async () => {
    const t = setup();
    t.mismatch(1, dollars(30));
    t.mismatch(2, dollars(20));
    expect(t.assess(3).blocked).toBeNull(); // exactly −$50 is not below −$50
    t.mismatch(3, asMicros(1));
    expect(t.assess(4)).toMatchObject({ blocked: 'circuit_breaker' });
    expect(t.assess(4).detail).toContain('daily loss');
    expect(t.has('[CB] 🛑 HALT: daily loss limit')).toBe(1);
    t.success(5, dollars(100)); // sticky for the day
    expect(t.assess(4).blocked).toBe('circuit_breaker');
    await t.clock.advance(86_400_000 - 1); // origin is 2026-01-01T00:00Z
    expect(t.assess(4).blocked).toBe('circuit_breaker');
    await t.clock.advance(1);
    expect(t.assess(4).blocked).toBeNull();
    expect(t.has('[CB] 📅 new trading day')).toBe(1);
    expect(t.cb.status().dailyPnl).toBe(0);
  });

  it('the reset time is configurable (13:30 UTC)', async () => {
    const t = setup({ dailyResetUtc: '13:30', maxDailyLoss: dollars(1) });
    t.mismatch(1, dollars(2));
    expect(t.cb.status().tradingDayStartWallMs).toBe(Date.UTC(2025, 11, 31, 13, 30));
    await t.clock.advance(13.5 * 3_600_000 - 1);
    expect(t.assess(1).blocked).toBe('circuit_breaker');
    await t.clock.advance(1);
    expect(t.assess(1).blocked).toBeNull();
    expect(t.cb.status().nextResetWallMs).toBe(Date.UTC(2026, 0, 2, 13, 30));
  });

  it('auto-close P&L counts as the sell fills arrive, settled (not doubled) by the result', () => {
    const t = setup({ maxDailyLoss: cents(40) });
    t.fill(1, 'yes', 'buy', 10, 45, 'x1');
    t.fill(1, 'yes', 'sell', 10, 40, 'x1');
    expect(t.cb.status().dailyPnl).toBe(cents(-50));
    expect(t.assess(2).blocked).toBe('circuit_breaker'); // before the result arrived
    t.cb.onResult({
      ...t.result(1, { error: 'partial_fill', realizedProfit: cents(-50) }),
      executionId: 'x1'
    });
    expect(t.cb.status().dailyPnl).toBe(cents(-50));
    expect(t.cb.status().positions).toEqual([]);
  });
});

describe('circuit breaker: position limits and capacity', () => {
  it('contracts and dollars both bind; a hedged pair counts once; sells shrink it', () => {
    const t = setup({
      maxPositionPerMarketUsd: dollars(1_000),
      maxTotalPositionUsd: dollars(1_000)
    });
    expect(t.assess(1).capacity).toBe(contracts(100)); // per market 100 contracts
    t.cb.onResult(t.result(1, { error: 'dry_run' })); // ends the reservation
    t.fill(1, 'yes', 'buy', 30, 45);
    t.fill(1, 'no', 'buy', 30, 50);
    expect(t.cb.status().positions).toEqual([
      {
        marketId: 1,
        yes: contracts(30),
        no: contracts(30),
        contracts: contracts(30),
        costBasis: dollars(28.5)
      }
    ]);
    expect(t.assess(1).capacity).toBe(contracts(70));
    t.fill(1, 'no', 'sell', 10, 50);
    expect(t.assess(1).capacity).toBe(contracts(70)); // YES still 30
    t.fill(1, 'yes', 'sell', 10, 44);
    expect(t.assess(1).capacity).toBe(contracts(80));
  });

  it('capacityNow: what assess would answer, reserving nothing; 0 while blocked', () => {
    const t = setup({ maxTotalPosition: contracts(150) }); // $50 per market
    expect(t.cb.capacityNow(2)(cents(95))).toBe(52_631_578); // $50 / 95¢, as assess says
    expect(t.cb.capacityNow(2)(cents(95))).toBe(t.assess(2, 60, 35).capacity);
    t.cb.onResult(t.result(2, { error: 'dry_run' }));
    expect(t.assess(1, 3, 2, 100).capacity).toBe(contracts(100)); // reserves 100 of the 150
    expect(t.cb.capacityNow(3)(cents(5))).toBe(contracts(50));
    expect(t.cb.capacityNow(3)(cents(5))).toBe(contracts(50)); // asking reserved nothing
    t.cb.halt('operator');
    expect(t.cb.capacityNow(3)(cents(5))).toBe(0);
  });

  it('capacityNow lifts an expired cooldown itself, as assess does (a detector may ask alone)', async () => {
    const t = setup({ maxConsecutiveErrors: 1, cooldownMs: 1_000 });
    t.fail(1);
    expect(t.cb.capacityNow(1)(cents(95))).toBe(0);
    await t.clock.advance(1_001);
    expect(t.cb.capacityNow(1)(cents(95))).toBeGreaterThan(0);
  });

  it('dollars at risk: 100 contracts at 5¢ is not 100 at 95¢', () => {
    const t = setup(); // $50 per market
    expect(t.assess(1, 3, 2).capacity).toBe(contracts(100)); // 5¢ a pair: contracts bind
    expect(t.assess(2, 60, 35).capacity).toBe(52_631_578); // $50 / 95¢ = 52.63 pairs
  });

  it('the total limits bind across markets, counting reservations of running executions', () => {
    const t = setup({
      maxTotalPosition: contracts(150),
      maxPositionPerMarketUsd: dollars(500),
      maxTotalPositionUsd: dollars(500)
    });
    expect(t.assess(1, 45, 50, 100).capacity).toBe(contracts(100)); // reserves 100
    expect(t.assess(2, 45, 50, 100).capacity).toBe(contracts(50)); // 150 − 100 reserved
    const v = t.assess(3);
    expect(v).toMatchObject({ blocked: 'circuit_breaker', capacity: 0 });
    expect(v.detail).toContain('total position limit (contracts)');
    t.cb.onResult(t.result(1)); // market 1 failed: nothing held, reservation gone
    expect(t.assess(3, 45, 50, 10).capacity).toBe(contracts(100));
  });

  it('a result of a request that never reached assess keeps the reservation', () => {
    const t = setup({ maxTotalPosition: contracts(100) });
    t.assess(1, 3, 2, 100);
    t.fail(1, 'already_in_flight');
    expect(t.assess(2, 3, 2).blocked).toBe('circuit_breaker');
  });

  it('settle() drops a resolved market', () => {
    const t = setup();
    t.fill(1, 'yes', 'buy', 100, 10);
    t.fill(1, 'no', 'buy', 100, 10);
    expect(t.assess(1).blocked).toBe('circuit_breaker');
    t.cb.settle(1);
    expect(t.assess(1).capacity).toBe(52_631_578);
  });
});

describe('circuit breaker: manual halt, disabled switch, status', () => {
  it('halt(reason) blocks everything until resume(); resume clears a cooldown too', () => {
    const t = setup({ maxConsecutiveErrors: 1 });
    t.cb.halt('maintenance');
    expect(t.assess(1)).toMatchObject({
      blocked: 'circuit_breaker',
      detail: 'manual halt: maintenance'
    });
    expect(t.cb.status()).toMatchObject({ halted: true, reason: 'maintenance' });
    t.cb.resume();
    expect(t.assess(1).blocked).toBeNull();
    t.fail(1);
    expect(t.assess(1).blocked).toBe('cooldown');
    t.cb.resume();
    expect(t.assess(1).blocked).toBeNull();
    expect(t.has('[CB] 🛑 manual HALT: maintenance')).toBe(1);
  });

  it('CB_ENABLED=false keeps accounting and logs but never blocks or caps', () => {
    const t = setup({ enabled: false, maxConsecutiveErrors: 1, maxDailyLoss: 0 });
    for (let i = 0; i < 5; i++) t.mismatch(1, dollars(10));
    t.fill(1, 'yes', 'buy', 5_000, 90);
    t.cb.halt('x');
    for (const m of [1, 2])
      expect(t.assess(m)).toEqual({ blocked: null, capacity: Number.MAX_SAFE_INTEGER });
    const s = t.cb.status();
    expect(s).toMatchObject({
      enabled: false,
      halted: true,
      dailyPnl: dollars(-50),
      dailyLimitHit: true
    });
    expect(s.blacklist.map((b) => b.marketId)).toEqual([1]);
    expect(s.positions[0]?.contracts).toBe(contracts(5_000));
    expect(t.has('[CB] 🚫 market=1 BLACKLISTED')).toBe(1);
    expect(t.logs.some((l) => l.includes('not enforced'))).toBe(true);
  });

  it('status() is a JSON-able snapshot of halts, counters, P&L, positions and blacklist', async () => {
    const t = setup();
    await t.clock.advance(1_000);
    t.fill(2, 'yes', 'buy', 4, 45);
    t.mismatch(2, cents(10));
    t.fail(3);
    for (let i = 0; i < 3; i++) t.mismatch(1);
    const s = t.cb.status();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s).toMatchObject({
      enabled: true,
      halted: true,
      reason: 'consecutive errors',
      consecutiveErrors: 0,
      trips: 1,
      dailyPnl: cents(-10),
      positions: [
        { marketId: 2, yes: contracts(4), no: 0, contracts: contracts(4), costBasis: cents(180) }
      ],
      totals: { contracts: contracts(4), costBasis: cents(180) },
      mismatches: [{ marketId: 2, count: 1 }],
      blacklist: [
        {
          marketId: 1,
          untilNs: 301_000 * 1e6,
          untilWallMs: Date.UTC(2026, 0, 1) + 301_000,
          remainingMs: 300_000
        }
      ]
    });
    expect(s.halts).toEqual([
      {
        kind: 'cooldown',
        detail: 'consecutive errors',
        untilNs: 301_000 * 1e6,
        untilWallMs: Date.UTC(2026, 0, 1) + 301_000
      }
    ]);
  });
});
