/**
 * Building the live book feeds for a set of market pairs: the few lines a host (and the
 * CLI's `run --live`, `watch`, `record`: cli/runtime/bookFeed.ts) needs.
 *
 * ```ts
 * const books = new BookStore(registry.all().map((m) => m.marketId));
 * const metrics = registerFeedMetrics(registry, () => books);        // adapters/metrics
 * const feeds = liveBookFeeds({ pairs: registry.all(), books, clock, logger, metrics });
 * feeds.start();
 * bookUpdates(books).pipe(detectArbitrage(opts));                     // actors/detector
 * // on shutdown: feeds.stop()
 * ```
 */
import type { MarketPair } from '../../core/index.js';
import {
  loadKalshiCredentials,
  type CredentialSources,
  type KalshiCredentials
} from '../venues/kalshi/credentials.js';
import type { BookFeedCommonOptions } from './feedOptions.js';
import { KALSHI_WS_PROD, KalshiBookFeed } from './kalshiFeed.js';
import { POLYMARKET_WS_MARKET_URL, PolymarketBookFeed } from './polymarketFeed.js';
import type { PolyBookFetcher } from './polymarketRest.js';

/** Environment variable with the Kalshi WebSocket root (optional; default production). */
export const KALSHI_WS_BASE_ENV = 'KALSHI_WS_BASE_URL';

/** Markets per Polymarket socket (200 token ids; PROTOCOLS.md §3). */
export const POLY_SHARD_MARKETS = 100;

/** Options of {@link liveBookFeeds}. */
export interface LiveBookFeedsOptions extends BookFeedCommonOptions {
  /** The pairs whose books are fed (their ids must be in `books`). */
  readonly pairs: readonly MarketPair[];
  /** Kalshi credentials; default: read from the environment like the Kalshi adapter. */
  readonly kalshiCredentials?: KalshiCredentials;
  /** Where the default credentials and `KALSHI_WS_BASE_URL` are read from. */
  readonly env?: CredentialSources;
  readonly kalshiWsBase?: string;
  readonly useYesPrice?: boolean;
  readonly polymarketWsUrl?: string;
  readonly polymarketRestBase?: string;
  readonly fetchBook?: PolyBookFetcher;
  /** Markets per Polymarket socket (default {@link POLY_SHARD_MARKETS}). */
  readonly polymarketShard?: number;
}

/** The running feeds of both venues. */
export interface LiveBookFeeds {
  readonly kalshi: KalshiBookFeed;
  readonly polymarket: readonly PolymarketBookFeed[];
  /** Connects every feed. */
  start(): void;
  /** Closes every feed (their books are left stale). */
  stop(): void;
}

/**
 * One Kalshi feed for every pair's ticker and one Polymarket feed per
 * `polymarketShard` pairs, all writing `books`. Throws `KalshiCredentialsError` when the
 * Kalshi credentials are missing (the handshake must be signed).
 */
export function liveBookFeeds(o: LiveBookFeedsOptions): LiveBookFeeds {
  const env = o.env?.env ?? process.env;
  const common: BookFeedCommonOptions = {
    books: o.books,
    clock: o.clock,
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.metrics ? { metrics: o.metrics } : {}),
    ...(o.backoff ? { backoff: o.backoff } : {}),
    ...(o.tuning ? { tuning: o.tuning } : {}),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    ...(o.onRawFrame ? { onRawFrame: o.onRawFrame } : {})
  };
  const kalshi = new KalshiBookFeed({
    ...common,
    credentials: o.kalshiCredentials ?? loadKalshiCredentials(o.env ?? {}),
    wsBase: o.kalshiWsBase ?? env[KALSHI_WS_BASE_ENV] ?? KALSHI_WS_PROD,
    markets: o.pairs.map((p) => ({ marketId: p.marketId, ticker: p.kalshiTicker })),
    ...(o.useYesPrice === undefined ? {} : { useYesPrice: o.useYesPrice })
  });
  const shard = Math.max(1, o.polymarketShard ?? POLY_SHARD_MARKETS);
  const polymarket: PolymarketBookFeed[] = [];
  for (let i = 0; i < o.pairs.length; i += shard) {
    polymarket.push(
      new PolymarketBookFeed({
        ...common,
        wsUrl: o.polymarketWsUrl ?? POLYMARKET_WS_MARKET_URL,
        ...(o.polymarketRestBase ? { restBase: o.polymarketRestBase } : {}),
        ...(o.fetchBook ? { fetchBook: o.fetchBook } : {}),
        markets: o.pairs.slice(i, i + shard).map((p) => ({
          marketId: p.marketId,
          yesTokenId: p.polyYesTokenId,
          noTokenId: p.polyNoTokenId
        }))
      })
    );
  }
  return {
    kalshi,
    polymarket,
    start() {
      kalshi.start();
      for (const f of polymarket) f.start();
    },
    stop() {
      kalshi.stop();
      for (const f of polymarket) f.stop();
    }
  };
}
