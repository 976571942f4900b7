/**
 * The simulated world of one scenario: the manual clock, both venues (the truth) behind their
 * fault-injecting wrappers, the durable journal, the trace and the monitor — everything that
 * outlives an engine process — and the factory of engine processes.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { ManualClock } from '../actors/manualClock.js';
import { Ledger } from '../adapters/ledger/index.js';
import { acquireWriterLock, type WriterLock } from '../adapters/ledger/lock.js';
import { Random } from '../adapters/random.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  formatUsd,
  parseEngineConfig,
  type ExecutionResult,
  type FillRecord,
  type Journal,
  type Logger,
  type OrderRequest,
  type Venue
} from '../core/index.js';
import { ledgerDurable, memoryDurable, type Durable, type DurableKind } from './durable.js';
import { FaultPlan } from './faults.js';
import { FaultyVenue, type DispatchModel } from './faultyVenue.js';
import { SimJournal } from './journal.js';
import { Monitor } from './monitor.js';
import { EngineProcess } from './process.js';
import type { Scenario } from './scenario.js';
import { describeAnswer, describeOrder } from './describe.js';
import { Trace } from './trace.js';
import { defaultSwitches, type Switches } from './switches.js';
import type { Plant } from './types.js';

/** See the module comment. */
export class World {
  readonly clock = new ManualClock();
  readonly trace = new Trace(this.clock);
  readonly plan: FaultPlan;
  readonly sim: Readonly<Record<Venue, SimulatedVenue>>;
  readonly venues: Readonly<Record<Venue, FaultyVenue>>;
  /** The durable record every process writes through (survives crashes). */
  readonly journal = new SimJournal();
  /** Where recovery reads from after a crash (the ledger, or the in-sim journal). */
  readonly durable: Durable;
  readonly monitor: Monitor;
  /** Called on every venue interaction (the crash controller counts them). */
  onInteraction: () => void = () => undefined;
  /** Simulated time at the start of each step (index = step number). */
  readonly stepTimes: number[] = [0];
  /** Called right after an order intent is journaled (the crash controller counts them). */
  onIntent: (o: OrderRequest) => void = () => undefined;
  /** Called right after a fill is committed to the durable record. */
  onFillCommitted: (f: FillRecord) => void = () => undefined;
  /** The SQLite ledger, when the durable record is one. */
  readonly ledger: Ledger | null;
  /** The ledger file whose writer lock the processes take (scenarios with a second writer). */
  readonly lockFile: string | null;
  private lock: WriterLock | null = null;

  constructor(
    readonly scenario: Scenario,
    readonly plant: Plant | undefined,
    durable: DurableKind = 'ledger',
    readonly switches: Switches = defaultSwitches()
  ) {
    const venue = (v: Venue) =>
      new SimulatedVenue({
        venue: v,
        clock: this.clock,
        seed: scenario.venueSeeds[v],
        latencyMs: scenario.latency[v],
        ...(v === 'polymarket'
          ? {
              settlementLagMs: scenario.polySettlementLagMs,
              lookupNullMs: scenario.polyLookupNullMs
            }
          : {})
      });
    this.sim = { kalshi: venue('kalshi'), polymarket: venue('polymarket') };
    this.durable =
      durable === 'memory'
        ? memoryDurable(this.journal)
        : ledgerDurable(this.clock, scenario.markets, durable === 'ledger-throttled');
    this.ledger = this.durable.journal instanceof Ledger ? this.durable.journal : null;
    this.lockFile =
      scenario.plan13.secondWriterAtMs === null
        ? null
        : join(tmpdir(), `twinleg-sim-${process.pid}-${threadId}-${scenario.seed}.db`);
    const dispatch = this.dispatchModel();
    this.plan = new FaultPlan(new Random(scenario.faultSeed), scenario.faultProbs);
    const delay = parseEngineConfig().delayedReleaseMs;
    this.monitor = new Monitor(this.trace, this.sim, delay, () => this.clock.nowMs());
    const t = this.trace;
    const mon = this.monitor;
    const hooks = {
      placing: (o: Parameters<Monitor['placing']>[0], fault: string | null, retry: boolean) => {
        t.add(
          `${o.venue} ← ${describeOrder(o)}${retry ? ' (retry)' : ''}${fault ? `  [fault ${fault}]` : ''}`
        );
        mon.placing(o, retry);
        this.onInteraction();
      },
      answered: (
        o: { venue: string; clientOrderId: string },
        a: Parameters<typeof describeAnswer>[0]
      ) => {
        t.add(`${o.venue} → ${o.clientOrderId} ${describeAnswer(a)}`);
        this.onInteraction();
      },
      lookedUp: (
        r: { venue: string; clientOrderId: string },
        fault: string | null,
        a: Parameters<typeof describeAnswer>[0]
      ) => {
        t.add(
          `${r.venue} lookup ${r.clientOrderId} → ${describeAnswer(a)}${fault ? `  [fault ${fault}]` : ''}`
        );
        this.onInteraction();
      }
    };
    this.venues = {
      kalshi: new FaultyVenue(this.sim.kalshi, this.plan, this.clock, hooks, dispatch),
      polymarket: new FaultyVenue(this.sim.polymarket, this.plan, this.clock, hooks)
    };
  }

  /**
   * The Kalshi adapter's dispatch records (switch `crashAtIntent`, ledger only): the ledger
   * tracks Kalshi dispatch unless a plant turns that off (the engine before issue 13 item 1).
   */
  private dispatchModel(): DispatchModel | null {
    const ledger = this.ledger;
    if (!this.switches.crashAtIntent || !ledger) return null;
    const track = this.plant?.trackDispatch !== false;
    if (track) ledger.trackDispatch('kalshi');
    return {
      onDispatched: (id) => {
        if (track) ledger.recordDispatch(id, this.clock.wallMs());
      }
    };
  }

  /** A process takes the ledger's writer lock (scenarios with a second writer). */
  takeLock(): void {
    if (!this.lockFile) return;
    this.lock = (this.plant?.writerLock ?? acquireWriterLock)(this.lockFile, this.clock.wallMs());
  }

  /**
   * The writer died or stopped: its lock goes (the sim models the process boundary; taking
   * over a dead writer's stale lock is `test/ledgerLock.test.ts`'s).
   */
  dropLock(): void {
    this.lock?.release();
    this.lock = null;
  }

  /** A second process opens the ledger while the first holds it: must be `ledger_locked`. */
  secondWriter(): void {
    if (!this.lockFile || !this.lock) return;
    this.plan.hit('secondWriter');
    try {
      const second = (this.plant?.writerLock ?? acquireWriterLock)(
        this.lockFile,
        this.clock.wallMs()
      );
      second.release();
      this.monitor.violate('one-writer', 'a second process opened the ledger while the first runs');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ledger_locked') this.trace.add('second process on the ledger: ledger_locked');
      else this.monitor.violate('one-writer', `second writer failed otherwise: ${String(e)}`);
    }
  }

  /** Starts engine process number `index` (1 at boot, 2 after the restart). */
  spawn(index: number): EngineProcess {
    const mon = this.monitor;
    const t = this.trace;
    const at =
      (level: string) =>
      (obj: object, msg: string): void => {
        mon.logged(level, obj, msg);
        if (msg.startsWith('[CB]') || level === 'error') t.add(`log ${level}: ${msg}`);
      };
    const logger: Logger = {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error')
    };
    const j = this.journal;
    const d = this.durable.kind === 'memory' ? null : this.durable.journal;
    const journal: Journal = {
      executionStarted: (id, req, wall) => {
        mon.started(id, req.marketId);
        j.executionStarted(id, req);
        d?.executionStarted(id, req, wall);
      },
      orderIntent: (o, role, wall) => {
        j.orderIntent(o, role);
        d?.orderIntent(o, role, wall);
        this.onIntent(o);
      },
      orderOutcome: (r, o, wall) => {
        j.orderOutcome(r, o);
        d?.orderOutcome(r, o, wall);
      },
      fill: (f) => {
        j.fill(f);
        d?.fill(f);
        this.onFillCommitted(f);
      },
      executionFinished: (r, wall) => {
        j.executionFinished(r);
        d?.executionFinished(r, wall);
      }
    };
    const p = new EngineProcess({
      index,
      clock: this.clock,
      markets: this.scenario.markets,
      venues: this.venues,
      journal,
      breaker: this.scenario.breaker,
      logger,
      risk: { assessed: (m, halted, v) => mon.assessedRisk(m, halted, v) },
      plant: this.plant
    });
    this.takeLock();
    p.supervisor.results$.subscribe((r: ExecutionResult) => {
      if (p.killed) return; // what a dead process still does synchronously is never seen
      t.add(`result ${describeResult(r)}`);
      mon.result(r);
      this.durable.onResult(p.breaker, p.clock);
    });
    p.supervisor.fills$.subscribe((f: FillRecord) => {
      if (p.killed) return;
      this.recordFill(f);
      this.durable.onFill(p.breaker);
    });
    mon.supervisor = p.supervisor;
    return p;
  }

  /** An engine fill: traced and checked (from `fills$`, or committed just before a crash). */
  recordFill(f: FillRecord): void {
    this.trace.add(
      `fill ${f.executionId} ${f.platform} ${f.action} ${f.side} ${f.contracts / 1e6} for ${formatUsd(f.notional)} fee ${formatUsd(f.fee)} (${f.clientOrderId})`
    );
    this.monitor.fill(f);
  }

  /** The step during which simulated time `ms` fell. */
  stepAt(ms: number): number {
    let i = this.stepTimes.length - 1;
    while (i > 0 && (this.stepTimes[i] ?? 0) > ms) i--;
    return i;
  }
}

function describeResult(r: ExecutionResult): string {
  const q = (n: number) => String(n / 1e6);
  return (
    `${r.executionId} m=${r.marketId} ${r.error ?? 'success'} matched=${q(r.matchedContracts)} ` +
    `unhedged=${q(r.unhedgedContracts)} closed=${q(r.closedContracts)} pnl=${formatUsd(r.realizedProfit)}` +
    (r.detail ? ` (${r.detail})` : '')
  );
}
