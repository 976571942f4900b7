/**
 * The parallel regions of the execution machine: one entry leg (place with a timeout) and one
 * reconcile region (look a pending/unknown leg up until terminal or the deadline) per side.
 */
import type { Side } from '../core/index.js';
import { refOf, unknownOutcome } from './executionLogic.js';
import { errorText, executionSetup, outcomeOf } from './executionSetup.js';

/** Entry-leg region: place one leg with a timeout; an error or timeout is `unknown`, never 0. */
export const legRegion = (side: Side) =>
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
export const reconcileRegion = (side: Side) => {
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
