/**
 * The arbitrage detector: book updates in, `FastExecutionRequest`s out (see detector.ts).
 * @packageDocumentation
 */
export {
  bookUpdates,
  detectArbitrage,
  detectorStats,
  type DetectorOptions,
  type DetectorStats
} from './detector.js';
export { DirtyQueue } from './dirtyQueue.js';
