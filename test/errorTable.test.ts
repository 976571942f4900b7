/**
 * Every row of the source design's error table: the result's code, the fills, and the
 * in-flight bit before and after the 10 s delay.
 */
import { describe, expect, it } from 'vitest';
import { contracts, releasePolicyOf, type ErrorCode, type Micros } from '../core/index.js';
import { scriptedRisk, testEngine, type TestEngine } from './support/engine.js';
import { expectRelease } from './support/release.js';

function withBooks(e: TestEngine, yesQty = 10, noQty = 10) {
  e.book('polymarket', 1, 'yes', [[45, yesQty]], [[44, 50]]);
  e.book('kalshi', 1, 'no', [[50, noQty]], [[49, 50]]);
}

describe('error table: result, fills and slot release per row', () => {
  it('already in flight: rejected at once, the holder keeps the slot (no release)', async () => {
    const e = testEngine();
    withBooks(e);
    const first = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    const dup = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect(dup.error).toBe('already_in_flight');
    expect(e.supervisor.liveCount()).toBe(1);
    expect(e.supervisor.isInFlight(1)).toBe(true);
    await e.clock.advance(1);
    expect((await first).success).toBe(true);
    expect(e.venues.polymarket.placements + e.venues.kalshi.placements).toBe(2);
  });

  const immediateRisk: [ErrorCode, 'blacklisted' | 'cooldown' | 'circuit_breaker'][] = [
    ['blacklisted', 'blacklisted'],
    ['cooldown', 'cooldown'],
    ['circuit_breaker', 'circuit_breaker']
  ];
  for (const [code, blocked] of immediateRisk) {
    it(`${code}: no orders, immediate release`, async () => {
      const e = testEngine({ risk: scriptedRisk({ blocked, detail: 'test' }) });
      withBooks(e);
      const r = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
      expect(r.error).toBe(code);
      expect(releasePolicyOf(code)).toBe('immediate');
      expect(e.fills).toHaveLength(0);
      expect(e.venues.kalshi.placements + e.venues.polymarket.placements).toBe(0);
      await expectRelease(e, 1, 'immediate');
    });
  }

  it('blacklisted market is logged as [EXEC] 🚫 BLACKLISTED', async () => {
    const e = testEngine({ risk: scriptedRisk({ blocked: 'blacklisted' }) });
    await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect(e.logs.some((l) => l.msg.startsWith('[EXEC] 🚫 BLACKLISTED'))).toBe(true);
  });

  it('unknown market: immediate release (the bit is not leaked)', async () => {
    const e = testEngine();
    const r = await e.supervisor.submit(e.opp(77, 'PolyYesKalshiNo', 45, 50));
    expect(r.error).toBe('unknown_market');
    await expectRelease(e, 77, 'immediate');
  });

  it('profit below threshold (after fees): immediate release', async () => {
    const e = testEngine();
    withBooks(e);
    // 49 + 50 = 99¢, but Kalshi's fee on 10 NO @ 50¢ is 18¢ → negative after fees
    const r = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 49, 50));
    expect(r.error).toBe('profit_below_threshold');
    expect(e.venues.kalshi.placements).toBe(0);
    await expectRelease(e, 1, 'immediate');
  });

  it('insufficient liquidity: delayed release (10 s)', async () => {
    const e = testEngine();
    const r = await e.supervisor.submit({
      ...e.opp(1, 'PolyYesKalshiNo', 40, 50),
      noSize: contracts(0.5)
    });
    expect(r.error).toBe('insufficient_liquidity');
    await expectRelease(e, 1, 'delayed');
  });

  it('dry run: validated and sized, no orders, [EXEC] 🏃, delayed release', async () => {
    const e = testEngine({ config: { dryRun: true } });
    withBooks(e);
    const r = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    expect(r.error).toBe('dry_run');
    expect(e.venues.kalshi.placements + e.venues.polymarket.placements).toBe(0);
    expect(e.logs.some((l) => l.msg.startsWith('[EXEC] 🏃'))).toBe(true);
    await expectRelease(e, 1, 'delayed');
  });

  it('execution failure (both legs rejected): recorded, immediate release', async () => {
    const e = testEngine();
    withBooks(e);
    e.polymarket.script({
      behaviour: { kind: 'reject', rejectKind: 'invalid_order', reason: 'bad' }
    });
    e.kalshi.script({
      behaviour: { kind: 'reject', rejectKind: 'market_closed', reason: 'closed' }
    });
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1);
    const r = await p;
    expect(r.error).toBe('execution_failed');
    expect(r.legs?.yes.status).toBe('rejected');
    expect(r.legs?.no.status).toBe('rejected');
    expect(e.fills).toHaveLength(0);
    expect(e.logs.some((l) => l.level === 'error' && l.msg.startsWith('[EXEC] ❌'))).toBe(true);
    await expectRelease(e, 1, 'immediate');
  });

  it('both legs no-fill (IOC/FAK killed) counts as execution failure, not success', async () => {
    const e = testEngine();
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50)); // empty books
    await e.clock.advance(1);
    expect((await p).error).toBe('execution_failed');
    await expectRelease(e, 1, 'immediate');
  });

  it('success: both legs filled, two fills, [EXEC] ✅, delayed release', async () => {
    const e = testEngine();
    withBooks(e);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1);
    const r = await p;
    expect(r).toMatchObject({ success: true, error: null, matchedContracts: contracts(10) });
    // $10 payout − $4.50 − $5.00 − Kalshi fee ceil(0.07·10·0.5·0.5 = 17.5¢) = 18¢
    expect(r.realizedProfit).toBe(320_000);
    expect(e.fills.map((f) => `${f.platform}:${f.side}:${f.action}:${f.contracts}`)).toEqual(
      expect.arrayContaining(['polymarket:yes:buy:10000000', 'kalshi:no:buy:10000000'])
    );
    expect(e.logs.some((l) => l.msg.startsWith('[EXEC] ✅'))).toBe(true);
    await expectRelease(e, 1, 'delayed');
  });

  it('fill mismatch: auto-close in the background, mismatch recorded, then delayed release', async () => {
    const risk = scriptedRisk({});
    const e = testEngine({ risk });
    withBooks(e, 10, 4);
    e.book('polymarket', 1, 'yes', [[45, 10]], [[45, 6]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50));
    await e.clock.advance(1);
    expect(e.supervisor.isInFlight(1)).toBe(true); // closing: slot stays claimed
    await e.clock.advance(2_000); // Polymarket settlement wait
    const r = await p;
    expect(r).toMatchObject({
      error: 'partial_fill',
      matchedContracts: contracts(4),
      closedContracts: contracts(6),
      unhedgedContracts: 0
    });
    expect(risk.results.at(-1)?.error).toBe('partial_fill');
    expect(e.logs.some((l) => l.msg.startsWith('[EXEC] ⚠️ fill mismatch'))).toBe(true);
    expect(e.logs.some((l) => l.msg.startsWith('[EXEC] 🔄'))).toBe(true);
    await expectRelease(e, 1, 'delayed');
  });

  it('Polymarket $1 minimum: below it the execution is refused before any order (delayed)', async () => {
    const e = testEngine();
    const r = await e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 5, 80, 10)); // 10 × 5¢ = $0.50
    expect(r.error).toBe('below_venue_minimum');
    await expectRelease(e, 1, 'delayed');
  });

  it('invalid request: typed rejection, nothing claimed', async () => {
    const e = testEngine();
    const r = await e.supervisor.submit({
      ...e.opp(1, 'PolyYesKalshiNo', 45, 50),
      yesPrice: Number.NaN as Micros // junk: bypasses the brand on purpose
    });
    expect(r.error).toBe('invalid_request');
    expect(e.supervisor.isInFlight(1)).toBe(false);
  });
});
