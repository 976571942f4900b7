import { takerFee } from './fees.js';
import { legVenues } from './legs.js';
import type { MarketPair } from './market.js';
import {
  CONTRACT,
  mulDiv,
  notional,
  payout,
  subMicros,
  sumMicros,
  type Micros,
  type Qty,
  ZERO_MICROS
} from './money.js';
import type { FastExecutionRequest } from './request.js';

/** Expected economics of buying `qty` of both legs at the request's prices. */
export interface ArbEconomics {
  readonly qty: Qty;
  /** qty × $1 − both legs' cost − both legs' taker fees. */
  readonly profit: Micros;
  /** `profit` per whole contract, rounded down. */
  readonly profitPerContract: Micros;
  readonly fees: Micros;
}

/**
 * Profit after fees of an arb at a given size. Kalshi rounds its fee up per order, so small
 * orders pay more per contract: always evaluate at the size actually sent.
 */
export function arbEconomics(
  req: FastExecutionRequest,
  market: MarketPair,
  qty: Qty
): ArbEconomics {
  const v = legVenues(req.arbType);
  const fees = sumMicros(
    takerFee(v.yes, market, qty, req.yesPrice),
    takerFee(v.no, market, qty, req.noPrice)
  );
  const cost = sumMicros(notional(qty, req.yesPrice, 'ceil'), notional(qty, req.noPrice, 'ceil'));
  const profit = subMicros(payout(qty), sumMicros(cost, fees));
  const profitPerContract = qty > 0 ? mulDiv(profit, CONTRACT, qty, 'floor') : ZERO_MICROS;
  return { qty, profit, profitPerContract, fees };
}
