/** The markets of a simulation: test pairs with standard Kalshi fees and, on some, Polymarket fees. */
import { cents, KALSHI_STANDARD_FEES, POLYMARKET_NO_FEES, type MarketPair } from '../core/index.js';

/** Polymarket taker fees on every third market (exercises fee accounting on both venues). */
const POLY_FEES = { rateMicros: 20_000, exponent: 1, multiplierMicros: 1_000_000 };

/** A simulated market pair with id `marketId`. */
export function simMarket(marketId: number): MarketPair {
  return {
    marketId,
    pairId: `sim-${marketId}`,
    description: `Sim market ${marketId}`,
    kalshiTicker: `KXSIM-${marketId}`,
    polyYesTokenId: `${10_000 + marketId}`,
    polyNoTokenId: `${20_000 + marketId}`,
    tickSize: { kalshi: cents(1), polymarket: cents(1) },
    fees: {
      kalshi: KALSHI_STANDARD_FEES,
      polymarket: marketId % 3 === 0 ? POLY_FEES : POLYMARKET_NO_FEES
    }
  };
}
