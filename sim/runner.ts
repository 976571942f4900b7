/**
 * Runs one seeded scenario: the opportunity stream is fed to the engine on the manual clock,
 * time advances in seeded steps (invariants checked after each), the process may crash and be
 * restarted from the journal, then the world drains, the engine stops, and the end invariants
 * run. Returns the violations, the fault counts and the trace.
 */
import { Random } from '../adapters/random.js';
import { legVenues, type FastExecutionRequest } from '../core/index.js';
import type { DurableKind } from './durable.js';
import { endChecks } from './endChecks.js';
import type { Unclosable } from './endExposure.js';
import { unresolvedOrders } from './ledgerView.js';
import { checkLimits } from './limits.js';
import { CrashController } from './crash.js';
import { generateScenario, type OppSpec } from './scenario.js';
import { checkShutdown } from './shutdown.js';
import { qtyAt } from './trace.js';
import type { Plant, ScenarioOutcome } from './types.js';
import { defaultSwitches, type Switches } from './switches.js';
import { World } from './world.js';
import { checkBreakerLedger } from './breakerLedger.js';

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** A deliberately broken engine (tests of the harness itself). */
  readonly plant?: Plant | undefined;
  /** The durable record recovery reads (default: the SQLite ledger). */
  readonly durable?: DurableKind | undefined;
  /** The issue-13 switches (default: {@link DEFAULT_SWITCHES}). */
  readonly switches?: Switches | undefined;
}

/** Longest simulated drain after the last event before the engine counts as stuck. */
const DRAIN_MS = 10 * 60_000;

type Event = { readonly atMs: number } & (
  | { readonly kind: 'opp'; readonly opp: OppSpec; readonly n: number }
  | { readonly kind: 'crash' }
  | { readonly kind: 'secondWriter' }
);

/** Runs the scenario of `seed` (see the module comment). */
export async function runScenario(seed: number, opts: RunOptions = {}): Promise<ScenarioOutcome> {
  const sw = opts.switches ?? defaultSwitches();
  const sc = generateScenario(seed, sw);
  const w = new World(sc, opts.plant, opts.durable, sw);
  const { clock, trace, monitor: mon } = w;
  const stepRng = new Random(seed).fork(7);
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  let unclosable: Unclosable[] = [];
  try {
    trace.add(
      `scenario seed=${seed} markets=[${sc.markets.map((m) => m.marketId).join(',')}] opportunities=${sc.opportunities.length} crash=${sc.crashAtMs !== null ? `${sc.crashAtMs}ms` : sc.crashAtInteraction !== null ? `interaction ${sc.crashAtInteraction}` : 'none'}`
    );
    trace.add(
      `faults ${Object.entries(sc.faultProbs)
        .filter(([, p]) => p > 0)
        .map(([k, p]) => `${k}=${p.toFixed(3)}`)
        .join(' ')} settleLag=${sc.polySettlementLagMs} lookupNull=${sc.polyLookupNullMs}`
    );
    if (sc.plan13.opposite.length > 0) w.plan.hit('oppositeMismatch');
    const crash = new CrashController(w, sc.crashAtInteraction);
    w.onInteraction = () => crash.interaction();
    const nextStep = () => {
      trace.step += 1;
      w.stepTimes.push(clock.nowMs());
    };
    const advanceTo = async (t: number) => {
      while (clock.nowMs() < t) {
        nextStep();
        await clock.advance(Math.min(t - clock.nowMs(), stepRng.int(sc.stepMs.min, sc.stepMs.max)));
        mon.step();
        crash.step();
        crash.maybeRestart();
      }
    };
    const events: Event[] = sc.opportunities.map((opp, n) => ({
      atMs: opp.atMs,
      kind: 'opp',
      opp,
      n
    }));
    if (sc.crashAtMs !== null) events.push({ atMs: sc.crashAtMs, kind: 'crash' });
    const second = sc.plan13.secondWriterAtMs;
    if (second !== null) events.push({ atMs: second, kind: 'secondWriter' });
    const rank = (e: Event) => (e.kind === 'crash' ? 0 : e.kind === 'secondWriter' ? 1 : 2);
    events.sort((a, b) => a.atMs - b.atMs || rank(a) - rank(b));
    for (const ev of events) {
      await advanceTo(ev.atMs);
      nextStep();
      if (ev.kind === 'crash') crash.crash('scheduled');
      else if (ev.kind === 'secondWriter') w.secondWriter();
      else submit(w, crash.proc, ev.opp, ev.n);
      await clock.flush();
      mon.step();
      crash.step();
      crash.maybeRestart();
    }
    const horizon = clock.nowMs() + DRAIN_MS;
    while (
      (clock.pendingTimers() > 0 || crash.down || (crash.proc?.supervisor.liveCount() ?? 0) > 0) &&
      clock.nowMs() < horizon
    ) {
      await advanceTo(clock.nowMs() + stepRng.int(sc.stepMs.min, sc.stepMs.max));
    }
    nextStep();
    const last = crash.proc;
    await checkShutdown(w, last, unhandled);
    if (last) checkBreakerLedger(w, last.breaker, 'end, after the stop');
    const unresolved = unresolvedOrders(w.journal, mon.results);
    const closeMisses = [
      ...w.venues.kalshi.closeMisses,
      ...w.venues.polymarket.closeMisses,
      ...w.venues.kalshi.refusals,
      ...w.venues.polymarket.refusals
    ];
    const strict = sw.strictExposure ? { journal: w.journal, closeMisses } : null;
    unclosable = endChecks(mon, w.sim, sc.markets, unresolved, strict);
    checkLimits(mon, w.sim, sc.markets, sc.breaker, unresolved, (ms) => w.stepAt(ms));
  } finally {
    process.off('unhandledRejection', onUnhandled);
    w.dropLock();
  }
  for (const v of mon.violations.filter((x) => x.invariant === 'breaker-limits')) {
    trace.add(`!! VIOLATION ${v.invariant} (step ${v.step}): ${v.detail}`);
  }
  return {
    seed,
    steps: trace.step,
    violations: mon.violations,
    faults: w.plan.nonZero(),
    unclosable,
    trace: trace.text()
  };
}

function submit(w: World, proc: CrashController['proc'], o: OppSpec, n: number): void {
  const { yes, no } = legVenues(o.arbType);
  const desc = `#${n} m=${o.marketId} ${o.arbType} YES ${qtyAt(o.yesSize, o.yesPrice)} NO ${qtyAt(o.noSize, o.noPrice)}`;
  if (!proc) {
    w.trace.add(`opportunity ${desc} dropped: engine down`);
    return;
  }
  if (o.books) {
    w.sim[yes].setBook(o.marketId, 'yes', o.books.yes);
    w.sim[no].setBook(o.marketId, 'no', o.books.no);
  }
  w.trace.add(`opportunity ${desc}`);
  const req: FastExecutionRequest = {
    marketId: o.marketId,
    arbType: o.arbType,
    yesPrice: o.yesPrice,
    noPrice: o.noPrice,
    yesSize: o.yesSize,
    noSize: o.noSize,
    detectedNs: w.clock.nowNs()
  };
  void proc.supervisor.submit(req);
}
