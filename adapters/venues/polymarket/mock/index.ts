/**
 * Mock Polymarket CLOB V2 for tests and benchmarks (loopback only).
 * @packageDocumentation
 */
export { startPolymarketMock, type PolymarketMock } from './server.js';
export type {
  MockBook,
  MockFill,
  MockLevel,
  MockMarket,
  MockMode,
  MockOrder,
  MockScript,
  PolymarketMockOptions
} from './types.js';
export {
  PolymarketMockLife,
  type MockPair,
  type MockPairStatus,
  type PolymarketMockLifecycle
} from './lifecycle.js';
export { PolymarketMockStream, POLY_MOCK_WS_PATH, type PolyStreamStats } from './stream.js';
export { MockExchange as PolymarketMockExchange, type BookChange } from './exchange.js';
