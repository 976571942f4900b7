/**
 * A protocol-faithful mock of the Kalshi Trade API v2 for tests and benchmarks.
 * @packageDocumentation
 */
export { startKalshiMock, type KalshiMock } from './server.js';
export { verifyKalshiSignature, checkAuth, toPublicKey, type AuthSettings } from './auth.js';
export { MockExchange } from './exchange.js';
export { FaultQueue } from './faults.js';
export { parseCreate, onGrid, type ParsedCreate, type MockError } from './validate.js';
export { createResponseJson, orderJson, fillJson } from './views.js';
export type {
  KalshiMockOptions,
  MockBook,
  MockFault,
  MockFill,
  MockLevel,
  MockMarketInput,
  MockOrder,
  MockRequestLog,
  MockScriptRule,
  PriceLevelStructure
} from './types.js';
export {
  KalshiMockLife,
  type KalshiMockLifecycle,
  type MockMarketStatus,
  type MockSettlement
} from './lifecycle.js';
export {
  startKalshiRig,
  testKeyPair,
  kalshiMarket,
  kalshiOrder,
  type KalshiRig,
  type KalshiRigOptions,
  type TestKeys
} from './rig.js';
export { KalshiMockStream, KALSHI_MOCK_WS_PATH, type KalshiStreamStats } from './stream.js';
