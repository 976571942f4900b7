import { describe, expect, it } from 'vitest';
import { parseEngineConfig } from '../core/index.js';

describe('parseEngineConfig', () => {
  it('fills the source design defaults', () => {
    const c = parseEngineConfig();
    expect(c.capacity).toBe(512);
    expect(c.dryRun).toBe(false);
    expect(c.minProfitPerContract).toBe(10_000);
    expect(c.minQty).toBe(1_000_000);
    expect(c.delayedReleaseMs).toBe(10_000);
    expect(c.polyMinNotional).toBe(1_000_000);
    expect(c.autoClose.polySettlementWaitMs).toBe(2_000);
    expect(c.autoClose.retryDelayMs).toBe(100);
    expect(c.autoClose.stepMicros).toBe(10_000);
    expect(c.autoClose.floorMicros).toBe(10_000);
    expect(c.reconcile.backoffMs).toEqual([100, 200, 500, 1_000, 2_000]);
  });

  it('keeps given values and defaults the rest of a nested object', () => {
    const c = parseEngineConfig({ dryRun: true, autoClose: { retryDelayMs: 250 } });
    expect(c.dryRun).toBe(true);
    expect(c.autoClose.retryDelayMs).toBe(250);
    expect(c.autoClose.stepMicros).toBe(10_000);
    expect(c.autoClose.polySettlementWaitMs).toBe(2_000);
  });

  it('throws on a bad value, naming its path', () => {
    expect(() => parseEngineConfig({ autoClose: { retryDelayMs: -1 } })).toThrow(
      /autoClose\.retryDelayMs/
    );
    expect(() => parseEngineConfig({ minProfitPerContract: 0.5 })).toThrow(
      /"minProfitPerContract"/
    );
    expect(() => parseEngineConfig({ delayedReleaseMs: NaN })).toThrow(/"delayedReleaseMs"/);
    expect(() => parseEngineConfig({ reconcile: { backoffMs: [] } })).toThrow(
      /reconcile\.backoffMs/
    );
    expect(() =>
      parseEngineConfig({ dryRun: 'yes' } as unknown as Parameters<typeof parseEngineConfig>[0])
    ).toThrow(/"dryRun"/);
  });
});
