/**
 * The live book feeds of the CLI (`run --live`, `watch`, `record`): both venues' WebSocket
 * feeds writing one {@link BookStore}, and the detector over it. Endpoints: the Kalshi
 * WebSocket root from `KALSHI_WS_BASE_URL`, the Polymarket market channel from
 * `TWINLEG_VENUES_POLYMARKET_WS_URL`, the Polymarket REST `/book` from the configured Polymarket base URL;
 * every default is production.
 */
import type { Registry } from 'prom-client';
import type { Observable } from 'rxjs';
import {
  bookUpdates,
  detectArbitrage,
  detectorStats,
  type DetectorStats
} from '../../actors/detector/index.js';
import { liveBookFeeds, type LiveBookFeeds } from '../../adapters/feeds/factories.js';
import type { FeedEvent } from '../../adapters/feeds/feedEvents.js';
import { registerFeedMetrics } from '../../adapters/metrics/feedMetrics.js';
import {
  BookStore,
  type Clock,
  type FastExecutionRequest,
  type Logger,
  type MarketPair,
  type CapacityAt,
  type Venue
} from '../../core/index.js';
import type { TwinlegConfig } from '../config/schema.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';

/** `--feed books`: the venues' own order books through the detector (the `--live` default). */
export const BOOK_FEED = 'books';

/** Environment variable with the Polymarket market-channel URL (default production). */
export const POLYMARKET_WS_URL_ENV = 'TWINLEG_VENUES_POLYMARKET_WS_URL';

/** Options of {@link startBookFeeds}. */
export interface BookFeedsOptions {
  readonly config: TwinlegConfig;
  readonly markets: readonly MarketPair[];
  readonly clock: Clock;
  readonly log: Logger;
  /** Registers the feed metrics here (the run's `--metrics` registry). */
  readonly registry?: Registry;
  /** Every raw frame as read, with its receipt time (`record`). */
  readonly onRawFrame?: (venue: Venue, text: string, recvWallMs: number) => void;
  readonly onEvent?: (e: FeedEvent) => void;
}

/** Connected feeds and the books they write. */
export interface BookFeeds {
  readonly books: BookStore;
  readonly feeds: LiveBookFeeds;
  /** Closes every feed (idempotent); the books are left stale. */
  stop(): void;
}

/**
 * Builds and starts both venues' feeds for `markets`. Missing Kalshi credentials are a usage
 * error (the handshake is signed), raised before anything connects.
 */
export function startBookFeeds(o: BookFeedsOptions): BookFeeds {
  const books = new BookStore(o.markets.map((m) => m.marketId));
  const metrics = o.registry ? registerFeedMetrics(o.registry, () => books) : undefined;
  const wsUrl = process.env[POLYMARKET_WS_URL_ENV];
  let feeds: LiveBookFeeds;
  try {
    feeds = liveBookFeeds({
      pairs: o.markets,
      books,
      clock: o.clock,
      logger: o.log,
      env: { env: process.env },
      polymarketRestBase: o.config.venues.polymarket.baseUrl,
      ...(wsUrl ? { polymarketWsUrl: wsUrl } : {}),
      ...(metrics ? { metrics } : {}),
      ...(o.onRawFrame ? { onRawFrame: o.onRawFrame } : {}),
      ...(o.onEvent ? { onEvent: o.onEvent } : {})
    });
  } catch (e) {
    throw new CliError(
      `cannot start the book feeds: ${(e as Error).message}`,
      'the Kalshi feed signs its handshake: set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH (or --load-env <file>)',
      EXIT.usage,
      { cause: e }
    );
  }
  feeds.start();
  let stopped = false;
  return {
    books,
    feeds,
    stop() {
      if (stopped) return;
      stopped = true;
      feeds.stop();
    }
  };
}

/**
 * The detector's requests over a store's updates (see actors/detector), with the engine's
 * thresholds of the configuration (so it emits nothing the engine would refuse as too small).
 */
export function detectedRequests(o: {
  readonly books: BookStore;
  readonly markets: readonly MarketPair[];
  readonly clock: Clock;
  readonly engine: Pick<
    TwinlegConfig['engine'],
    'minProfitPerContract' | 'minQty' | 'polyMinNotional'
  >;
  readonly isInFlight?: (marketId: number) => boolean;
  /** The breaker's `capacityNow`: sizes capped to what the limits take (see the detector). */
  readonly riskCapacity?: (marketId: number) => CapacityAt;
  readonly stats?: DetectorStats;
}): Observable<FastExecutionRequest> {
  return bookUpdates(o.books).pipe(
    detectArbitrage({
      markets: o.markets,
      books: o.books,
      clock: o.clock,
      minProfitPerContract: o.engine.minProfitPerContract,
      minQty: o.engine.minQty,
      polyMinNotional: o.engine.polyMinNotional,
      ...(o.isInFlight ? { isInFlight: o.isInFlight } : {}),
      ...(o.riskCapacity ? { riskCapacity: o.riskCapacity } : {}),
      ...(o.stats ? { stats: o.stats } : {})
    })
  );
}

/** The book feed of `twinleg run`: never ends by itself; `stop` closes the sockets. */
export function bookRunFeed(
  o: BookFeedsOptions & {
    readonly live: boolean;
    readonly isInFlight: (marketId: number) => boolean;
    readonly riskCapacity?: (marketId: number) => CapacityAt;
  }
): { stream: Observable<FastExecutionRequest>; finite: false; label: string; stop(): void } {
  if (!o.live)
    throw new CliError(
      '--feed books needs --live (simulated venues do not follow the real books yet)',
      'add --live, or drop --feed for the simulated markets (paper mode)',
      EXIT.usage
    );
  const f = startBookFeeds(o);
  const stats = detectorStats();
  const stream = detectedRequests({ ...o, books: f.books, engine: o.config.engine, stats });
  return {
    stream,
    finite: false,
    label: `venue books (${o.markets.length} markets) + detector`,
    stop: () => {
      f.stop();
      o.log.info({ detector: stats }, 'book feeds closed');
    }
  };
}

/** The markets of `watch` / `record`: a markets file is required (they follow real books). */
export function feedMarkets(
  config: TwinlegConfig,
  command: string,
  load: (config: TwinlegConfig, live: boolean) => { markets: MarketPair[] }
): MarketPair[] {
  if (!config.paths.markets)
    throw new CliError(
      `${command} needs a markets file`,
      'pass --markets <file> (example: examples/markets.example.json)',
      EXIT.usage
    );
  return load(config, true).markets;
}
