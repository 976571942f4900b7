/**
 * The venue series of the metrics: the measured clock offset per venue and the count of
 * rate-limit penalties cut to the cap (the alarm), read from the adapters at scrape time.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { EngineMetrics, type VenueHealthSource } from '../adapters/metrics/index.js';

describe('venue metrics', () => {
  it('exposes the clock offset and the capped-penalty alarm per venue', async () => {
    const health: VenueHealthSource[] = [
      { venue: 'kalshi', clockOffsetMs: 40_250, penaltiesCapped: 2 },
      { venue: 'polymarket', clockOffsetMs: undefined, penaltiesCapped: 0 }
    ];
    const m = new EngineMetrics(new ManualClock(), { venues: () => health }, { defaults: false });
    const text = await m.text();
    expect(text).toContain('twinleg_venue_clock_offset_seconds{venue="kalshi"} 40.25');
    expect(text).not.toContain('twinleg_venue_clock_offset_seconds{venue="polymarket"}');
    expect(text).toContain('twinleg_venue_penalties_capped_total{venue="kalshi"} 2');
    expect(text).toContain('twinleg_venue_penalties_capped_total{venue="polymarket"} 0');
    health[0] = { venue: 'kalshi', clockOffsetMs: -300, penaltiesCapped: 3 };
    const again = await m.text();
    expect(again).toContain('twinleg_venue_clock_offset_seconds{venue="kalshi"} -0.3');
    expect(again).toContain('twinleg_venue_penalties_capped_total{venue="kalshi"} 3');
  });
});
