/**
 * The durable ledger: twinleg's write-ahead journal and, after a restart, its source of truth.
 * One SQLite file (better-sqlite3, WAL) holds executions, order intents and outcomes, fills
 * and the breaker state; positions and P&L are always folded from fills. One writer per file:
 * a read-write open holds a lock file (`lock.ts`); read-only opens take none.
 */
import type { Database } from 'better-sqlite3';
import {
  addMicros,
  SILENT_LOGGER,
  ZERO_MICROS,
  type Clock,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Journal,
  type Logger,
  type MarketRegistry,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type OrderRole,
  type Venue
} from '../../core/index.js';
import { LedgerError } from './errors.js';
import { acquireWriterLock, type WriterLock } from './lock.js';
import { openDatabase } from './open.js';
import { LedgerQueries } from './queries.js';
import { buildRecovery } from './recovery.js';
import { currentVersion } from './schema.js';
import { SettlementStore, type LedgerSettlement } from './settlements.js';
import type {
  Durability,
  LedgerExecution,
  LedgerFill,
  LedgerHealth,
  LedgerPosition,
  LedgerSummary,
  Recovery
} from './types.js';
import { JournalWriter } from './writer.js';

/** Options of {@link Ledger.open}. */
export interface LedgerOptions {
  /** The engine's shared clock (wall time of migrations and breaker saves). */
  readonly clock: Clock;
  readonly logger?: Logger;
  /** `normal` (default) survives process crashes; `full` also power loss (see `openDatabase`). */
  readonly durability?: Durability;
  /** How long to wait for another connection's lock before failing, ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Open an existing ledger for reading only (reports next to a running engine). */
  readonly readonly?: boolean;
}

/**
 * The ledger (see the module comment). Implements the engine's `Journal`: every call commits
 * before it returns, so an order's intent is stored before it is sent, its outcome before the
 * machine acts on it, each fill before `fills$` and each result before `results$`.
 */
export class Ledger implements Journal {
  private readonly writer: JournalWriter | undefined;
  private readonly q: LedgerQueries;
  private readonly tracked = new Set<Venue>();
  private settleStore: SettlementStore | undefined;
  private closed = false;

  private constructor(
    private readonly db: Database,
    /** The file this ledger was opened from. */
    readonly file: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly lock: WriterLock | undefined
  ) {
    this.writer = db.readonly ? undefined : new JournalWriter(db);
    this.q = new LedgerQueries(db);
  }

  /**
   * Opens `file` (`:memory:` for tests), creating and migrating it. Throws a {@link LedgerError}
   * naming the file when it is not a database, has a newer schema, or another live writer holds
   * it (`ledger_locked`: one writer per ledger, see `lock.ts`). Read-only opening takes no lock
   * and needs no write access to the file (SQLite `readonly`; WAL readers work next to a writer).
   */
  static open(file: string, opts: LedgerOptions): Ledger {
    const readOnly = opts.readonly ?? false;
    const log = opts.logger ?? SILENT_LOGGER;
    const wallMs = opts.clock.wallMs();
    const lock = readOnly || file === ':memory:' ? undefined : acquireWriterLock(file, wallMs);
    try {
      const db = openDatabase(file, {
        durability: opts.durability ?? 'normal',
        busyTimeoutMs: opts.busyTimeoutMs ?? 5_000,
        readonly: readOnly,
        wallMs
      });
      if (lock?.tookOver)
        log.warn(
          { lockFile: lock.path, stalePid: lock.tookOver.pid, staleSince: lock.tookOver.since },
          `[LEDGER] took over the stale lock of a writer that is gone (pid ${lock.tookOver.pid})`
        );
      return new Ledger(db, file, opts.clock, log, lock);
    } catch (e) {
      lock?.release();
      throw e;
    }
  }

  /** Whether this ledger was opened read-only (no lock, no writes). */
  get readOnly(): boolean {
    return this.db.readonly;
  }

  /** Closes the database (checkpointing the WAL) and releases the writer lock. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } finally {
      this.lock?.release();
    }
  }

  private get w(): JournalWriter {
    if (!this.writer)
      throw new LedgerError('ledger_unavailable', `ledger ${this.file}: opened read-only`);
    return this.writer;
  }

  /** Journal: an execution was claimed and is about to run. */
  executionStarted(executionId: string, req: FastExecutionRequest, wallMs: number): void {
    this.w.executionStarted(executionId, req, wallMs);
  }

  /** Journal: an order is about to be sent (committed before this returns). */
  orderIntent(order: OrderRequest, role: OrderRole, wallMs: number): void {
    this.w.orderIntent(order, role, wallMs, this.tracked.has(order.venue));
  }

  /**
   * From now on, intents of `venue` are written as dispatch-tracked: its adapter calls
   * {@link recordDispatch} (Kalshi `onOrderDispatched`) or {@link recordSigned} (Polymarket
   * `onOrderSigned`) before an order can reach the venue, and refuses to send when that write
   * throws. After a restart, a tracked intent without a dispatch record provably never reached
   * the venue and is recovered as `none` (see `recovery.ts`). Call it when wiring those hooks,
   * before any order; never for a venue whose adapter does not report dispatch.
   */
  trackDispatch(venue: Venue): void {
    this.tracked.add(venue);
  }

  /**
   * Journal: an order is about to be handed to the socket (the write token was taken). Wire to
   * Kalshi's `onOrderDispatched`: it throws when the record cannot be stored (or the order has
   * no intent), and the adapter then does not send the order.
   */
  recordDispatch(clientOrderId: string, wallMs: number): void {
    if (!this.w.dispatch(clientOrderId, wallMs)) {
      throw new LedgerError(
        'ledger_unavailable',
        `ledger ${this.file}: dispatch of ${clientOrderId}, an order without intent`
      );
    }
  }

  /**
   * Journal: an order was signed (its venue id and the signing wall time), before it is
   * posted. Wire to Polymarket's `onOrderSigned`: it throws when the record cannot be stored
   * (or the order has no intent), and the adapter then does not post the order.
   */
  recordSigned(clientOrderId: string, orderId: string, wallMs: number): void {
    if (!this.w.signedOrder(clientOrderId, orderId, wallMs)) {
      throw new LedgerError(
        'ledger_unavailable',
        `ledger ${this.file}: signature of ${clientOrderId}, an order without intent`
      );
    }
  }

  /** Journal: what a venue said about an order (a terminal fill also stores the fill). */
  orderOutcome(ref: OrderRef, outcome: OrderOutcome, wallMs: number): void {
    this.w.orderOutcome(ref, outcome, wallMs);
  }

  /** Journal: a fill about to be reported on `fills$` (idempotent per client order id). */
  fill(fill: FillRecord): void {
    this.w.fill(fill);
  }

  /** Journal: an execution's result, about to be reported on `results$`. */
  executionFinished(result: ExecutionResult, wallMs: number): void {
    if (!this.w.executionFinished(result, wallMs)) {
      this.log.warn({ executionId: result.executionId }, '[LEDGER] result of an unknown execution');
    }
  }

  /**
   * Stores a signed order's venue id before it is posted (wire to Polymarket's
   * `onOrderSigned`): after a restart the order is looked up by that id.
   */
  recordVenueOrderId(clientOrderId: string, orderId: string): void {
    if (!this.w.venueOrderId(clientOrderId, orderId)) {
      this.log.warn({ clientOrderId, orderId }, '[LEDGER] venue id for an order without intent');
    }
  }

  /** Replaces the saved circuit-breaker state (any JSON-able value). */
  saveBreakerState(state: unknown): void {
    this.w.breakerState(JSON.stringify(state), this.clock.wallMs());
  }

  /** What to resume at start-up, the breaker state, and a banner (see {@link Recovery}). */
  recover(markets: MarketRegistry): Recovery {
    const r = buildRecovery(this.q, markets);
    this.log.info(
      { unfinished: r.unfinished, pendingOrders: r.pendingOrders, openExposure: r.openExposure },
      `[LEDGER] ${r.banner}`
    );
    return r;
  }

  /**
   * Records a market's resolution on a venue with the fills that close its contracts there
   * (one transaction; see `settlements.ts`). False when this resolution is already recorded.
   */
  recordSettlement(s: LedgerSettlement, fills: readonly FillRecord[]): boolean {
    if (this.db.readonly)
      throw new LedgerError('ledger_unavailable', `ledger ${this.file}: opened read-only`);
    return this.settlementStore().record(s, fills);
  }

  /** Every recorded settlement, oldest first (none in a ledger older than settlements). */
  settlements(): LedgerSettlement[] {
    return currentVersion(this.db) < 3 ? [] : this.settlementStore().list();
  }

  private settlementStore(): SettlementStore {
    return (this.settleStore ??= new SettlementStore(this.db, (f) => this.w.fill(f)));
  }

  /** Positions and P&L by market, folded from fills. */
  positions(): LedgerPosition[] {
    return this.q.positions();
  }

  /** Totals over the ledger. */
  summary(): LedgerSummary {
    const awaiting = this.settlements()
      .filter((x) => !x.redeemed)
      .reduce((t, x) => addMicros(t, x.payout), ZERO_MICROS);
    return this.q.summary(awaiting);
  }

  /** Executions, newest first (`unfinishedOnly`: oldest first); no limit by default. */
  executions(opts?: { limit?: number; unfinishedOnly?: boolean }): LedgerExecution[] {
    return this.q.executions(opts);
  }

  /** Every fill in storage order (audits, reports, the crash test). */
  fills(): LedgerFill[] {
    return this.q.fills();
  }

  /** Schema version, journal mode and `PRAGMA quick_check` of the open database. */
  health(): LedgerHealth {
    const journalMode = String(this.db.pragma('journal_mode', { simple: true }));
    const integrity = String(this.db.pragma('quick_check', { simple: true }));
    const schemaVersion = currentVersion(this.db);
    const walOk = journalMode === 'wal' || this.file === ':memory:';
    return {
      ok: integrity === 'ok' && walOk,
      schemaVersion,
      journalMode,
      integrity,
      file: this.file
    };
  }
}
