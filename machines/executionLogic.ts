/**
 * Pure helpers of the execution machine: sizing, order construction, accounting and the
 * result. No I/O, no clock; every function maps data to data.
 */
import {
  arbEconomics,
  CONTRACT,
  floorToContracts,
  isTerminal,
  legVenues,
  mulDiv,
  notional,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Qty,
  type Side
} from '../core/index.js';
import type {
  CloseState,
  ExecutionContext,
  ExecutionEmitted,
  ExecutionInput,
  ExecutionOutput,
  LegState,
  ResumeLeg
} from './executionTypes.js';

const leg = (side: Side, venue: LegState['venue'], price: number): LegState => ({
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
    const none = { status: 'none' as const, clientOrderId: '', filledQty: 0, notional: 0, fee: 0 };
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
  if (input.handover) return input.handover;
  const v = legVenues(input.req.arbType);
  const yes = leg('yes', v.yes, input.req.yesPrice);
  const no = leg('no', v.no, input.req.noPrice);
  const r = input.resume;
  return {
    executionId: input.executionId,
    req: input.req,
    market: input.market,
    config: input.config,
    capacity: 0,
    qty: r ? r.qty : 0,
    legs: r ? { yes: resumedLeg(yes, r.legs.yes), no: resumedLeg(no, r.legs.no) } : { yes, no },
    close: null,
    error: null,
    detail: null,
    resume: r ?? null
  };
}

/** Whole contracts available on both legs. */
export function availableQty(ctx: ExecutionContext): Qty {
  return floorToContracts(Math.min(ctx.req.yesSize, ctx.req.noSize));
}

/** Profit per contract after fees at the size the opportunity offers (at least one contract). */
export function offeredProfitPerContract(ctx: ExecutionContext): number {
  if (!ctx.market) return 0;
  const qty = Math.max(availableQty(ctx), CONTRACT);
  return arbEconomics(ctx.req, ctx.market, qty).profitPerContract;
}

/** Contracts to send: what is available, capped by risk capacity (whole contracts). */
export function sizedQty(ctx: ExecutionContext): Qty {
  return Math.min(availableQty(ctx), floorToContracts(ctx.capacity));
}

/** True when some Polymarket leg of the sized order is under the venue's minimum notional. */
export function belowPolyMinimum(ctx: ExecutionContext): boolean {
  const { yes, no } = ctx.legs;
  return [yes, no].some(
    (l) =>
      l.venue === 'polymarket' && notional(ctx.qty, l.price, 'floor') < ctx.config.polyMinNotional
  );
}

/** Profit per contract after fees at the final size. */
export function sizedProfitPerContract(ctx: ExecutionContext): number {
  if (!ctx.market || ctx.qty <= 0) return 0;
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

/** True when the leg's outcome is final (amounts exact). */
export function legResolved(l: LegState): boolean {
  return l.outcome !== null && isTerminal(l.outcome.status);
}

/** Exactly filled contracts of a resolved leg (0 otherwise). */
export function legFilled(l: LegState): Qty {
  return legResolved(l) && l.outcome ? l.outcome.filledQty : 0;
}

/** Synthetic outcome for a leg we could not hear back from. */
export function unknownOutcome(
  clientOrderId: string,
  reason: string,
  orderId?: string
): OrderOutcome {
  const base = {
    status: 'unknown' as const,
    clientOrderId,
    filledQty: 0,
    notional: 0,
    fee: 0,
    reason
  };
  return orderId !== undefined ? { ...base, orderId } : base;
}

/** Auto-close state for the leg that filled more. */
export function startClose(ctx: ExecutionContext): CloseState {
  const y = legFilled(ctx.legs.yes);
  const n = legFilled(ctx.legs.no);
  const over = y > n ? ctx.legs.yes : ctx.legs.no;
  const excess = Math.abs(y - n);
  const prior = ctx.resume?.close ?? null;
  const closed = Math.min(prior?.closed ?? 0, excess);
  return {
    venue: over.venue,
    side: over.side,
    excess,
    remaining: excess - closed,
    price: prior ? prior.price : over.price,
    attempts: prior?.attempts ?? 0,
    sameRetries: 0,
    lookups: 0,
    closed,
    proceeds: prior?.proceeds ?? 0,
    fee: prior?.fee ?? 0,
    basisNotional: over.outcome?.notional ?? 0,
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
  const filled = Math.min(outcome.filledQty, c.remaining);
  return {
    ...c,
    last: outcome,
    closed: c.closed + filled,
    remaining: c.remaining - filled,
    proceeds: c.proceeds + outcome.notional,
    fee: c.fee + outcome.fee
  };
}

function matchedCost(l: LegState, matched: Qty): number {
  const filled = legFilled(l);
  if (filled === 0 || matched === 0) return 0;
  return mulDiv(l.outcome?.notional ?? 0, matched, filled, 'half-up');
}

/** Builds the execution's output from its final context. */
export function buildOutput(ctx: ExecutionContext): ExecutionOutput {
  const { yes, no } = ctx.legs;
  const y = legFilled(yes);
  const n = legFilled(no);
  const unresolved = yes.unresolved || no.unresolved;
  const matched = unresolved ? 0 : Math.min(y, n);
  const entryFees = (yes.outcome?.fee ?? 0) + (no.outcome?.fee ?? 0);
  const c = ctx.close;
  const closePnl =
    c && c.closed > 0
      ? c.proceeds - mulDiv(c.basisNotional, c.closed, c.basisQty, 'half-up') - c.fee
      : (c?.proceeds ?? 0) - (c?.fee ?? 0);
  const realizedProfit =
    matched - matchedCost(yes, matched) - matchedCost(no, matched) - entryFees + closePnl;
  const unhedged = unresolved ? Math.max(y, n) : c ? c.remaining : Math.abs(y - n);
  const legSummary = (l: LegState) => ({
    venue: l.venue,
    requested: l.order?.qty ?? 0,
    filled: legFilled(l),
    notional: l.outcome?.notional ?? 0,
    fee: l.outcome?.fee ?? 0,
    status: l.unresolved ? 'unresolved' : (l.outcome?.status ?? 'not_sent')
  });
  const base = {
    executionId: ctx.executionId,
    marketId: ctx.req.marketId,
    success: ctx.error === null,
    error: ctx.error,
    matchedContracts: matched,
    realizedProfit,
    unhedgedContracts: unhedged,
    closedContracts: c?.closed ?? 0,
    legs: { yes: legSummary(yes), no: legSummary(no) }
  };
  return ctx.detail !== null ? { ...base, detail: ctx.detail } : base;
}

/*
 * The checks between claim and the legs, shared by the machine's guards and the supervisor's
 * fast lane so that the two paths cannot drift apart.
 */

/** Offered profit per contract under the threshold (validate.economics). */
export const profitBelowThreshold = (ctx: ExecutionContext): boolean =>
  offeredProfitPerContract(ctx) < ctx.config.minProfitPerContract;

/** Fewer contracts offered than the minimum (validate.economics). */
export const insufficientLiquidity = (ctx: ExecutionContext): boolean =>
  availableQty(ctx) < ctx.config.minQty;

/** Risk left no whole contract (size). */
export const noCapacity = (ctx: ExecutionContext): boolean => ctx.qty < CONTRACT;

/** Profit per contract under the threshold at the capped size (size). */
export const unprofitableAtSize = (ctx: ExecutionContext): boolean =>
  sizedProfitPerContract(ctx) < ctx.config.minProfitPerContract;

/** The `capped` event when sizing sent fewer contracts than offered, else null. */
export function cappedEvent(ctx: ExecutionContext): ExecutionEmitted | null {
  const wanted = availableQty(ctx);
  return ctx.qty >= CONTRACT && ctx.qty < wanted
    ? { type: 'capped', wanted, capacity: ctx.capacity, qty: ctx.qty }
    : null;
}

/** The context with both entry orders built (executeLegs entry). */
export function withEntryOrders(ctx: ExecutionContext): ExecutionContext {
  const { yes, no } = ctx.legs;
  return {
    ...ctx,
    legs: {
      yes: { ...yes, order: entryOrder(ctx, 'yes') },
      no: { ...no, order: entryOrder(ctx, 'no') }
    }
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
