/**
 * twinleg — the embeddable API. A host application builds an {@link ExecutionSupervisor} with
 * its markets, two venue adapters and (optionally) a risk port, connects an opportunity stream,
 * and subscribes to `results$` and `fills$`. See README.md, "Embedding" and "Embedding live".
 * Opportunities can come from the venues' own books: a {@link BookStore} the feeds write and
 * {@link detectArbitrage} over {@link bookUpdates} (README.md, "Detecting from order books").
 *
 * The real venues are exported too: {@link KalshiAdapter} and {@link PolymarketAdapter} with
 * their credential loaders (the `KALSHI_*` / `POLY_*` variables of README.md, "Live mode").
 * Importing this module loads viem (the Polymarket signer) even for a paper-only host.
 * @packageDocumentation
 */
export * from './core/index.js';
export {
  ExecutionSupervisor,
  type SupervisorOptions,
  type StopReport,
  type Interrupted,
  type OpenOrder
} from './actors/supervisor.js';
export {
  bookUpdates,
  detectArbitrage,
  detectorStats,
  type DetectorOptions,
  type DetectorStats
} from './actors/detector/index.js';
export { NanoClock } from './actors/nanoClock.js';
export { ManualClock } from './actors/manualClock.js';
export { InFlightBitmask } from './actors/inflightBitmask.js';
export { PositionBook, type BookSummary, type MarketPosition } from './actors/positionBook.js';
export { executionMachine } from './machines/execution.js';
export type {
  ExecutionInput,
  ExecutionContext,
  ExecutionEmitted,
  ExecutionOutput
} from './machines/executionTypes.js';
export { SimulatedVenue, type SimulatedVenueOptions } from './adapters/venues/simulated/index.js';
export {
  KalshiAdapter,
  kalshiAdapterFromEnv,
  kalshiCredentials,
  loadKalshiCredentials,
  KalshiCredentialsError,
  KALSHI_BASE_URL_ENV,
  KALSHI_DEMO_URL,
  KALSHI_ENV,
  KALSHI_PROD_URL,
  type CredentialSources as KalshiCredentialSources,
  type KalshiAdapterEvent,
  type KalshiAdapterOptions,
  type KalshiCredentials
} from './adapters/venues/kalshi/index.js';
export {
  PolymarketAdapter,
  PolymarketCredentials,
  PolymarketCredentialsError,
  loadPolymarketCredentials,
  CREDENTIAL_ENV as POLYMARKET_ENV,
  type CredentialsInput as PolymarketCredentialsInput,
  type ExchangeKind as PolymarketExchangeKind,
  type PolymarketAdapterOptions,
  type SignatureType as PolymarketSignatureType
} from './adapters/venues/polymarket/index.js';
export { createDemoFeed } from './adapters/feeds/demoFeed.js';
export { demoMarkets } from './adapters/feeds/demoMarkets.js';
export { createLogger, type LoggerOptions } from './adapters/logging/logger.js';
export {
  attachInspector,
  inspectionTap,
  type InspectorHandle,
  type InspectorOptions
} from './inspector/index.js';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type BreakerConfigInput,
  type BreakerStatus
} from './actors/circuitBreaker/index.js';
export { Ledger } from './adapters/ledger/index.js';
