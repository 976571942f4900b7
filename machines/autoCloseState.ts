/**
 * Auto-close of an unhedged excess: wait for Polymarket settlement, then sell from the original
 * price down 1¢ per retry to the floor, same-price retries on settlement / rate-limit errors,
 * lookups of close orders whose outcome is unknown; when the other venue also holds the side
 * and this one has sold what it holds (or cannot go on), the close moves there and starts a
 * new walk (a Polymarket one after the settlement wait). When the sell cannot go on anywhere
 * (no bid down to the floor, attempts used, refused for good, nothing held, a Polymarket sell
 * under the venue minimum) the close hedges the rest: buys the other side from the other
 * leg's price up 1¢ per retry to the ceiling, on Kalshi, then on Polymarket. Only a hedge that
 * ends, or a close order still unknown at the deadline (an alert names it at `alertMs`),
 * stops the close. Recovered executions may enter with a close already done or pending.
 */
import { executionSetup } from './executionSetup.js';
import { closeRef } from './closeLogic.js';

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
        input: ({ context }) => closeRef(context).order,
        onDone: {
          target: 'evaluate',
          actions: {
            type: 'record',
            params: ({ event }) => ({ of: 'close', outcome: event.output })
          }
        },
        onError: {
          target: 'evaluate',
          actions: { type: 'closeUnanswered', params: { reason: 'adapter error' } }
        }
      },
      after: {
        legTimeout: {
          target: 'evaluate',
          actions: { type: 'closeUnanswered', params: { reason: 'close timeout' } }
        }
      }
    },
    evaluate: {
      always: [
        { guard: 'closeDone', target: '#execution.release' },
        { guard: 'closeNeedsLookup', target: 'lookup' },
        { guard: 'closeSwitchVenue', target: 'settle', actions: 'switchVenue' },
        { guard: 'closeRetrySamePrice', target: 'wait', actions: 'sameRetry' },
        { guard: 'closeCanStepDown', target: 'wait', actions: 'stepDown' },
        { guard: 'closeCanStepUp', target: 'wait', actions: 'stepUp' },
        { guard: 'closeMustHedge', target: 'settle', actions: 'beginHedge' },
        { target: '#execution.release', actions: 'stopClose' }
      ]
    },
    lookup: {
      initial: 'query',
      after: {
        reconcileAlert: { actions: { type: 'emitOrderLate', params: { of: 'close' } } },
        reconcileDeadline: { target: '#execution.release', actions: 'stopClose' }
      },
      states: {
        query: {
          invoke: {
            src: 'lookupOrder',
            input: ({ context }) => closeRef(context).ref,
            onDone: [
              {
                guard: { type: 'isFinal', params: ({ event }) => ({ outcome: event.output }) },
                target: '#execution.autoClose.evaluate',
                actions: {
                  type: 'record',
                  params: ({ event }) => ({ of: 'close', outcome: event.output })
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
