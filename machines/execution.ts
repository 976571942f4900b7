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
import { buildOutput, initialContext } from './executionLogic.js';
import { errorText, executionSetup } from './executionSetup.js';
import { legRegion, reconcileRegion } from './executionRegions.js';
import { autoCloseState } from './autoCloseState.js';

export { executionSetup } from './executionSetup.js';

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
      // both answers already final (the common case): no reconcile regions, no lookup timers
      onDone: [{ guard: 'bothLegsResolved', target: 'decide' }, { target: 'reconcile' }]
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
    autoClose: autoCloseState,
    release: { type: 'final' }
  }
});
