/**
 * What a resolution does to the contracts a venue holds: each is paid its side's payout and is
 * gone. Expressed as sells at the payout per contract, so everything that folds fills (the
 * breaker, the ledger's positions, the position book) closes the position and realizes the
 * P&L the same way it does for a trade.
 */
import {
  addMicros,
  addQty,
  heldBy,
  notional,
  payoutPerContract,
  settlementExecutionId,
  settlementOrderId,
  ZERO_MICROS,
  ZERO_QTY,
  type Clock,
  type FillRecord,
  type MarketPair,
  type Micros,
  type Settlement,
  type Side,
  type Venue,
  type VenueHoldings
} from '../../core/index.js';

/** A settlement and the fills that close what it paid. */
export interface SettlementPlan {
  readonly settlement: Settlement;
  readonly fills: readonly FillRecord[];
}

/**
 * The settlement of `market` on `venue` for the holdings there. `fee`: the venue's settlement
 * fee (charged on the first fill). `redeemed`: paid into the account now (Kalshi) or to be
 * redeemed on chain (Polymarket).
 */
export function planSettlement(o: {
  readonly market: MarketPair;
  readonly venue: Venue;
  readonly closeWallMs: number;
  readonly yesPayout: Micros;
  readonly holdings: VenueHoldings;
  readonly fee: Micros;
  readonly redeemed: boolean;
  readonly clock: Clock;
}): SettlementPlan {
  const key = { marketId: o.market.marketId, venue: o.venue, closeWallMs: o.closeWallMs };
  const fills: FillRecord[] = [];
  let contracts = ZERO_QTY;
  let payout = ZERO_MICROS;
  for (const side of ['yes', 'no'] as const satisfies readonly Side[]) {
    const qty = heldBy(o.holdings, o.venue, side);
    if (qty <= 0) continue;
    const price = payoutPerContract(side, o.yesPayout);
    const paid = notional(qty, price, 'floor');
    contracts = addQty(contracts, qty);
    payout = addMicros(payout, paid);
    fills.push({
      pairId: o.market.pairId,
      marketId: o.market.marketId,
      description: o.market.description,
      platform: o.venue,
      side,
      action: 'sell',
      contracts: qty,
      avgPrice: price,
      notional: paid,
      fee: fills.length === 0 ? o.fee : ZERO_MICROS,
      orderId: undefined,
      clientOrderId: settlementOrderId(key, side),
      executionId: settlementExecutionId(key),
      timestampNs: o.clock.nowNs(),
      wallTimeMs: o.clock.wallMs()
    });
  }
  return {
    settlement: {
      ...key,
      yesPayout: o.yesPayout,
      contracts,
      payout,
      fee: fills.length === 0 ? ZERO_MICROS : o.fee,
      redeemed: o.redeemed,
      wallMs: o.clock.wallMs()
    },
    fills
  };
}
