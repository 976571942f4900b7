/**
 * Auto-close arithmetic: the close of the leg that filled more, each closing sell, and how a
 * close order's answer folds into the close progress. Pure data to data.
 */
import {
  absQty,
  addMicros,
  addQty,
  isTerminal,
  minQty,
  subQty,
  ZERO_MICROS,
  ZERO_QTY,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  unknownOutcome
} from '../core/index.js';
import { legFilled, refOf } from './executionLogic.js';
import type { CloseState, ExecutionContext } from './executionTypes.js';

/** Auto-close state for the leg that filled more. */
export function startClose(ctx: ExecutionContext): CloseState {
  const y = legFilled(ctx.legs.yes);
  const n = legFilled(ctx.legs.no);
  const over = y > n ? ctx.legs.yes : ctx.legs.no;
  const excess = absQty(subQty(y, n));
  const prior = ctx.resume?.close ?? null;
  const closed = minQty(prior?.closed ?? ZERO_QTY, excess);
  return {
    venue: over.venue,
    side: over.side,
    excess,
    remaining: subQty(excess, closed),
    price: prior ? prior.price : over.price,
    attempts: prior?.attempts ?? 0,
    sameRetries: 0,
    lookups: 0,
    closed,
    proceeds: prior?.proceeds ?? ZERO_MICROS,
    fee: prior?.fee ?? ZERO_MICROS,
    basisNotional: over.outcome?.notional ?? ZERO_MICROS,
    basisQty: legFilled(over),
    current: prior?.pending ?? null,
    last: prior?.pending
      ? unknownOutcome(prior.pending.clientOrderId, 'recovered after restart', prior.pendingOrderId)
      : null,
    stopReason: null
  };
}

/** The next closing sell (reduce-only, new client order id per attempt). */
export function closeOrder(ctx: ExecutionContext, c: CloseState): OrderRequest {
  if (!ctx.market) throw new Error('closeOrder without a market');
  return {
    venue: c.venue,
    market: ctx.market,
    side: c.side,
    action: 'sell',
    qty: c.remaining,
    limitPrice: c.price,
    clientOrderId: `${ctx.executionId}-c${c.attempts + 1}`,
    executionId: ctx.executionId,
    reduceOnly: true
  };
}

/** Folds a close attempt's outcome into the close state (terminal amounts only). */
export function applyClose(c: CloseState, outcome: OrderOutcome): CloseState {
  if (!isTerminal(outcome.status)) return { ...c, last: outcome };
  const filled = minQty(outcome.filledQty, c.remaining);
  return {
    ...c,
    last: outcome,
    closed: addQty(c.closed, filled),
    remaining: subQty(c.remaining, filled),
    proceeds: addMicros(c.proceeds, outcome.notional),
    fee: addMicros(c.fee, outcome.fee)
  };
}

/** The current close order and its lookup reference. */
export function closeRef(ctx: ExecutionContext): { order: OrderRequest; ref: OrderRef } {
  const c = ctx.close;
  if (!c?.current) throw new Error('auto-close without a current close order');
  return { order: c.current, ref: refOf(c.current, c.last) };
}
