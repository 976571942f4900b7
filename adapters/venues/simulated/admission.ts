import {
  USD,
  type OrderRequest,
  type Qty,
  type RejectKind,
  type Venue
} from '../../../core/index.js';
import { BALANCE_MSG } from './outcomes.js';
import type { Positions } from './positions.js';

/** Whether the venue takes an order, and how much of it may fill. */
export type Admission =
  | { readonly ok: false; readonly rejectKind: RejectKind; readonly reason: string }
  | { readonly ok: true; readonly maxQty: Qty; readonly note?: string };

/** What admission needs to know about the venue. */
export interface AdmissionContext {
  readonly venue: Venue;
  readonly positions: Positions;
  readonly nowMs: number;
  /** Polymarket: shares bought less than this long ago are not sellable yet. */
  readonly settlementLagMs: number;
}

/**
 * The venue's admission rules for an order that reached it:
 * - malformed or wrong-venue orders: `invalid_order`;
 * - any sell of more than held: `insufficient_balance` — Kalshi holds one signed net per
 *   market, so only the net's side can be sold, and a reduce-only sell above it is refused
 *   as the real venue does (capture `kalshi_sell_insufficient_position_real.json`);
 *   Polymarket only sells tokens held (it has no reduce-only);
 * - Polymarket sells of shares bought within `settlementLagMs`: `settlement`,
 *   "not enough balance / allowance" (retry later at the same price).
 */
export function admit(order: OrderRequest, ctx: AdmissionContext): Admission {
  const no = (rejectKind: RejectKind, reason: string): Admission => ({
    ok: false,
    rejectKind,
    reason
  });
  if (order.venue !== ctx.venue)
    return no('invalid_order', `order for ${order.venue} sent to ${ctx.venue}`);
  if (!Number.isSafeInteger(order.qty) || order.qty <= 0) {
    return no('invalid_order', 'qty must be a positive integer');
  }
  if (!Number.isSafeInteger(order.limitPrice) || order.limitPrice <= 0 || order.limitPrice >= USD) {
    return no('invalid_order', 'limit price out of range');
  }
  if (order.action === 'buy') return { ok: true, maxQty: order.qty };
  const { marketId } = order.market;
  const held = ctx.positions.held(marketId, order.side);
  if (order.qty > held) return no('insufficient_balance', BALANCE_MSG[ctx.venue]);
  const lag = ctx.settlementLagMs;
  if (ctx.venue === 'polymarket' && lag > 0) {
    if (ctx.positions.settled(marketId, order.side, ctx.nowMs, lag) < order.qty) {
      return no('settlement', BALANCE_MSG.polymarket);
    }
  }
  return { ok: true, maxQty: order.qty };
}
