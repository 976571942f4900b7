/**
 * Abstract model of the execution machine for model-based tests (`xstate/graph`).
 *
 * `createTestModel` refuses machines with `invoke` / `after`, so this model has the real
 * machine's state hierarchy (same state values) but explicit events for every actor answer
 * and every timer. Each model transition names, in its `description`, the real machine's
 * transition it stands for (a key from {@link realTransitionKey}); the test checks those
 * claims against what the real actor actually took.
 *
 * Fixed scenario: PolyYesKalshiNo (YES on Polymarket, NO on Kalshi), legs fill all or nothing,
 * one auto-close step-down reaches the price floor, one same-price settlement retry is allowed.
 */
import { assign, setup, type AnyStateMachine } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import type { ErrorCode, RiskBlock, Side } from '../../core/index.js';

/** What the submitted opportunity is set up to hit (see the test's scenario table). */
export type Scenario =
  | 'MARKET_UNKNOWN'
  | 'RISK_BLOCKED'
  | 'RISK_THROW'
  | 'PROFIT_LOW'
  | 'THIN'
  | 'NO_CAPACITY'
  | 'BELOW_MIN'
  | 'UNPROFITABLE_AT_SIZE'
  | 'DRY_RUN'
  | 'GO';
type LegStatus = 'filled' | 'none' | 'open';
type CloseLast = 'filled' | 'partial' | 'none' | 'retryable' | 'permanent' | 'open';

export interface ModelContext {
  scenario: Scenario | null;
  riskCode: RiskBlock | null;
  yes: LegStatus;
  no: LegStatus;
  unresolved: boolean;
  closeOnPoly: boolean;
  last: CloseLast | null;
  sameRetries: number;
  atFloor: boolean;
  error: ErrorCode | null;
  hedged: boolean;
  stopped: boolean;
}

type LegEv = `${'YES' | 'NO'}_${'FILLED' | 'NONE' | 'PENDING' | 'THROW'}`;
type LookupEv = `${'YES' | 'NO'}_LOOKUP_${'FILLED' | 'NONE' | 'PENDING' | 'THROW'}`;
type CloseEv = `CLOSE_${
  | 'FILLED'
  | 'PARTIAL'
  | 'NONE'
  | 'SETTLEMENT_REJECT'
  | 'PERMANENT_REJECT'
  | 'PENDING'
  | 'THROW'
  | 'TIMEOUT'
  | 'LOOKUP_FILLED'
  | 'LOOKUP_NONE'
  | 'LOOKUP_PENDING'
  | 'LOOKUP_THROW'
  | 'LOOKUP_RETRY'
  | 'DEADLINE'
  | 'RETRY'}`;
export type ModelEvent =
  | { type: 'RISK_BLOCKED'; code: RiskBlock }
  | { type: Exclude<Scenario, 'RISK_BLOCKED'> }
  | { type: LegEv | LookupEv | CloseEv | 'LEG_TIMEOUT' | 'RETRY' | 'DEADLINE' | 'SETTLED' };

/** Events with payloads (createTestModel derives the payload-free ones from the model). */
export const PAYLOAD_EVENTS: ModelEvent[] = (
  ['blacklisted', 'cooldown', 'circuit_breaker'] as const
).map((code) => ({ type: 'RISK_BLOCKED', code }));

const m = setup({ types: { context: {} as ModelContext, events: {} as ModelEvent } });
const is =
  (s: Scenario) =>
  ({ context }: { context: ModelContext }) =>
    context.scenario === s;
const fail = (error: ErrorCode) => assign({ error });
const setLeg = (side: Side, v: LegStatus) =>
  assign(() => (side === 'yes' ? { yes: v } : { no: v }));
const setLast = (last: CloseLast) => assign({ last });

const legRegion = (side: Side) => {
  const S = side === 'yes' ? 'YES' : 'NO';
  const at = `executeLegs.${side}.placing`;
  const to = (v: LegStatus, real: string) => ({
    target: 'done',
    description: `${at} ${real}`,
    actions: setLeg(side, v)
  });
  return m.createStateConfig({
    initial: 'placing',
    states: {
      placing: {
        on: {
          [`${S}_FILLED`]: to('filled', 'done.actor#0'),
          [`${S}_NONE`]: to('none', 'done.actor#1'),
          [`${S}_PENDING`]: to('open', 'done.actor#1'),
          [`${S}_THROW`]: to('open', 'error.actor#0'),
          LEG_TIMEOUT: to('open', 'after.legTimeout#0')
        }
      },
      done: { type: 'final' }
    }
  });
};

const reconcileRegion = (side: Side) => {
  const S = side === 'yes' ? 'YES' : 'NO';
  const at = `reconcile.${side}`;
  const done = `#model-${side}-done`;
  const backoff = side === 'yes' ? 'lookupBackoffYes' : 'lookupBackoffNo';
  return m.createStateConfig({
    initial: 'check',
    states: {
      check: {
        always: [
          {
            guard: ({ context }) => context[side] !== 'open',
            target: 'done',
            description: `${at}.check always#0`
          },
          { target: 'resolving', description: `${at}.check always#1` }
        ]
      },
      resolving: {
        initial: 'lookup',
        on: {
          DEADLINE: {
            target: 'gaveUp',
            description: `${at}.resolving after.reconcileDeadline#0`,
            actions: assign({ unresolved: true })
          }
        },
        states: {
          lookup: {
            on: {
              [`${S}_LOOKUP_FILLED`]: {
                target: done,
                description: `${at}.resolving.lookup done.actor#0`,
                actions: setLeg(side, 'filled')
              },
              [`${S}_LOOKUP_NONE`]: {
                target: done,
                description: `${at}.resolving.lookup done.actor#1`,
                actions: setLeg(side, 'none')
              },
              [`${S}_LOOKUP_PENDING`]: {
                target: 'wait',
                description: `${at}.resolving.lookup done.actor#2`
              },
              [`${S}_LOOKUP_THROW`]: {
                target: 'wait',
                description: `${at}.resolving.lookup error.actor#0`
              }
            }
          },
          wait: {
            on: {
              RETRY: { target: 'lookup', description: `${at}.resolving.wait after.${backoff}#0` }
            }
          }
        }
      },
      gaveUp: { type: 'final' },
      done: { id: `model-${side}-done`, type: 'final' }
    }
  });
};

const A = 'autoClose';
const placed = (last: CloseLast, real: string) => ({
  target: 'evaluate',
  description: `${A}.placing ${real}`,
  actions: setLast(last)
});
const looked = (last: CloseLast, real: string) => ({
  target: `#model.${A}.evaluate`,
  description: `${A}.lookup.query ${real}`,
  actions: setLast(last)
});
const start = (s: Scenario) => ({
  target: 'claim' as const,
  actions: assign({ scenario: s })
});

/** The abstract model (state values equal the real machine's). */
export const modelMachine = m.createMachine({
  id: 'model',
  context: {
    scenario: null,
    riskCode: null,
    yes: 'open',
    no: 'open',
    unresolved: false,
    closeOnPoly: false,
    last: null,
    sameRetries: 0,
    atFloor: false,
    error: null,
    hedged: false,
    stopped: false
  },
  initial: 'idle',
  states: {
    /** Harness state: nothing submitted yet (no real counterpart). */
    idle: {
      on: {
        MARKET_UNKNOWN: start('MARKET_UNKNOWN'),
        RISK_BLOCKED: {
          target: 'claim',
          actions: assign(({ event }) => ({
            scenario: 'RISK_BLOCKED' as const,
            riskCode: event.code
          }))
        },
        RISK_THROW: start('RISK_THROW'),
        PROFIT_LOW: start('PROFIT_LOW'),
        THIN: start('THIN'),
        NO_CAPACITY: start('NO_CAPACITY'),
        BELOW_MIN: start('BELOW_MIN'),
        UNPROFITABLE_AT_SIZE: start('UNPROFITABLE_AT_SIZE'),
        DRY_RUN: start('DRY_RUN'),
        GO: start('GO')
      }
    },
    claim: { always: { target: 'validate', description: 'claim always#0' } },
    validate: {
      initial: 'market',
      states: {
        market: {
          always: [
            {
              guard: is('MARKET_UNKNOWN'),
              target: '#model.release',
              description: 'validate.market always#0',
              actions: fail('unknown_market')
            },
            { target: 'risk', description: 'validate.market always#1' }
          ]
        },
        // Transient here: the supervisor's RiskPort answers synchronously (one microtask).
        risk: {
          always: [
            {
              guard: is('RISK_BLOCKED'),
              target: '#model.release',
              description: 'validate.risk done.actor#0',
              actions: assign(({ context }) => ({ error: context.riskCode }))
            },
            {
              guard: is('RISK_THROW'),
              target: '#model.release',
              description: 'validate.risk error.actor#0',
              actions: fail('circuit_breaker')
            },
            { target: 'economics', description: 'validate.risk done.actor#1' }
          ]
        },
        economics: {
          always: [
            {
              guard: is('PROFIT_LOW'),
              target: '#model.release',
              description: 'validate.economics always#0',
              actions: fail('profit_below_threshold')
            },
            {
              guard: is('THIN'),
              target: '#model.release',
              description: 'validate.economics always#1',
              actions: fail('insufficient_liquidity')
            },
            { target: '#model.size', description: 'validate.economics always#2' }
          ]
        }
      }
    },
    size: {
      always: [
        {
          guard: is('NO_CAPACITY'),
          target: 'release',
          description: 'size always#0',
          actions: fail('circuit_breaker')
        },
        {
          guard: is('BELOW_MIN'),
          target: 'release',
          description: 'size always#1',
          actions: fail('below_venue_minimum')
        },
        {
          guard: is('UNPROFITABLE_AT_SIZE'),
          target: 'release',
          description: 'size always#2',
          actions: fail('profit_below_threshold')
        },
        {
          guard: is('DRY_RUN'),
          target: 'release',
          description: 'size always#3',
          actions: fail('dry_run')
        },
        { target: 'executeLegs', description: 'size always#4' }
      ]
    },
    executeLegs: {
      type: 'parallel',
      states: { yes: legRegion('yes'), no: legRegion('no') },
      onDone: { target: 'reconcile', description: 'executeLegs done.state#0' }
    },
    reconcile: {
      type: 'parallel',
      states: { yes: reconcileRegion('yes'), no: reconcileRegion('no') },
      onDone: { target: 'decide', description: 'reconcile done.state#0' }
    },
    decide: {
      always: [
        {
          guard: ({ context }) => context.unresolved,
          target: 'release',
          description: 'decide always#0',
          actions: fail('order_unresolved')
        },
        {
          guard: ({ context }) => context.yes !== 'filled' && context.no !== 'filled',
          target: 'release',
          description: 'decide always#1',
          actions: fail('execution_failed')
        },
        {
          guard: ({ context }) => context.yes === context.no,
          target: 'release',
          description: 'decide always#2'
        },
        // the excess leg: YES is on Polymarket, NO on Kalshi; leg details are forgotten from here
        {
          target: 'autoClose',
          description: 'decide always#3',
          actions: assign(({ context }) => ({
            error: 'partial_fill' as const,
            closeOnPoly: context.yes === 'filled',
            yes: 'open' as const,
            no: 'open' as const
          }))
        }
      ]
    },
    autoClose: {
      initial: 'settle',
      states: {
        settle: {
          always: [
            {
              guard: ({ context }) => context.closeOnPoly,
              target: 'settling',
              description: `${A}.settle always#0`,
              actions: assign({ closeOnPoly: false })
            },
            { target: 'placing', description: `${A}.settle always#1` }
          ]
        },
        settling: {
          on: {
            SETTLED: { target: 'placing', description: `${A}.settling after.polySettlementWait#0` }
          }
        },
        placing: {
          on: {
            CLOSE_FILLED: placed('filled', 'done.actor#0'),
            CLOSE_PARTIAL: placed('partial', 'done.actor#0'),
            CLOSE_NONE: placed('none', 'done.actor#1'),
            CLOSE_SETTLEMENT_REJECT: placed('retryable', 'done.actor#1'),
            CLOSE_PERMANENT_REJECT: placed('permanent', 'done.actor#1'),
            CLOSE_PENDING: placed('open', 'done.actor#1'),
            CLOSE_THROW: placed('open', 'error.actor#0'),
            CLOSE_TIMEOUT: placed('open', 'after.legTimeout#0')
          }
        },
        evaluate: {
          always: [
            {
              guard: ({ context }) => context.last === 'filled',
              target: '#model.release',
              description: `${A}.evaluate always#0`,
              actions: assign({ hedged: true, last: null })
            },
            {
              guard: ({ context }) => context.last === 'open',
              target: 'lookup',
              description: `${A}.evaluate always#1`,
              actions: assign({ last: null })
            },
            {
              guard: ({ context }) => context.last === 'retryable' && context.sameRetries < 1,
              target: 'wait',
              description: `${A}.evaluate always#2`,
              actions: assign(({ context }) => ({
                sameRetries: context.sameRetries + 1,
                last: null
              }))
            },
            {
              guard: ({ context }) => context.last !== 'permanent' && !context.atFloor,
              target: 'wait',
              description: `${A}.evaluate always#3`,
              actions: assign({ atFloor: true, last: null })
            },
            {
              target: '#model.release',
              description: `${A}.evaluate always#4`,
              actions: assign({ stopped: true, last: null })
            }
          ]
        },
        lookup: {
          initial: 'query',
          on: {
            CLOSE_DEADLINE: {
              target: '#model.release',
              description: `${A}.lookup after.reconcileDeadline#0`,
              actions: assign({ stopped: true })
            }
          },
          states: {
            query: {
              on: {
                CLOSE_LOOKUP_FILLED: looked('filled', 'done.actor#0'),
                CLOSE_LOOKUP_NONE: looked('none', 'done.actor#1'),
                CLOSE_LOOKUP_PENDING: {
                  target: 'pause',
                  description: `${A}.lookup.query done.actor#2`
                },
                CLOSE_LOOKUP_THROW: {
                  target: 'pause',
                  description: `${A}.lookup.query error.actor#0`
                }
              }
            },
            pause: {
              on: {
                CLOSE_LOOKUP_RETRY: {
                  target: 'query',
                  description: `${A}.lookup.pause after.closeLookupBackoff#0`
                }
              }
            }
          }
        },
        wait: {
          on: {
            CLOSE_RETRY: { target: 'placing', description: `${A}.wait after.closeRetryDelay#0` }
          }
        }
      }
    },
    release: { type: 'final' }
  }
});

/** Transition definition as XState hands it to inspectors (`@xstate.microstep`). */
interface TransitionDef {
  readonly eventType: string;
  readonly source: {
    readonly id: string;
    readonly always?: readonly unknown[];
    readonly transitions: ReadonlyMap<string, readonly unknown[]>;
  };
  readonly target?: readonly { readonly id: string }[];
}

const kindOf = (eventType: string): string => {
  if (eventType === '') return 'always';
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after.${after[1]}`;
  const done = /^xstate\.(done|error)\.(actor|state)\./.exec(eventType);
  return done ? `${done[1]}.${done[2]}` : eventType;
};

/**
 * Stable name of one real transition: `<source path> <kind>#<index among the source's
 * transitions of that kind>`, e.g. `executeLegs.yes.placing done.actor#1`.
 */
export function realTransitionKey(t: TransitionDef): string {
  const list =
    t.eventType === '' ? (t.source.always ?? []) : (t.source.transitions.get(t.eventType) ?? []);
  const path = t.source.id.replace(/^[^.]+\./, '');
  return `${path} ${kindOf(t.eventType)}#${list.indexOf(t)}`;
}

/**
 * Every transition of a machine, key → "source → target". Event edges come from
 * `toDirectedGraph` (which reads `StateNode.transitions`: done/error actor events, `after`
 * delays, `onDone`); it leaves out eventless `always` transitions, so those are added from
 * `StateNode.always`.
 */
export function allTransitions(machine: AnyStateMachine): Map<string, string> {
  type G = ReturnType<typeof toDirectedGraph>;
  const out = new Map<string, string>();
  const add = (t: TransitionDef) =>
    out.set(
      realTransitionKey(t),
      `${t.source.id} → ${(t.target ?? []).map((n) => n.id).join(',')}`
    );
  const walk = (g: G): void => {
    for (const e of g.edges) add(e.transition as unknown as TransitionDef);
    for (const t of (g.stateNode as unknown as TransitionDef['source']).always ?? [])
      add(t as TransitionDef);
    g.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  return out;
}
