/**
 * The circuit breaker: risk limits, halts and blacklists behind the core `RiskPort`.
 * @packageDocumentation
 */
export { CircuitBreaker, type CircuitBreakerOptions } from './circuitBreaker.js';
export {
  BreakerConfigSchema,
  BreakerConfigError,
  parseBreakerConfig,
  MAX_DURATION_MS,
  MAX_LIMIT,
  type BreakerConfig,
  type BreakerConfigInput,
  type BreakerField
} from './breakerConfig.js';
export { breakerConfigFromEnv, BREAKER_ENV } from './breakerEnv.js';
export type {
  BreakerStatus,
  HaltStatus,
  PositionStatus,
  BlacklistStatus
} from './breakerStatus.js';
export { DailyClock, DAY_MS } from './dailyClock.js';
export {
  replayLedger,
  type BreakerLedgerView,
  type LedgerDerived,
  type LedgerFillFact,
  type LedgerResultFact
} from './ledgerReplay.js';
export {
  BreakerSnapshotSchema,
  parseBreakerSnapshot,
  type BreakerSnapshot
} from './persistence.js';
export type { LimitName, Capacity } from './capacity.js';
