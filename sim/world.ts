/**
 * The simulated world of one scenario: the manual clock, both venues (the truth) behind their
 * fault-injecting wrappers, the durable journal, the trace and the monitor — everything that
 * outlives an engine process — and the factory of engine processes.
 */
import { ManualClock } from '../actors/manualClock.js';
import { Random } from '../adapters/random.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  formatUsd,
  parseEngineConfig,
  type ExecutionResult,
  type FillRecord,
  type Journal,
  type Logger,
  type Venue
} from '../core/index.js';
import { ledgerDurable, memoryDurable, type Durable, type DurableKind } from './durable.js';
import { FaultPlan } from './faults.js';
import { FaultyVenue } from './faultyVenue.js';
import { SimJournal } from './journal.js';
import { Monitor } from './monitor.js';
import { EngineProcess } from './process.js';
import type { Scenario } from './scenario.js';
import { describeAnswer, describeOrder } from './describe.js';
import { Trace } from './trace.js';
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

  constructor(
    readonly scenario: Scenario,
    readonly plant: Plant | undefined,
    durable: DurableKind = 'ledger'
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
      kalshi: new FaultyVenue(this.sim.kalshi, this.plan, this.clock, hooks),
      polymarket: new FaultyVenue(this.sim.polymarket, this.plan, this.clock, hooks)
    };
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
      },
      orderOutcome: (r, o, wall) => {
        j.orderOutcome(r, o);
        d?.orderOutcome(r, o, wall);
      },
      fill: (f) => {
        j.fill(f);
        d?.fill(f);
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
    p.supervisor.results$.subscribe((r: ExecutionResult) => {
      t.add(`result ${describeResult(r)}`);
      mon.result(r);
      if (!p.killed) this.durable.onResult(p.breaker, p.clock);
    });
    p.supervisor.fills$.subscribe((f: FillRecord) => {
      t.add(
        `fill ${f.executionId} ${f.platform} ${f.action} ${f.side} ${f.contracts / 1e6} for ${formatUsd(f.notional)} fee ${formatUsd(f.fee)} (${f.clientOrderId})`
      );
      mon.fill(f);
      if (!p.killed) this.durable.onFill(p.breaker);
    });
    mon.supervisor = p.supervisor;
    return p;
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
