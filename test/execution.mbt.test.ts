/**
 * Model-based tests of the execution machine: `createTestModel(model).getShortestPaths()`
 * over the abstract model (test/support/mbtModel.ts), each path driven through the real
 * engine — an ExecutionSupervisor on a ManualClock with scripted venues and risk — checking
 * the real state (or the final result) after every step, and that the real execution went
 * through the same sequence of state values as the model, microstep by microstep (from the
 * public `snapshot` of `@xstate.microstep` inspection events). Transitions are named by
 * source, target and trigger; coverage counts every transition of the real machine.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  createActor,
  type AnyMachineSnapshot,
  type InspectionEvent,
  type SnapshotFrom
} from 'xstate';
import { createTestModel } from 'xstate/graph';
import type * as ExecutionActors from '../actors/executionActors.js';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import {
  asQty,
  CENT,
  cents,
  contracts,
  dollars,
  KALSHI_STANDARD_FEES,
  NO_FILL,
  notional,
  POLYMARKET_NO_FEES,
  ZERO_MICROS,
  ZERO_QTY
} from '../core/index.js';
import type { FastExecutionRequest, MarketPair, OrderOutcome, RiskPort } from '../core/index.js';
import type { ExecutionResult, OrderRequest, Venue, VenueAdapter } from '../core/index.js';
import type { Micros, Qty, VenueHoldings } from '../core/index.js';
import type { ResumeState } from '../machines/executionTypes.js';
import { executionMachine } from '../machines/execution.js';
import {
  HEDGE_CLOSE_ANSWERS,
  modelMachine,
  PAYLOAD_EVENTS,
  realTransitions,
  SCENARIOS
} from './support/mbtModel.js';
import type { ModelEvent, Scenario } from './support/mbtModel.js';

type Mutation = Parameters<ExecutionActors.ProvidedExecutionMachine['provide']>[0];
/** A mutation the supervisor's machine gets while set (to show the model catches bugs). */
const mutant = vi.hoisted(() => ({ current: undefined as Mutation | undefined }));
vi.mock('../actors/executionActors.js', async (importOriginal) => {
  const orig = await importOriginal<typeof ExecutionActors>();
  const provide: typeof orig.provideExecutionMachine = (ports) => {
    const machine = orig.provideExecutionMachine(ports);
    return mutant.current ? machine.provide(mutant.current) : machine;
  };
  return { ...orig, provideExecutionMachine: provide };
});

const CONFIG = {
  legTimeoutMs: 5_000,
  reconcile: {
    ...{ alertMs: 20_000, deadlineMs: 30_000 }, // the alert comes first
    ...{ backoffMs: [100, 200], lookupTimeoutMs: 100_000_000 }
  },
  autoClose: {
    ...{ polySettlementWaitMs: 2_000, retryDelayMs: 100, maxSettlementRetries: 1 },
    ...{ stepMicros: 500_000, floorMicros: 10_000 }, // one step-down reaches the floor
    ceilingMicros: 950_000 // and one step up from 45¢ the ceiling
  }
};
/** Simulated time each model timer event moves the clock by (timers of CONFIG). */
const TIMERS: Partial<Record<ModelEvent['type'], number>> = {
  ...{ LEG_TIMEOUT: 5_000, CLOSE_TIMEOUT: 5_000, SETTLED: 2_000 },
  ...{ RETRY: 100, CLOSE_LOOKUP_RETRY: 100, CLOSE_RETRY: 100 },
  ...{ ALERT: 20_000, CLOSE_ALERT: 20_000 },
  // also fires any backoff and alert due before it (after an alert, it overshoots the
  // deadline: harmless, nothing runs after it)
  ...{ DEADLINE: 30_000, CLOSE_DEADLINE: 30_000 }
};

const MARKET: MarketPair = {
  ...{ marketId: 1, pairId: 'mbt', description: 'model-based test market', kalshiTicker: 'K' },
  ...{ polyYesTokenId: 'py', polyNoTokenId: 'pn' },
  tickSize: { kalshi: CENT, polymarket: CENT },
  fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES }
};
/** GO: YES on Polymarket, NO on Kalshi, 10 contracts at 45¢ + 45¢ (8.2¢ a contract). */
const GO: FastExecutionRequest = {
  ...{ marketId: 1, yesPrice: cents(45), noPrice: cents(45), arbType: 'PolyYesKalshiNo' },
  ...{ yesSize: contracts(10), noSize: contracts(10), detectedNs: 0 }
};
interface Setup {
  readonly req?: Partial<FastExecutionRequest>;
  readonly capacity?: Qty;
  readonly dryRun?: boolean;
  readonly riskThrows?: boolean;
  /** What the risk layer says the venues hold of the market before the execution. */
  readonly holdings?: VenueHoldings;
  /**
   * Polymarket's minimum notional (default 0: the model's world has no minimum except where
   * a scenario is about it).
   */
  readonly polyMin?: Micros;
}
const contracts100 = { yesSize: contracts(100), noSize: contracts(100) };
const SETUPS: Record<Scenario, Setup> = {
  MARKET_UNKNOWN: { req: { marketId: 7 } },
  RISK_BLOCKED: {},
  RISK_THROW: { riskThrows: true },
  PROFIT_LOW: { req: { yesPrice: cents(50), noPrice: cents(50) } },
  THIN: { req: { yesSize: contracts(0.5), noSize: contracts(0.5) } },
  NO_CAPACITY: { capacity: contracts(0.5) },
  BELOW_MIN: { req: { yesSize: contracts(2), noSize: contracts(2) }, polyMin: dollars(1) }, // Poly leg $0.90
  // Kalshi fees round up per order: 1¢ a contract at 100, 0.5¢ at the capped 1 contract
  UNPROFITABLE_AT_SIZE: {
    req: { arbType: 'KalshiOnly', yesPrice: cents(47.5), noPrice: cents(48), ...contracts100 },
    capacity: contracts(1)
  },
  DRY_RUN: { dryRun: true },
  GO: {},
  SPLIT: {
    holdings: { kalshiNet: contracts(5), polyYes: ZERO_QTY, polyNo: contracts(10) }
  },
  HEDGE: { polyMin: dollars(1) },
  RESUME_OPEN: {},
  RESUME_CLOSED: {},
  RESUME_CLOSE_PENDING: {}
};

const order = (
  cid: string,
  venue: Venue,
  side: 'yes' | 'no',
  action: 'buy' | 'sell'
): OrderRequest => ({
  ...{ venue, market: MARKET, side, action, qty: contracts(10), limitPrice: cents(45) },
  ...{ clientOrderId: cid, executionId: 'r', reduceOnly: action === 'sell' }
});
/** What the ledger hands back for each resumed scenario (execution id `r`). */
function resumeState(s: Scenario): ResumeState {
  const yes = order('r-y', 'polymarket', 'yes', 'buy');
  const no = order('r-n', 'kalshi', 'no', 'buy');
  if (s === 'RESUME_OPEN') {
    return {
      qty: contracts(10),
      legs: { yes: { order: yes, outcome: null }, no: { order: no, outcome: null } },
      close: null
    };
  }
  const filled: OrderOutcome = {
    status: 'filled',
    clientOrderId: 'r-y',
    filledQty: contracts(10),
    notional: dollars(4.5),
    fee: ZERO_MICROS
  };
  const none: OrderOutcome = {
    status: 'none',
    clientOrderId: 'r-n',
    ...NO_FILL
  };
  const done = s === 'RESUME_CLOSED';
  const close = {
    ...{ closed: done ? contracts(10) : ZERO_QTY, proceeds: done ? dollars(4.5) : ZERO_MICROS },
    ...{ fee: ZERO_MICROS, attempts: 1 },
    ...{ price: cents(45), pending: done ? null : order('r-c1', 'polymarket', 'yes', 'sell') }
  };
  return {
    qty: contracts(10),
    legs: { yes: { order: yes, outcome: filled }, no: { order: no, outcome: none } },
    close
  };
}

type Answer =
  'FILLED' | 'PARTIAL' | 'NONE' | 'UNPLACED' | 'PENDING' | 'SETTLEMENT_REJECT' | 'PERMANENT_REJECT';
interface Call {
  readonly cid: string;
  readonly qty: Qty;
  readonly price: Micros;
  readonly resolve: (o: OrderOutcome) => void;
  readonly reject: (e: Error) => void;
}
const roleOf = (cid: string) => (cid.endsWith('-y') ? 'yes' : cid.endsWith('-n') ? 'no' : 'close');

function outcome(c: Call, a: Answer): OrderOutcome {
  const base = { clientOrderId: c.cid, orderId: `v-${c.cid}`, ...NO_FILL };
  const fill = (q: Qty) => ({ ...base, filledQty: q, notional: notional(q, c.price) });
  if (a === 'FILLED') return { ...fill(c.qty), status: 'filled' };
  if (a === 'PARTIAL') return { ...fill(asQty(Math.floor(c.qty / 2))), status: 'partial' };
  if (a === 'NONE' || a === 'PENDING')
    return { ...base, status: a === 'NONE' ? 'none' : 'pending' };
  // a lookup that found no trace of the order: the venue never took it
  if (a === 'UNPLACED') return { ...base, status: 'none', neverPlaced: true };
  const rejectKind = a === 'SETTLEMENT_REJECT' ? 'settlement' : 'market_closed';
  return { ...base, status: 'rejected', rejectKind, reason: rejectKind };
}

type ModelSnapshot = SnapshotFrom<typeof modelMachine>;

/** The system under test: a supervisor (its machine mutated by `mutation`, if given). */
class Harness {
  readonly clock = new ManualClock();
  /** The real execution's state values, microstep by microstep, from its first state on. */
  readonly trace: string[] = [JSON.stringify('claim')];
  private readonly calls = new Map<string, Call>();
  private out: ExecutionResult | undefined;
  private view: () => unknown = () => undefined;
  constructor(private readonly mutation?: Mutation) {}

  private venue(venue: Venue): VenueAdapter {
    const park = (key: string, cid: string, qty: Qty, price: Micros, signal: AbortSignal) =>
      new Promise<OrderOutcome>((resolve, reject) => {
        const call: Call = { cid, qty, price, resolve, reject };
        this.calls.set(key, call);
        signal.addEventListener('abort', () => {
          if (this.calls.get(key) === call) this.calls.delete(key);
          reject(new Error('aborted'));
        });
      });
    return {
      venue,
      placeOrder: (o, s) =>
        park(`place:${roleOf(o.clientOrderId)}`, o.clientOrderId, o.qty, o.limitPrice, s),
      lookupOrder: (r, s) =>
        park(`lookup:${roleOf(r.clientOrderId)}`, r.clientOrderId, r.qty, cents(45), s)
    };
  }

  async submit(event: ModelEvent & { type: Scenario }): Promise<void> {
    const s = SETUPS[event.type];
    const req: FastExecutionRequest = { ...GO, ...s.req };
    const config = { ...CONFIG, dryRun: s.dryRun ?? false, polyMinNotional: s.polyMin ?? 0 };
    const risk: RiskPort = {
      assess: () => {
        if (s.riskThrows) throw new Error('risk service down');
        const blocked = event.type === 'RISK_BLOCKED' ? event.code : null;
        return { blocked, capacity: s.capacity ?? asQty(Number.MAX_SAFE_INTEGER) };
      },
      onFill: () => undefined,
      onResult: () => undefined,
      ...(s.holdings ? { holdings: () => s.holdings ?? null } : {})
    };
    const venues = { kalshi: this.venue('kalshi'), polymarket: this.venue('polymarket') };
    const inspect = (ev: InspectionEvent) => {
      if (ev.type === '@xstate.microstep')
        this.trace.push(JSON.stringify((ev.snapshot as AnyMachineSnapshot).value));
    };
    const clock = this.clock;
    mutant.current = this.mutation;
    const sup = new ExecutionSupervisor({
      markets: [MARKET],
      venues,
      clock,
      risk,
      config,
      inspect
    });
    mutant.current = undefined;
    if (event.type.startsWith('RESUME')) {
      sup.results$.subscribe((r) => (this.out = r));
      sup.resume([{ executionId: 'r', req, state: resumeState(event.type) }]);
    } else {
      void sup.submit(req).then((r) => (this.out = r));
    }
    this.view = () => sup.liveExecutions()[0]?.state;
    await clock.flush();
  }

  async perform(event: ModelEvent): Promise<void> {
    if ((SCENARIOS as readonly string[]).includes(event.type)) {
      return this.submit(event as ModelEvent & { type: Scenario });
    }
    const ms = TIMERS[event.type];
    if (ms !== undefined) return this.clock.advance(ms);
    const [, who, lookup, answer] = /^(YES|NO|CLOSE)_(LOOKUP_)?(.+)$/.exec(event.type) ?? [];
    const key = `${lookup ? 'lookup' : 'place'}:${who?.toLowerCase()}`;
    const call = this.calls.get(key);
    if (!call) throw new Error(`harness: no ${key} call waiting for ${event.type}`);
    this.calls.delete(key);
    if (answer === 'THROW') call.reject(new Error('venue 503'));
    else call.resolve(outcome(call, answer as Answer));
    await this.clock.flush();
  }

  /** The real execution corresponds to the model state. */
  check(state: ModelSnapshot): void {
    if (state.matches('idle') || state.status !== 'done') {
      expect(this.view()).toEqual(state.matches('idle') ? undefined : state.value);
      return;
    }
    const c = state.context;
    expect(this.view(), 'execution finished').toBeUndefined();
    expect(this.out?.error).toBe(c.error);
    expect(this.out?.success).toBe(c.error === null);
    if (c.error === 'partial_fill') {
      expect(this.out?.unhedgedContracts === 0, 'excess fully closed').toBe(c.hedged);
      expect(this.out?.detail?.startsWith('auto-close stopped') ?? false).toBe(c.stopped);
    }
  }
}

const testModel = createTestModel(modelMachine, {
  events: PAYLOAD_EVENTS,
  // the model raises its own `xstate.done.state.*` (onDone); they are not stimuli
  filterEvents: (state, event) =>
    !event.type.startsWith('xstate.') &&
    // only events the model takes there: a guarded-off one would still be performed (an
    // alert's clock advance fires the lookup backoff or the deadline in the real machine)
    state.can(event) &&
    // the HEDGE world's close orders fill or do not (its quantities stay whole)
    !(
      state.context.scenario === 'HEDGE' &&
      /^CLOSE_(?!LOOKUP|RETRY|ALERT|DEADLINE)/.test(event.type) &&
      !HEDGE_CLOSE_ANSWERS.includes(event.type)
    )
});
const paths = testModel.getShortestPaths();
type Path = (typeof paths)[number];

/** Consecutive duplicates removed (a transition without target leaves the value as it is). */
const collapse = (xs: readonly string[]): string[] =>
  xs.filter((x, i) => i === 0 || x !== xs[i - 1]);

/** Replays a path on the model: the real transitions it stands for, and its state values. */
function replay(path: Path): { claims: readonly string[]; trace: string[] } {
  const trace: string[] = [];
  const claims: string[] = [];
  const recording = modelMachine.provide({
    actions: { claim: (_, p: { key: string }) => void claims.push(p.key) }
  });
  const actor = createActor(recording, {
    inspect: (ev) => {
      if (ev.type === '@xstate.microstep')
        trace.push(JSON.stringify((ev.snapshot as AnyMachineSnapshot).value));
    }
  }).start();
  for (const s of path.steps.slice(1)) actor.send(s.event); // steps[0] is xstate.init
  actor.stop();
  return { claims, trace: collapse(trace.filter((v) => v !== JSON.stringify('idle'))) };
}
const claimsOf = (path: Path) => replay(path).claims;

/**
 * The model's state values the real trace does not go through in order. A model timer event
 * stands for all the time up to it, so the real machine may pass extra states on the way (a
 * lookup backoff firing before the deadline); every model state must still come, in order.
 */
function unmatched(real: readonly string[], model: readonly string[]): string[] {
  let i = 0;
  const missing: string[] = [];
  for (const v of model) {
    const at = real.indexOf(v, i);
    if (at < 0) missing.push(v);
    else i = at + 1;
  }
  return missing;
}

/** `GO → YES_FILLED → … ⇒ <final model state value>` */
const nameOf = (path: Path): string => {
  const ev = (e: ModelEvent) => ('code' in e ? `${e.type}(${e.code})` : e.type);
  return `${path.steps
    .slice(1)
    .map((s) => ev(s.event))
    .join(' → ')} ⇒ ${JSON.stringify(path.state.value)}`;
};

async function run(path: Path, h: Harness): Promise<void> {
  const exec = (step: { event: ModelEvent }) => h.perform(step.event);
  const types = new Set(path.steps.slice(1).map((s) => s.event.type));
  await path.test({
    events: Object.fromEntries([...types].map((t) => [t, exec])),
    states: { '*': (state) => h.check(state) }
  });
  expect(
    unmatched(collapse(h.trace), replay(path).trace),
    "the real execution went through the model's states in order"
  ).toEqual([]);
}

const REAL = realTransitions(executionMachine);
/** Real transitions no path can take, with the reason (none: every one is reachable). */
const EXCLUDED: Readonly<Record<string, string>> = {
  'autoClose.placing → autoClose.evaluate [error placeOrder]':
    'placeOrder rejects only when the journal cannot record the answer; an adapter throw is an unknown answer (CLOSE_THROW); test/boundary.supervisor.test.ts drives it'
};
const claimed = new Set(paths.flatMap(claimsOf));
const required = [...REAL].filter((k) => !(k in EXCLUDED));
const covered = required.filter((k) => claimed.has(k)).length;

describe(`execution machine model — ${covered}/${required.length} transitions covered`, () => {
  it('every model claim names a real transition', () => {
    expect([...claimed].filter((k) => !REAL.has(k))).toEqual([]);
  });

  it(`covers ${covered}/${required.length} real transitions with ${paths.length} paths`, () => {
    const missing = required.filter((k) => !claimed.has(k));
    expect(missing).toEqual([]);
    expect(
      Object.keys(EXCLUDED).filter((k) => !REAL.has(k)),
      'stale exclusions'
    ).toEqual([]);
  });

  describe(`${paths.length} generated paths against the supervisor`, () => {
    paths.forEach((p, i) => it(`#${i + 1} ${nameOf(p)}`, () => run(p, new Harness())));
  });
});

describe('the model catches mutants of the machine', () => {
  const MUTANTS: [string, Mutation][] = [
    ['`mustClose` always false', { guards: { mustClose: () => false } }],
    ['`closeOnPolymarket` always false', { guards: { closeOnPolymarket: () => false } }],
    ['`closeRetrySamePrice` always false', { guards: { closeRetrySamePrice: () => false } }],
    ['`closeSwitchVenue` always false', { guards: { closeSwitchVenue: () => false } }],
    ['`closeMustHedge` always false', { guards: { closeMustHedge: () => false } }],
    [
      '`closeMustHedge` false at the price floor (the floor stops the close)',
      {
        guards: {
          closeMustHedge: ({ context: { close: c, config } }) =>
            c?.mode === 'sell' && c.remaining > 0 && c.price > config.autoClose.floorMicros
        }
      }
    ],
    ['`closeCanStepUp` always false', { guards: { closeCanStepUp: () => false } }]
  ];
  /** Runs the paths against the mutant until one fails on an assertion. */
  const caught = async (mutation: Mutation): Promise<boolean> => {
    for (const p of paths) {
      const failed = await run(p, new Harness(mutation)).then(
        () => false,
        (e: unknown) => {
          if (e instanceof Error && e.name === 'AssertionError') return true;
          throw e; // a harness fault, not a catch
        }
      );
      if (failed) return true;
    }
    return false;
  };

  it.each(MUTANTS)('%s fails at least one path', async (_, mutation) => {
    expect(await caught(mutation)).toBe(true);
  });

  it('`mustClose` always false fails the first auto-close path with an assertion error', async () => {
    const p = paths.find((x) => x.steps.some((s) => s.state.matches('autoClose')));
    expect(p).toBeDefined();
    await expect(run(p!, new Harness({ guards: { mustClose: () => false } }))).rejects.toThrow(
      /expected .*to (deeply )?(equal|be)/
    );
  });
});
