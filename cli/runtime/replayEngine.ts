/**
 * `twinleg replay`: recorded opportunities through the engine against simulated venues.
 * `fast` (default) runs on a manual clock: the recorded gaps are kept in engine time but no
 * real time passes, so a day of records replays in seconds with the same engine behaviour
 * (delayed releases, settlement waits). `recorded` runs on the real clock at recorded pace.
 */
import { readFileSync } from 'node:fs';
import { CircuitBreaker } from '../../actors/circuitBreaker/index.js';
import { ManualClock } from '../../actors/manualClock.js';
import { NanoClock } from '../../actors/nanoClock.js';
import { ExecutionSupervisor } from '../../actors/supervisor.js';
import {
  parseOpportunities,
  toRequest,
  type OpportunityRecord
} from '../../adapters/feeds/jsonlFeed.js';
import { StageTracker } from '../../adapters/metrics/index.js';
import { ReplayCollector, type ReplayReport } from '../../adapters/report/index.js';
import type { Clock, Logger, MarketPair } from '../../core/index.js';
import type { TwinlegConfig } from '../config/schema.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { paperBookSeeder, playRecords, scheduleRecords } from './paperBooks.js';
import { paperVenues, type Venues } from './venues.js';

/** Options of {@link runReplay}. */
export interface ReplayOptions {
  readonly file: string;
  readonly pace: 'fast' | 'recorded';
  readonly seed: number;
  readonly config: TwinlegConfig;
  readonly markets: readonly MarketPair[];
  readonly log: Logger;
  /** Called with (done, total) after each result. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Reads a replay's input file; an unreadable one is a usage error with `hint`. */
export function readReplayFile(file: string, hint: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      hint,
      EXIT.usage
    );
  }
}

/** What a replay runs on: simulated venues, the engine over them and the report collector. */
export interface ReplayRig {
  readonly sim: NonNullable<Venues['sim']>;
  readonly collector: ReplayCollector;
  readonly supervisor: ExecutionSupervisor;
  /** The engine's risk port: the circuit breaker (its `capacityNow` sizes a detector). */
  readonly breaker: CircuitBreaker;
}

/**
 * Seeded paper venues, an {@link ExecutionSupervisor} over them journaling into a
 * {@link ReplayCollector}, fills and results collected; `onProgress` gets (done, `total()`)
 * after each result (`total` is read then: `replay --books` counts requests as they come).
 */
export function replayRig(o: ReplayOptions, clock: Clock, total: () => number): ReplayRig {
  const venues = paperVenues(clock, o.seed);
  const sim = venues.sim!;
  const collector = new ReplayCollector(clock);
  const breaker = new CircuitBreaker({ clock, logger: o.log, config: o.config.breaker });
  const supervisor = new ExecutionSupervisor({
    markets: o.markets,
    venues: { kalshi: venues.kalshi, polymarket: venues.polymarket },
    clock,
    logger: o.log,
    risk: breaker,
    config: o.config.engine,
    journal: collector.journal(new StageTracker(clock, (s, v, sec) => collector.onStage(s, v, sec)))
  });
  supervisor.fills$.subscribe((f) => collector.onFill(f));
  supervisor.results$.subscribe((r) => {
    collector.onResult(r);
    o.onProgress?.(collector.resultCount, total());
  });
  return { sim, collector, supervisor, breaker };
}

/** Replays the file and returns the report. */
export async function runReplay(o: ReplayOptions): Promise<ReplayReport> {
  const text = readReplayFile(o.file, 'give a .jsonl file of recorded opportunities');
  const records = parseOpportunities(text, o.file);
  if (records.length === 0)
    throw new CliError(
      `${o.file} holds no opportunities`,
      'one JSON opportunity per line',
      EXIT.usage
    );
  const manual = o.pace === 'fast' ? new ManualClock(Date.now()) : undefined;
  const clock: Clock = manual ?? new NanoClock();
  const { sim, collector, supervisor } = replayRig(o, clock, () => records.length);
  const seed = paperBookSeeder(sim, (m) => supervisor.isInFlight(m));
  const emit = (rec: OpportunityRecord): void => {
    seed(rec);
    void supervisor.submit(toRequest(rec, clock));
  };
  if (manual) {
    await playRecords(records, manual, emit);
  } else {
    scheduleRecords(records, clock, emit);
    await new Promise<void>((resolve) => {
      const poll = () =>
        collector.resultCount >= records.length && supervisor.liveCount() === 0
          ? resolve()
          : setTimeout(poll, 50);
      poll();
    });
  }
  await supervisor.stop({ timeoutMs: 30_000 });
  return collector.build({ source: o.file, pace: o.pace, records: records.length });
}
