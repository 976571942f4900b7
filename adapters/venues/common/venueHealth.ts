import type { Clock, Logger, Venue } from '../../../core/index.js';
import { TokenBucket } from './tokenBucket.js';

/** What an adapter reports to the metrics: its clock offset and rate-limit alarms. */
export interface VenueHealth {
  readonly venue: Venue;
  /** Venue clock − local clock, ms (undefined until measured, or when measuring is off). */
  readonly clockOffsetMs: number | undefined;
  /** 429 penalties cut to the configured cap (each one was also logged as an error). */
  readonly penaltiesCapped: number;
}

/** Counters an adapter keeps for {@link VenueHealth}. */
export interface VenueCounters {
  penaltiesCapped: number;
}

/** Options of {@link venueBucket}. */
export interface VenueBucketOptions {
  readonly venue: Venue;
  /** Which bucket (`orders`, `reads`…), for the alarm. */
  readonly name: string;
  readonly ratePerSec: number;
  readonly capacity: number;
  readonly clock: Clock;
  readonly maxPenaltyMs: number;
  readonly logger: Logger;
  readonly counters: VenueCounters;
}

/**
 * A venue {@link TokenBucket} whose capped penalties raise the alarm: an error log
 * (`[RATE] penalty capped`) and a count in {@link VenueCounters}.
 */
export function venueBucket(o: VenueBucketOptions): TokenBucket {
  return new TokenBucket({
    ratePerSec: o.ratePerSec,
    capacity: o.capacity,
    clock: o.clock,
    maxPenaltyMs: o.maxPenaltyMs,
    onPenaltyCapped: (requestedMs, appliedMs) => {
      o.counters.penaltiesCapped++;
      o.logger.error(
        { venue: o.venue, bucket: o.name, requestedMs, appliedMs },
        '[RATE] venue rate-limit penalty capped'
      );
    }
  });
}
