/**
 * `--feed market` (the paper default of `twinleg run`): simulated markets that move (see
 * adapters/feeds/paperMarkets.ts) written into the simulated venues and a {@link BookStore},
 * and the detector over that store — the composition of the live `--feed books`
 * (cli/runtime/bookFeed.ts) with simulated books instead of WebSocket feeds.
 */
import { Observable } from 'rxjs';
import { detectorStats } from '../../actors/detector/index.js';
import { createPaperMarkets, type PaperMarkets } from '../../adapters/feeds/paperMarkets.js';
import {
  BookStore,
  type Clock,
  type FastExecutionRequest,
  type Logger,
  type MarketPair,
  type CapacityAt
} from '../../core/index.js';
import type { TwinlegConfig } from '../config/schema.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { detectedRequests } from './bookFeed.js';
import type { Venues } from './venues.js';

/** `--feed market`: moving simulated books through the detector (paper only, its default). */
export const MARKET_FEED = 'market';

/** Paper motion step: 4 steps a second, so a short run sees the books move. */
export const PAPER_TICK_MS = 250;

/**
 * Paper dislocations: about one a second across the 24 demo markets (2% per market per step),
 * each lasting 3 s (12 steps), so the demo shows the detector at work within seconds.
 */
export const PAPER_DISLOCATION = { probability: 0.02, ticks: 12 } as const;

/** Options of {@link paperMarketFeed}. */
export interface PaperMarketFeedOptions {
  readonly engine: TwinlegConfig['engine'];
  readonly markets: readonly MarketPair[];
  readonly clock: Clock;
  readonly log: Logger;
  readonly venues: Venues;
  readonly seed: number;
  readonly isInFlight: (marketId: number) => boolean;
  /** The breaker's `capacityNow`: sizes capped to what the limits take (see the detector). */
  readonly riskCapacity?: (marketId: number) => CapacityAt;
  /** No book on a market closing within this long (paper markets that live). */
  readonly closeGuardMs?: number;
  /** Motion step period (default {@link PAPER_TICK_MS}). */
  readonly tickMs?: number;
}

/** The paper market feed of `twinleg run`: never ends by itself; `stop` halts the motion. */
export function paperMarketFeed(o: PaperMarketFeedOptions): {
  stream: Observable<FastExecutionRequest>;
  finite: false;
  label: string;
  stop(): void;
  markets: PaperMarkets;
  books: BookStore;
} {
  const sim = o.venues.sim;
  if (!sim)
    throw new CliError(
      '--feed market only runs against simulated venues',
      'with --live, use --feed books (the default), a .jsonl file or stdin',
      EXIT.usage
    );
  const books = new BookStore(o.markets.map((m) => m.marketId));
  const markets = createPaperMarkets({
    clock: o.clock,
    seed: o.seed,
    venues: sim,
    markets: o.markets,
    books,
    tickMs: o.tickMs ?? PAPER_TICK_MS,
    motion: { dislocation: PAPER_DISLOCATION },
    ...(o.closeGuardMs === undefined ? {} : { closeGuardMs: o.closeGuardMs })
  });
  const stats = detectorStats();
  const requests = detectedRequests({
    books,
    markets: o.markets,
    clock: o.clock,
    engine: o.engine,
    isInFlight: o.isInFlight,
    ...(o.riskCapacity ? { riskCapacity: o.riskCapacity } : {}),
    stats
  });
  // The motion starts once the engine subscribes, so the first books are seen.
  const stream = new Observable<FastExecutionRequest>((sub) => {
    const inner = requests.subscribe(sub);
    markets.start();
    return () => {
      markets.stop();
      inner.unsubscribe();
    };
  });
  return {
    stream,
    finite: false,
    label: `simulated markets (${o.markets.length}) + detector`,
    markets,
    books,
    stop: () => {
      markets.stop();
      o.log.info({ detector: stats, ticks: markets.ticks }, 'paper markets stopped');
    }
  };
}
