/**
 * Our legs ↔ Kalshi V2 orders. V2 trades on the single YES book:
 *
 * | our intent | V2 request |
 * |---|---|
 * | buy YES at p | `bid` at p |
 * | buy NO at q | `ask` at 1 − q |
 * | sell YES at p | `ask` at p, `reduce_only` |
 * | sell NO at q | `bid` at 1 − q, `reduce_only` |
 *
 * Prices coming back (`average_fill_price`, `yes_price_dollars`) are YES-book prices, so a NO
 * leg's price is their complement. An Order's `taker_fill_cost_dollars` is the cost of its
 * `outcome_side` position, so a sell's proceeds are `count × $1 − cost` (the captures' rule).
 */
import {
  addMicros,
  asMicros,
  complementPrice,
  CONTRACT,
  CENT,
  mulDiv,
  notional as notionalOf,
  payout,
  subMicros,
  USD,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Qty
} from '../../../core/index.js';
import { COUNT_STEP, PRICE_STEP, formatCount, formatFixed } from './units.js';
import type { CreateOrderV2Body, CreateOrderV2Response, WireOrder } from './wire.js';

/** Kalshi's client order id rule (FIX docs): ≤ 64 chars of `[-\w:+=/]`. */
const CLIENT_ID = /^[-\w:+=/]{1,64}$/;

/** The V2 create body for an order, or a reason it cannot be sent as is. */
export function toCreateOrderV2(order: OrderRequest): CreateOrderV2Body | string {
  if (!CLIENT_ID.test(order.clientOrderId)) return 'client order id not accepted by Kalshi';
  if (order.qty <= 0 || order.qty % COUNT_STEP !== 0)
    return 'count must be a positive multiple of 0.01';
  const p = order.limitPrice;
  if (p <= 0 || p >= USD || p % PRICE_STEP !== 0)
    return 'limit price must be in (0, 1) with ≤ 4 dp';
  const yesBid = (order.side === 'yes') === (order.action === 'buy');
  const yesPrice = order.side === 'yes' ? p : complementPrice(p);
  return {
    ticker: order.market.kalshiTicker,
    client_order_id: order.clientOrderId,
    side: yesBid ? 'bid' : 'ask',
    count: formatCount(order.qty),
    price: formatFixed(yesPrice, 4),
    time_in_force: 'immediate_or_cancel',
    self_trade_prevention_type: 'taker_at_cross',
    ...(order.reduceOnly ? { reduce_only: true } : {})
  };
}

/** Rounds `v` half-up to a multiple of `unit`. */
function roundTo(v: Micros, unit: Micros): Micros {
  return asMicros(mulDiv(v, 1, unit, 'half-up') * unit);
}

/**
 * `fill × avg` where `avg` was rounded to 6 dp by the venue: snapped back onto the market's
 * cent/tick grid when the fill is whole contracts and the snap stays within the rounding
 * error (`fill × ½ µ$`); otherwise the half-up product.
 */
export function amountFromAverage(fill: Qty, avg: Micros, tick: Micros): Micros {
  const raw = notionalOf(fill, avg, 'half-up');
  if (fill % CONTRACT !== 0 || tick <= 0) return raw;
  const snapped = roundTo(raw, tick);
  return Math.abs(snapped - raw) * 2 * CONTRACT <= fill ? snapped : raw;
}

/** Normalized outcome of a 201 CreateOrderV2Response for `order`. */
export function outcomeFromCreate(
  order: OrderRequest,
  r: CreateOrderV2Response,
  feeUnit: Micros = CENT
): OrderOutcome {
  const fill = r.fill_count;
  const base = { clientOrderId: order.clientOrderId, orderId: r.order_id };
  if (fill <= 0) {
    return {
      ...base,
      status: 'none',
      filledQty: ZERO_QTY,
      notional: ZERO_MICROS,
      fee: ZERO_MICROS,
      reason: 'canceled: no fill'
    };
  }
  const yesAvg = r.average_fill_price ?? ZERO_MICROS;
  const price = order.side === 'yes' ? yesAvg : complementPrice(yesAvg);
  const notional = amountFromAverage(fill, price, order.market.tickSize.kalshi);
  const fee = roundTo(notionalOf(fill, r.average_fee_paid ?? ZERO_MICROS, 'half-up'), feeUnit);
  const status = fill >= order.qty ? 'filled' : 'partial';
  return { ...base, status, filledQty: fill, notional, fee };
}

/** Normalized outcome of an Order object (lookups) for the order `ref` describes. */
export function outcomeFromOrder(ref: OrderRef, o: WireOrder): OrderOutcome {
  const base = { clientOrderId: ref.clientOrderId, orderId: o.order_id };
  const fill = o.fill_count_fp;
  if (o.status === 'resting') {
    return {
      ...base,
      status: 'pending',
      filledQty: ZERO_QTY,
      notional: ZERO_MICROS,
      fee: ZERO_MICROS,
      reason: 'resting'
    };
  }
  if (fill <= 0) {
    return {
      ...base,
      status: 'none',
      filledQty: ZERO_QTY,
      notional: ZERO_MICROS,
      fee: ZERO_MICROS,
      reason: `${o.status}: no fill`
    };
  }
  const cost = addMicros(
    o.taker_fill_cost_dollars ?? ZERO_MICROS,
    o.maker_fill_cost_dollars ?? ZERO_MICROS
  );
  const fee = addMicros(o.taker_fees_dollars ?? ZERO_MICROS, o.maker_fees_dollars ?? ZERO_MICROS);
  // a sell's Order reports the cost of the opposite position: proceeds = count × $1 − cost
  const notional = ref.action === 'buy' ? cost : subMicros(payout(fill), cost);
  const status = fill >= ref.qty ? 'filled' : 'partial';
  return { ...base, status, filledQty: fill, notional, fee };
}
