/**
 * Auto-close arithmetic: the close plan, each closing sell, how a close order's answer folds
 * into the close progress, and the move to the other venue. Pure data to data.
 *
 * Without the market's holdings the close sells the leg that filled more on its own venue
 * (reduce-only), as it always did. With them (core's venue model: Kalshi nets per market,
 * Polymarket holds tokens per side) it removes the market's REAL net exposure: the target is
 * `min(excess, exposure on the excess side)`, never below 0 (an earlier execution in the
 * other direction may already hedge part or all of it), and each venue sells only what it
 * holds of that side — the excess leg's venue first, then the other one.
 */
import {
  absQty,
  addMicros,
  addQty,
  exposureOn,
  isTerminal,
  maxQty,
  minQty,
  sellable,
  subQty,
  ZERO_MICROS,
  ZERO_QTY,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Venue,
  unknownOutcome
} from '../core/index.js';
import { legFilled, refOf } from './executionLogic.js';
import type { CloseState, ExecutionContext } from './executionTypes.js';

const otherVenue = (v: Venue): Venue => (v === 'kalshi' ? 'polymarket' : 'kalshi');

/** Auto-close state for the leg that filled more (see the module comment). */
export function startClose(ctx: ExecutionContext): CloseState {
  const y = legFilled(ctx.legs.yes);
  const n = legFilled(ctx.legs.no);
  const over = y > n ? ctx.legs.yes : ctx.legs.no;
  const side = over.side;
  const excess = absQty(subQty(y, n));
  const prior = ctx.resume?.close ?? null;
  const closed = minQty(prior?.closed ?? ZERO_QTY, excess);
  const pending = prior?.pending ?? null;
  const h = ctx.holdings;
  let remaining = subQty(excess, closed);
  let venue = pending?.venue ?? over.venue;
  let venueCap = remaining;
  let nextVenue: Venue | null = null;
  if (h) {
    remaining = maxQty(ZERO_QTY, minQty(remaining, exposureOn(h, side)));
    if (!pending && sellable(h, venue, side) === 0) venue = otherVenue(venue);
    venueCap = minQty(remaining, sellable(h, venue, side));
    const other = otherVenue(venue);
    nextVenue = remaining > 0 && sellable(h, other, side) > 0 ? other : null;
  }
  return {
    venue,
    side,
    excess,
    remaining,
    venueCap,
    nextVenue,
    startPrice: over.price,
    walkStart: 0,
    price: prior ? prior.price : over.price,
    attempts: prior?.attempts ?? 0,
    sameRetries: 0,
    lookups: 0,
    closed,
    proceeds: prior?.proceeds ?? ZERO_MICROS,
    fee: prior?.fee ?? ZERO_MICROS,
    basisNotional: over.outcome?.notional ?? ZERO_MICROS,
    basisQty: legFilled(over),
    current: pending,
    last: pending
      ? unknownOutcome(pending.clientOrderId, 'recovered after restart', prior?.pendingOrderId)
      : null,
    stopReason: null
  };
}

/**
 * The close moves to `nextVenue`: a new walk from the start price, for what that venue holds
 * of the side (at most what is left).
 */
export function switchVenue(ctx: ExecutionContext, c: CloseState): CloseState {
  const venue = c.nextVenue ?? c.venue;
  const held = ctx.holdings ? sellable(ctx.holdings, venue, c.side) : c.remaining;
  return {
    ...c,
    venue,
    nextVenue: null,
    venueCap: minQty(c.remaining, held),
    price: c.startPrice,
    walkStart: c.attempts,
    sameRetries: 0,
    lookups: 0,
    current: null,
    last: null
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
    qty: minQty(c.remaining, c.venueCap),
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
    venueCap: maxQty(ZERO_QTY, subQty(c.venueCap, filled)),
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
