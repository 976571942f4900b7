/**
 * Abstract model of the execution machine for model-based tests (`xstate/graph`).
 *
 * `createTestModel` refuses machines with `invoke` / `after`, so the model has the real
 * machine's state hierarchy (same state values) and explicit events for every actor answer and
 * timer. Each model transition names in its `description` the real transition it stands for
 * (a {@link realTransitionKey}); the test checks every claim against what the real actor took.
 * World: PolyYesKalshiNo, entry legs fill all or nothing, one auto-close step-down reaches
 * the price floor, one same-price (settlement) retry is allowed. Timers are shared events
 * (LEG_TIMEOUT, RETRY, DEADLINE): on one clock, a timeout hits every leg still waiting, so a
 * YES-only timeout is "answer NO, then LEG_TIMEOUT".
 */
import { assign, setup, type AnyStateMachine, type EventObject } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import type { ErrorCode, RiskBlock, Side } from '../../core/index.js';

const REJECTS = ['MARKET_UNKNOWN', 'RISK_BLOCKED', 'RISK_THROW', 'PROFIT_LOW', 'THIN'] as const;
const SIZED = ['NO_CAPACITY', 'BELOW_MIN', 'UNPROFITABLE_AT_SIZE', 'DRY_RUN', 'GO'] as const;
/** Executions resumed after a restart: legs unknown; excess already closed; a close pending. */
const RESUMED = ['RESUME_OPEN', 'RESUME_CLOSED', 'RESUME_CLOSE_PENDING'] as const;
/** What the submitted opportunity is set up to hit (the test maps each to a request). */
export const SCENARIOS = [...REJECTS, ...SIZED, ...RESUMED];
export type Scenario = (typeof SCENARIOS)[number];
type LegStatus = 'filled' | 'none' | 'open';
type CloseLast = 'filled' | 'partial' | 'none' | 'retryable' | 'permanent' | 'open';

const INITIAL = {
  ...{ scenario: null as Scenario | null, riskCode: null as RiskBlock | null },
  ...{ yes: 'open' as LegStatus, no: 'open' as LegStatus, unresolved: false },
  ...{ closeOnPoly: false, last: null as CloseLast | null, sameRetries: 0, atFloor: false },
  /** Recovered close progress of a resumed execution. */
  resumeClose: null as 'done' | 'pending' | null,
  /** Predicted result: error code, excess fully closed, auto-close stopped short. */
  ...{ error: null as ErrorCode | null, hedged: false, stopped: false }
};
export type ModelContext = typeof INITIAL;

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

type Ctx = ModelContext;
const m = setup({
  types: { context: {} as Ctx, events: {} as ModelEvent },
  actions: { patch: assign((_, p: Partial<Ctx>) => p) }
});
type Patch = Partial<Ctx> | ((a: { context: Ctx; event: EventObject }) => Partial<Ctx>);
type Guard = ((c: Ctx) => boolean) | null;

/** A model transition standing for the real transition `real` (null: harness only). */
const go = (target: string, real: string | null, patch?: Patch | null, guard?: Guard) => ({
  target,
  ...(real ? { description: real } : {}),
  ...(guard ? { guard: ({ context }: { context: Ctx }) => guard(context) } : {}),
  ...(patch ? { actions: { type: 'patch' as const, params: patch } } : {})
});
/** Guarded branches mirroring the real ones in order (`<at> always#<i>` unless `kind`). */
const chain = (at: string, ...bs: [Guard, string, (Patch | null)?, string?][]) =>
  bs.map(([g, target, p, kind], i) => go(target, `${at} ${kind ?? `always#${i}`}`, p, g));
const is = (s: Scenario) => (c: Ctx) => c.scenario === s;
const fail = (error: ErrorCode): Patch => ({ error });
const R = '#model.release';

const legRegion = (side: Side) => {
  const S = side === 'yes' ? 'YES' : 'NO';
  const to = (v: LegStatus, kind: string) =>
    go('done', `executeLegs.${side}.placing ${kind}`, { [side]: v });
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
  const [S, at, done] = [side === 'yes' ? 'YES' : 'NO', `reconcile.${side}`, `#m-${side}-done`];
  const q = (target: string, kind: string, patch?: Patch) =>
    go(target, `${at}.resolving.lookup ${kind}`, patch);
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
              [`${S}_LOOKUP_FILLED`]: q(done, 'done.actor#0', { [side]: 'filled' }),
              [`${S}_LOOKUP_NONE`]: q(done, 'done.actor#1', { [side]: 'none' }),
              [`${S}_LOOKUP_PENDING`]: q('wait', 'done.actor#2'),
              [`${S}_LOOKUP_THROW`]: q('wait', 'error.actor#0')
            }
          },
          wait: { on: { RETRY: go('lookup', `${at}.resolving.wait after.${backoff}#0`) } }
        }
      },
      gaveUp: { type: 'final' },
      done: { id: `m-${side}-done`, type: 'final' }
    }
  });
};

const A = 'autoClose';
const placed = (last: CloseLast, kind: string) => go('evaluate', `${A}.placing ${kind}`, { last });
const looked = (last: CloseLast, kind: string) =>
  go(`#model.${A}.evaluate`, `${A}.lookup.query ${kind}`, { last });
const takeRisk: Patch = ({ event }) => ({
  ...{ scenario: 'RISK_BLOCKED', riskCode: (event as EventObject & { code: RiskBlock }).code }
});
const riskError: Patch = ({ context }) => ({ error: context.riskCode });
const sameRetry: Patch = ({ context }) => ({ sameRetries: context.sameRetries + 1, last: null });
// the excess is YES (Polymarket) or NO (Kalshi); the legs are forgotten from here on
const beginClose: Patch = ({ context: c }) => ({
  ...{ error: 'partial_fill', closeOnPoly: c.yes === 'filled', yes: 'open', no: 'open' }
});

/** A resumed execution whose YES (Polymarket) leg filled and NO (Kalshi) leg did not. */
const RESUMED_MISMATCH = { yes: 'filled', no: 'none' } as const;

/** The abstract model (its state values equal the real machine's). */
export const modelMachine = m.createMachine({
  id: 'model',
  context: INITIAL,
  initial: 'idle',
  states: {
    /** Harness state: nothing submitted yet (no real counterpart). */
    idle: {
      on: {
        ...Object.fromEntries(SCENARIOS.map((s) => [s, go('claim', null, { scenario: s })])),
        RISK_BLOCKED: go('claim', null, takeRisk),
        RESUME_CLOSED: go('claim', null, {
          ...RESUMED_MISMATCH,
          scenario: 'RESUME_CLOSED',
          resumeClose: 'done'
        }),
        RESUME_CLOSE_PENDING: go('claim', null, {
          ...RESUMED_MISMATCH,
          scenario: 'RESUME_CLOSE_PENDING',
          resumeClose: 'pending'
        })
      }
    },
    claim: {
      always: chain(
        'claim',
        [(c) => c.scenario?.startsWith('RESUME') ?? false, 'reconcile'],
        [null, 'validate']
      )
    },
    validate: {
      initial: 'market',
      states: {
        market: {
          always: chain(
            'validate.market',
            [is('MARKET_UNKNOWN'), R, fail('unknown_market')],
            [null, 'risk']
          )
        },
        // transient here: the RiskPort answers synchronously (the real state lasts a microtask)
        risk: {
          always: chain(
            'validate.risk',
            [is('RISK_BLOCKED'), R, riskError, 'done.actor#0'],
            [is('RISK_THROW'), R, fail('circuit_breaker'), 'error.actor#0'],
            [null, 'economics', null, 'done.actor#1']
          )
        },
        economics: {
          always: chain(
            'validate.economics',
            [is('PROFIT_LOW'), R, fail('profit_below_threshold')],
            [is('THIN'), R, fail('insufficient_liquidity')],
            [null, '#model.size']
          )
        }
      }
    },
    size: {
      always: chain(
        'size',
        [is('NO_CAPACITY'), R, fail('circuit_breaker')],
        [is('BELOW_MIN'), R, fail('below_venue_minimum')],
        [is('UNPROFITABLE_AT_SIZE'), R, fail('profit_below_threshold')],
        [is('DRY_RUN'), R, fail('dry_run')],
        [null, 'executeLegs']
      )
    },
    executeLegs: {
      type: 'parallel',
      states: { yes: legRegion('yes'), no: legRegion('no') },
      onDone: [
        go('decide', 'executeLegs done.state#0', null, (c) => c.yes !== 'open' && c.no !== 'open'),
        go('reconcile', 'executeLegs done.state#1')
      ]
    },
    reconcile: {
      type: 'parallel',
      states: { yes: reconcileRegion('yes'), no: reconcileRegion('no') },
      onDone: go('decide', 'reconcile done.state#0')
    },
    decide: {
      always: chain(
        'decide',
        [(c) => c.unresolved, R, fail('order_unresolved')],
        [(c) => c.yes !== 'filled' && c.no !== 'filled', R, fail('execution_failed')],
        [(c) => c.yes === c.no, R],
        [null, 'autoClose', beginClose]
      )
    },
    autoClose: {
      initial: 'settle',
      states: {
        settle: {
          always: chain(
            `${A}.settle`,
            [(c) => c.resumeClose === 'done', R, { hedged: true, resumeClose: null }],
            [(c) => c.resumeClose === 'pending', 'lookup', { resumeClose: null }],
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
            [(c) => c.last === 'filled', R, { hedged: true, last: null }],
            [(c) => c.last === 'open', 'lookup', { last: null }],
            [(c) => c.last === 'retryable' && c.sameRetries < 1, 'wait', sameRetry],
            [(c) => c.last !== 'permanent' && !c.atFloor, 'wait', { atFloor: true, last: null }],
            [null, R, { stopped: true, last: null }]
          )
        },
        lookup: {
          initial: 'query',
          on: { CLOSE_DEADLINE: go(R, `${A}.lookup after.reconcileDeadline#0`, { stopped: true }) },
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
  readonly target?: readonly { readonly id: string }[];
  readonly source: { id: string; always?: unknown[]; transitions: Map<string, unknown[]> };
}

const kindOf = (eventType: string): string => {
  const k = /^xstate\.(after\.[^.]+|done\.actor|error\.actor|done\.state)\./.exec(eventType);
  return eventType === '' ? 'always' : (k?.[1] ?? eventType);
};

/** Name of a real transition: `<source> <kind>#<index among the source's of that kind>`. */
export function realTransitionKey(t: TransitionDef): string {
  const s = t.source;
  const list = t.eventType === '' ? (s.always ?? []) : (s.transitions.get(t.eventType) ?? []);
  return `${s.id.replace(/^[^.]+\./, '')} ${kindOf(t.eventType)}#${list.indexOf(t)}`;
}

/**
 * Every transition of a machine: key → "source → target". `toDirectedGraph` gives the event
 * edges (done/error actor events, `after` delays, `onDone`: it reads `StateNode.transitions`);
 * it leaves out eventless `always` transitions, which are added from `StateNode.always`.
 */
export function allTransitions(machine: AnyStateMachine): Map<string, string> {
  const out = new Map<string, string>();
  const add = (t: TransitionDef) =>
    out.set(realTransitionKey(t), `${t.source.id} → ${t.target?.map((n) => n.id).join()}`);
  const walk = (g: ReturnType<typeof toDirectedGraph>): void => {
    g.edges.forEach((e) => add(e.transition as unknown as TransitionDef));
    (g.stateNode.always as unknown as TransitionDef[] | undefined)?.forEach(add);
    g.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  return out;
}
