import {
  mulDiv,
  CONTRACT,
  ZERO_MICROS,
  type Clock,
  type FillRecord,
  type MarketPair,
  type OrderAction,
  type OrderOutcome,
  type Side,
  type Venue
} from '../core/index.js';

/** Builds the position-channel record of one order's fill, stamped with the shared clock. */
export function fillRecord(
  clock: Clock,
  market: MarketPair,
  executionId: string,
  venue: Venue,
  side: Side,
  action: OrderAction,
  o: OrderOutcome
): FillRecord {
  return {
    pairId: market.pairId,
    marketId: market.marketId,
    description: market.description,
    platform: venue,
    side,
    action,
    contracts: o.filledQty,
    avgPrice: o.filledQty > 0 ? mulDiv(o.notional, CONTRACT, o.filledQty, 'half-up') : ZERO_MICROS,
    notional: o.notional,
    fee: o.fee,
    orderId: o.orderId,
    clientOrderId: o.clientOrderId,
    executionId,
    timestampNs: clock.nowNs(),
    wallTimeMs: clock.wallMs()
  };
}
