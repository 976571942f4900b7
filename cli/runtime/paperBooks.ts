/**
 * Paper trading of recorded opportunities, shared by `twinleg replay` and `twinleg run` on
 * simulated venues: how a record sets the simulated books, and how a file of records plays out
 * in engine time on a manual clock. Both commands use these functions, so a paper run of a
 * file and a replay of it trade the same books at the same engine times.
 */
import { ManualClock } from '../../actors/manualClock.js';
import { NanoClock } from '../../actors/nanoClock.js';
import type { OpportunityRecord } from '../../adapters/feeds/jsonlFeed.js';
import type { Clock } from '../../core/index.js';
import { seedBooks, type Venues } from './venues.js';

/** Whether an execution holds a market's slot (running, or waiting for its delayed release). */
export type InFlight = (marketId: number) => boolean;

/**
 * The per-record hook of a paper run: sets the books behind the record, unless an execution
 * holds its market. The engine rejects such a record (`already_in_flight`), and re-seeding
 * would replace the liquidity the running execution is trading against (a duplicate restores
 * what its orders took; a later record on the market moves prices under them).
 */
export function paperBookSeeder(
  sim: NonNullable<Venues['sim']>,
  inFlight: InFlight
): (rec: OpportunityRecord) => void {
  return (rec) => {
    if (!inFlight(rec.marketId)) seedBooks(sim, rec);
  };
}

/** How long engine time may run on after the last record (settlements, delayed releases). */
export const PLAY_TAIL_MS = 3_600_000;

/**
 * Schedules every record on `clock` at its recorded offset (`t` from the first record; a
 * record without `t` shares the previous one's) and returns the last offset. Records of one
 * instant fire in file order.
 */
export function scheduleRecords(
  records: readonly OpportunityRecord[],
  clock: Clock,
  emit: (rec: OpportunityRecord) => void
): number {
  const t0 = records[0]?.t ?? 0;
  let last = t0;
  let lastOffset = 0;
  for (const rec of records) {
    last = rec.t ?? last;
    lastOffset = Math.max(0, last - t0);
    clock.setTimeout(() => emit(rec), lastOffset);
  }
  return lastOffset;
}

/**
 * Plays records in engine time: schedules them ({@link scheduleRecords}) and runs the manual
 * clock until nothing is left to do (at most {@link PLAY_TAIL_MS} after the last record). No
 * real time passes; latencies, settlement waits and delayed releases keep their engine time.
 */
export async function playRecords(
  records: readonly OpportunityRecord[],
  clock: ManualClock,
  emit: (rec: OpportunityRecord) => void
): Promise<void> {
  const lastOffset = scheduleRecords(records, clock, emit);
  await clock.runUntilIdle(lastOffset + PLAY_TAIL_MS);
}

/** Which clock a `twinleg run` uses. */
export interface RunClockOptions {
  readonly live: boolean;
  /** `demo`, `stdin` / `-`, or a file path. */
  readonly feed: string;
  readonly pace: 'recorded' | 'asap' | undefined;
}

/** Whether a run plays a file in engine time: paper mode, a file feed, `--pace asap`. */
export function playsInEngineTime(o: RunClockOptions): boolean {
  return !o.live && o.pace === 'asap' && !['demo', 'stdin', '-'].includes(o.feed);
}

/**
 * The clock of a run: a manual clock (wall time from now) when the run plays a file in engine
 * time, as `replay` does, else the real clock.
 */
export function runClock(o: RunClockOptions): Clock {
  return playsInEngineTime(o) ? new ManualClock(Date.now()) : new NanoClock();
}
