/**
 * Circuit-breaker state across a restart: snapshot → JSON (the ledger) → restore on a new
 * process's clock. Blacklists, cooldowns, counters, daily P&L and positions survive; whatever
 * expired while the engine was down is dropped.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { CircuitBreaker, type BreakerSnapshot } from '../actors/circuitBreaker/index.js';
import { Ledger } from '../adapters/ledger/index.js';
import {
  cents,
  contracts,
  marketRegistry,
  ZERO_MICROS,
  ZERO_QTY,
  type ExecutionResult,
  type FillRecord
} from '../core/index.js';
import { testMarket } from './support/engine.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const config = {
  maxConsecutiveErrors: 2,
  cooldownMs: 60_000,
  blacklistThreshold: 1,
  blacklistMs: 300_000,
  maxDailyLoss: 100_000_000
};
const result = (marketId: number, over: Partial<ExecutionResult>): ExecutionResult => ({
  executionId: `e-${marketId}`,
  marketId,
  success: false,
  error: 'partial_fill',
  matchedContracts: ZERO_QTY,
  realizedProfit: ZERO_MICROS,
  unhedgedContracts: ZERO_QTY,
  closedContracts: ZERO_QTY,
  latencyNs: 0,
  ...over
});
const fill = (
  marketId: number,
  side: 'yes' | 'no',
  action: 'buy' | 'sell',
  qty: number,
  priceC: number,
  executionId = 'e-open'
): FillRecord => ({
  pairId: `pair-${marketId}`,
  marketId,
  description: '',
  platform: 'kalshi',
  side,
  action,
  contracts: contracts(qty),
  avgPrice: cents(priceC),
  notional: cents(priceC * qty),
  fee: ZERO_MICROS,
  orderId: undefined,
  clientOrderId: `${executionId}-${side}-${action}`,
  executionId,
  timestampNs: 0,
  wallTimeMs: T0
});

/** A breaker with a blacklisted market 1, an error cooldown, a position and a day's loss. */
async function tripped() {
  const clock = new ManualClock(T0);
  const cb = new CircuitBreaker({ clock, config });
  cb.onFill(fill(3, 'yes', 'buy', 10, 40));
  cb.onFill({ ...fill(3, 'no', 'buy', 4, 50), platform: 'polymarket' }); // Kalshi would net it
  cb.onFill(fill(2, 'yes', 'buy', 6, 50, 'e-2'));
  cb.onFill(fill(2, 'yes', 'sell', 2, 45, 'e-2')); // close P&L fed before the result
  cb.onResult(result(1, { realizedProfit: cents(-30) })); // mismatch: blacklists market 1
  await clock.advance(1_000);
  cb.onResult(result(4, { error: 'execution_failed' })); // second counted error: cooldown
  return { clock, cb };
}

describe('breaker snapshot / restore', () => {
  it('round-trips through JSON and the ledger: blacklist, cooldown, counters, P&L and positions survive', async () => {
    const { cb } = await tripped();
    const before = cb.status();
    expect(before.blacklist.map((b) => b.marketId)).toEqual([1]);
    expect(before.halts.map((h) => h.kind)).toEqual(['cooldown']);
    const snap = cb.snapshot();
    const ledger = Ledger.open(':memory:', { clock: new ManualClock(T0) });
    ledger.saveBreakerState(snap);
    const saved = ledger.recover(marketRegistry([])).breakerState;
    ledger.close();
    expect(saved).toEqual(JSON.parse(JSON.stringify(snap)) as BreakerSnapshot);

    const clock2 = new ManualClock(T0 + 1_000 + 30_000); // restarted 30 s later
    const cb2 = new CircuitBreaker({ clock: clock2, config });
    expect(cb2.restore(saved)).toBe(true);
    const after = cb2.status();
    expect(after.blacklist).toEqual([
      expect.objectContaining({
        marketId: 1,
        untilWallMs: before.blacklist[0]?.untilWallMs,
        remainingMs: 269_000
      })
    ]);
    expect(after.halts).toEqual([
      {
        kind: 'cooldown',
        detail: 'consecutive errors',
        untilNs: 30_000 * 1e6,
        untilWallMs: T0 + 61_000
      }
    ]);
    expect(after.dailyPnl).toBe(before.dailyPnl);
    expect(after.trips).toBe(1);
    expect(after.positions).toEqual(before.positions);
    const req = {
      marketId: 1,
      arbType: 'KalshiOnly' as const,
      yesPrice: cents(40),
      noPrice: cents(50),
      yesSize: contracts(1),
      noSize: contracts(1),
      detectedNs: 0
    };
    expect(cb2.assess(req, testMarket(1)).blocked).toBe('blacklisted');
    // the close P&L already fed for e-2 is not counted twice when its result arrives
    const pnl = after.dailyPnl;
    cb2.onResult(
      result(2, { executionId: 'e-2', success: true, error: null, realizedProfit: cents(-10) })
    );
    expect(cb2.status().dailyPnl).toBe(pnl - cents(10) - snap.closePnlFed[0]!.pnl);
    expect(snap.closePnlFed).toEqual([{ executionId: 'e-2', pnl: cents(90) - cents(100) }]);
  });

  it('drops what expired while the engine was down: the cooldown after 2 min, the blacklist after 6 min', async () => {
    const { cb } = await tripped();
    const snap = JSON.parse(JSON.stringify(cb.snapshot())) as unknown;
    const at = (ms: number) => {
      const b = new CircuitBreaker({ clock: new ManualClock(T0 + ms), config });
      b.restore(snap);
      return b.status();
    };
    const two = at(120_000);
    expect(two.halts).toEqual([]);
    expect(two.blacklist.map((b) => [b.marketId, b.remainingMs])).toEqual([[1, 180_000]]);
    const six = at(360_000);
    expect(six.blacklist).toEqual([]);
    expect(six.halts).toEqual([]);
    expect(six.positions).toEqual(cb.status().positions);
    const nextDay = at(86_400_000);
    expect(nextDay.dailyPnl).toBe(0); // a new trading day started while down
  });

  it('ignores a state that is not a valid snapshot', () => {
    const cb = new CircuitBreaker({ clock: new ManualClock(T0), config });
    const before = cb.status();
    expect(cb.restore({ version: 99 })).toBe(false);
    expect(cb.restore(null)).toBe(false);
    expect(cb.status()).toEqual(before);
  });
});
