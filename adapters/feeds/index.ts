/**
 * Live order-book feeds, one per venue (issue 16), writing core's `BookStore`; facts and
 * sources in PROTOCOLS.md.
 * @packageDocumentation
 */
export { Backoff, type BackoffOptions } from './backoff.js';
export {
  NO_FEED_METRICS,
  type FeedDownReason,
  type FeedEvent,
  type FeedMetricsSink,
  type HashSource,
  type ResyncReason
} from './feedEvents.js';
export type { BookFeedCommonOptions } from './feedOptions.js';
export { FEED_SOCKET_DEFAULTS, FeedSocket, type FeedSocketTuning } from './feedSocket.js';
export {
  KALSHI_WS_PATH,
  KALSHI_WS_PROD,
  KalshiBookFeed,
  type KalshiBookFeedOptions,
  type KalshiFeedMarket
} from './kalshiFeed.js';
export {
  POLYMARKET_WS_MARKET_URL,
  PolymarketBookFeed,
  type PolymarketBookFeedOptions,
  type PolymarketFeedMarket
} from './polymarketFeed.js';
export {
  checkPolyBookHash,
  polyBookHash,
  polyBookHashPreimage,
  type PolyHashCheck
} from './polymarketHash.js';
export { POLYMARKET_CLOB_URL, polyBookFetcher, type PolyBookFetcher } from './polymarketRest.js';
export { RingQueue } from './ringQueue.js';
export {
  KALSHI_WS_BASE_ENV,
  POLY_SHARD_MARKETS,
  liveBookFeeds,
  type LiveBookFeeds,
  type LiveBookFeedsOptions
} from './factories.js';
