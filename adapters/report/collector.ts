/**
 * Collects a replay's results, fills and stage latencies into a {@link ReplayReport}.
 */
import {
  addMicros,
  addQty,
  formatQty,
  formatUsd,
  PnlBook,
  ZERO_MICROS,
  ZERO_QTY,
  type Clock,
  type ExecutionResult,
  type FillRecord,
  type Journal,
  type Micros,
  type Qty,
  type Venue
} from '../../core/index.js';
import { STAGES, type Stage } from '../metrics/stages.js';
import { downsample, histogram, summarize, type Histogram, type LatencySummary } from './stats.js';
import {
  closeRow,
  fillRow,
  mismatchRow,
  type CloseRow,
  type FillRow,
  type MismatchRow,
  type ReportTables
} from './tables.js';

/** One point of the P&L curve: engine-clock ms since the start, cumulative P&L (micro-dollars). */
export interface PnlPoint {
  readonly tMs: number;
  readonly pnl: Micros;
}

/** The replay report (JSON). Money in micro-dollars, quantities in micro-contracts. */
export interface ReplayReport {
  readonly units: { readonly money: string; readonly quantity: string; readonly time: string };
  readonly source: string;
  readonly pace: 'fast' | 'recorded';
  readonly generatedAt: string;
  readonly records: number;
  readonly opportunities: number;
  readonly resultsByCode: Record<string, number>;
  readonly executions: number;
  readonly fills: {
    readonly total: number;
    readonly byVenue: Record<string, { buy: number; sell: number }>;
  };
  readonly matchedContracts: Qty;
  /** Final: sales, Kalshi netting and settlements, minus every fee (core `pnlOf`). */
  readonly realizedPnl: Micros;
  /** Hedged pairs still held: $1 each at resolution minus their cost. */
  readonly lockedInPnl: Micros;
  /** Cost of the contracts left unhedged. */
  readonly unhedgedCost: Micros;
  /** What the executions expected to earn at their prices (Σ results' profit; `pnlSeries`). */
  readonly executionsPnl: Micros;
  readonly fees: Micros;
  readonly mismatches: number;
  readonly closes: {
    readonly fills: number;
    readonly contracts: Qty;
    readonly executions: number;
  };
  readonly unhedgedContracts: Qty;
  /** Per stage (`leg_rtt` and `reconcile` also per venue, as `stage:venue`). */
  readonly latency: Record<string, LatencySummary>;
  readonly latencyHistogram: Histogram;
  readonly pnlSeries: readonly PnlPoint[];
  /** Every fill, every mismatch and every auto-close, in the order they happened. */
  readonly tables: ReportTables;
  readonly display: Record<string, string>;
}

/** Accumulates what a replay produced. */
export class ReplayCollector {
  private readonly startNs: number;
  private readonly byCode: Record<string, number> = {};
  private readonly samples = new Map<string, number[]>();
  private readonly byVenue: Record<string, { buy: number; sell: number }> = {};
  private readonly pnl: PnlPoint[] = [];
  private readonly closedExecs = new Set<string>();
  private results = 0;
  private fillCount = 0;
  private matched = ZERO_QTY;
  private cumPnl = ZERO_MICROS;
  private readonly book = new PnlBook();
  private fees = ZERO_MICROS;
  private mismatches = 0;
  private closeFills = 0;
  private closed = ZERO_QTY;
  private unhedged = ZERO_QTY;
  private executions = 0;
  private readonly fillRows: FillRow[] = [];
  private readonly mismatchRows: MismatchRow[] = [];
  private readonly closeRows: CloseRow[] = [];
  /** Closing fills of executions not finished yet. */
  private readonly sells = new Map<string, FillRecord[]>();
  /** Closing sells sent per execution (only when wired through {@link journal}). */
  private closeOrders: Map<string, number> | undefined;

  constructor(private readonly clock: Clock) {
    this.startNs = clock.nowNs();
  }

  /** Results seen so far. */
  get resultCount(): number {
    return this.results;
  }

  /** One result. */
  onResult(r: ExecutionResult): void {
    this.results++;
    const code = r.error ?? 'success';
    this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    this.matched = addQty(this.matched, r.matchedContracts);
    this.cumPnl = addMicros(this.cumPnl, r.realizedProfit);
    this.unhedged = addQty(this.unhedged, r.unhedgedContracts);
    const mismatch = mismatchRow(r);
    if (mismatch) {
      this.mismatches++;
      this.mismatchRows.push(mismatch);
      const sent = this.closeOrders ? (this.closeOrders.get(r.executionId) ?? 0) : undefined;
      const close = closeRow(r, mismatch, this.sells.get(r.executionId) ?? [], sent);
      if (close) this.closeRows.push(close);
    }
    this.sells.delete(r.executionId);
    this.closeOrders?.delete(r.executionId);
    this.pnl.push({ tMs: (this.clock.nowNs() - this.startNs) / 1e6, pnl: this.cumPnl });
  }

  /** One fill. */
  onFill(f: FillRecord): void {
    this.fillCount++;
    this.book.apply({ ...f, venue: f.platform });
    this.fillRows.push(fillRow(f, this.startNs));
    this.fees = addMicros(this.fees, f.fee);
    const v = (this.byVenue[f.platform] ??= { buy: 0, sell: 0 });
    v[f.action]++;
    if (f.action === 'sell') {
      this.closeFills++;
      this.closed = addQty(this.closed, f.contracts);
      this.closedExecs.add(f.executionId);
      const list = this.sells.get(f.executionId);
      if (list) list.push(f);
      else this.sells.set(f.executionId, [f]);
    }
  }

  /**
   * Wraps the engine's journal so the report also counts the closing sells sent (the close
   * table's `attempts`, exact even when a close stops short); everything is passed on to `inner`.
   */
  journal(inner: Journal): Journal {
    const sent = (this.closeOrders ??= new Map());
    return {
      executionStarted: (id, req, wallMs) => inner.executionStarted(id, req, wallMs),
      orderIntent: (order, role, wallMs) => {
        if (role === 'close') sent.set(order.executionId, (sent.get(order.executionId) ?? 0) + 1);
        inner.orderIntent(order, role, wallMs);
      },
      orderOutcome: (ref, outcome, wallMs) => inner.orderOutcome(ref, outcome, wallMs),
      fill: (f) => inner.fill(f),
      executionFinished: (r, wallMs) => inner.executionFinished(r, wallMs)
    };
  }

  /** One stage measurement (wire to a `StageTracker`). */
  onStage(stage: Stage, venue: Venue | null, seconds: number): void {
    if (stage === 'claim_to_sent') this.executions++;
    for (const key of venue ? [stage, `${stage}:${venue}`] : [stage]) {
      let a = this.samples.get(key);
      if (!a) this.samples.set(key, (a = []));
      a.push(seconds);
    }
  }

  /** The report. */
  build(meta: {
    source: string;
    pace: 'fast' | 'recorded';
    records: number;
    now?: Date;
  }): ReplayReport {
    const latency: Record<string, LatencySummary> = {};
    const keys = [...this.samples.keys()].sort(
      (a, b) =>
        STAGES.indexOf(a.split(':')[0] as Stage) - STAGES.indexOf(b.split(':')[0] as Stage) ||
        a.localeCompare(b)
    );
    for (const k of keys) latency[k] = summarize(this.samples.get(k) ?? []);
    const pnl = this.book.total();
    return {
      units: {
        money: 'micro-dollars (USD x 1e6)',
        quantity: 'micro-contracts (contracts x 1e6)',
        time: 'ms'
      },
      source: meta.source,
      pace: meta.pace,
      generatedAt: (meta.now ?? new Date()).toISOString(),
      records: meta.records,
      opportunities: this.results,
      resultsByCode: { ...this.byCode },
      executions: this.executions,
      fills: { total: this.fillCount, byVenue: { ...this.byVenue } },
      matchedContracts: this.matched,
      realizedPnl: pnl.realized,
      lockedInPnl: pnl.lockedIn,
      unhedgedCost: pnl.unhedgedCost,
      executionsPnl: this.cumPnl,
      fees: this.fees,
      mismatches: this.mismatches,
      closes: { fills: this.closeFills, contracts: this.closed, executions: this.closedExecs.size },
      unhedgedContracts: this.unhedged,
      latency,
      latencyHistogram: histogram(this.samples.get('total') ?? []),
      pnlSeries: downsample(this.pnl, 1000),
      tables: {
        fills: [...this.fillRows],
        mismatches: [...this.mismatchRows],
        closes: [...this.closeRows]
      },
      display: {
        matchedContracts: formatQty(this.matched),
        realizedPnl: formatUsd(pnl.realized),
        lockedInPnl: formatUsd(pnl.lockedIn),
        unhedgedCost: formatUsd(pnl.unhedgedCost),
        executionsPnl: formatUsd(this.cumPnl),
        fees: formatUsd(this.fees),
        closedContracts: formatQty(this.closed),
        unhedgedContracts: formatQty(this.unhedged)
      }
    };
  }
}
