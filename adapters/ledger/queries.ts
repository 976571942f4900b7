/** Read-side queries of the ledger (prepared once, used by reports and recovery). */
import type { Database, Statement } from 'better-sqlite3';
import { addMicros, ZERO_MICROS, ZERO_QTY, type Micros } from '../../core/index.js';
import { foldPositions, openExposureOf } from './positions.js';
import type { ExecutionRow, FillRow, OrderRow } from './rows.js';
import type { LedgerExecution, LedgerFill, LedgerPosition, LedgerSummary } from './types.js';

const toExecution = (r: ExecutionRow): LedgerExecution => ({
  executionId: r.execution_id,
  marketId: r.market_id,
  arbType: r.arb_type,
  startedWallMs: r.started_wall_ms,
  finishedWallMs: r.finished_wall_ms,
  error: r.error,
  success: r.success === null ? null : r.success === 1,
  matched: r.matched ?? ZERO_QTY,
  realizedProfit: r.realized_profit ?? ZERO_MICROS,
  unhedged: r.unhedged ?? ZERO_QTY
});

const toFill = (r: FillRow): LedgerFill => ({
  executionId: r.execution_id,
  clientOrderId: r.client_order_id,
  venueOrderId: r.venue_order_id,
  marketId: r.market_id,
  venue: r.venue,
  side: r.side,
  action: r.action,
  contracts: r.contracts,
  notional: r.notional,
  fee: r.fee,
  wallMs: r.wall_ms,
  reported: r.reported === 1
});

/** Prepared reads (see the module comment). */
export class LedgerQueries {
  private readonly fillsAll: Statement;
  private readonly execs: Statement;
  private readonly execsOpen: Statement;
  private readonly counts: Statement;
  private readonly byCode: Statement;
  private readonly ordersOf: Statement;
  private readonly breaker: Statement;

  constructor(db: Database) {
    this.fillsAll = db.prepare('SELECT * FROM fills ORDER BY id');
    this.execs = db.prepare('SELECT * FROM executions ORDER BY started_wall_ms DESC LIMIT ?');
    this.execsOpen = db.prepare(
      'SELECT * FROM executions WHERE finished_wall_ms IS NULL ORDER BY started_wall_ms, rowid LIMIT ?'
    );
    this.counts = db.prepare(`SELECT
      (SELECT COUNT(*) FROM executions) AS executions,
      (SELECT COUNT(*) FROM executions WHERE finished_wall_ms IS NULL) AS unfinished,
      (SELECT COUNT(*) FROM fills) AS fills`);
    this.byCode = db.prepare(`SELECT COALESCE(error, 'ok') AS code, COUNT(*) AS n FROM executions
      WHERE finished_wall_ms IS NOT NULL GROUP BY code ORDER BY code`);
    this.ordersOf = db.prepare('SELECT * FROM orders WHERE execution_id = ? ORDER BY seq');
    this.breaker = db.prepare('SELECT json FROM breaker_state WHERE id = 1');
  }

  /** Every fill in storage order. */
  fillRows(): FillRow[] {
    return this.fillsAll.all() as FillRow[];
  }

  /** Every fill, as the public shape. */
  fills(): LedgerFill[] {
    return this.fillRows().map(toFill);
  }

  /** Positions by market, folded from fills. */
  positions(): LedgerPosition[] {
    return foldPositions(this.fillsAll.iterate() as IterableIterator<FillRow>);
  }

  /** Executions, newest first (or unfinished only, oldest first). */
  executions(opts: { limit?: number; unfinishedOnly?: boolean } = {}): LedgerExecution[] {
    return this.executionRows(opts).map(toExecution);
  }

  /** Raw execution rows (see {@link executions}). */
  executionRows(opts: { limit?: number; unfinishedOnly?: boolean } = {}): ExecutionRow[] {
    const limit = opts.limit ?? -1; // SQLite: a negative LIMIT means no limit
    const st = opts.unfinishedOnly ? this.execsOpen : this.execs;
    return st.all(limit) as ExecutionRow[];
  }

  /** An execution's orders in intent order. */
  orders(executionId: string): OrderRow[] {
    return this.ordersOf.all(executionId) as OrderRow[];
  }

  /** Totals over the ledger; `awaitingRedemption` comes from the settlements. */
  summary(awaitingRedemption: Micros): LedgerSummary {
    const c = this.counts.get() as { executions: number; unfinished: number; fills: number };
    const positions = this.positions();
    const resultsByCode: Record<string, number> = {};
    for (const r of this.byCode.all() as { code: string; n: number }[]) resultsByCode[r.code] = r.n;
    return {
      executions: c.executions,
      unfinished: c.unfinished,
      fills: c.fills,
      realizedPnl: positions.reduce((s, p) => addMicros(s, p.realizedPnl), ZERO_MICROS),
      lockedInPnl: positions.reduce((s, p) => addMicros(s, p.lockedInPnl), ZERO_MICROS),
      awaitingRedemption,
      fees: positions.reduce((s, p) => addMicros(s, p.fees), ZERO_MICROS),
      openExposure: openExposureOf(positions),
      resultsByCode
    };
  }

  /** The saved breaker state, parsed, or null. */
  breakerState(): unknown {
    const row = this.breaker.get() as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as unknown) : null;
  }
}
