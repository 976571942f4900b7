/**
 * twinleg — the embeddable API. A host application builds an {@link ExecutionSupervisor} with
 * its markets, two venue adapters and (optionally) a risk port, connects an opportunity stream,
 * and subscribes to `results$` and `fills$`. See README.md, "Embedding".
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
  type BreakerConfigInput,
  type BreakerStatus
} from './actors/circuitBreaker/index.js';
export { Ledger } from './adapters/ledger/index.js';
