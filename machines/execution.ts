/**
 * The execution machine: one opportunity from claim to release.
 *
 * claim → validate (market → risk → economics) → size → executeLegs (both legs at once)
 *       → reconcile (look up pending/unknown legs) → decide → autoClose → release
 *
 * Pure definition: guards and actions by name, I/O through three injected actors
 * (`assessRisk`, `placeOrder`, `lookupOrder`) that the supervisor provides. Context holds plain
 * data only. Fills and progress leave through emitted events; the result is the output.
 */
import { assign, emit, enqueueActions, fromPromise, setup, type DoneActorEvent } from 'xstate';
import {
  CONTRACT,
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
  availableQty,
  belowPolyMinimum,
  buildOutput,
  closeOrder,
  entryOrder,
  initialContext,
  legFilled,
  legResolved,
  offeredProfitPerContract,
  refOf,
  sizedProfitPerContract,
  sizedQty,
  startClose,
  unknownOutcome
} from './executionLogic.js';
import type {
  AssessInput,
  ExecutionContext,
  ExecutionEmitted,
  ExecutionInput,
  ExecutionOutput
} from './executionTypes.js';

const notProvided = (name: string) => () => Promise.reject(new Error(`${name} not provided`));

type Outcome = DoneActorEvent<OrderOutcome>;
const outcomeOf = (event: unknown): OrderOutcome => (event as Outcome).output;
const errorText = (event: unknown): string => {
  const e = (event as { error?: unknown }).error;
  return e instanceof Error ? e.message : String(e);
};

const setLeg = (
  ctx: ExecutionContext,
  side: Side,
  patch: Partial<ExecutionContext['legs']['yes']>
) => ({
  legs: { ...ctx.legs, [side]: { ...ctx.legs[side], ...patch } }
});

const hasFill = (o: OrderOutcome) => isTerminal(o.status) && o.filledQty > 0;

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
    resuming: ({ context }) => context.resume !== null,
    closePendingLookup: ({ context }) =>
      context.close?.current != null && context.close.last?.status === 'unknown',
    riskBlocked: (_, p: { verdict: RiskVerdict }) => p.verdict.blocked !== null,
    profitBelowThreshold: ({ context }) =>
      offeredProfitPerContract(context) < context.config.minProfitPerContract,
    insufficientLiquidity: ({ context }) => availableQty(context) < context.config.minQty,
    noCapacity: ({ context }) => context.qty < CONTRACT,
    belowVenueMinimum: ({ context }) => belowPolyMinimum(context),
    unprofitableAtSize: ({ context }) =>
      sizedProfitPerContract(context) < context.config.minProfitPerContract,
    dryRun: ({ context }) => context.config.dryRun,
    legResolved: ({ context }, p: { side: Side }) => legResolved(context.legs[p.side]),
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
      const wanted = availableQty(context);
      if (context.qty >= CONTRACT && context.qty < wanted) {
        enqueue.emit({ type: 'capped', wanted, capacity: context.capacity, qty: context.qty });
      }
    }),
    prepareLegs: assign(({ context }) => ({
      legs: {
        yes: { ...context.legs.yes, order: entryOrder(context, 'yes') },
        no: { ...context.legs.no, order: entryOrder(context, 'no') }
      }
    })),
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

/** Entry-leg region: place one leg with a timeout; an error or timeout is `unknown`, never 0. */
const legRegion = (side: Side) =>
  executionSetup.createStateConfig({
    initial: 'placing',
    states: {
      placing: {
        invoke: {
          src: 'placeOrder',
          input: ({ context }) => context.legs[side].order!,
          onDone: [
            {
              guard: {
                type: 'outcomeHasFill',
                params: ({ event }) => ({ outcome: outcomeOf(event) })
              },
              target: 'done',
              actions: [
                { type: 'recordLeg', params: ({ event }) => ({ side, outcome: outcomeOf(event) }) },
                { type: 'emitLegFill', params: { side } }
              ]
            },
            {
              target: 'done',
              actions: {
                type: 'recordLeg',
                params: ({ event }) => ({ side, outcome: outcomeOf(event) })
              }
            }
          ],
          onError: {
            target: 'done',
            actions: [
              {
                type: 'recordLeg',
                params: ({ context, event }) => ({
                  side,
                  outcome: unknownOutcome(
                    context.legs[side].order!.clientOrderId,
                    `adapter error: ${errorText(event)}`
                  )
                })
              },
              {
                type: 'emitLegUnknown',
                params: ({ event }) => ({ side, reason: errorText(event) })
              }
            ]
          }
        },
        after: {
          legTimeout: {
            target: 'done',
            actions: [
              {
                type: 'recordLeg',
                params: ({ context }) => ({
                  side,
                  outcome: unknownOutcome(context.legs[side].order!.clientOrderId, 'leg timeout')
                })
              },
              { type: 'emitLegUnknown', params: { side, reason: 'leg timeout' } }
            ]
          }
        }
      },
      done: { type: 'final' }
    }
  });

/** Reconcile region: look a pending/unknown leg up with backoff until terminal or deadline. */
const reconcileRegion = (side: Side) => {
  const doneId = `reconcile-${side}-done`;
  const lookupDelay = side === 'yes' ? 'lookupBackoffYes' : 'lookupBackoffNo';
  return executionSetup.createStateConfig({
    initial: 'check',
    states: {
      check: {
        always: [
          { guard: { type: 'legResolved', params: { side } }, target: 'done' },
          { target: 'resolving' }
        ]
      },
      resolving: {
        initial: 'lookup',
        after: {
          reconcileDeadline: {
            target: 'gaveUp',
            actions: [
              { type: 'markUnresolved', params: { side } },
              { type: 'emitLegUnknown', params: { side, reason: 'reconcile deadline passed' } }
            ]
          }
        },
        states: {
          lookup: {
            invoke: {
              src: 'lookupOrder',
              input: ({ context }) => refOf(context.legs[side].order!, context.legs[side].outcome),
              onDone: [
                {
                  guard: {
                    type: 'outcomeHasFill',
                    params: ({ event }) => ({ outcome: outcomeOf(event) })
                  },
                  target: `#${doneId}`,
                  actions: [
                    {
                      type: 'recordLeg',
                      params: ({ event }) => ({ side, outcome: outcomeOf(event) })
                    },
                    { type: 'emitLegFill', params: { side } }
                  ]
                },
                {
                  guard: {
                    type: 'outcomeTerminal',
                    params: ({ event }) => ({ outcome: outcomeOf(event) })
                  },
                  target: `#${doneId}`,
                  actions: {
                    type: 'recordLeg',
                    params: ({ event }) => ({ side, outcome: outcomeOf(event) })
                  }
                },
                { target: 'wait', actions: { type: 'countLookup', params: { side } } }
              ],
              onError: { target: 'wait', actions: { type: 'countLookup', params: { side } } }
            }
          },
          wait: { after: { [lookupDelay]: 'lookup' } }
        }
      },
      gaveUp: { type: 'final' },
      done: { id: doneId, type: 'final' }
    }
  });
};

/** The execution machine (see the module comment for the flow). */
export const executionMachine = executionSetup.createMachine({
  id: 'execution',
  context: ({ input }) => initialContext(input),
  initial: 'claim',
  output: ({ context }) => buildOutput(context),
  states: {
    claim: {
      always: [{ guard: 'resuming', target: 'reconcile' }, { target: 'validate' }]
    },
    validate: {
      initial: 'market',
      states: {
        market: {
          always: [
            {
              guard: 'marketUnknown',
              target: '#execution.release',
              actions: { type: 'fail', params: { code: 'unknown_market' } }
            },
            { target: 'risk' }
          ]
        },
        risk: {
          invoke: {
            src: 'assessRisk',
            input: ({ context }) => ({ req: context.req, market: context.market! }),
            onDone: [
              {
                guard: { type: 'riskBlocked', params: ({ event }) => ({ verdict: event.output }) },
                target: '#execution.release',
                actions: {
                  type: 'fail',
                  params: ({ event }) => ({
                    code: event.output.blocked ?? 'circuit_breaker',
                    detail: event.output.detail ?? event.output.blocked ?? ''
                  })
                }
              },
              {
                target: 'economics',
                actions: { type: 'takeVerdict', params: ({ event }) => ({ verdict: event.output }) }
              }
            ],
            onError: {
              target: '#execution.release',
              actions: {
                type: 'fail',
                params: ({ event }) => ({
                  code: 'circuit_breaker',
                  detail: `risk check failed: ${errorText(event)}`
                })
              }
            }
          }
        },
        economics: {
          always: [
            {
              guard: 'profitBelowThreshold',
              target: '#execution.release',
              actions: { type: 'fail', params: { code: 'profit_below_threshold' } }
            },
            {
              guard: 'insufficientLiquidity',
              target: '#execution.release',
              actions: { type: 'fail', params: { code: 'insufficient_liquidity' } }
            },
            { target: '#execution.size' }
          ]
        }
      }
    },
    size: {
      entry: ['sizeOrder', 'maybeEmitCapped'],
      always: [
        {
          guard: 'noCapacity',
          target: 'release',
          actions: { type: 'fail', params: { code: 'circuit_breaker', detail: 'no capacity left' } }
        },
        {
          guard: 'belowVenueMinimum',
          target: 'release',
          actions: { type: 'fail', params: { code: 'below_venue_minimum' } }
        },
        {
          guard: 'unprofitableAtSize',
          target: 'release',
          actions: {
            type: 'fail',
            params: { code: 'profit_below_threshold', detail: 'at capped size' }
          }
        },
        {
          guard: 'dryRun',
          target: 'release',
          actions: { type: 'fail', params: { code: 'dry_run' } }
        },
        { target: 'executeLegs' }
      ]
    },
    executeLegs: {
      type: 'parallel',
      entry: 'prepareLegs',
      states: { yes: legRegion('yes'), no: legRegion('no') },
      onDone: 'reconcile'
    },
    reconcile: {
      type: 'parallel',
      states: { yes: reconcileRegion('yes'), no: reconcileRegion('no') },
      onDone: 'decide'
    },
    decide: {
      always: [
        {
          guard: 'anyUnresolved',
          target: 'release',
          actions: {
            type: 'fail',
            params: { code: 'order_unresolved', detail: 'leg outcome unknown at deadline' }
          }
        },
        {
          guard: 'nothingFilled',
          target: 'release',
          actions: { type: 'fail', params: { code: 'execution_failed', detail: 'no leg filled' } }
        },
        { guard: 'matched', target: 'release' },
        { target: 'autoClose' }
      ]
    },
    autoClose: {
      entry: ['beginClose', 'emitMismatch'],
      initial: 'settle',
      states: {
        settle: {
          always: [
            { guard: 'closeDone', target: '#execution.release' },
            { guard: 'closePendingLookup', target: 'lookup' },
            { guard: 'closeOnPolymarket', target: 'settling' },
            { target: 'placing' }
          ]
        },
        settling: { after: { polySettlementWait: 'placing' } },
        placing: {
          entry: ['nextCloseOrder', 'emitCloseAttempt'],
          invoke: {
            src: 'placeOrder',
            input: ({ context }) => context.close!.current!,
            onDone: [
              {
                guard: {
                  type: 'outcomeHasFill',
                  params: ({ event }) => ({ outcome: outcomeOf(event) })
                },
                target: 'evaluate',
                actions: [
                  { type: 'recordClose', params: ({ event }) => ({ outcome: outcomeOf(event) }) },
                  'emitCloseFill'
                ]
              },
              {
                target: 'evaluate',
                actions: {
                  type: 'recordClose',
                  params: ({ event }) => ({ outcome: outcomeOf(event) })
                }
              }
            ],
            onError: {
              target: 'evaluate',
              actions: {
                type: 'recordClose',
                params: ({ context, event }) => ({
                  outcome: unknownOutcome(context.close!.current!.clientOrderId, errorText(event))
                })
              }
            }
          },
          after: {
            legTimeout: {
              target: 'evaluate',
              actions: {
                type: 'recordClose',
                params: ({ context }) => ({
                  outcome: unknownOutcome(context.close!.current!.clientOrderId, 'close timeout')
                })
              }
            }
          }
        },
        evaluate: {
          always: [
            { guard: 'closeDone', target: '#execution.release' },
            { guard: 'closeNeedsLookup', target: 'lookup' },
            { guard: 'closeRetrySamePrice', target: 'wait', actions: 'sameRetry' },
            { guard: 'closeCanStepDown', target: 'wait', actions: 'stepDown' },
            {
              target: '#execution.release',
              actions: {
                type: 'stopClose',
                params: ({ context }) => ({
                  reason:
                    context.close?.last?.status === 'rejected'
                      ? `rejected (${context.close.last.rejectKind ?? 'other'}): ${context.close.last.reason ?? ''}`
                      : 'price floor reached'
                })
              }
            }
          ]
        },
        lookup: {
          initial: 'query',
          after: {
            reconcileDeadline: {
              target: '#execution.release',
              actions: {
                type: 'stopClose',
                params: { reason: 'close order outcome unknown at deadline' }
              }
            }
          },
          states: {
            query: {
              invoke: {
                src: 'lookupOrder',
                input: ({ context }) => refOf(context.close!.current!, context.close!.last),
                onDone: [
                  {
                    guard: {
                      type: 'outcomeHasFill',
                      params: ({ event }) => ({ outcome: outcomeOf(event) })
                    },
                    target: '#execution.autoClose.evaluate',
                    actions: [
                      {
                        type: 'recordClose',
                        params: ({ event }) => ({ outcome: outcomeOf(event) })
                      },
                      'emitCloseFill'
                    ]
                  },
                  {
                    guard: {
                      type: 'outcomeTerminal',
                      params: ({ event }) => ({ outcome: outcomeOf(event) })
                    },
                    target: '#execution.autoClose.evaluate',
                    actions: {
                      type: 'recordClose',
                      params: ({ event }) => ({ outcome: outcomeOf(event) })
                    }
                  },
                  { target: 'pause', actions: 'countCloseLookup' }
                ],
                onError: { target: 'pause', actions: 'countCloseLookup' }
              }
            },
            pause: { after: { closeLookupBackoff: 'query' } }
          }
        },
        wait: { after: { closeRetryDelay: 'placing' } }
      }
    },
    release: { type: 'final' }
  }
});
