/**
 * Auto-close arithmetic: the close plan, each close order, how a close order's answer folds
 * into the close progress, and the move to the other venue. Pure data to data.
 *
 * Without the market's holdings the close sells the leg that filled more on its own venue
 * (reduce-only), as it always did. With them (core's venue model: Kalshi nets per market,
 * Polymarket holds tokens per side) it removes the market's REAL net exposure: the target is
 * `min(excess, exposure on the excess side)`, never below 0 (an earlier execution in the
 * other direction may already hedge part or all of it), and each venue sells only what it
 * holds of that side — the excess leg's venue first, then the other one.
 *
 * When the exposure cannot be sold — no venue holds it, a Polymarket sell would be under the
 * venue minimum (`polyMinNotional`) at its price, or a sell walk ended (no bid down to the
 * floor, attempts used, refused for good) — the close hedges the rest: it buys the other
 * side, on Kalshi first (no minimum; a buy against Kalshi's net nets at once), then on
 * Polymarket when that buy clears the minimum, walking up from the other leg's price to the
 * ceiling (`autoClose.ceilingMicros`). Never reduce-only; client order ids go on `-c<n>`.
 */
import {
  absQty,
  addMicros,
  addQty,
  exposureOn,
  formatQty,
  isTerminal,
  maxMicros,
  maxQty,
  minMicros,
  minQty,
  mulDiv,
  notional,
  sellable,
  subMicros,
  subQty,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Qty,
  type Side,
  type Venue,
  unknownOutcome,
  CENT,
  CONTRACT,
  polyBuyAmounts,
  polySellableQty
} from '../core/index.js';
import { legFilled, refOf } from './executionLogic.js';
import type { CloseState, ExecutionContext } from './executionTypes.js';

const otherVenue = (v: Venue): Venue => (v === 'kalshi' ? 'polymarket' : 'kalshi');
const otherSide = (s: Side): Side => (s === 'yes' ? 'no' : 'yes');

/** Contracts the next close order asks for. */
const orderQty = (c: CloseState): Qty => minQty(c.remaining, c.venueCap);

/** True when a Polymarket order of `qty` at `price` is under the venue's minimum notional. */
const underPolyMin = (ctx: ExecutionContext, qty: Qty, price: Micros): boolean =>
  notional(qty, price, 'floor') < ctx.config.polyMinNotional;

/**
 * The sell cannot go on at `price` on the current venue: it holds nothing more of the side,
 * or (Polymarket) the sell would be under the venue minimum. False for a hedge or a close
 * with nothing left.
 */
export function sellBlocked(ctx: ExecutionContext, c: CloseState, price: Micros): boolean {
  if (c.mode !== 'sell' || c.remaining === 0) return false;
  if (c.venueCap === 0) return true;
  // the adapter sells whole hundredths of a share: the minimum applies to what it signs
  return c.venue === 'polymarket' && underPolyMin(ctx, polySellableQty(orderQty(c)), price);
}

/**
 * The price of the next step of the walk: 1 step down for a sell, up for a hedge — on
 * Polymarket at least the first price whose buy of what is left clears the venue minimum (a
 * partial fill leaves less to buy).
 */
export function steppedPrice(ctx: ExecutionContext, c: CloseState): Micros {
  const { stepMicros, floorMicros, ceilingMicros } = ctx.config.autoClose;
  if (c.mode === 'sell') return maxMicros(floorMicros, subMicros(c.price, stepMicros));
  return nextHedgePrice(ctx, c) ?? ceilingMicros;
}

/**
 * The hedge walk's next price; on Polymarket the first from there whose buy of what is left
 * the venue takes, null when none up to the ceiling does.
 */
export function nextHedgePrice(ctx: ExecutionContext, c: CloseState): Micros | null {
  const { stepMicros, ceilingMicros } = ctx.config.autoClose;
  const next = minMicros(ceilingMicros, addMicros(c.price, stepMicros));
  return c.venue === 'polymarket' ? polyHedgeStart(ctx, c.remaining, next) : next;
}

/** Why a close stops short (the `auto-close stopped: …` detail). */
export function stopReasonOf(ctx: ExecutionContext, c: CloseState | null): string {
  const last = c?.last;
  if (last?.status === 'rejected')
    return `rejected (${last.rejectKind ?? 'other'}): ${last.reason ?? ''}`;
  if (c && c.remaining > 0 && (last?.status === 'unknown' || last?.status === 'pending'))
    return 'close order outcome unknown at deadline';
  if (c?.mode === 'hedge') {
    // a partial fill can leave less than the venue minimum buys even at the ceiling
    if (nextHedgePrice(ctx, c) === null)
      return `the ${formatQty(c.remaining)} left is under the Polymarket minimum even at the ceiling`;
    return c.price >= ctx.config.autoClose.ceilingMicros
      ? 'no asks up to the ceiling'
      : 'hedge attempts used up below the ceiling';
  }
  return c && c.remaining > 0 && c.venueCap === 0
    ? 'nothing more held at the venues to sell'
    : 'no bids down to the floor (price floor reached)';
}

/** `price` rounded up to the `tick` grid (a buy's safe direction). */
const tickUp = (price: Micros, tick: Micros): Micros => (Math.ceil(price / tick) * tick) as Micros;

/**
 * Where a Polymarket hedge buy of `qty` goes: the first price on the tick from `from` up whose
 * notional clears the venue minimum and whose amounts buy exactly `qty` as asked (on a 0.001
 * tick some prices cannot: the venue would fill less, and the rest could never be hedged);
 * null when no price up to the ceiling does.
 */
function polyHedgeStart(ctx: ExecutionContext, qty: Qty, from: Micros): Micros | null {
  if (qty <= 0) return null;
  const tick = ctx.market?.tickSize.polymarket ?? CENT;
  const least = mulDiv(ctx.config.polyMinNotional, CONTRACT, qty, 'ceil');
  const ceiling = ctx.config.autoClose.ceilingMicros;
  for (let p = tickUp(maxMicros(from, least), tick); p <= ceiling; p = addMicros(p, tick)) {
    if (!underPolyMin(ctx, qty, p) && polyBuyAmounts(qty, p, tick) !== null) return p;
  }
  return null;
}

/** True when the close has another venue to go to (a sell venue, or the Polymarket hedge). */
export function canMoveOn(ctx: ExecutionContext, c: CloseState): boolean {
  if (!c.nextVenue) return false;
  return c.mode === 'sell' || polyHedgeStart(ctx, c.remaining, c.startPrice) !== null;
}

/**
 * The close turns to a hedge: buy the other side on Kalshi from the other leg's price, with
 * the Polymarket hedge next when its buy can clear the venue minimum.
 */
export function beginHedge(ctx: ExecutionContext, c: CloseState): CloseState {
  // from the other leg's price, on Kalshi's grid (that leg may have been on Polymarket's finer one)
  const startPrice = tickUp(ctx.legs[otherSide(c.side)].price, ctx.market?.tickSize.kalshi ?? CENT);
  const h: CloseState = {
    ...c,
    mode: 'hedge',
    venue: 'kalshi',
    venueCap: c.remaining,
    nextVenue: 'polymarket',
    startPrice,
    price: startPrice,
    walkStart: c.attempts,
    sameRetries: 0,
    lookups: 0,
    current: null,
    last: null
  };
  return canMoveOn(ctx, h) ? h : { ...h, nextVenue: null };
}

/** The sell moved to `nextVenue` (a new walk from the start price), as it is held there. */
function moveSell(ctx: ExecutionContext, c: CloseState): CloseState {
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

/** A sell that can go on as it is, else on the next venue, else the hedge. */
function viableSell(ctx: ExecutionContext, c: CloseState): CloseState {
  if (!sellBlocked(ctx, c, c.price)) return c;
  if (!c.nextVenue) return beginHedge(ctx, c);
  const moved = moveSell(ctx, c);
  return sellBlocked(ctx, moved, moved.price) ? beginHedge(ctx, moved) : moved;
}

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
  const base: CloseState = {
    mode: 'sell',
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
    hedged: minQty(prior?.hedged ?? ZERO_QTY, closed),
    hedgeCost: prior?.hedgeCost ?? ZERO_MICROS,
    proceeds: prior?.proceeds ?? ZERO_MICROS,
    fee: prior?.fee ?? ZERO_MICROS,
    basisNotional: over.outcome?.notional ?? ZERO_MICROS,
    basisQty: legFilled(over),
    current: null,
    last: null,
    stopReason: null
  };
  // a close whose last attempt (pending or not) was a buy was hedging: it goes on hedging on
  // that venue from that price
  const lastOrder = pending ?? prior?.lastOrder;
  const hedgeVenue = lastOrder?.action === 'buy' ? lastOrder.venue : null;
  if (!hedgeVenue && !pending) return viableSell(ctx, base);
  let resumed = base;
  if (hedgeVenue) {
    const from = pending ? pending.limitPrice : base.price;
    // one not pending goes on from the first Polymarket price that takes what is left
    const price =
      !pending && hedgeVenue === 'polymarket'
        ? (polyHedgeStart(ctx, remaining, from) ?? from)
        : from;
    const h = beginHedge(ctx, base);
    const nextVenue = hedgeVenue === 'polymarket' ? null : h.nextVenue;
    resumed = { ...h, venue: hedgeVenue, venueCap: remaining, price, nextVenue };
  }
  if (!pending) return resumed;
  const last = unknownOutcome(
    pending.clientOrderId,
    'recovered after restart',
    prior?.pendingOrderId
  );
  return { ...resumed, current: pending, last };
}

/**
 * The close moves to `nextVenue`: a sell starts a new walk from the start price for what that
 * venue holds of the side (at most what is left) — or hedges when it cannot sell there; a
 * hedge moves to Polymarket from the first price whose buy clears the venue minimum.
 */
export function switchVenue(ctx: ExecutionContext, c: CloseState): CloseState {
  if (c.mode === 'sell') return viableSell(ctx, { ...moveSell(ctx, c), nextVenue: null });
  const price =
    polyHedgeStart(ctx, c.remaining, c.startPrice) ?? ctx.config.autoClose.ceilingMicros;
  return {
    ...c,
    venue: 'polymarket',
    nextVenue: null,
    venueCap: c.remaining,
    price,
    walkStart: c.attempts,
    sameRetries: 0,
    lookups: 0,
    current: null,
    last: null
  };
}

/** The next close order: a reduce-only sell, or a hedge buy of the other side. */
export function closeOrder(ctx: ExecutionContext, c: CloseState): OrderRequest {
  if (!ctx.market) throw new Error('closeOrder without a market');
  const hedge = c.mode === 'hedge';
  return {
    venue: c.venue,
    market: ctx.market,
    side: hedge ? otherSide(c.side) : c.side,
    action: hedge ? 'buy' : 'sell',
    qty: orderQty(c),
    limitPrice: c.price,
    clientOrderId: `${ctx.executionId}-c${c.attempts + 1}`,
    executionId: ctx.executionId,
    reduceOnly: !hedge
  };
}

/** Folds a close attempt's outcome into the close state (terminal amounts only). */
export function applyClose(c: CloseState, outcome: OrderOutcome): CloseState {
  if (!isTerminal(outcome.status)) return { ...c, last: outcome };
  const filled = minQty(outcome.filledQty, c.remaining);
  const hedge = c.mode === 'hedge';
  return {
    ...c,
    last: outcome,
    closed: addQty(c.closed, filled),
    remaining: subQty(c.remaining, filled),
    venueCap: maxQty(ZERO_QTY, subQty(c.venueCap, filled)),
    hedged: hedge ? addQty(c.hedged, filled) : c.hedged,
    hedgeCost: hedge ? addMicros(c.hedgeCost, outcome.notional) : c.hedgeCost,
    proceeds: hedge ? c.proceeds : addMicros(c.proceeds, outcome.notional),
    fee: addMicros(c.fee, outcome.fee)
  };
}

/** The current close order and its lookup reference. */
export function closeRef(ctx: ExecutionContext): { order: OrderRequest; ref: OrderRef } {
  const c = ctx.close;
  if (!c?.current) throw new Error('auto-close without a current close order');
  return { order: c.current, ref: refOf(c.current, c.last) };
}
