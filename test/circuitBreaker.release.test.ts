/**
 * The error table's release policies with the real breaker as the risk port: one test per row,
 * the in-flight bit asserted before and after the 10 s delay. Breaker rows (blacklisted,
 * cooldown, circuit breaker) are produced by the breaker itself, not scripted.
 */
import { describe, expect, it } from 'vitest';
import { contracts, type ErrorCode } from '../core/index.js';
import { expectRelease } from './support/release.js';
import { withBreaker } from './support/breaker.js';
import type { TestEngine } from './support/engine.js';

function books(e: TestEngine, marketId = 1, yesQty = 10, noQty = 10): void {
  e.book('polymarket', marketId, 'yes', [[45, yesQty]], [[44, 50]]);
  e.book('kalshi', marketId, 'no', [[50, noQty]], [[49, 50]]);
}

async function submit(e: TestEngine, marketId = 1, yesC = 45, noC = 50): Promise<ErrorCode | null> {
  const p = e.supervisor.submit(e.opp(marketId, 'PolyYesKalshiNo', yesC, noC));
  await e.clock.advance(1);
  return (await p).error;
}

/** Runs one opportunity to completion (auto-close included) and lets its slot go. */
async function settle(e: TestEngine, marketId = 1): Promise<ErrorCode | null> {
  const p = e.supervisor.submit(e.opp(marketId, 'PolyYesKalshiNo', 45, 50));
  await e.clock.runUntilIdle();
  return (await p).error;
}

describe('release policy per error-table row, through the breaker', () => {
  it('already in flight: rejected, no release; the holder keeps its bit and its reservation', async () => {
    const { e, cb } = withBreaker();
    books(e);
    const first = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect((await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50))).error).toBe(
      'already_in_flight'
    );
    expect(e.supervisor.isInFlight(1)).toBe(true);
    expect(cb.status().reservations.map((r) => r.marketId)).toEqual([1]);
    await e.clock.advance(1);
    expect((await first).success).toBe(true);
    expect(cb.status().reservations).toEqual([]);
  });

  it('blacklisted (by the breaker after a mismatch, threshold 1): immediate', async () => {
    const { e } = withBreaker({ blacklistThreshold: 1 });
    books(e, 1, 10, 4);
    expect(await settle(e)).toBe('partial_fill');
    books(e);
    expect(await submit(e)).toBe('blacklisted');
    await expectRelease(e, 1, 'immediate');
  });

  it('cooldown (by the breaker after 1 counted error): immediate', async () => {
    const { e } = withBreaker({ maxConsecutiveErrors: 1 });
    expect(await submit(e, 2)).toBe('execution_failed'); // empty books: 0/0
    books(e);
    expect(await submit(e)).toBe('cooldown');
    await expectRelease(e, 1, 'immediate');
  });

  it('circuit breaker (no capacity under the position limit): immediate', async () => {
    const { e } = withBreaker({ maxPositionPerMarket: 0 });
    books(e);
    expect(await submit(e)).toBe('circuit_breaker');
    expect(e.results.at(-1)?.detail).toContain('per-market position limit');
    await expectRelease(e, 1, 'immediate');
  });

  it('circuit breaker (manual halt): immediate', async () => {
    const { e, cb } = withBreaker();
    cb.halt('operator');
    books(e);
    expect(await submit(e)).toBe('circuit_breaker');
    await expectRelease(e, 1, 'immediate');
  });

  it('profit below threshold: immediate, not counted', async () => {
    const { e, cb } = withBreaker();
    books(e);
    expect(await submit(e, 1, 49, 50)).toBe('profit_below_threshold');
    await expectRelease(e, 1, 'immediate');
    expect(cb.status().consecutiveErrors).toBe(0);
  });

  it('insufficient liquidity: delayed', async () => {
    const { e } = withBreaker();
    const p = e.supervisor.submit({
      ...e.opp(1, 'PolyYesKalshiNo', 40, 50),
      noSize: contracts(0.5)
    });
    expect((await p).error).toBe('insufficient_liquidity');
    await expectRelease(e, 1, 'delayed');
  });

  it('dry run: delayed, nothing reserved afterwards', async () => {
    const { e, cb } = withBreaker({}, { config: { dryRun: true } });
    books(e);
    expect(await submit(e)).toBe('dry_run');
    expect(cb.status().reservations).toEqual([]);
    await expectRelease(e, 1, 'delayed');
  });

  it('execution failure: immediate, counted as an error', async () => {
    const { e, cb } = withBreaker();
    expect(await submit(e)).toBe('execution_failed');
    await expectRelease(e, 1, 'immediate');
    expect(cb.status().consecutiveErrors).toBe(1);
  });

  it('success: delayed; the error count resets', async () => {
    const { e, cb } = withBreaker();
    expect(await submit(e, 2)).toBe('execution_failed');
    books(e);
    expect(await submit(e)).toBeNull();
    expect(cb.status().consecutiveErrors).toBe(0);
    await expectRelease(e, 1, 'delayed');
  });

  it('fill mismatch: auto-close, mismatch recorded with the breaker, then delayed', async () => {
    const { e, cb } = withBreaker();
    books(e, 1, 10, 4);
    e.book('polymarket', 1, 'yes', [[45, 10]], [[45, 6]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1);
    expect(e.supervisor.isInFlight(1)).toBe(true); // closing
    await e.clock.advance(2_000);
    expect((await p).error).toBe('partial_fill');
    expect(cb.status()).toMatchObject({
      consecutiveErrors: 1,
      mismatches: [{ marketId: 1, count: 1 }]
    });
    expect(e.logs.some((l) => l.msg.startsWith('[CB] ⚠️ mismatch recorded market=1 (1/3'))).toBe(
      true
    );
    await expectRelease(e, 1, 'delayed');
  });
});
