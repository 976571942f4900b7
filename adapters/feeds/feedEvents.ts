import type { Venue } from '../../core/index.js';

/**
 * What a book feed reports as it runs: for logs, tests and a host's status view. Every book
 * that goes stale is named through `stale`; every message that could not be used through
 * `invalid` (with the resync it caused, if any).
 */
export type FeedEvent =
  | { readonly kind: 'open' }
  | { readonly kind: 'down'; readonly reason: FeedDownReason }
  | { readonly kind: 'snapshot'; readonly marketId: number }
  | { readonly kind: 'gap'; readonly sid: number; readonly expected: number; readonly got: number }
  | {
      readonly kind: 'resync';
      readonly reason: ResyncReason;
      readonly marketIds: readonly number[];
    }
  | { readonly kind: 'rest_book'; readonly marketId: number; readonly tokenId: string }
  | {
      readonly kind: 'hash_mismatch';
      readonly source: HashSource;
      readonly marketId: number;
      readonly tokenId: string;
    }
  | { readonly kind: 'invalid'; readonly detail: string }
  | { readonly kind: 'venue_error'; readonly code: number; readonly detail: string };

/** Why a connection ended (each one marks the feed's books stale until their next snapshot). */
export type FeedDownReason =
  | 'closed'
  | 'error'
  | 'dead'
  | 'connect_timeout'
  | 'queue_full'
  | 'outbound_full'
  | 'venue_error'
  | 'stopped';

/** Where a checked book hash came from (only REST `/book` answers are checked today). */
export type HashSource = 'rest' | 'ws';

/** Why books were resynced. */
export type ResyncReason = 'sequence_gap' | 'bad_write' | 'invalid_message';

/**
 * Where a feed reports its counts; `adapters/metrics/feedMetrics.ts` implements it with
 * prom-client. Every method is called on the hot path and must be cheap and never throw.
 */
export interface FeedMetricsSink {
  /** One venue frame read (after JSON decode), by kind (`book`, `delta`, `pong`, …). */
  message(venue: Venue, kind: string): void;
  /** A Kalshi `seq` gap. */
  gap(venue: Venue): void;
  /** A resync begun (resubscribe or REST `/book`), by reason. */
  resync(venue: Venue, reason: string): void;
  /** A reconnect attempt after a connection ended, by reason. */
  reconnect(venue: Venue, reason: string): void;
  /** Venue timestamp → local receipt on the shared clock, ms (may be negative under skew). */
  latencyMs(venue: Venue, ms: number): void;
  /** A book whose hash was checked and did not match (a REST one is not applied), by source. */
  hashMismatch(venue: Venue, source: HashSource): void;
}

/** A sink that counts nothing. */
export const NO_FEED_METRICS: FeedMetricsSink = {
  message: () => undefined,
  gap: () => undefined,
  resync: () => undefined,
  reconnect: () => undefined,
  latencyMs: () => undefined,
  hashMismatch: () => undefined
};
