import type { BookStore, Clock, Logger, Venue } from '../../core/index.js';
import type { BackoffOptions } from './backoff.js';
import type { FeedEvent, FeedMetricsSink } from './feedEvents.js';
import type { FeedSocketTuning } from './feedSocket.js';

/** Options every book feed takes. */
export interface BookFeedCommonOptions {
  /** The books the feed writes (its markets' ids must be in the store). */
  readonly books: BookStore;
  /** The shared clock: timers, receipt times (feed latency) and signing time. */
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly metrics?: FeedMetricsSink;
  /** Reconnect backoff (its `random` is the seeded/injected jitter source). */
  readonly backoff?: BackoffOptions;
  readonly tuning?: Partial<FeedSocketTuning>;
  /** Called synchronously for every {@link FeedEvent}; must not throw (it is guarded). */
  readonly onEvent?: (e: FeedEvent) => void;
  /** Called with every text frame read from the socket, before it is applied (recording). */
  readonly onRawFrame?: (venue: Venue, text: string, recvWallMs: number) => void;
}
