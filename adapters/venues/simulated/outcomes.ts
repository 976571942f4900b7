import {
  NO_FILL,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type OrderStatus,
  type RejectKind,
  type Venue
} from '../../../core/index.js';

/** What each venue says when a sell exceeds the holding. */
export const BALANCE_MSG: Readonly<Record<Venue, string>> = {
  kalshi: 'insufficient balance',
  polymarket: 'not enough balance / allowance'
};

/** What each venue says to an order on a market that is not open (closed or resolved). */
export const CLOSED_MSG: Readonly<Record<Venue, string>> = {
  kalshi: 'market_closed',
  polymarket: 'market is closed'
};

/** What each venue says when an immediate order finds nothing to match. */
export const NO_FILL_MSG: Readonly<Record<Venue, string>> = {
  kalshi: 'canceled: no fill',
  polymarket: 'no orders found to match with FAK order'
};

/** An outcome with zero amounts (`pending`, `unknown`). */
export function emptyOutcome(
  order: Pick<OrderRequest, 'clientOrderId'>,
  orderId: string | undefined,
  status: Extract<OrderStatus, 'pending' | 'unknown'>,
  reason?: string
): OrderOutcome {
  return {
    status,
    clientOrderId: order.clientOrderId,
    ...(orderId === undefined ? {} : { orderId }),
    ...NO_FILL,
    ...(reason === undefined ? {} : { reason })
  };
}

/** A `rejected` outcome: nothing filled. */
export function rejected(
  order: Pick<OrderRequest, 'clientOrderId'>,
  rejectKind: RejectKind,
  reason: string,
  retryAfterMs?: number
): OrderOutcome {
  return {
    status: 'rejected',
    clientOrderId: order.clientOrderId,
    ...NO_FILL,
    rejectKind,
    reason,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs })
  };
}

/** A lookup of an order the venue never received: it provably does not exist (`none`). */
export function notFound(ref: Pick<OrderRef, 'clientOrderId' | 'orderId'>): OrderOutcome {
  return {
    status: 'none',
    clientOrderId: ref.clientOrderId,
    ...(ref.orderId === undefined ? {} : { orderId: ref.orderId }),
    ...NO_FILL,
    reason: 'order not found',
    neverPlaced: true
  };
}
