/**
 * Abstract model of the execution machine for model-based tests (`xstate/graph`).
 *
 * `createTestModel` refuses machines with `invoke` / `after`, so the model has the real
 * machine's state hierarchy (same state values) and explicit events for every actor answer and
 * timer. Each model transition names the real transition it stands for by its source, target
 * and trigger (a {@link TransitionKey}, the same names {@link realTransitions} gives the real
 * machine) through its `claim` action, which the test provides to record the names.
 * World: PolyYesKalshiNo, entry legs fill all or nothing, one auto-close step-down reaches
 * the price floor, one same-price retry is allowed (after a settlement reject, or a close order
 * a lookup proves the venue never took). A sell that cannot go on on any venue (the floor, a
 * permanent reject, the Polymarket minimum) turns into a hedge: buy the other side on Kalshi
 * from the other leg's 45¢, one step up to the ceiling, then on Polymarket (its buy clears the
 * minimum in every world) after the settlement wait, from 45¢ to the ceiling; only a hedge
 * that ends stops the close. Timers are shared events (LEG_TIMEOUT, RETRY, ALERT, DEADLINE):
 * on one clock, a timeout hits every leg still waiting, so a YES-only timeout is "answer NO,
 * then LEG_TIMEOUT". An alert (ALERT, CLOSE_ALERT) comes before its deadline, once per stay
 * in the state, and only while no lookup backoff is running (the clock would fire that first).
 */
import { and, assign, not, setup, stateIn, type AnyStateMachine, type EventObject } from 'xstate';
import { machineTransitions } from '../../machines/statechart.js';
import type { ErrorCode, RiskBlock, Side } from '../../core/index.js';

const REJECTS = ['MARKET_UNKNOWN', 'RISK_BLOCKED', 'RISK_THROW', 'PROFIT_LOW', 'THIN'] as const;
const SIZED = ['NO_CAPACITY', 'BELOW_MIN', 'UNPROFITABLE_AT_SIZE', 'DRY_RUN', 'GO'] as const;
/**
 * GO on a market the venues already hold (the risk layer tells): Kalshi net 5 YES and 10
 * Polymarket NO tokens. A Kalshi NO excess of 10 is sold 5 on Kalshi (all its net can give)
 * and the rest on Polymarket; a Polymarket YES excess (5 real after netting) moves to Kalshi's
 * 5 YES when Polymarket cannot go on. What the second venue cannot sell is hedged.
 */
const HELD = ['SPLIT'] as const;
/**
 * GO under Polymarket's $1 minimum: a Polymarket YES excess of 10 sells at 45¢ but cannot
 * step down (10 × 1¢ is under $1), so the close hedges it: buys NO on Kalshi from 45¢ up to
 * the ceiling (one step), then on Polymarket (10 × 45¢ clears $1). A Kalshi NO excess walks
 * down to the floor first, then hedges the same way. Close answers in this world: filled or
 * none (looked-up ones: any).
 */
const MIN = ['HEDGE'] as const;
/** Executions resumed after a restart: legs unknown; excess already closed; a close pending. */
const RESUMED = ['RESUME_OPEN', 'RESUME_CLOSED', 'RESUME_CLOSE_PENDING'] as const;
/** What the submitted opportunity is set up to hit (the test maps each to a request). */
export const SCENARIOS = [...REJECTS, ...SIZED, ...HELD, ...MIN, ...RESUMED];
export type Scenario = (typeof SCENARIOS)[number];
/** An entry leg: no answer yet, answered but not final, or final. */
type LegStatus = 'waiting' | 'filled' | 'none' | 'open';
/** `unplaced`: `none`, the venue provably never took the order (it says nothing of the price). */
type CloseLast = 'filled' | 'partial' | 'none' | 'unplaced' | 'retryable' | 'permanent' | 'open';

const INITIAL = {
  ...{ scenario: null as Scenario | null, riskCode: null as RiskBlock | null },
  ...{ yes: 'waiting' as LegStatus, no: 'waiting' as LegStatus, unresolved: false },
  /** The alert of the current reconcile or close lookup fired (reset on leaving it). */
  alerted: false,
  ...{ closeOnPoly: false, last: null as CloseLast | null, sameRetries: 0, atFloor: false },
  /** The other venue holds the side too; a full fill on the first venue moves the close on. */
  ...{ split: false, fillSwitch: false },
  /**
   * HEDGE: the close sells on Polymarket, where a step down would be under its minimum; the
   * close hedging (any world), on which venue; the hedge at its ceiling.
   */
  ...{ polySell: false, hedge: null as 'kalshi' | 'poly' | null, atCeiling: false },
  /** Recovered close progress of a resumed execution. */
  resumeClose: null as 'done' | 'pending' | null,
  /** Predicted result: error code, excess fully closed, auto-close stopped short. */
  ...{ error: null as ErrorCode | null, hedged: false, stopped: false }
};
export type ModelContext = typeof INITIAL;

type Yn = 'YES' | 'NO';
type Answer = 'FILLED' | 'NONE' | 'PENDING' | 'THROW';
type CloseAnswer = Answer | 'PARTIAL' | 'SETTLEMENT_REJECT' | 'PERMANENT_REJECT' | 'TIMEOUT';
type Timer = 'LEG_TIMEOUT' | 'RETRY' | 'ALERT' | 'DEADLINE' | 'SETTLED';
type CloseTimer = 'CLOSE_LOOKUP_RETRY' | 'CLOSE_ALERT' | 'CLOSE_DEADLINE' | 'CLOSE_RETRY';
export type ModelEvent =
  | { type: 'RISK_BLOCKED'; code: RiskBlock }
  | { type: Exclude<Scenario, 'RISK_BLOCKED'> }
  | { type: `${Yn}_${Answer}` | `${Yn}_LOOKUP_${Answer}` | Timer | CloseTimer }
  | { type: `CLOSE_${CloseAnswer}` | `CLOSE_LOOKUP_${Answer | 'UNPLACED'}` };

/** Events with payloads (createTestModel derives the payload-free ones from the model). */
export const PAYLOAD_EVENTS: ModelEvent[] = (
  ['blacklisted', 'cooldown', 'circuit_breaker'] as const
).map((code) => ({ type: 'RISK_BLOCKED', code }));

type Ctx = ModelContext;
const m = setup({
  types: { context: {} as Ctx, events: {} as ModelEvent },
  actions: {
    patch: assign((_, p: Partial<Ctx>) => p),
    /** Names the real transition a model transition stands for (the test provides a recorder). */
    claim: (_, _p: { key: string }) => undefined
  }
});
type Patch = Partial<Ctx> | ((a: { context: Ctx; event: EventObject }) => Partial<Ctx>);
type Guard = ((c: Ctx) => boolean) | null;

/**
 * A real transition's name: `<source> → <target> [<trigger>]`, state ids relative to the
 * machine, `·` for a transition without target; the trigger is `always`, an event type,
 * `done <actor>`, `error <actor>`, `after <delay>` or `done` (a parallel state's regions all
 * final), followed by `if <guard>` when guarded.
 */
export type TransitionKey = string;
const key = (source: string, target: string | null, trigger: string): TransitionKey =>
  `${source} → ${target ?? '·'} [${trigger}]`;

/**
 * A model transition standing for the real transition `real` (null: harness only). `target`
 * is the model's (relative, or `#model.…`); a null target stays in the state.
 */
const go = (
  target: string | null,
  real: TransitionKey | null,
  patch?: Patch | null,
  guard?: Guard
) => ({
  ...(target !== null ? { target } : {}),
  ...(guard ? { guard: ({ context }: { context: Ctx }) => guard(context) } : {}),
  actions: [
    ...(patch ? [{ type: 'patch' as const, params: patch }] : []),
    ...(real ? [{ type: 'claim' as const, params: { key: real } }] : [])
  ]
});
/**
 * A model alert standing for the targetless `after reconcileAlert` transition `real`: once per
 * stay in its state (`alerted`), and not while a state of `busy` (`#id`s) waits out a lookup
 * backoff (the alert's clock advance would fire the backoff first).
 */
const alert = (real: TransitionKey, busy: readonly string[]) => ({
  guard: and([
    ({ context }: { context: Ctx }) => !context.alerted,
    ...busy.map((id) => not(stateIn(id)))
  ]),
  actions: [
    { type: 'patch' as const, params: { alerted: true } },
    { type: 'claim' as const, params: { key: real } }
  ]
});
const isAny =
  (...s: Scenario[]) =>
  (c: Ctx) =>
    c.scenario !== null && s.includes(c.scenario);
const fail = (error: ErrorCode): Patch => ({ error });
const R = '#model.release';
const final = (v: LegStatus) => v === 'filled' || v === 'none';

/** The YES/NO answer events of the entry legs (the real `LEG` event, targetless). */
const legAnswers = () => {
  const LEG = key('executeLegs', null, 'LEG');
  const answers: Record<string, ReturnType<typeof go>> = {};
  for (const side of ['yes', 'no'] as const) {
    const S = side === 'yes' ? 'YES' : 'NO';
    const to = (v: LegStatus) => go(null, LEG, { [side]: v }, (c) => c[side] === 'waiting');
    answers[`${S}_FILLED`] = to('filled');
    answers[`${S}_NONE`] = to('none');
    answers[`${S}_PENDING`] = to('open');
    answers[`${S}_THROW`] = to('open');
  }
  return answers;
};

/** The reconcile regions' backoff states: no alert while one of them waits. */
const WAITS = ['#m-yes-wait', '#m-no-wait'] as const;
const reconcileRegion = (side: Side) => {
  const [S, at, done] = [side === 'yes' ? 'YES' : 'NO', `reconcile.${side}`, `#m-${side}-done`];
  const look = `${at}.resolving.lookup`;
  const wait = `${at}.resolving.wait`;
  const backoff = side === 'yes' ? 'lookupBackoffYes' : 'lookupBackoffNo';
  const toDone = key(look, `${at}.done`, 'done lookupOrder if isFinal');
  return m.createStateConfig({
    initial: 'check',
    states: {
      check: {
        always: [
          go('done', key(`${at}.check`, `${at}.done`, 'always if legResolved'), null, (c) =>
            final(c[side])
          ),
          go('resolving', key(`${at}.check`, `${at}.resolving`, 'always'))
        ]
      },
      resolving: {
        initial: 'lookup',
        on: {
          ALERT: alert(key(`${at}.resolving`, null, 'after reconcileAlert'), WAITS),
          DEADLINE: go(
            'gaveUp',
            key(`${at}.resolving`, `${at}.gaveUp`, 'after reconcileDeadline'),
            {
              unresolved: true
            }
          )
        },
        states: {
          lookup: {
            on: {
              [`${S}_LOOKUP_FILLED`]: go(done, toDone, { [side]: 'filled' }),
              [`${S}_LOOKUP_NONE`]: go(done, toDone, { [side]: 'none' }),
              [`${S}_LOOKUP_PENDING`]: go('wait', key(look, wait, 'done lookupOrder')),
              [`${S}_LOOKUP_THROW`]: go('wait', key(look, wait, 'error lookupOrder'))
            }
          },
          wait: {
            id: `m-${side}-wait`,
            on: { RETRY: go('lookup', key(wait, look, `after ${backoff}`)) }
          }
        }
      },
      gaveUp: { type: 'final' },
      done: { id: `m-${side}-done`, type: 'final' }
    }
  });
};

const A = 'autoClose';
const toEvaluate = (trigger: string) => key(`${A}.placing`, `${A}.evaluate`, trigger);
const placed = (last: CloseLast, trigger = 'done placeOrder') =>
  go('evaluate', toEvaluate(trigger), { last });
/** Close answers of the HEDGE world (the test filters the others out there). */
export const HEDGE_CLOSE_ANSWERS: readonly string[] = ['CLOSE_FILLED', 'CLOSE_NONE'];
const LOOKED = key(`${A}.lookup.query`, `${A}.evaluate`, 'done lookupOrder if isFinal');
const looked = (last: CloseLast) => go(`#model.${A}.evaluate`, LOOKED, { last, alerted: false });
const takeRisk: Patch = ({ event }) => ({
  ...{ scenario: 'RISK_BLOCKED', riskCode: (event as EventObject & { code: RiskBlock }).code }
});
const sameRetry: Patch = ({ context }) => ({ sameRetries: context.sameRetries + 1, last: null });
// the excess is YES (Polymarket) or NO (Kalshi); the legs are forgotten from here on
const beginClose: Patch = ({ context: c }) => ({
  ...{ error: 'partial_fill', closeOnPoly: c.yes === 'filled', yes: 'open', no: 'open' },
  ...{ split: c.scenario === 'SPLIT', fillSwitch: c.scenario === 'SPLIT' && c.no === 'filled' },
  polySell: c.scenario === 'HEDGE' && c.yes === 'filled'
});
/** The sell cannot go on on any venue: the close buys the other side on Kalshi instead. */
const beginHedge: Patch = {
  ...{ hedge: 'kalshi', closeOnPoly: false, polySell: false, atFloor: false },
  ...{ sameRetries: 0, last: null }
};
/**
 * The Kalshi hedge cannot go on (at its ceiling, or refused for good): the hedge moves to
 * Polymarket, from the first price whose buy clears the minimum (45¢: 10 × 45¢ ≥ $1).
 */
const hedgeOnPoly: Patch = {
  ...{ hedge: 'poly', closeOnPoly: true, atCeiling: false, sameRetries: 0, last: null }
};
/** The current close venue can take the order again at the same price. */
const canRetrySame = (c: Ctx): boolean =>
  (c.last === 'retryable' || c.last === 'unplaced') && c.sameRetries < 1;
/** The sell can step down on the current venue (a Polymarket sell under $1 cannot). */
const canStepDown = (c: Ctx): boolean =>
  c.hedge === null && !c.polySell && c.last !== 'permanent' && !c.atFloor;
/** The hedge can step up on the current venue. */
const canStepUp = (c: Ctx): boolean => c.hedge !== null && !c.atCeiling && c.last !== 'permanent';
/** The close moves to the other venue: a new walk there. */
const switchVenue: Patch = ({ context: c }) => ({
  ...{ split: false, fillSwitch: false, closeOnPoly: !c.closeOnPoly },
  ...{ atFloor: false, sameRetries: 0, last: null }
});
/** What the pre-leg checks of `validate` answer for the scenario. */
const validateError: Patch = ({ context: c }) => ({
  error:
    c.scenario === 'MARKET_UNKNOWN'
      ? 'unknown_market'
      : c.scenario === 'RISK_BLOCKED'
        ? c.riskCode
        : c.scenario === 'RISK_THROW'
          ? 'circuit_breaker'
          : c.scenario === 'PROFIT_LOW'
            ? 'profit_below_threshold'
            : 'insufficient_liquidity'
});
const SIZE_ERRORS: Partial<Record<Scenario, ErrorCode>> = {
  NO_CAPACITY: 'circuit_breaker',
  BELOW_MIN: 'below_venue_minimum',
  UNPROFITABLE_AT_SIZE: 'profit_below_threshold',
  DRY_RUN: 'dry_run'
};
const sizeError: Patch = ({ context: c }) => ({
  error: (c.scenario && SIZE_ERRORS[c.scenario]) ?? null
});
const DECIDED = key('decide', 'release', 'always');

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
        RESUME_OPEN: go('claim', null, { scenario: 'RESUME_OPEN', yes: 'open', no: 'open' }),
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
      always: [
        go(
          'reconcile',
          key('claim', 'reconcile', 'always if resuming'),
          null,
          (c) => c.scenario?.startsWith('RESUME') ?? false
        ),
        go('validate', key('claim', 'validate', 'always'))
      ]
    },
    validate: {
      always: [
        go(
          R,
          key('validate', 'release', 'always if failed'),
          validateError,
          isAny('MARKET_UNKNOWN', 'RISK_BLOCKED', 'RISK_THROW', 'PROFIT_LOW', 'THIN')
        ),
        go('size', key('validate', 'size', 'always'))
      ]
    },
    size: {
      always: [
        go(
          R,
          key('size', 'release', 'always if failed'),
          sizeError,
          isAny('NO_CAPACITY', 'BELOW_MIN', 'UNPROFITABLE_AT_SIZE', 'DRY_RUN')
        ),
        go('executeLegs', key('size', 'executeLegs', 'always'))
      ]
    },
    executeLegs: {
      on: {
        ...legAnswers(),
        LEG_TIMEOUT: go(
          'reconcile',
          key('executeLegs', 'reconcile', 'after legTimeout'),
          ({ context: c }) => ({
            yes: c.yes === 'waiting' ? 'open' : c.yes,
            no: c.no === 'waiting' ? 'open' : c.no
          })
        )
      },
      always: [
        go(
          'decide',
          key('executeLegs', 'decide', 'always if bothLegsResolved'),
          null,
          (c) => final(c.yes) && final(c.no)
        ),
        go(
          'reconcile',
          key('executeLegs', 'reconcile', 'always if bothLegsAnswered'),
          null,
          (c) => c.yes !== 'waiting' && c.no !== 'waiting'
        )
      ]
    },
    reconcile: {
      type: 'parallel',
      states: { yes: reconcileRegion('yes'), no: reconcileRegion('no') },
      onDone: go('decide', key('reconcile', 'decide', 'done'), { alerted: false })
    },
    decide: {
      always: [
        go(R, DECIDED, fail('order_unresolved'), (c) => c.unresolved),
        go(R, DECIDED, fail('execution_failed'), (c) => c.yes !== 'filled' && c.no !== 'filled'),
        go(R, DECIDED, null, (c) => c.yes === c.no),
        go('autoClose', key('decide', 'autoClose', 'always if mustClose'), beginClose)
      ]
    },
    autoClose: {
      initial: 'settle',
      states: {
        settle: {
          always: [
            go(
              R,
              key(`${A}.settle`, 'release', 'always if closeDone'),
              { hedged: true },
              (c) => c.resumeClose === 'done'
            ),
            go(
              'lookup',
              key(`${A}.settle`, `${A}.lookup`, 'always if closePendingLookup'),
              { resumeClose: null },
              (c) => c.resumeClose === 'pending'
            ),
            go(
              'settling',
              key(`${A}.settle`, `${A}.settling`, 'always if closeOnPolymarket'),
              { closeOnPoly: false },
              (c) => c.closeOnPoly
            ),
            go('placing', key(`${A}.settle`, `${A}.placing`, 'always'))
          ]
        },
        settling: {
          on: {
            SETTLED: go('placing', key(`${A}.settling`, `${A}.placing`, 'after polySettlementWait'))
          }
        },
        placing: {
          on: {
            CLOSE_FILLED: placed('filled'),
            CLOSE_PARTIAL: placed('partial'),
            CLOSE_NONE: placed('none'),
            CLOSE_SETTLEMENT_REJECT: placed('retryable'),
            CLOSE_PERMANENT_REJECT: placed('permanent'),
            CLOSE_PENDING: placed('open'),
            // the adapter's throw is caught where the order is placed: an `unknown` answer
            CLOSE_THROW: placed('open'),
            CLOSE_TIMEOUT: placed('open', 'after legTimeout')
          }
        },
        evaluate: {
          always: [
            go(
              R,
              key(`${A}.evaluate`, 'release', 'always if closeDone'),
              { hedged: true, last: null },
              (c) => c.last === 'filled' && !c.fillSwitch
            ),
            go(
              'lookup',
              key(`${A}.evaluate`, `${A}.lookup`, 'always if closeNeedsLookup'),
              { last: null },
              (c) => c.last === 'open'
            ),
            go(
              'settle',
              key(`${A}.evaluate`, `${A}.settle`, 'always if closeSwitchVenue'),
              switchVenue,
              (c) =>
                c.hedge === null &&
                c.split &&
                (c.last === 'filled' || !(canRetrySame(c) || canStepDown(c)))
            ),
            go(
              'settle',
              key(`${A}.evaluate`, `${A}.settle`, 'always if closeSwitchVenue'),
              hedgeOnPoly,
              (c) => c.hedge === 'kalshi' && !(canRetrySame(c) || canStepUp(c))
            ),
            go(
              'wait',
              key(`${A}.evaluate`, `${A}.wait`, 'always if closeRetrySamePrice'),
              sameRetry,
              canRetrySame
            ),
            go(
              'wait',
              key(`${A}.evaluate`, `${A}.wait`, 'always if closeCanStepDown'),
              { atFloor: true, last: null },
              canStepDown
            ),
            go(
              'wait',
              key(`${A}.evaluate`, `${A}.wait`, 'always if closeCanStepUp'),
              { atCeiling: true, last: null },
              canStepUp
            ),
            go(
              'settle',
              key(`${A}.evaluate`, `${A}.settle`, 'always if closeMustHedge'),
              beginHedge,
              // every sell that cannot go on (floor, permanent reject, under $1) hedges the rest
              (c) => c.hedge === null
            ),
            // only a hedge that ends stops: on Polymarket (the Kalshi hedge can always move on)
            go(R, key(`${A}.evaluate`, 'release', 'always'), { stopped: true, last: null })
          ]
        },
        lookup: {
          initial: 'query',
          on: {
            CLOSE_ALERT: alert(key(`${A}.lookup`, null, 'after reconcileAlert'), [
              '#m-close-pause'
            ]),
            CLOSE_DEADLINE: go(R, key(`${A}.lookup`, 'release', 'after reconcileDeadline'), {
              stopped: true,
              alerted: false
            })
          },
          states: {
            query: {
              on: {
                CLOSE_LOOKUP_FILLED: looked('filled'),
                CLOSE_LOOKUP_NONE: looked('none'),
                CLOSE_LOOKUP_UNPLACED: looked('unplaced'),
                CLOSE_LOOKUP_PENDING: go(
                  'pause',
                  key(`${A}.lookup.query`, `${A}.lookup.pause`, 'done lookupOrder')
                ),
                CLOSE_LOOKUP_THROW: go(
                  'pause',
                  key(`${A}.lookup.query`, `${A}.lookup.pause`, 'error lookupOrder')
                )
              }
            },
            pause: {
              id: 'm-close-pause',
              on: {
                CLOSE_LOOKUP_RETRY: go(
                  'query',
                  key(`${A}.lookup.pause`, `${A}.lookup.query`, 'after closeLookupBackoff')
                )
              }
            }
          }
        },
        wait: {
          on: {
            CLOSE_RETRY: go('placing', key(`${A}.wait`, `${A}.placing`, 'after closeRetryDelay'))
          }
        }
      }
    },
    release: { type: 'final' }
  }
});

/**
 * Every transition of a machine, named as the model names them ({@link TransitionKey}): from
 * the public StateNode API (`machineTransitions`), not from XState internals.
 */
export function realTransitions(machine: AnyStateMachine): Set<TransitionKey> {
  return new Set(
    machineTransitions(machine).map((t) =>
      key(
        t.source.path.join('.'),
        t.target ? t.target.path.join('.') : null,
        t.guard === null ? t.trigger : `${t.trigger} if ${t.guard}`
      )
    )
  );
}
