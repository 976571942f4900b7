/**
 * Abstract model of the execution machine for model-based tests (`xstate/graph`).
 *
 * `createTestModel` refuses machines with `invoke` / `after`, so this model has the real
 * machine's state hierarchy (same state values) but explicit events for every actor answer
 * and every timer. Each model transition names, in its `description`, the real transition it
 * stands for (a key of {@link realTransitionKey}); the test checks every such claim against
 * the transitions the real actor actually took.
 *
 * Fixed world: PolyYesKalshiNo (YES on Polymarket, NO on Kalshi), entry legs fill all or
 * nothing, one auto-close step-down reaches the price floor, one same-price retry allowed.
 */
import { assign, setup, type AnyStateMachine, type EventObject } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import type { ErrorCode, RiskBlock, Side } from '../../core/index.js';

/** What the submitted opportunity is set up to hit (the test maps each to a request). */
export const SCENARIOS = [
  'MARKET_UNKNOWN',
  'RISK_BLOCKED',
  'RISK_THROW',
  'PROFIT_LOW',
  'THIN',
  'NO_CAPACITY',
  'BELOW_MIN',
  'UNPROFITABLE_AT_SIZE',
  'DRY_RUN',
  'GO'
] as const;
export type Scenario = (typeof SCENARIOS)[number];
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

type Yn = 'YES' | 'NO';
type Answer = 'FILLED' | 'NONE' | 'PENDING' | 'THROW';
type CloseAnswer = Answer | 'PARTIAL' | 'SETTLEMENT_REJECT' | 'PERMANENT_REJECT' | 'TIMEOUT';
type Timer = 'LEG_TIMEOUT' | 'RETRY' | 'DEADLINE' | 'SETTLED';
type CloseTimer = 'CLOSE_LOOKUP_RETRY' | 'CLOSE_DEADLINE' | 'CLOSE_RETRY';
export type ModelEvent =
  | { type: 'RISK_BLOCKED'; code: RiskBlock }
  | { type: Exclude<Scenario, 'RISK_BLOCKED'> }
  | { type: `${Yn}_${Answer}` | `${Yn}_LOOKUP_${Answer}` | Timer | CloseTimer }
  | { type: `CLOSE_${CloseAnswer}` | `CLOSE_LOOKUP_${Answer}` };

/** Events with payloads (createTestModel derives the payload-free ones from the model). */
export const PAYLOAD_EVENTS: ModelEvent[] = (
  ['blacklisted', 'cooldown', 'circuit_breaker'] as const
).map((code) => ({ type: 'RISK_BLOCKED', code }));

const m = setup({
  types: { context: {} as ModelContext, events: {} as ModelEvent },
  actions: { patch: assign((_, p: Partial<ModelContext>) => p) }
});
type Ctx = ModelContext;
type Patch = Partial<Ctx> | ((a: { context: Ctx; event: EventObject }) => Partial<Ctx>);
type Guard = ((c: Ctx) => boolean) | null;

/** One model transition standing for the real transition `real` (omitted: harness only). */
const go = (target: string, real: string | null, patch?: Patch, guard?: Guard) => ({
  target,
  ...(real ? { description: real } : {}),
  ...(guard ? { guard: ({ context }: { context: Ctx }) => guard(context) } : {}),
  ...(patch ? { actions: { type: 'patch' as const, params: patch } } : {})
});
/** An `always` chain mirroring the real one branch by branch (`<at> always#<i>`). */
const chain = (at: string, ...bs: [Guard, string, Patch?][]) =>
  bs.map(([g, target, p], i) => go(target, `${at} always#${i}`, p, g));
const is = (s: Scenario) => (c: Ctx) => c.scenario === s;
const fail = (error: ErrorCode): Patch => ({ error });

const legRegion = (side: Side) => {
  const S = side === 'yes' ? 'YES' : 'NO';
  const at = `executeLegs.${side}.placing`;
  const to = (v: LegStatus, real: string) => go('done', `${at} ${real}`, { [side]: v });
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
  const q = `${at}.resolving.lookup`;
  const done = `#model-${side}-done`;
  const backoff = side === 'yes' ? 'lookupBackoffYes' : 'lookupBackoffNo';
  return m.createStateConfig({
    initial: 'check',
    states: {
      check: {
        always: chain(`${at}.check`, [(c) => c[side] !== 'open', 'done'], [null, 'resolving'])
      },
      resolving: {
        initial: 'lookup',
        on: {
          DEADLINE: go('gaveUp', `${at}.resolving after.reconcileDeadline#0`, { unresolved: true })
        },
        states: {
          lookup: {
            on: {
              [`${S}_LOOKUP_FILLED`]: go(done, `${q} done.actor#0`, { [side]: 'filled' }),
              [`${S}_LOOKUP_NONE`]: go(done, `${q} done.actor#1`, { [side]: 'none' }),
              [`${S}_LOOKUP_PENDING`]: go('wait', `${q} done.actor#2`),
              [`${S}_LOOKUP_THROW`]: go('wait', `${q} error.actor#0`)
            }
          },
          wait: { on: { RETRY: go('lookup', `${at}.resolving.wait after.${backoff}#0`) } }
        }
      },
      gaveUp: { type: 'final' },
      done: { id: `model-${side}-done`, type: 'final' }
    }
  });
};

const A = 'autoClose';
const placed = (last: CloseLast, real: string) => go('evaluate', `${A}.placing ${real}`, { last });
const looked = (last: CloseLast, real: string) =>
  go(`#model.${A}.evaluate`, `${A}.lookup.query ${real}`, { last });
const start = (scenario: Scenario) => go('claim', null, { scenario });

/** The abstract model (its state values equal the real machine's). */
export const modelMachine = m.createMachine({
  id: 'model',
  context: {
    ...{ scenario: null, riskCode: null, yes: 'open', no: 'open', unresolved: false },
    ...{ closeOnPoly: false, last: null, sameRetries: 0, atFloor: false },
    ...{ error: null, hedged: false, stopped: false }
  },
  initial: 'idle',
  states: {
    /** Harness state: nothing submitted yet (no real counterpart). */
    idle: {
      on: {
        ...Object.fromEntries(SCENARIOS.map((s) => [s, start(s)])),
        RISK_BLOCKED: go('claim', null, ({ event }) => ({
          scenario: 'RISK_BLOCKED',
          riskCode: (event as Extract<ModelEvent, { code: unknown }>).code
        }))
      }
    },
    claim: { always: chain('claim', [null, 'validate']) },
    validate: {
      initial: 'market',
      states: {
        market: {
          always: chain(
            'validate.market',
            [is('MARKET_UNKNOWN'), '#model.release', fail('unknown_market')],
            [null, 'risk']
          )
        },
        // transient here: the RiskPort answers synchronously (the real state lasts a microtask)
        risk: {
          always: [
            go(
              '#model.release',
              'validate.risk done.actor#0',
              ({ context }) => ({
                error: context.riskCode
              }),
              is('RISK_BLOCKED')
            ),
            go(
              '#model.release',
              'validate.risk error.actor#0',
              fail('circuit_breaker'),
              is('RISK_THROW')
            ),
            go('economics', 'validate.risk done.actor#1')
          ]
        },
        economics: {
          always: chain(
            'validate.economics',
            [is('PROFIT_LOW'), '#model.release', fail('profit_below_threshold')],
            [is('THIN'), '#model.release', fail('insufficient_liquidity')],
            [null, '#model.size']
          )
        }
      }
    },
    size: {
      always: chain(
        'size',
        [is('NO_CAPACITY'), 'release', fail('circuit_breaker')],
        [is('BELOW_MIN'), 'release', fail('below_venue_minimum')],
        [is('UNPROFITABLE_AT_SIZE'), 'release', fail('profit_below_threshold')],
        [is('DRY_RUN'), 'release', fail('dry_run')],
        [null, 'executeLegs']
      )
    },
    executeLegs: {
      type: 'parallel',
      states: { yes: legRegion('yes'), no: legRegion('no') },
      onDone: go('reconcile', 'executeLegs done.state#0')
    },
    reconcile: {
      type: 'parallel',
      states: { yes: reconcileRegion('yes'), no: reconcileRegion('no') },
      onDone: go('decide', 'reconcile done.state#0')
    },
    decide: {
      always: chain(
        'decide',
        [(c) => c.unresolved, 'release', fail('order_unresolved')],
        [(c) => c.yes !== 'filled' && c.no !== 'filled', 'release', fail('execution_failed')],
        [(c) => c.yes === c.no, 'release'],
        // the excess is YES (Polymarket) or NO (Kalshi); leg details are forgotten from here
        [
          null,
          'autoClose',
          ({ context }) => ({
            error: 'partial_fill',
            closeOnPoly: context.yes === 'filled',
            yes: 'open',
            no: 'open'
          })
        ]
      )
    },
    autoClose: {
      initial: 'settle',
      states: {
        settle: {
          always: chain(
            `${A}.settle`,
            [(c) => c.closeOnPoly, 'settling', { closeOnPoly: false }],
            [null, 'placing']
          )
        },
        settling: { on: { SETTLED: go('placing', `${A}.settling after.polySettlementWait#0`) } },
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
          always: chain(
            `${A}.evaluate`,
            [(c) => c.last === 'filled', '#model.release', { hedged: true, last: null }],
            [(c) => c.last === 'open', 'lookup', { last: null }],
            [
              (c) => c.last === 'retryable' && c.sameRetries < 1,
              'wait',
              ({ context }) => ({ sameRetries: context.sameRetries + 1, last: null })
            ],
            [(c) => c.last !== 'permanent' && !c.atFloor, 'wait', { atFloor: true, last: null }],
            [null, '#model.release', { stopped: true, last: null }]
          )
        },
        lookup: {
          initial: 'query',
          on: {
            CLOSE_DEADLINE: go('#model.release', `${A}.lookup after.reconcileDeadline#0`, {
              stopped: true
            })
          },
          states: {
            query: {
              on: {
                CLOSE_LOOKUP_FILLED: looked('filled', 'done.actor#0'),
                CLOSE_LOOKUP_NONE: looked('none', 'done.actor#1'),
                CLOSE_LOOKUP_PENDING: go('pause', `${A}.lookup.query done.actor#2`),
                CLOSE_LOOKUP_THROW: go('pause', `${A}.lookup.query error.actor#0`)
              }
            },
            pause: {
              on: {
                CLOSE_LOOKUP_RETRY: go('query', `${A}.lookup.pause after.closeLookupBackoff#0`)
              }
            }
          }
        },
        wait: { on: { CLOSE_RETRY: go('placing', `${A}.wait after.closeRetryDelay#0`) } }
      }
    },
    release: { type: 'final' }
  }
});

/** A transition definition as XState hands it to inspectors (`@xstate.microstep`). */
export interface TransitionDef {
  readonly eventType: string;
  readonly description?: string;
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
  const s = t.source;
  const list = t.eventType === '' ? (s.always ?? []) : (s.transitions.get(t.eventType) ?? []);
  return `${s.id.replace(/^[^.]+\./, '')} ${kindOf(t.eventType)}#${list.indexOf(t)}`;
}

/**
 * Every transition of a machine: key → "source → target". Event edges come from
 * `toDirectedGraph` (it reads `StateNode.transitions`: done/error actor events, `after`
 * delays, `onDone`); it leaves out eventless `always` transitions, added from `StateNode.always`.
 */
export function allTransitions(machine: AnyStateMachine): Map<string, string> {
  type G = ReturnType<typeof toDirectedGraph>;
  const out = new Map<string, string>();
  const add = (t: TransitionDef) =>
    out.set(realTransitionKey(t), `${t.source.id} → ${t.target?.map((n) => n.id).join(',')}`);
  const walk = (g: G): void => {
    for (const e of g.edges) add(e.transition as unknown as TransitionDef);
    for (const t of (g.stateNode as unknown as TransitionDef['source']).always ?? []) {
      add(t as TransitionDef);
    }
    g.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  return out;
}
