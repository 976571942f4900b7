/**
 * Pure helpers of the execution machine: the context at spawn or resume, sizing, entry
 * orders and lookup references. No I/O, no clock; every function maps data to data.
 */
import {
  arbEconomics,
  CONTRACT,
  floorToContracts,
  isTerminal,
  NO_FILL,
  unknownOutcome,
  legVenues,
  maxQty,
  minQty,
  notional,
  polyBuyableQty,
  type Micros,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Qty,
  type Side,
  ZERO_MICROS,
  ZERO_QTY
} from '../core/index.js';
import type {
  ExecutionContext,
  ExecutionEmitted,
  ExecutionInput,
  LegsInput,
  LegState,
  ResumeLeg
} from './executionTypes.js';

const leg = (side: Side, venue: LegState['venue'], price: Micros): LegState => ({
  side,
  venue,
  price,
  order: null,
  outcome: null,
  lookups: 0,
  unresolved: false
});

/** A recovered leg: unknown outcomes are looked up; a leg never sent filled nothing. */
function resumedLeg(base: LegState, r: ResumeLeg): LegState {
  if (!r.order) {
    const none = { status: 'none' as const, clientOrderId: '', ...NO_FILL };
    return { ...base, outcome: { ...none, reason: 'never sent (no recorded intent)' } };
  }
  const outcome =
    r.outcome && isTerminal(r.outcome.status)
      ? r.outcome
      : unknownOutcome(
          r.order.clientOrderId,
          'recovered after restart',
          r.outcome?.orderId ?? r.orderId
        );
  return { ...base, order: r.order, outcome };
}

/** Context at spawn (or at resume after a restart). */
export function initialContext(input: ExecutionInput): ExecutionContext {
  const v = legVenues(input.req.arbType);
  const yes = leg('yes', v.yes, input.req.yesPrice);
  const no = leg('no', v.no, input.req.noPrice);
  const r = input.resume;
  return {
    executionId: input.executionId,
    req: input.req,
    market: input.market,
    config: input.config,
    verdict: null,
    capacity: ZERO_QTY,
    qty: r ? r.qty : ZERO_QTY,
    legs: r ? { yes: resumedLeg(yes, r.legs.yes), no: resumedLeg(no, r.legs.no) } : { yes, no },
    close: null,
    error: null,
    detail: null,
    resume: r ?? null,
    holdings: null
  };
}

/** Whole contracts available on both legs. */
export function availableQty(ctx: ExecutionContext): Qty {
  return floorToContracts(minQty(ctx.req.yesSize, ctx.req.noSize));
}

/** The size the offered profit is computed at: what is available, at least one contract. */
export function offeredQty(ctx: ExecutionContext): Qty {
  return maxQty(availableQty(ctx), CONTRACT);
}

/** Profit per contract after fees at the size the opportunity offers ({@link offeredQty}). */
export function offeredProfitPerContract(ctx: ExecutionContext): Micros {
  if (!ctx.market) return ZERO_MICROS;
  return arbEconomics(ctx.req, ctx.market, offeredQty(ctx)).profitPerContract;
}

/** Whole contracts available on both legs, capped by risk capacity. */
export function capacityQty(ctx: ExecutionContext): Qty {
  return minQty(availableQty(ctx), floorToContracts(ctx.capacity));
}

/**
 * Contracts to send: {@link capacityQty}, reduced to the largest whole quantity whose
 * Polymarket buy amounts the venue accepts as asked at each Polymarket leg's price
 * ({@link polyBuyableQty}; only on ticks finer than 0.01 can it differ). Both legs get this
 * same quantity, so a full match on both is a hedge and no mismatch is born from rounding.
 */
export function sizedQty(ctx: ExecutionContext): Qty {
  let qty = capacityQty(ctx);
  const tick = ctx.market?.tickSize.polymarket;
  if (tick === undefined) return qty;
  const poly = [ctx.legs.yes, ctx.legs.no].filter((l) => l.venue === 'polymarket');
  // Each leg's answer is ≤ its input and every quantity from 100 contracts up is accepted,
  // so with two Polymarket legs this settles on a common quantity within a few rounds.
  for (;;) {
    const next = poly.reduce((q, l) => polyBuyableQty(q, l.price, tick, CONTRACT), qty);
    if (next === qty) return qty;
    qty = next;
  }
}

/**
 * True when some Polymarket leg of `qty` contracts (default: the sized order) is under the
 * venue's minimum notional.
 */
export function belowPolyMinimum(ctx: ExecutionContext, qty: Qty = ctx.qty): boolean {
  const { yes, no } = ctx.legs;
  return [yes, no].some(
    (l) => l.venue === 'polymarket' && notional(qty, l.price, 'floor') < ctx.config.polyMinNotional
  );
}

/** Profit per contract after fees at the final size. */
export function sizedProfitPerContract(ctx: ExecutionContext): Micros {
  if (!ctx.market || ctx.qty <= 0) return ZERO_MICROS;
  return arbEconomics(ctx.req, ctx.market, ctx.qty).profitPerContract;
}

/** The entry order of one leg. Client order ids derive from the execution id (idempotent). */
export function entryOrder(ctx: ExecutionContext, side: Side): OrderRequest {
  const l = ctx.legs[side];
  if (!ctx.market) throw new Error('entryOrder without a market');
  return {
    venue: l.venue,
    market: ctx.market,
    side,
    action: 'buy',
    qty: ctx.qty,
    limitPrice: l.price,
    clientOrderId: `${ctx.executionId}-${side === 'yes' ? 'y' : 'n'}`,
    executionId: ctx.executionId,
    reduceOnly: false
  };
}

/** Lookup reference for a placed order. */
export function refOf(order: OrderRequest, outcome: OrderOutcome | null): OrderRef {
  const base = {
    venue: order.venue,
    market: order.market,
    side: order.side,
    action: order.action,
    qty: order.qty,
    clientOrderId: order.clientOrderId
  };
  return outcome?.orderId !== undefined ? { ...base, orderId: outcome.orderId } : base;
}

/** The lookup reference of a placed leg. */
export function lookupRef(l: LegState): OrderRef {
  if (!l.order) throw new Error(`lookup of the ${l.side} leg, which was never placed`);
  return refOf(l.order, l.outcome);
}

/** Both entry orders, for the `placeLegs` actor. */
export function legsInput(ctx: ExecutionContext): LegsInput {
  const { yes, no } = ctx.legs;
  if (!yes.order || !no.order) throw new Error('executeLegs without both entry orders');
  return { yes: yes.order, no: no.order };
}

/** True when the leg's outcome is final (amounts exact). */
export function legResolved(l: LegState): boolean {
  return l.outcome !== null && isTerminal(l.outcome.status);
}

/** Exactly filled contracts of a resolved leg (0 otherwise). */
export function legFilled(l: LegState): Qty {
  return legResolved(l) && l.outcome ? l.outcome.filledQty : ZERO_QTY;
}

/** The `capped` event when sizing sent fewer contracts than offered, else null. */
export function cappedEvent(ctx: ExecutionContext): ExecutionEmitted | null {
  const wanted = availableQty(ctx);
  return ctx.qty >= CONTRACT && ctx.qty < wanted
    ? { type: 'capped', wanted, capacity: ctx.capacity, qty: ctx.qty }
    : null;
}

/** The legs with both entry orders built (executeLegs entry). */
export function entryLegs(ctx: ExecutionContext): ExecutionContext['legs'] {
  const { yes, no } = ctx.legs;
  return {
    yes: { ...yes, order: entryOrder(ctx, 'yes') },
    no: { ...no, order: entryOrder(ctx, 'no') }
  };
}

/** The legs with one side patched. */
export function patchLeg(
  ctx: ExecutionContext,
  side: Side,
  patch: Partial<LegState>
): ExecutionContext['legs'] {
  return { ...ctx.legs, [side]: { ...ctx.legs[side], ...patch } };
}
