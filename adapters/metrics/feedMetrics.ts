/**
 * The book feeds' metrics (issue 16): frames read, Kalshi `seq` gaps, resyncs, reconnects,
 * stale books and feed latency (the venue's timestamp → local receipt on the shared clock).
 *
 * | series | type | labels |
 * | --- | --- | --- |
 * | `twinleg_feed_messages_total` | counter | `venue`, `kind` (`delta`, `snapshot`, `book`, `price_change`, `pong`, …) |
 * | `twinleg_feed_gaps_total` | counter | `venue` |
 * | `twinleg_feed_resyncs_total` | counter | `venue`, `reason` (`sequence_gap`, `bad_write`, `invalid_message`) |
 * | `twinleg_feed_reconnects_total` | counter | `venue`, `reason` (`closed`, `dead`, `queue_full`, …) |
 * | `twinleg_feed_stale_books` | gauge | `venue` (outcome books not usable, read from the books at scrape time) |
 * | `twinleg_feed_latency_seconds` | histogram | `venue` (negative skew is counted in the lowest bucket) |
 * | `twinleg_feed_hash_mismatches_total` | counter | `venue`, `source` (`rest`: a REST `/book` not applied and retried; `ws`) |
 *
 * The returned sink is structurally the feeds' `FeedMetricsSink` (adapters/feeds/feedEvents.ts;
 * adapters do not import each other's types): pass it as a feed's `metrics` option.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BookStore, Venue } from '../../core/index.js';

/** Feed-latency buckets, seconds: 1 ms to 10 s. */
export const FEED_LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10
];

/** What the feeds report (the same shape as adapters/feeds' `FeedMetricsSink`). */
export interface FeedMetrics {
  message(venue: Venue, kind: string): void;
  gap(venue: Venue): void;
  resync(venue: Venue, reason: string): void;
  reconnect(venue: Venue, reason: string): void;
  latencyMs(venue: Venue, ms: number): void;
  hashMismatch(venue: Venue, source: 'rest' | 'ws'): void;
}

const VENUES: readonly Venue[] = ['kalshi', 'polymarket'];

/**
 * Registers the feed series on `registry` and returns the sink the feeds write to. `books`
 * is read at scrape time for the stale-book gauge (undefined: no series values).
 */
export function registerFeedMetrics(
  registry: Registry,
  books: () => BookStore | undefined = () => undefined
): FeedMetrics {
  const reg = { registers: [registry] };
  const messages = new Counter({
    name: 'twinleg_feed_messages_total',
    help: 'Venue feed frames read, by kind',
    labelNames: ['venue', 'kind'],
    ...reg
  });
  const gaps = new Counter({
    name: 'twinleg_feed_gaps_total',
    help: 'Kalshi sequence gaps (every book of the subscription resynced)',
    labelNames: ['venue'],
    ...reg
  });
  const resyncs = new Counter({
    name: 'twinleg_feed_resyncs_total',
    help: 'Book resyncs begun, by reason',
    labelNames: ['venue', 'reason'],
    ...reg
  });
  const reconnects = new Counter({
    name: 'twinleg_feed_reconnects_total',
    help: 'Feed reconnects, by why the connection ended',
    labelNames: ['venue', 'reason'],
    ...reg
  });
  const hashMismatches = new Counter({
    name: 'twinleg_feed_hash_mismatches_total',
    help: 'Books whose checked hash did not match (a REST book is not applied), by source',
    labelNames: ['venue', 'source'],
    ...reg
  });
  new Gauge({
    name: 'twinleg_feed_stale_books',
    help: 'Outcome books marked stale (never used until their next snapshot)',
    labelNames: ['venue'],
    ...reg,
    collect() {
      const store = books();
      if (!store) return;
      for (const v of VENUES) {
        let n = 0;
        for (const id of store.marketIds()) {
          const b = store.venue(id, v);
          if (b) n += Number(b.yes.stale) + Number(b.no.stale);
        }
        this.set({ venue: v }, n);
      }
    }
  });
  const latency = new Histogram({
    name: 'twinleg_feed_latency_seconds',
    help: 'Venue message timestamp to local receipt on the shared clock',
    labelNames: ['venue'],
    buckets: FEED_LATENCY_BUCKETS,
    ...reg
  });
  // label children bound once: the hot path does no label hashing
  const byKind = new Map<string, { inc(): void }>();
  const lat = new Map(VENUES.map((v) => [v, latency.labels({ venue: v })]));
  return {
    message(venue, kind) {
      const key = `${venue}\u0000${kind}`;
      let c = byKind.get(key);
      if (!c) {
        if (byKind.size >= 64) return; // kinds are ours; a bound keeps the label set finite
        c = messages.labels({ venue, kind });
        byKind.set(key, c);
      }
      c.inc();
    },
    gap: (venue) => gaps.inc({ venue }),
    resync: (venue, reason) => resyncs.inc({ venue, reason }),
    reconnect: (venue, reason) => reconnects.inc({ venue, reason }),
    hashMismatch: (venue, source) => hashMismatches.inc({ venue, source }),
    latencyMs(venue, ms) {
      if (Number.isFinite(ms)) lat.get(venue)?.observe(Math.max(0, ms) / 1000);
    }
  };
}
