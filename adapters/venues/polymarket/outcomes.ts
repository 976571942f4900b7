import {
  CONTRACT,
  mulDiv,
  ZERO_MICROS,
  polymarketTakerFee,
  NO_FILL,
  type FeeParams,
  type Micros,
  type OrderOutcome,
  type OrderStatus,
  type Qty,
  type RejectKind
} from '../../../core/index.js';

/** An outcome with no fill (`none`, `pending`, `unknown`). */
export function emptyOutcome(
  clientOrderId: string,
  status: Extract<OrderStatus, 'none' | 'pending' | 'unknown'>,
  orderId: string | undefined,
  reason?: string
): OrderOutcome {
  return {
    status,
    clientOrderId,
    ...(orderId === undefined ? {} : { orderId }),
    ...NO_FILL,
    ...(reason === undefined ? {} : { reason })
  };
}

/** A `rejected` outcome: nothing filled. */
export function rejectedOutcome(
  clientOrderId: string,
  rejectKind: RejectKind,
  reason: string,
  orderId?: string,
  retryAfterMs?: number
): OrderOutcome {
  return {
    status: 'rejected',
    clientOrderId,
    ...(orderId === undefined ? {} : { orderId }),
    ...NO_FILL,
    rejectKind,
    reason,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs })
  };
}

/** Taker fee at the fill's average price (the venue's floor rounding, to $0.00001). */
export function fillFee(qty: Qty, notional: Micros, fees: FeeParams): Micros {
  if (qty <= 0) return ZERO_MICROS;
  const avg = mulDiv(notional, CONTRACT, qty, 'half-up');
  return polymarketTakerFee(qty, avg, fees, 'floor');
}

/** A terminal fill outcome: `filled` when it reached `requested`, else `partial` / `none`. */
export function fillOutcome(
  clientOrderId: string,
  orderId: string,
  requested: Qty,
  filledQty: Qty,
  notional: Micros,
  fee: Micros
): OrderOutcome {
  if (filledQty <= 0) return emptyOutcome(clientOrderId, 'none', orderId, 'no fill');
  return {
    status: filledQty >= requested ? 'filled' : 'partial',
    clientOrderId,
    orderId,
    filledQty,
    notional,
    fee
  };
}
