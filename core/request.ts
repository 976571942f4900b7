import type { Micros, Qty } from './money.js';

/**
 * Which venue holds each leg. YES and NO are always bought together; the name says where.
 * - `PolyYesKalshiNo`: YES on Polymarket, NO on Kalshi.
 * - `KalshiYesPolyNo`: YES on Kalshi, NO on Polymarket.
 * - `PolyOnly`: both legs on Polymarket.
 * - `KalshiOnly`: both legs on Kalshi.
 */
export type ArbType = 'PolyYesKalshiNo' | 'KalshiYesPolyNo' | 'PolyOnly' | 'KalshiOnly';

/** Every {@link ArbType}, for validation and tests. */
export const ARB_TYPES: readonly ArbType[] = [
  'PolyYesKalshiNo',
  'KalshiYesPolyNo',
  'PolyOnly',
  'KalshiOnly'
];

/**
 * An opportunity handed to the engine by a detector: buy YES at `yesPrice` and NO at `noPrice`
 * (best asks on their venues), with `yesSize`/`noSize` available at those prices.
 */
export interface FastExecutionRequest {
  /** Dense market id (the in-flight bit). */
  readonly marketId: number;
  /** Best YES ask, micro-dollars per contract. */
  readonly yesPrice: Micros;
  /** Best NO ask, micro-dollars per contract. */
  readonly noPrice: Micros;
  /** YES contracts available at `yesPrice`, micro-contracts. */
  readonly yesSize: Qty;
  /** NO contracts available at `noPrice`, micro-contracts. */
  readonly noSize: Qty;
  readonly arbType: ArbType;
  /** Detection time from the engine's shared clock (`clock.nowNs()`), for latency. */
  readonly detectedNs: number;
}
