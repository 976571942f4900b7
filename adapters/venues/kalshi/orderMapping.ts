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
 * Prices coming back (`average_fill_price`, `yes_price_dollars`) are read as YES-book prices,
 * so a NO leg's price is their complement (community reports, not proven for `ask` orders). An
 * Order's `taker_fill_cost_dollars` is the cost of its `outcome_side` position, so a sell's
 * proceeds are `count × $1 − cost` (the captures' rule). Every fill read this way must sit on
 * the right side of its limit ({@link priceSideProblem}), or the outcome is `unknown`.
 */
import {
  addMicros,
  asMicros,
  complementPrice,
  CONTRACT,
  CENT,
  mulDiv,
  NO_FILL,
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
import { isYesBid, priceSideProblem } from './priceSide.js';
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
  const yesBid = isYesBid(order.side, order.action);
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
  const inRange = yesAvg > 0 && yesAvg < USD;
  const price = order.side === 'yes' || !inRange ? yesAvg : complementPrice(yesAvg);
  const side = priceSideProblem(order, CONTRACT, price, order.limitPrice, 'average_fill_price');
  if (side !== null) return unproven(base, side);
  const notional = amountFromAverage(fill, price, order.market.tickSize.kalshi);
  const fee = roundTo(notionalOf(fill, r.average_fee_paid ?? ZERO_MICROS, 'half-up'), feeUnit);
  const status = fill >= order.qty ? 'filled' : 'partial';
  return { ...base, status, filledQty: fill, notional, fee };
}

/** The `unknown` outcome (look it up) for fills whose price could not be believed. */
function unproven(base: { clientOrderId: string; orderId: string }, why: string): OrderOutcome {
  return { ...base, status: 'unknown', ...NO_FILL, reason: `kalshi ${why}` };
}

/** Why the Order's direction (`book_side`/`outcome_side`) is not that of `ref`, or null. */
function directionProblem(ref: OrderRef, o: WireOrder): string | null {
  const bid = isYesBid(ref.side, ref.action);
  const book = bid ? 'bid' : 'ask';
  const outcome = bid ? 'yes' : 'no';
  if ((o.book_side ?? book) === book && (o.outcome_side ?? outcome) === outcome) return null;
  const got = JSON.stringify([o.book_side, o.outcome_side]).slice(0, 40);
  return `order direction ${got} is not ${book}/${outcome} for ${ref.action} ${ref.side}`;
}

/**
 * Normalized outcome of an Order object (lookups) for the order `ref` describes. A fill in an
 * Order of the other direction, or on the wrong side of the limit, is `unknown`.
 */
export function outcomeFromOrder(ref: OrderRef | OrderRequest, o: WireOrder): OrderOutcome {
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
  const problem = directionProblem(ref, o) ?? limitProblem(ref, o, fill, notional);
  if (problem !== null) return unproven(base, problem);
  const status = fill >= ref.qty ? 'filled' : 'partial';
  return { ...base, status, filledQty: fill, notional, fee };
}

/**
 * Why `notional` for `fill` is on the wrong side of the limit: ours when `ref` is the request,
 * else the Order's own `yes_price_dollars` (in `ref.side`'s terms); with neither, it must
 * still be a price in (0, 1).
 */
function limitProblem(
  ref: OrderRef | OrderRequest,
  o: WireOrder,
  fill: Qty,
  notional: Micros
): string | null {
  const yes = o.yes_price_dollars;
  const venueLimit =
    yes !== undefined && yes > 0 && yes < USD
      ? ref.side === 'yes'
        ? yes
        : complementPrice(yes)
      : undefined;
  const none = ref.action === 'buy' ? USD : ZERO_MICROS;
  const limit = 'limitPrice' in ref ? ref.limitPrice : (venueLimit ?? none);
  const what = ref.action === 'buy' ? 'fill cost' : 'count × $1 − fill cost';
  return priceSideProblem(ref, fill, notional, limit, what);
}
