import { describe, expect, it } from 'vitest';
import { feedsBench, feedsLine } from '../bench/feeds.js';
import { SMOKE } from '../bench/plan.js';

describe('feed throughput benchmark (smoke)', () => {
  it('decodes and applies every frame of both venues without a refusal', async () => {
    const r = await feedsBench(SMOKE.feeds);
    for (const v of [r.kalshi, r.polymarket]) {
      expect(v.messages).toBe(SMOKE.feeds.batch * SMOKE.feeds.reps);
      expect(v.refused).toBe(0);
      expect(v.stale).toBe(false);
      expect(v.perSec).toBeGreaterThan(0);
      expect(v.heapMessagesRun).toBeGreaterThanOrEqual(SMOKE.feeds.heapMessages);
      expect(typeof v.heapGrowthMB).toBe('number');
    }
    expect(feedsLine(r)).toContain('kalshi');
  });
});
