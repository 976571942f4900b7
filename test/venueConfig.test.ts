/**
 * The venue limits in the configuration: defaults, environment overrides, bounds.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../cli/config/load.js';

describe('venue limits configuration', () => {
  it('defaults to a 60 s penalty cap, 1 MiB answers and a 60 s clock measurement', () => {
    const { config } = loadConfig({ env: {} });
    for (const v of [config.venues.kalshi, config.venues.polymarket]) {
      expect(v).toMatchObject({
        maxPenaltyMs: 60_000,
        maxResponseBytes: 1_048_576,
        clockSyncMs: 60_000
      });
    }
  });

  it('is set from the environment and refuses values out of bounds', () => {
    const { config } = loadConfig({
      env: {
        TWINLEG_VENUES_KALSHI_MAX_PENALTY_MS: '5000',
        TWINLEG_VENUES_POLYMARKET_CLOCK_SYNC_MS: '0',
        TWINLEG_VENUES_POLYMARKET_MAX_RESPONSE_BYTES: '65536'
      }
    });
    expect(config.venues.kalshi.maxPenaltyMs).toBe(5_000);
    expect(config.venues.polymarket.clockSyncMs).toBe(0);
    expect(config.venues.polymarket.maxResponseBytes).toBe(65_536);
    expect(() => loadConfig({ env: { TWINLEG_VENUES_KALSHI_MAX_PENALTY_MS: '86400000' } })).toThrow(
      /TWINLEG_VENUES_KALSHI_MAX_PENALTY_MS/
    );
  });
});
