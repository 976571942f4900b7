import {
  complementPrice,
  CONTRACT,
  mulDiv,
  payout,
  subMicros,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty
} from '../../../../core/index.js';
import { formatCount, formatDollars } from '../units.js';
import type { MockFill, MockOrder } from './types.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const avgOf = (value: Micros, qty: Qty): Micros =>
  qty > 0 ? mulDiv(value, CONTRACT, qty, 'half-up') : ZERO_MICROS;

/**
 * `CreateOrderV2Response`: counts as 2-dp strings, `average_fill_price` the YES-book average,
 * `average_fee_paid` the fee per filled contract (both up to 6 dp, absent when nothing filled).
 * `remaining_count` is 0 after an immediate order (the rest was cancelled).
 */
export function createResponseJson(o: MockOrder): Record<string, unknown> {
  return {
    order_id: o.orderId,
    client_order_id: o.clientOrderId,
    fill_count: formatCount(o.filled),
    remaining_count: formatCount(ZERO_QTY),
    ...(o.filled > 0
      ? {
          average_fill_price: formatDollars(avgOf(o.yesValue, o.filled)),
          average_fee_paid: formatDollars(avgOf(o.fee, o.filled))
        }
      : {}),
    ts_ms: o.createdMs
  };
}

/**
 * The V2 `Order` object. `taker_fill_cost_dollars` is the cost of the `outcome_side`
 * position: an `ask` buys NO, so its cost is the complement (`count × $1 − YES value`), as in
 * the January 2026 sell captures.
 */
export function orderJson(o: MockOrder): Record<string, unknown> {
  const cost = o.side === 'bid' ? o.yesValue : subMicros(payout(o.filled), o.yesValue);
  return {
    order_id: o.orderId,
    user_id: '00000000-0000-0000-0000-000000000000',
    client_order_id: o.clientOrderId,
    ticker: o.ticker,
    outcome_side: o.side === 'bid' ? 'yes' : 'no',
    book_side: o.side,
    type: 'limit',
    status: o.status,
    yes_price_dollars: formatDollars(o.price),
    no_price_dollars: formatDollars(complementPrice(o.price)),
    fill_count_fp: formatCount(o.filled),
    remaining_count_fp: formatCount(ZERO_QTY),
    initial_count_fp: formatCount(o.initial),
    taker_fill_cost_dollars: formatDollars(cost),
    maker_fill_cost_dollars: formatDollars(ZERO_MICROS),
    taker_fees_dollars: formatDollars(o.fee),
    maker_fees_dollars: formatDollars(ZERO_MICROS),
    self_trade_prevention_type: 'taker_at_cross',
    created_time: iso(o.createdMs),
    last_update_time: iso(o.createdMs),
    exchange_index: 0
  };
}

/** A `Fill` (`client_order_id` is not part of fills since March 2026). */
export function fillJson(f: MockFill): Record<string, unknown> {
  return {
    fill_id: f.fillId,
    trade_id: f.fillId,
    order_id: f.orderId,
    ticker: f.ticker,
    outcome_side: f.side === 'bid' ? 'yes' : 'no',
    book_side: f.side,
    count_fp: formatCount(f.qty),
    yes_price_dollars: formatDollars(f.yesPrice),
    no_price_dollars: formatDollars(complementPrice(f.yesPrice)),
    is_taker: true,
    fee_cost: formatDollars(f.fee),
    created_time: iso(f.createdMs),
    ts: Math.floor(f.createdMs / 1000)
  };
}
