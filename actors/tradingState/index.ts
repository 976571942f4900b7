/**
 * The trading state: whether new entries are taken, why not, and the capacity left.
 * @packageDocumentation
 */
export {
  tradingStateOf,
  describeTradingState,
  takesEntries,
  type TradingMode,
  type TradingHold,
  type TradingState,
  type LimitUse
} from './tradingState.js';
export { TradingStateAnnouncer } from './announcer.js';
