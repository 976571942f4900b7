/**
 * Prometheus metrics of the engine and their loopback endpoint.
 * @packageDocumentation
 */
export {
  EngineMetrics,
  LATENCY_BUCKETS,
  type BreakerGaugeSource,
  type MetricsSources,
  type VenueHealthSource
} from './engineMetrics.js';
export {
  isLoopbackHost,
  startMetricsServer,
  type MetricsAuth,
  type MetricsServer,
  type MetricsServerOptions
} from './server.js';
export { StageTracker, STAGES, teeJournal, type Stage, type StageSink } from './stages.js';
