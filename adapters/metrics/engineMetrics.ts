/**
 * The engine's Prometheus series (prom-client), in their own registry:
 *
 * | series | type | labels |
 * | --- | --- | --- |
 * | `twinleg_opportunities_total` | counter | `outcome` (`success` or the error code) |
 * | `twinleg_executions_total` | counter | — (opportunities that started an execution) |
 * | `twinleg_executions_live` | gauge | — |
 * | `twinleg_fills_total` | counter | `venue`, `action` (`buy`/`sell`) |
 * | `twinleg_filled_contracts_total` | counter | `venue`, `action` |
 * | `twinleg_mismatches_total` | counter | — (results with unequal legs or unhedged excess) |
 * | `twinleg_closes_total` | counter | — (auto-close sell fills) |
 * | `twinleg_unhedged_contracts_total` | counter | — (excess left open by results) |
 * | `twinleg_open_exposure_contracts` | gauge | — (Σ │YES − NO│ over markets) |
 * | `twinleg_realized_pnl_dollars`, `_locked_in_pnl_dollars`, `_unhedged_cost_dollars` | gauge | — (P&L split since start, from fills) |
 * | `twinleg_executions_pnl_dollars` | gauge | — (what the results expected to earn) |
 * | `twinleg_breaker_enabled`, `_halted`, `_consecutive_errors`, `_blacklisted_markets`, `_daily_pnl_dollars` | gauge | — |
 * | `twinleg_trading_state`, `twinleg_capacity_left_*`, `twinleg_markets_held` | gauge | see `tradingGauges.ts` |
 * | `twinleg_stage_latency_seconds` | histogram | `stage`, `venue` (`all` for engine stages) |
 * | `twinleg_venue_clock_offset_seconds` | gauge | `venue` (venue clock − local clock, applied to signatures) |
 * | `twinleg_venue_penalties_capped_total` | counter | `venue` (429 penalties cut to the cap: an alarm) |
 * | `nodejs_eventloop_lag_*`, `process_*`, … | prom-client defaults | event-loop delay etc. |
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  CONTRACT,
  USD,
  type Clock,
  type ExecutionResult,
  type FillRecord
} from '../../core/index.js';
import { StageTracker, type Stage } from './stages.js';
import { registerTradingGauges, type TradingGaugeSource } from './tradingGauges.js';

/** The breaker facts the gauges show (structurally the circuit breaker's `status()`). */
export interface BreakerGaugeSource {
  readonly enabled: boolean;
  readonly halted: boolean;
  readonly consecutiveErrors: number;
  readonly dailyPnl: number;
  readonly blacklist: readonly unknown[];
}

/** The P&L split the gauges show (structurally core's `PnlSplit`). */
export interface PnlGaugeSource {
  readonly realized: number;
  readonly lockedIn: number;
  readonly unhedgedCost: number;
}

/** A venue adapter's health (structurally the adapters' `health()`). */
export interface VenueHealthSource {
  readonly venue: string;
  /** Venue clock − local clock, ms; undefined until measured. */
  readonly clockOffsetMs: number | undefined;
  /** Rate-limit penalties cut to the configured cap since start. */
  readonly penaltiesCapped: number;
}

/** Live values read at scrape time. */
export interface MetricsSources {
  /** The live venue adapters' health (clock offset, capped penalties). */
  readonly venues?: () => readonly VenueHealthSource[];
  readonly liveExecutions?: () => number;
  /** Open exposure in micro-contracts. */
  readonly openExposure?: () => number;
  /** The P&L split since start, micro-dollars. */
  readonly pnl?: () => PnlGaugeSource;
  readonly breaker?: () => BreakerGaugeSource;
  /** The trading state (see `tradingGauges.ts` for its series). */
  readonly trading?: () => TradingGaugeSource | undefined;
}

/** Histogram buckets, seconds: 0.5 ms … 60 s. */
export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
];

/** The engine's metrics (see the module comment). */
export class EngineMetrics {
  readonly registry = new Registry();
  /** Pass as (or tee into) the supervisor's `journal` to time the stages. */
  readonly journal: StageTracker;
  private readonly opportunities: Counter<'outcome'>;
  private readonly fills: Counter<'venue' | 'action'>;
  private readonly filledContracts: Counter<'venue' | 'action'>;
  private readonly mismatches: Counter;
  private readonly closes: Counter;
  private readonly unhedged: Counter;
  private readonly stages: Histogram<'stage' | 'venue'>;
  private pnl = 0;

  constructor(clock: Clock, sources: MetricsSources = {}, opts: { defaults?: boolean } = {}) {
    const r = this.registry;
    const reg = { registers: [r] };
    this.opportunities = new Counter({
      name: 'twinleg_opportunities_total',
      help: 'Opportunities by outcome (success or error code)',
      labelNames: ['outcome'],
      ...reg
    });
    const tracker = new StageTracker(clock, (s, v, sec) => this.observeStage(s, v ?? 'all', sec));
    this.journal = tracker;
    new Counter({
      name: 'twinleg_executions_total',
      help: 'Opportunities that started an execution',
      ...reg,
      collect() {
        this.reset();
        this.inc(tracker.started);
      }
    });
    new Gauge({
      name: 'twinleg_executions_live',
      help: 'Executions running now',
      ...reg,
      collect() {
        this.set(sources.liveExecutions?.() ?? 0);
      }
    });
    this.fills = new Counter({
      name: 'twinleg_fills_total',
      help: 'Fills (entry buys and auto-close sells)',
      labelNames: ['venue', 'action'],
      ...reg
    });
    this.filledContracts = new Counter({
      name: 'twinleg_filled_contracts_total',
      help: 'Contracts filled',
      labelNames: ['venue', 'action'],
      ...reg
    });
    this.mismatches = new Counter({
      name: 'twinleg_mismatches_total',
      help: 'Results whose legs filled unequally',
      ...reg
    });
    this.closes = new Counter({
      name: 'twinleg_closes_total',
      help: 'Auto-close sell fills',
      ...reg
    });
    this.unhedged = new Counter({
      name: 'twinleg_unhedged_contracts_total',
      help: 'Contracts left unhedged by results',
      ...reg
    });
    new Gauge({
      name: 'twinleg_open_exposure_contracts',
      help: 'Sum over markets of |YES - NO| held, contracts',
      ...reg,
      collect() {
        this.set((sources.openExposure?.() ?? 0) / CONTRACT);
      }
    });
    const expected = (): number => this.pnl;
    new Gauge({
      name: 'twinleg_executions_pnl_dollars',
      help: 'What the executions since start expected to earn at their prices (results), dollars',
      ...reg,
      collect() {
        this.set(expected() / USD);
      }
    });
    const p = (name: string, help: string, f: (s: PnlGaugeSource) => number): void => {
      new Gauge({
        name,
        help,
        ...reg,
        collect() {
          const s = sources.pnl?.();
          if (s) this.set(f(s) / USD);
        }
      });
    };
    p(
      'twinleg_realized_pnl_dollars',
      'Realized P&L since start (closes, netting, settlements, minus fees), dollars',
      (s) => s.realized
    );
    p(
      'twinleg_locked_in_pnl_dollars',
      'Locked-in P&L: hedged pairs held, $1 each at resolution minus cost, dollars',
      (s) => s.lockedIn
    );
    p(
      'twinleg_unhedged_cost_dollars',
      'Cost of the contracts held unhedged, dollars',
      (s) => s.unhedgedCost
    );
    const b = (name: string, help: string, f: (s: BreakerGaugeSource) => number): void => {
      new Gauge({
        name: `twinleg_breaker_${name}`,
        help,
        ...reg,
        collect() {
          const s = sources.breaker?.();
          if (s) this.set(f(s));
        }
      });
    };
    b('enabled', 'Circuit breaker enforcing (1) or not (0)', (s) => Number(s.enabled));
    b('halted', 'A global halt is active (1)', (s) => Number(s.halted));
    b('consecutive_errors', 'Consecutive counted errors', (s) => s.consecutiveErrors);
    b('blacklisted_markets', 'Markets blacklisted now', (s) => s.blacklist.length);
    b('daily_pnl_dollars', 'Realized P&L of the trading day, dollars', (s) => s.dailyPnl / USD);
    registerTradingGauges(r, () => sources.trading?.());
    new Gauge({
      name: 'twinleg_venue_clock_offset_seconds',
      help: 'Venue clock minus local clock, seconds (applied to signed timestamps)',
      labelNames: ['venue'],
      ...reg,
      collect() {
        this.reset();
        for (const v of sources.venues?.() ?? [])
          if (v.clockOffsetMs !== undefined) this.set({ venue: v.venue }, v.clockOffsetMs / 1000);
      }
    });
    new Counter({
      name: 'twinleg_venue_penalties_capped_total',
      help: 'Venue rate-limit penalties (429 Retry-After) cut to the configured cap',
      labelNames: ['venue'],
      ...reg,
      collect() {
        this.reset();
        for (const v of sources.venues?.() ?? []) this.inc({ venue: v.venue }, v.penaltiesCapped);
      }
    });
    this.stages = new Histogram({
      name: 'twinleg_stage_latency_seconds',
      help: 'Latency per execution stage (see adapters/metrics/stages.ts)',
      labelNames: ['stage', 'venue'],
      buckets: LATENCY_BUCKETS,
      ...reg
    });
    if (opts.defaults !== false)
      collectDefaultMetrics({ register: r, eventLoopMonitoringPrecision: 10 });
  }

  /** Counts one result. */
  onResult(res: ExecutionResult): void {
    this.opportunities.inc({ outcome: res.error ?? 'success' });
    this.pnl += res.realizedProfit;
    if (res.error === 'partial_fill' || res.unhedgedContracts > 0) this.mismatches.inc();
    if (res.unhedgedContracts > 0) this.unhedged.inc(res.unhedgedContracts / CONTRACT);
  }

  /** Counts one fill. */
  onFill(f: FillRecord): void {
    this.fills.inc({ venue: f.platform, action: f.action });
    this.filledContracts.inc({ venue: f.platform, action: f.action }, f.contracts / CONTRACT);
    if (f.action === 'sell') this.closes.inc();
  }

  /** Records one stage measurement (also fed by the journal). */
  observeStage(stage: Stage, venue: string, seconds: number): void {
    this.stages.observe({ stage, venue }, seconds);
  }

  /** The exposition text (what `/metrics` serves). */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
