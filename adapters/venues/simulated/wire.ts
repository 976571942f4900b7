import {
  asMicros,
  asQty,
  CONTRACT,
  kalshiTakerFee,
  mulDiv,
  notional,
  payout,
  polymarketTakerFee,
  subMicros,
  sumMicros,
  sumQty,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type OrderAction,
  type OrderRequest,
  type Qty,
  type Side
} from '../../../core/index.js';
import type { BookLevel } from './types.js';

/**
 * What legacy Kalshi (`POST /portfolio/orders`, the January 2026 captures) recorded for an
 * IOC order, in integer micro units instead of cents. On a **sell** `taker_fill_cost` is the
 * complement `fill_count × $1 − proceeds` (capture: sell 7 YES at 84¢ → cost 112¢, proceeds
 * $5.88); on a buy it is what was paid. A partial IOC is `canceled` with fills.
 */
export interface KalshiLegacyRecord {
  readonly venue: 'kalshi';
  readonly status: 'executed' | 'canceled';
  readonly action: OrderAction;
  readonly side: Side;
  readonly initial_count: Qty;
  readonly fill_count: Qty;
  /** Always 0 after an IOC: the rest is cancelled. */
  readonly remaining_count: Qty;
  readonly taker_fill_cost: Micros;
  readonly taker_fees: Micros;
}

/**
 * What Polymarket answered for a FAK order, amounts in 6-decimal base units. BUY: making =
 * pUSD paid, taking = shares received; SELL: making = shares given, taking = pUSD received.
 * A partial FAK is still `matched`, with a smaller share amount; no match is `no_match`.
 */
export interface PolymarketRecord {
  readonly venue: 'polymarket';
  readonly status: 'matched' | 'no_match';
  readonly side: 'BUY' | 'SELL';
  readonly makingAmount: number;
  readonly takingAmount: number;
  /** Taker fee charged at match time (V2: not in the signed order), floored to $0.00001. */
  readonly fee: Micros;
}

/** A venue's own record of an executed order. */
export type VenueRecord = KalshiLegacyRecord | PolymarketRecord;

/** Normalized amounts of an executed order. */
export interface RecordAmounts {
  readonly filledQty: Qty;
  readonly notional: Micros;
  readonly fee: Micros;
}

/** Average price of a fill, rounded half-up to the micro-dollar (0 when nothing filled). */
export function averagePrice(qty: Qty, total: Micros): Micros {
  return qty > 0 ? mulDiv(total, CONTRACT, qty, 'half-up') : ZERO_MICROS;
}

/** Builds the venue's record of `order` having taken `levels` from the book. */
export function venueRecord(order: OrderRequest, levels: readonly BookLevel[]): VenueRecord {
  const qty = sumQty(...levels.map((l) => l.qty));
  const value = sumMicros(...levels.map((l) => notional(l.qty, l.price)));
  const avg = averagePrice(qty, value);
  if (order.venue === 'kalshi') {
    return {
      venue: 'kalshi',
      status: qty === order.qty ? 'executed' : 'canceled',
      action: order.action,
      side: order.side,
      initial_count: order.qty,
      fill_count: qty,
      remaining_count: ZERO_QTY,
      taker_fill_cost: order.action === 'buy' ? value : subMicros(payout(qty), value),
      taker_fees: kalshiTakerFee(qty, avg, order.market.fees.kalshi)
    };
  }
  const buy = order.action === 'buy';
  return {
    venue: 'polymarket',
    status: qty > 0 ? 'matched' : 'no_match',
    side: buy ? 'BUY' : 'SELL',
    makingAmount: buy ? value : qty,
    takingAmount: buy ? qty : value,
    fee: polymarketTakerFee(qty, avg, order.market.fees.polymarket, 'floor')
  };
}

/** Reads the normalized amounts back out of a venue record (the complement rule included). */
export function recordAmounts(rec: VenueRecord): RecordAmounts {
  if (rec.venue === 'kalshi') {
    const qty = rec.fill_count;
    const value =
      rec.action === 'buy' ? rec.taker_fill_cost : subMicros(payout(qty), rec.taker_fill_cost);
    return { filledQty: qty, notional: value, fee: rec.taker_fees };
  }
  const buy = rec.side === 'BUY';
  return {
    filledQty: asQty(buy ? rec.takingAmount : rec.makingAmount),
    notional: asMicros(buy ? rec.makingAmount : rec.takingAmount),
    fee: rec.fee
  };
}
