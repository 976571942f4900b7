/**
 * The execution machine: one opportunity from claim to release.
 *
 * claim → validate → size → executeLegs (both legs at once) → reconcile (look up legs whose
 * answer is not final) → decide → autoClose → release
 *
 * Pure definition: guards and actions by name; risk through the `assessRisk` action and I/O
 * through the `placeLegs`, `placeOrder` and `lookupOrder` actors that the supervisor provides.
 * The happy path (both answers final) invokes one actor and arms one timer. Context holds
 * plain data only. Fills and progress leave through emitted events; the result is the output.
 */
import { executionSetup } from './executionSetup.js';
import { initialContext, legsInput } from './executionLogic.js';
import { buildOutput } from './output.js';
import { reconcileRegion } from './reconcileRegion.js';
import { autoCloseState } from './autoCloseState.js';

export { executionSetup } from './executionSetup.js';

/** The execution machine (see the module comment). */
export const executionMachine = executionSetup.createMachine({
  id: 'execution',
  context: ({ input }) => initialContext(input),
  initial: 'claim',
  output: ({ context }) => buildOutput(context),
  states: {
    claim: {
      entry: 'readHoldings',
      always: [{ guard: 'resuming', target: 'reconcile' }, { target: 'validate' }]
    },
    validate: {
      entry: ['assessRisk', { type: 'runChecks', params: { stage: 'validate' } }],
      always: [{ guard: 'failed', target: 'release' }, { target: 'size' }]
    },
    size: {
      entry: ['sizeOrder', 'maybeEmitCapped', { type: 'runChecks', params: { stage: 'size' } }],
      always: [{ guard: 'failed', target: 'release' }, { target: 'executeLegs' }]
    },
    executeLegs: {
      entry: 'prepareLegs',
      invoke: {
        src: 'placeLegs',
        input: ({ context }) => legsInput(context)
      },
      on: {
        LEG: {
          actions: {
            type: 'record',
            params: ({ event }) => ({ of: event.side, outcome: event.outcome })
          }
        }
      },
      always: [
        { guard: 'bothLegsResolved', target: 'decide' },
        { guard: 'bothLegsAnswered', target: 'reconcile' }
      ],
      after: { legTimeout: { target: 'reconcile', actions: 'timeOutLegs' } }
    },
    reconcile: {
      type: 'parallel',
      states: { yes: reconcileRegion('yes'), no: reconcileRegion('no') },
      onDone: 'decide'
    },
    decide: {
      entry: 'applyDecision',
      always: [{ guard: 'mustClose', target: 'autoClose' }, { target: 'release' }]
    },
    autoClose: autoCloseState,
    release: { type: 'final' }
  }
});
