import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerFeedMetrics } from '../adapters/metrics/feedMetrics.js';
import type { FeedMetricsSink } from '../adapters/feeds/index.js';
import { BookStore } from '../core/index.js';

describe('feed metrics', () => {
  it('counts messages, gaps, resyncs, reconnects, stale books and latency', async () => {
    const registry = new Registry();
    const books = new BookStore([0, 1]);
    books.venue(0, 'kalshi')!.markFresh(null);
    const sink: FeedMetricsSink = registerFeedMetrics(registry, () => books);
    sink.message('kalshi', 'delta');
    sink.message('kalshi', 'delta');
    sink.gap('kalshi');
    sink.resync('polymarket', 'bad_write');
    sink.reconnect('kalshi', 'dead');
    sink.latencyMs('polymarket', 30);
    sink.latencyMs('polymarket', -5); // clock skew: counted in the lowest bucket
    const text = await registry.metrics();
    expect(text).toContain('twinleg_feed_messages_total{venue="kalshi",kind="delta"} 2');
    expect(text).toContain('twinleg_feed_gaps_total{venue="kalshi"} 1');
    expect(text).toContain('twinleg_feed_resyncs_total{venue="polymarket",reason="bad_write"} 1');
    expect(text).toContain('twinleg_feed_reconnects_total{venue="kalshi",reason="dead"} 1');
    // market 0's Kalshi book is fresh: 2 of 4 outcome books stale; Polymarket all 4
    expect(text).toContain('twinleg_feed_stale_books{venue="kalshi"} 2');
    expect(text).toContain('twinleg_feed_stale_books{venue="polymarket"} 4');
    expect(text).toContain('twinleg_feed_latency_seconds_bucket{le="0.001",venue="polymarket"} 1');
    expect(text).toContain('twinleg_feed_latency_seconds_count{venue="polymarket"} 2');
  });
});
