/**
 * One region of the `reconcile` state per leg: a leg whose answer is not final (pending,
 * unknown, timed out) is looked up with backoff until its outcome is final or the deadline
 * passes (an alert on the way says it is late). A final leg leaves at once.
 */
import type { Side } from '../core/index.js';
import { lookupRef } from './executionLogic.js';
import { executionSetup } from './executionSetup.js';

/** The reconcile region of one leg. */
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
          reconcileAlert: { actions: { type: 'emitOrderLate', params: { of: side } } },
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
              input: ({ context }) => lookupRef(context.legs[side]),
              onDone: [
                {
                  guard: { type: 'isFinal', params: ({ event }) => ({ outcome: event.output }) },
                  target: `#${doneId}`,
                  actions: {
                    type: 'record',
                    params: ({ event }) => ({ of: side, outcome: event.output })
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
