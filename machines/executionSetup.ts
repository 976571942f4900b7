/**
 * Setup of the execution machine: types, named guards, actions, delays and the three actor
 * slots (`assessRisk`, `placeOrder`, `lookupOrder`) the supervisor provides.
 */
import { assign, emit, enqueueActions, fromPromise, setup, type DoneActorEvent } from 'xstate';
import {
  isRetryableReject,
  isTerminal,
  type ErrorCode,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type RiskVerdict,
  type Side
} from '../core/index.js';
import {
  applyClose,
  belowPolyMinimum,
  cappedEvent,
  closeOrder,
  insufficientLiquidity,
  legFilled,
  legResolved,
  noCapacity,
  patchLeg,
  profitBelowThreshold,
  sizedQty,
  startClose,
  unprofitableAtSize,
  withEntryOrders
} from './executionLogic.js';
import type {
  AssessInput,
  ExecutionContext,
  ExecutionEmitted,
  ExecutionInput,
  ExecutionOutput,
  LegState
} from './executionTypes.js';

const notProvided = (name: string) => () => Promise.reject(new Error(`${name} not provided`));

type Outcome = DoneActorEvent<OrderOutcome>;
export const outcomeOf = (event: unknown): OrderOutcome => (event as Outcome).output;
export const errorText = (event: unknown): string => {
  const e = (event as { error?: unknown }).error;
  return e instanceof Error ? e.message : String(e);
};

const setLeg = (ctx: ExecutionContext, side: Side, patch: Partial<LegState>) => ({
  legs: patchLeg(ctx, side, patch)
});

export const hasFill = (o: OrderOutcome) => isTerminal(o.status) && o.filledQty > 0;

/** Wait after the `n`-th unsuccessful lookup (n ≥ 1): backoffMs[n − 1], the last one repeating. */
const backoff = (ms: readonly number[], n: number): number =>
  ms[Math.min(Math.max(n - 1, 0), ms.length - 1)] ?? 1_000;

/** Machine setup: types, named guards, actions, delays and actor slots. */
export const executionSetup = setup({
  types: {
    input: {} as ExecutionInput,
    context: {} as ExecutionContext,
    output: {} as ExecutionOutput,
    emitted: {} as ExecutionEmitted
  },
  actors: {
    assessRisk: fromPromise<RiskVerdict, AssessInput>(notProvided('assessRisk')),
    placeOrder: fromPromise<OrderOutcome, OrderRequest>(notProvided('placeOrder')),
    lookupOrder: fromPromise<OrderOutcome, OrderRef>(notProvided('lookupOrder'))
  },
  delays: {
    legTimeout: ({ context }) => context.config.legTimeoutMs,
    reconcileDeadline: ({ context }) => context.config.reconcile.deadlineMs,
    lookupBackoffYes: ({ context }) =>
      backoff(context.config.reconcile.backoffMs, context.legs.yes.lookups),
    lookupBackoffNo: ({ context }) =>
      backoff(context.config.reconcile.backoffMs, context.legs.no.lookups),
    closeLookupBackoff: ({ context }) =>
      backoff(context.config.reconcile.backoffMs, context.close?.lookups ?? 0),
    polySettlementWait: ({ context }) => context.config.autoClose.polySettlementWaitMs,
    closeRetryDelay: ({ context }) => context.config.autoClose.retryDelayMs
  },
  guards: {
    marketUnknown: ({ context }) => context.market === undefined,
    // legs already placed: recovered after a restart, or handed over by the supervisor's fast lane
    resuming: ({ context }) => context.resume !== null || context.legs.yes.order !== null,
    closePendingLookup: ({ context }) =>
      context.close?.current != null && context.close.last?.status === 'unknown',
    riskBlocked: (_, p: { verdict: RiskVerdict }) => p.verdict.blocked !== null,
    profitBelowThreshold: ({ context }) => profitBelowThreshold(context),
    insufficientLiquidity: ({ context }) => insufficientLiquidity(context),
    noCapacity: ({ context }) => noCapacity(context),
    belowVenueMinimum: ({ context }) => belowPolyMinimum(context),
    unprofitableAtSize: ({ context }) => unprofitableAtSize(context),
    dryRun: ({ context }) => context.config.dryRun,
    legResolved: ({ context }, p: { side: Side }) => legResolved(context.legs[p.side]),
    bothLegsResolved: ({ context }) =>
      legResolved(context.legs.yes) && legResolved(context.legs.no),
    legPending: ({ context }, p: { side: Side }) => !legResolved(context.legs[p.side]),
    anyUnresolved: ({ context }) => context.legs.yes.unresolved || context.legs.no.unresolved,
    nothingFilled: ({ context }) =>
      legFilled(context.legs.yes) === 0 && legFilled(context.legs.no) === 0,
    matched: ({ context }) => legFilled(context.legs.yes) === legFilled(context.legs.no),
    closeOnPolymarket: ({ context }) => context.close?.venue === 'polymarket',
    closeDone: ({ context }) => (context.close?.remaining ?? 0) === 0,
    closeNeedsLookup: ({ context }) => {
      const s = context.close?.last?.status;
      return s === 'pending' || s === 'unknown';
    },
    closeRetrySamePrice: ({ context }) => {
      const c = context.close;
      const k = c?.last?.status === 'rejected' ? c.last.rejectKind : undefined;
      return (
        !!c &&
        !!k &&
        isRetryableReject(k) &&
        c.sameRetries < context.config.autoClose.maxSettlementRetries
      );
    },
    closeCanStepDown: ({ context }) => {
      const c = context.close;
      if (!c || c.attempts >= context.config.autoClose.maxAttempts) return false;
      const permanent =
        c.last?.status === 'rejected' && !isRetryableReject(c.last.rejectKind ?? 'other');
      return !permanent && c.price > context.config.autoClose.floorMicros;
    },
    outcomeHasFill: (_, p: { outcome: OrderOutcome }) => hasFill(p.outcome),
    outcomeTerminal: (_, p: { outcome: OrderOutcome }) => isTerminal(p.outcome.status)
  },
  actions: {
    fail: assign((_, p: { code: ErrorCode; detail?: string }) => ({
      error: p.code,
      detail: p.detail ?? null
    })),
    takeVerdict: assign((_, p: { verdict: RiskVerdict }) => ({ capacity: p.verdict.capacity })),
    sizeOrder: assign(({ context }) => ({ qty: sizedQty(context) })),
    maybeEmitCapped: enqueueActions(({ context, enqueue }) => {
      const capped = cappedEvent(context);
      if (capped) enqueue.emit(capped);
    }),
    prepareLegs: assign(({ context }) => ({ legs: withEntryOrders(context).legs })),
    recordLeg: assign(({ context }, p: { side: Side; outcome: OrderOutcome }) =>
      setLeg(context, p.side, { outcome: p.outcome })
    ),
    countLookup: assign(({ context }, p: { side: Side }) =>
      setLeg(context, p.side, { lookups: context.legs[p.side].lookups + 1 })
    ),
    markUnresolved: assign(({ context }, p: { side: Side }) =>
      setLeg(context, p.side, { unresolved: true })
    ),
    emitLegFill: emit(({ context }, p: { side: Side }) => {
      const l = context.legs[p.side];
      return {
        type: 'fill' as const,
        venue: l.venue,
        side: l.side,
        action: 'buy' as const,
        outcome: l.outcome!
      };
    }),
    emitLegUnknown: emit(({ context }, p: { side: Side; reason: string }) => ({
      type: 'legUnknown' as const,
      side: p.side,
      venue: context.legs[p.side].venue,
      reason: p.reason
    })),
    beginClose: assign(({ context }) => ({
      close: startClose(context),
      error: 'partial_fill' as const
    })),
    emitMismatch: emit(({ context }) => ({
      type: 'mismatch' as const,
      yesFilled: legFilled(context.legs.yes),
      noFilled: legFilled(context.legs.no),
      excess: context.close?.excess ?? 0,
      venue: context.close!.venue,
      side: context.close!.side
    })),
    nextCloseOrder: assign(({ context }) => {
      const c = context.close!;
      return { close: { ...c, current: closeOrder(context, c), attempts: c.attempts + 1 } };
    }),
    emitCloseAttempt: emit(({ context }) => {
      const c = context.close!;
      return {
        type: 'closeAttempt' as const,
        attempt: c.attempts,
        price: c.price,
        qty: c.remaining,
        venue: c.venue,
        side: c.side
      };
    }),
    recordClose: assign(({ context }, p: { outcome: OrderOutcome }) => ({
      close: applyClose(context.close!, p.outcome)
    })),
    emitCloseFill: emit(({ context }) => {
      const c = context.close!;
      return {
        type: 'fill' as const,
        venue: c.venue,
        side: c.side,
        action: 'sell' as const,
        outcome: c.last!
      };
    }),
    countCloseLookup: assign(({ context }) => ({
      close: { ...context.close!, lookups: context.close!.lookups + 1 }
    })),
    sameRetry: assign(({ context }) => ({
      close: { ...context.close!, sameRetries: context.close!.sameRetries + 1 }
    })),
    stepDown: assign(({ context }) => {
      const c = context.close!;
      const { stepMicros, floorMicros } = context.config.autoClose;
      return { close: { ...c, price: Math.max(floorMicros, c.price - stepMicros), lookups: 0 } };
    }),
    stopClose: assign(({ context }, p: { reason: string }) => ({
      close: { ...context.close!, stopReason: p.reason },
      detail: `auto-close stopped: ${p.reason}`
    }))
  }
});
