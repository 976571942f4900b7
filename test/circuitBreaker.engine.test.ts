/**
 * The circuit breaker wired into the real engine (supervisor + execution machine + simulated
 * venues, manual clock): capping, the loss loop, escalation to a global halt, auto-close losses
 * tripping the daily limit, and the daily reset.
 */
import { describe, expect, it } from 'vitest';
import { cents, contracts, dollars, type ExecutionResult } from '../core/index.js';
import { withBreaker } from './support/breaker.js';
import type { TestEngine } from './support/engine.js';

/** Polymarket YES fills 10 @45¢, Kalshi NO has no liquidity: auto-close sells at `bidC`. */
function lossBooks(e: TestEngine, marketId: number, bidC = 44): void {
  e.book('polymarket', marketId, 'yes', [[45, 10]], [[bidC, 10]]);
  e.book('kalshi', marketId, 'no', []);
}

function goodBooks(e: TestEngine, marketId: number): void {
  e.book('polymarket', marketId, 'yes', [[45, 10]]);
  e.book('kalshi', marketId, 'no', [[50, 10]]);
}

async function run(e: TestEngine, marketId: number, size = 10): Promise<ExecutionResult> {
  const p = e.supervisor.submit(e.opp(marketId, 'PolyYesKalshiNo', 45, 50, size));
  await e.clock.runUntilIdle();
  return p;
}

const count = (e: TestEngine, prefix: string): number =>
  e.logs.filter((l) => l.msg.startsWith(prefix)).length;

describe('circuit breaker in the engine', () => {
  it('caps to capacity: want 407, limit 100 → 100 executed, [EXEC] ⚠️ capped', async () => {
    const { e, cb } = withBreaker({
      maxPositionPerMarket: contracts(100),
      maxPositionPerMarketUsd: dollars(1_000),
      maxTotalPositionUsd: dollars(1_000)
    });
    e.book('polymarket', 1, 'yes', [[45, 407]]);
    e.book('kalshi', 1, 'no', [[50, 407]]);
    const r = await run(e, 1, 407);
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(100) });
    expect(e.logs.some((l) => l.msg.startsWith('[EXEC] ⚠️ capped market=1 407 → 100'))).toBe(true);
    expect(cb.status().positions).toEqual([
      {
        marketId: 1,
        yes: contracts(100),
        no: contracts(100),
        contracts: contracts(100),
        costBasis: dollars(95)
      }
    ]);
    const again = await run(e, 1, 407); // the market is full now
    expect(again.error).toBe('circuit_breaker');
    expect(again.detail).toContain('per-market position limit');
  });

  it('the loss loop: 3 mismatches → blacklisted → skipped → re-enabled after 300 s', async () => {
    const { e, cb } = withBreaker();
    for (let i = 0; i < 3; i++) {
      lossBooks(e, 1);
      const r = await run(e, 1);
      expect(r).toMatchObject({
        error: 'partial_fill',
        unhedgedContracts: 0,
        realizedProfit: cents(-10)
      });
    }
    expect(count(e, '[CB] ⚠️ mismatch recorded market=1')).toBe(2);
    expect(count(e, '[CB] 🚫 market=1 BLACKLISTED')).toBe(1);
    const blacklistedAt = e.resultAt.get(e.results.at(-1)!.executionId)!;
    const placements = e.polymarket.placements + e.kalshi.placements;
    goodBooks(e, 1);
    const skipped = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect(skipped.error).toBe('blacklisted');
    expect(e.supervisor.isInFlight(1)).toBe(false); // immediate release
    expect(count(e, '[EXEC] 🚫 BLACKLISTED market=1')).toBe(1);
    expect(e.polymarket.placements + e.kalshi.placements).toBe(placements);
    expect(cb.status().blacklist[0]?.untilNs).toBe((blacklistedAt + 300_000) * 1e6);
    await e.clock.advance(blacklistedAt + 300_000 - 1 - e.clock.nowMs());
    expect((await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50))).error).toBe(
      'blacklisted'
    );
    await e.clock.advance(1);
    const back = await run(e, 1);
    expect(back).toMatchObject({ success: true, matchedContracts: contracts(10) });
    expect(count(e, '[CB] ✅ market=1 re-enabled')).toBe(1);
    expect(cb.status().blacklist).toEqual([]);
  });

  it('mismatches across markets escalate: 5 consecutive errors → every market in cooldown → lifts after 300 s', async () => {
    const { e } = withBreaker();
    for (const m of [1, 2, 3, 1, 2]) {
      lossBooks(e, m);
      expect((await run(e, m)).error).toBe('partial_fill');
    }
    expect(count(e, '[CB] 🚫')).toBe(0); // no market reached 3
    expect(count(e, '[CB] 🛑 HALT: 5 consecutive errors')).toBe(1);
    const haltedAt = e.resultAt.get(e.results.at(-1)!.executionId)!;
    for (const m of [1, 2, 3]) {
      goodBooks(e, m);
      const r = await e.supervisor.submit(e.opp(m, 'PolyYesKalshiNo', 45, 50));
      expect(r.error).toBe('cooldown');
      expect(e.supervisor.isInFlight(m)).toBe(false);
    }
    await e.clock.advance(haltedAt + 300_000 - e.clock.nowMs());
    expect((await run(e, 3)).success).toBe(true);
    expect(count(e, '[CB] ✅ cooldown expired')).toBe(1);
  });

  it('auto-close losses trip the daily limit (as the close fills arrive), reset the next day', async () => {
    const { e, cb } = withBreaker({
      maxDailyLoss: dollars(1),
      maxConsecutiveErrors: 100,
      blacklistThreshold: 100
    });
    const hitAtFill: boolean[] = [];
    e.supervisor.fills$.subscribe((f) => {
      if (f.action === 'sell') hitAtFill.push(cb.status().dailyLimitHit);
    });
    for (let i = 0; i < 3; i++) {
      lossBooks(e, 1, 40); // buy 10 @45¢, sell 10 @40¢: −$0.50 each
      expect((await run(e, 1)).realizedProfit).toBe(cents(-50));
    }
    expect(hitAtFill).toEqual([false, false, true]); // tripped before the third result
    expect(cb.status().dailyPnl).toBe(dollars(-1.5));
    goodBooks(e, 2);
    const blocked = await e.supervisor.submit(e.opp(2, 'PolyYesKalshiNo', 45, 50));
    expect(blocked.error).toBe('circuit_breaker');
    expect(blocked.detail).toContain('daily loss');
    await e.clock.advance(86_400_000 - e.clock.nowMs()); // UTC midnight (origin 2026-01-01)
    expect((await run(e, 2)).success).toBe(true);
    expect(count(e, '[CB] 📅 new trading day')).toBe(1);
    expect(cb.status().dailyPnl).toBe(cents(32)); // today's one success
  });
});
