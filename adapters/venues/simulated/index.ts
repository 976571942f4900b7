/**
 * The simulated venue: an in-memory Kalshi or Polymarket with books, positions, scripted
 * behaviours and seeded faults, behind the engine's `VenueAdapter` port.
 * @packageDocumentation
 */
export { SimulatedVenue } from './simulatedVenue.js';
export { SimExchange, type ExchangeConfig } from './exchange.js';
export { OrderBooks } from './book.js';
export { Positions } from './positions.js';
export { ScriptQueue, drawFault } from './scripts.js';
export { OrderIds } from './ids.js';
export { MarketSchedule, type CycleState, type MarketLifecycleOptions } from './lifecycle.js';
export { MarketLife, type SimPaid, type SimSettlement } from './marketLife.js';
export {
  averagePrice,
  recordAmounts,
  venueRecord,
  type KalshiLegacyRecord,
  type PolymarketRecord,
  type RecordAmounts,
  type VenueRecord
} from './wire.js';
export type {
  BookInput,
  BookLevel,
  BookSnapshot,
  ScriptMatch,
  ScriptRule,
  SimBehaviour,
  SimFaults,
  SimFill,
  SimFillSpec,
  SimOrderView,
  SimulatedVenueOptions
} from './types.js';
