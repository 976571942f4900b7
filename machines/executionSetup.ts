/**
 * Setup of the execution machine: types, named guards, actions and delays, and the slots the
 * supervisor provides — the `assessRisk` action (`RiskPort.assess` is synchronous) and three
 * actors: `placeLegs` (both entry orders at once), `placeOrder` (a closing sell) and
 * `lookupOrder`.
 */
import { assign, emit, enqueueActions, fromCallback, fromPromise, setup } from 'xstate';
import {
  applyHoldingFill,
  isRetryableReject,
  isTerminal,
  unknownOutcome,
  ZERO_QTY,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Side,
  type VenueHoldings
} from '../core/index.js';
import { firstFailure, type CheckStage } from './checks.js';
import {
  applyClose,
  beginHedge,
  canMoveOn,
  closeOrder,
  sellBlocked,
  startClose,
  steppedPrice,
  stopReasonOf,
  nextHedgePrice,
  switchVenue
} from './closeLogic.js';
import { decide } from './decide.js';
import {
  cappedEvent,
  legFilled,
  legResolved,
  patchLeg,
  sizedQty,
  entryLegs
} from './executionLogic.js';
import type {
  ExecutionContext,
  ExecutionEmitted,
  ExecutionEvent,
  ExecutionInput,
  ExecutionOutput,
  LegsInput
} from './executionTypes.js';

const notProvided = (name: string) => () => Promise.reject(new Error(`${name} not provided`));

/** True when an outcome is final and filled something. */
export const hasFill = (o: OrderOutcome): boolean => isTerminal(o.status) && o.filledQty > 0;

/** Wait after the `n`-th unsuccessful lookup (n ≥ 1): backoffMs[n − 1], the last one repeating. */
const backoff = (ms: readonly number[], n: number): number =>
  ms[Math.min(Math.max(n - 1, 0), ms.length - 1)] ?? 1_000;

/** Who an outcome belongs to: an entry leg, or the current closing sell. */
type Owner = Side | 'close';

/** The market's holdings moved by one of this execution's fills (unchanged when unknown). */
const moved = (
  h: VenueHoldings | null,
  f: Pick<OrderRequest, 'venue' | 'side' | 'action'>,
  o: OrderOutcome
): VenueHoldings | null =>
  h && hasFill(o)
    ? applyHoldingFill(h, {
        venue: f.venue,
        side: f.side,
        action: f.action,
        contracts: o.filledQty
      })
    : h;

type Ctx = ExecutionContext;
/**
 * The current venue can take the close again at the same price: after a retryable reject, or
 * after an order the venue provably never took (it proved nothing about the price).
 */
const canRetrySame = (context: Ctx): boolean => {
  const c = context.close;
  const last = c?.last;
  const k = last?.status === 'rejected' ? last.rejectKind : undefined;
  const unplaced = last?.status === 'none' && last.neverPlaced === true;
  return (
    !!c &&
    c.venueCap > 0 &&
    ((!!k && isRetryableReject(k)) || unplaced) &&
    c.sameRetries < context.config.autoClose.maxSettlementRetries &&
    !sellBlocked(context, c, c.price)
  );
};
/** The walk on the current venue can take another step (attempts left, no permanent reject). */
const canStep = (context: Ctx): boolean => {
  const c = context.close;
  if (!c || c.venueCap === 0) return false;
  if (c.attempts - c.walkStart >= context.config.autoClose.maxAttempts) return false;
  return !(c.last?.status === 'rejected' && !isRetryableReject(c.last.rejectKind ?? 'other'));
};
/** The current venue can sell again: a step down the price walk the venue can still take. */
const canStepDown = (context: Ctx): boolean => {
  const c = context.close;
  if (!c || c.mode !== 'sell' || !canStep(context)) return false;
  const next = steppedPrice(context, c);
  return c.price > context.config.autoClose.floorMicros && !sellBlocked(context, c, next);
};
/**
 * The current venue can hedge again: a step up the price walk, to the ceiling, at a price
 * whose buy of what is left clears the venue minimum.
 */
const canStepUp = (context: Ctx): boolean => {
  const c = context.close;
  if (!c || c.mode !== 'hedge' || !canStep(context)) return false;
  return c.price < context.config.autoClose.ceilingMicros && nextHedgePrice(context, c) !== null;
};

/** Machine setup: types, named guards, actions, delays and provided slots. */
export const executionSetup = setup({
  types: {
    input: {} as ExecutionInput,
    context: {} as ExecutionContext,
    events: {} as ExecutionEvent,
    output: {} as ExecutionOutput,
    emitted: {} as ExecutionEmitted
  },
  actors: {
    placeLegs: fromCallback<ExecutionEvent, LegsInput>(() => {
      throw new Error('placeLegs not provided');
    }),
    placeOrder: fromPromise<OrderOutcome, OrderRequest>(notProvided('placeOrder')),
    lookupOrder: fromPromise<OrderOutcome, OrderRef>(notProvided('lookupOrder'))
  },
  delays: {
    legTimeout: ({ context }) => context.config.legTimeoutMs,
    // not shorter than the deadline: due after it, so the deadline cancels it (no alert)
    reconcileAlert: ({ context }) => {
      const { alertMs, deadlineMs } = context.config.reconcile;
      return alertMs < deadlineMs ? alertMs : deadlineMs + 1;
    },
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
    /** Legs already placed: recovered after a restart. */
    resuming: ({ context }) => context.resume !== null,
    failed: ({ context }) => context.error !== null,
    bothLegsResolved: ({ context }) =>
      legResolved(context.legs.yes) && legResolved(context.legs.no),
    bothLegsAnswered: ({ context }) =>
      context.legs.yes.outcome !== null && context.legs.no.outcome !== null,
    legResolved: ({ context }, p: { side: Side }) => legResolved(context.legs[p.side]),
    mustClose: ({ context }) => decide(context).close,
    isFinal: (_, p: { outcome: OrderOutcome }) => isTerminal(p.outcome.status),
    closePendingLookup: ({ context }) =>
      context.close?.current != null && context.close.last?.status === 'unknown',
    closeOnPolymarket: ({ context }) => context.close?.venue === 'polymarket',
    closeDone: ({ context }) => (context.close?.remaining ?? 0) === 0,
    closeNeedsLookup: ({ context }) => {
      const s = context.close?.last?.status;
      return s === 'pending' || s === 'unknown';
    },
    /**
     * The other venue holds the side too (or, hedging, Polymarket can take the hedge buy), and
     * this one has done all it can or cannot go on (permanent reject, price floor or ceiling,
     * attempts used): the close moves there.
     */
    closeSwitchVenue: ({ context }) => {
      const c = context.close;
      if (!c || !canMoveOn(context, c)) return false;
      return (
        c.venueCap === 0 || !(canRetrySame(context) || canStepDown(context) || canStepUp(context))
      );
    },
    closeRetrySamePrice: ({ context }) => canRetrySame(context),
    closeCanStepDown: ({ context }) => canStepDown(context),
    closeCanStepUp: ({ context }) => canStepUp(context),
    /**
     * The sell cannot go on and no venue can sell the rest (checked after every other way on):
     * nothing more is held, the next Polymarket sell would be under the venue minimum, the
     * venue refused the sell for good, or the walk ended at the floor or its attempts. The
     * close hedges the rest instead: buying the other side does not depend on what a venue
     * holds or bids.
     */
    closeMustHedge: ({ context }) => {
      const c = context.close;
      return !!c && c.mode === 'sell' && c.remaining > 0;
    }
  },
  actions: {
    /** Reads the market's holdings from the risk layer (the supervisor provides the real one). */
    readHoldings: assign(() => ({ holdings: null })),
    /** Takes the risk layer's verdict (the supervisor provides the real one). */
    assessRisk: assign(() => ({
      verdict: { blocked: 'circuit_breaker' as const, detail: 'no risk port', capacity: ZERO_QTY }
    })),
    /** Runs the pre-leg checks of a stage; the first failure becomes the result. */
    runChecks: assign(({ context }, p: { stage: CheckStage }) => {
      const f = firstFailure(context, p.stage);
      return f ? { error: f.code, detail: f.detail } : {};
    }),
    sizeOrder: assign(({ context }) => ({ qty: sizedQty(context) })),
    maybeEmitCapped: enqueueActions(({ context, enqueue }) => {
      const capped = cappedEvent(context);
      if (capped) enqueue.emit(capped);
    }),
    prepareLegs: assign(({ context }) => ({ legs: entryLegs(context) })),
    /** Records an order's answer; a final answer that filled something is emitted as a fill. */
    record: enqueueActions(({ context, enqueue }, p: { of: Owner; outcome: OrderOutcome }) => {
      const { of, outcome } = p;
      if (of === 'close') {
        const c = context.close;
        if (!c) return;
        const o = c.current ?? { venue: c.venue, side: c.side, action: 'sell' as const };
        enqueue.assign({
          close: applyClose(c, outcome),
          holdings: moved(context.holdings, o, outcome)
        });
        if (hasFill(outcome)) {
          enqueue.emit({ type: 'fill', venue: o.venue, side: o.side, action: o.action, outcome });
        }
        return;
      }
      const l = context.legs[of];
      const bought = { venue: l.venue, side: l.side, action: 'buy' as const };
      enqueue.assign({
        legs: patchLeg(context, of, { outcome }),
        holdings: moved(context.holdings, bought, outcome)
      });
      if (hasFill(outcome)) {
        enqueue.emit({ type: 'fill', venue: l.venue, side: l.side, action: 'buy', outcome });
      }
      if (outcome.status === 'unknown') {
        enqueue.emit({
          type: 'legUnknown',
          side: of,
          venue: l.venue,
          reason: outcome.reason ?? 'unknown'
        });
      }
    }),
    /** The leg timeout: every leg still unanswered becomes `unknown` (looked up, never 0). */
    timeOutLegs: enqueueActions(({ context, enqueue }) => {
      let legs = context.legs;
      for (const side of ['yes', 'no'] as const) {
        const l = legs[side];
        if (l.outcome !== null || !l.order) continue;
        const outcome = unknownOutcome(l.order.clientOrderId, 'leg timeout');
        legs = { ...legs, [side]: { ...l, outcome } };
        enqueue.emit({ type: 'legUnknown', side, venue: l.venue, reason: 'leg timeout' });
      }
      enqueue.assign({ legs });
    }),
    countLookup: assign(({ context }, p: { side: Side }) => ({
      legs: patchLeg(context, p.side, { lookups: context.legs[p.side].lookups + 1 })
    })),
    markUnresolved: assign(({ context }, p: { side: Side }) => ({
      legs: patchLeg(context, p.side, { unresolved: true })
    })),
    emitLegUnknown: emit(({ context }, p: { side: Side; reason: string }) => ({
      type: 'legUnknown' as const,
      side: p.side,
      venue: context.legs[p.side].venue,
      reason: p.reason
    })),
    /** An order (entry leg or the current close order) still unknown at the alert time. */
    emitOrderLate: emit(({ context }, p: { of: Side | 'close' }) => {
      const owner = p.of === 'close' ? context.close : context.legs[p.of];
      const order = p.of === 'close' ? context.close?.current : context.legs[p.of].order;
      const { alertMs, deadlineMs } = context.config.reconcile;
      return {
        type: 'orderLate' as const,
        of: p.of,
        venue: owner?.venue ?? context.legs.yes.venue,
        clientOrderId: order?.clientOrderId ?? '',
        ...{ afterMs: alertMs, deadlineMs }
      };
    }),
    applyDecision: assign(({ context }) => {
      const d = decide(context);
      return { error: d.error, detail: d.detail };
    }),
    beginClose: assign(({ context }) => ({ close: startClose(context) })),
    switchVenue: assign(({ context }) =>
      context.close ? { close: switchVenue(context, context.close) } : {}
    ),
    /** The close turns from selling to hedging (buying the other side). */
    beginHedge: assign(({ context }) =>
      context.close ? { close: beginHedge(context, context.close) } : {}
    ),
    emitMismatch: emit(({ context }) => ({
      type: 'mismatch' as const,
      yesFilled: legFilled(context.legs.yes),
      noFilled: legFilled(context.legs.no),
      excess: context.close?.excess ?? ZERO_QTY,
      venue: context.close?.venue ?? context.legs.yes.venue,
      side: context.close?.side ?? 'yes'
    })),
    nextCloseOrder: assign(({ context }) => {
      const c = context.close;
      if (!c) return {};
      return { close: { ...c, current: closeOrder(context, c), attempts: c.attempts + 1 } };
    }),
    emitCloseAttempt: enqueueActions(({ context, enqueue }) => {
      const c = context.close;
      if (!c) return;
      enqueue.emit({
        type: 'closeAttempt',
        attempt: c.attempts,
        price: c.price,
        qty: c.current?.qty ?? c.remaining,
        venue: c.venue,
        side: c.current?.side ?? c.side,
        action: c.current?.action ?? 'sell'
      });
    }),
    /** The current close order's answer did not come (error or timeout): it is `unknown`. */
    closeUnanswered: assign(({ context }, p: { reason: string }) => {
      const c = context.close;
      if (!c?.current) return {};
      return { close: applyClose(c, unknownOutcome(c.current.clientOrderId, p.reason)) };
    }),
    countCloseLookup: assign(({ context }) =>
      context.close ? { close: { ...context.close, lookups: context.close.lookups + 1 } } : {}
    ),
    sameRetry: assign(({ context }) =>
      context.close
        ? { close: { ...context.close, sameRetries: context.close.sameRetries + 1 } }
        : {}
    ),
    stepDown: assign(({ context }) => {
      const c = context.close;
      return c ? { close: { ...c, price: steppedPrice(context, c), lookups: 0 } } : {};
    }),
    stepUp: assign(({ context }) => {
      const c = context.close;
      return c ? { close: { ...c, price: steppedPrice(context, c), lookups: 0 } } : {};
    }),
    stopClose: assign(({ context }) => {
      const c = context.close;
      const reason = stopReasonOf(context, c);
      return {
        close: c ? { ...c, stopReason: reason } : c,
        detail: `auto-close stopped: ${reason}`
      };
    })
  }
});
