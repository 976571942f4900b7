/**
 * The opportunity source of `twinleg run`: the demo feed (paper only), a JSON-lines file, or
 * stdin.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Observable } from 'rxjs';
import { ManualClock } from '../../actors/manualClock.js';
import { createDemoFeed } from '../../adapters/feeds/demoFeed.js';
import {
  jsonlFeed,
  parseOpportunities,
  toRequest,
  type OpportunityRecord
} from '../../adapters/feeds/jsonlFeed.js';
import type { Clock, FastExecutionRequest, Logger, MarketPair } from '../../core/index.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { paperBookSeeder, playRecords, type InFlight } from './paperBooks.js';
import type { Venues } from './venues.js';
import { BOOK_FEED } from './bookFeed.js';
import { MARKET_FEED } from './paperMarketFeed.js';

/** Options of {@link selectFeed}. */
export interface FeedOptions {
  /** `demo`, `stdin`, or a `.jsonl` path. */
  readonly feed: string;
  readonly pace: 'recorded' | 'asap' | undefined;
  /**
   * The run's clock. A {@link ManualClock} (see `runClock`) makes a file feed play in engine
   * time, as `replay` does: the feed drives the clock and completes when all is done.
   */
  readonly clock: Clock;
  readonly venues: Venues;
  readonly markets: readonly MarketPair[];
  readonly seed: number;
  readonly rate: number;
  readonly log: Logger;
  /**
   * Whether an execution holds a market (the supervisor's `isInFlight`). Simulated books are
   * never re-seeded for such a market; without it every record seeds them.
   */
  readonly inFlight?: InFlight;
  /** Demo feed: no opportunity on a market this close to its close (paper markets that live). */
  readonly closeGuardMs?: number;
  /** `--feed books`: builds the venues' book feeds + detector (cli/runtime/bookFeed.ts). */
  readonly books?: () => Feed;
  /** `--feed market`: moving simulated books + detector (cli/runtime/paperMarketFeed.ts). */
  readonly market?: () => Feed;
}

/** A feed and whether it ends by itself (a file does; the demo feed and stdin may not). */
export interface Feed {
  readonly stream: Observable<FastExecutionRequest>;
  readonly finite: boolean;
  readonly label: string;
  /** Closes what the feed holds open (the book feeds' sockets). */
  readonly stop?: () => void;
}

/** Builds the feed; a bad file is rejected before anything starts (exit 2, naming the line). */
export function selectFeed(o: FeedOptions): Feed {
  if (o.feed === BOOK_FEED && o.books) return o.books();
  if (o.feed === MARKET_FEED && o.market) return o.market();
  const sim = o.venues.sim;
  const onRecord = sim ? paperBookSeeder(sim, o.inFlight ?? (() => false)) : undefined;
  const onInvalid = (e: Error) => o.log.warn({ err: e }, 'feed: skipped an invalid line');
  if (o.feed === 'demo') {
    if (!sim) {
      throw new CliError(
        'the demo feed only runs against simulated venues',
        'with --live, use --feed <file.jsonl> or --feed stdin',
        EXIT.usage
      );
    }
    const stream = createDemoFeed({
      clock: o.clock,
      seed: o.seed,
      venues: sim,
      markets: o.markets,
      ratePerSec: o.rate,
      ...(o.closeGuardMs === undefined ? {} : { closeGuardMs: o.closeGuardMs })
    });
    return { stream, finite: false, label: `demo feed (~${o.rate}/s)` };
  }
  if (o.feed === 'stdin' || o.feed === '-') {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    const stream = jsonlFeed({
      lines,
      clock: o.clock,
      pace: o.pace ?? 'asap',
      source: 'stdin',
      onInvalid,
      ...(onRecord ? { onRecord } : {})
    });
    return { stream, finite: true, label: 'stdin' };
  }
  let text: string;
  try {
    text = readFileSync(o.feed, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read the feed file ${o.feed} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      'use --feed demo, --feed stdin or a path to a .jsonl file',
      EXIT.usage,
      { cause: e }
    );
  }
  const records = parseOpportunities(text, o.feed);
  const unknown = records.find((r) => !o.markets.some((m) => m.marketId === r.marketId));
  if (unknown)
    o.log.warn(
      { marketId: unknown.marketId },
      'feed: some records name markets not in the markets file (they will be rejected)'
    );
  const label = `${o.feed} (${records.length} records)`;
  if (o.clock instanceof ManualClock) {
    const stream = engineTimeFeed(records, o.clock, onRecord);
    return { stream, finite: true, label: `${label}, engine time` };
  }
  const stream = jsonlFeed({
    lines: text.split('\n'),
    clock: o.clock,
    pace: o.pace ?? 'recorded',
    source: o.feed,
    ...(onRecord ? { onRecord } : {})
  });
  return { stream, finite: true, label };
}

/**
 * Records played in engine time on a manual clock (the scheduling of `replay`): the subscriber
 * gets each at its recorded offset; the stream completes once the clock has nothing left to do
 * (every execution finished, delayed releases included).
 */
function engineTimeFeed(
  records: readonly OpportunityRecord[],
  clock: ManualClock,
  onRecord: ((rec: OpportunityRecord) => void) | undefined
): Observable<FastExecutionRequest> {
  return new Observable<FastExecutionRequest>((sub) => {
    const emit = (rec: OpportunityRecord): void => {
      if (sub.closed) return;
      onRecord?.(rec);
      sub.next(toRequest(rec, clock));
    };
    playRecords(records, clock, emit).then(
      () => sub.complete(),
      (e: unknown) => sub.error(e)
    );
  });
}
