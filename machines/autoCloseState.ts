/**
 * Auto-close of an unhedged excess: wait for Polymarket settlement, then sell from the original
 * price down 1¢ per retry to the floor, same-price retries on settlement / rate-limit errors,
 * lookups of close orders whose outcome is unknown. Recovered executions may enter with a close
 * already done or pending.
 */
import { unknownOutcome, refOf } from './executionLogic.js';
import { errorText, executionSetup, outcomeOf } from './executionSetup.js';

/** The `autoClose` state of the execution machine. */
export const autoCloseState = executionSetup.createStateConfig({
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
});
