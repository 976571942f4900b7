/**
 * The hot path: one prepared statement (or one short transaction) per journal call. Every
 * call commits before it returns, so a write-ahead promise ("the intent is stored before the
 * order is sent") holds even if the process is killed right after.
 */
import type { Database, Statement } from 'better-sqlite3';
import {
  isTerminal,
  mulDiv,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type OrderRole
} from '../../core/index.js';

/** Prepared writes of the ledger (see the module comment). */
export class JournalWriter {
  private readonly started: Statement;
  private readonly intent: Statement;
  private readonly outcomeRow: Statement;
  private readonly outcomeUpdate: Statement;
  private readonly fillFromOutcome: Statement;
  private readonly fillUpsert: Statement;
  private readonly finished: Statement;
  private readonly venueId: Statement;
  private readonly dispatched: Statement;
  private readonly signed: Statement;
  private readonly hasOrder: Statement;
  private readonly breaker: Statement;
  private readonly outcomeTx: (ref: OrderRef, o: OrderOutcome, wallMs: number) => void;

  constructor(db: Database) {
    this.started = db.prepare(`INSERT INTO executions (execution_id, market_id, arb_type,
      yes_price, no_price, yes_size, no_size, detected_ns, started_wall_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (execution_id) DO NOTHING`);
    this.intent = db.prepare(`INSERT INTO orders (client_order_id, execution_id, role, venue,
      market_id, side, action, qty, limit_price, reduce_only, intent_wall_ms, dispatch_tracked)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_order_id) DO NOTHING`);
    this.outcomeRow = db.prepare(`INSERT INTO order_outcomes (client_order_id, status,
      venue_order_id, filled, notional, fee, reject_kind, reason, wall_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // a terminal outcome is final: later answers never overwrite it
    this.outcomeUpdate = db.prepare(`UPDATE orders SET status = ?, terminal = ?, filled = ?,
      notional = ?, fee = ?, reject_kind = ?, reason = ?, outcome_wall_ms = ?,
      venue_order_id = COALESCE(?, venue_order_id)
      WHERE client_order_id = ? AND terminal = 0`);
    this.fillFromOutcome = db.prepare(`INSERT INTO fills (client_order_id, venue_order_id,
      execution_id, market_id, pair_id, description, venue, side, action, contracts, avg_price,
      notional, fee, timestamp_ns, wall_ms, reported)
      SELECT client_order_id, COALESCE(?, venue_order_id), execution_id, market_id, ?, ?, venue,
        side, action, ?, ?, ?, ?, NULL, ?, 0 FROM orders WHERE client_order_id = ?
      ON CONFLICT (client_order_id) DO NOTHING`);
    this.fillUpsert = db.prepare(`INSERT INTO fills (client_order_id, venue_order_id,
      execution_id, market_id, pair_id, description, venue, side, action, contracts, avg_price,
      notional, fee, timestamp_ns, wall_ms, reported)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
      ON CONFLICT (client_order_id) DO UPDATE SET reported = 1,
        timestamp_ns = excluded.timestamp_ns, wall_ms = excluded.wall_ms,
        venue_order_id = COALESCE(fills.venue_order_id, excluded.venue_order_id)`);
    this.finished = db.prepare(`UPDATE executions SET finished_wall_ms = ?, success = ?,
      error = ?, detail = ?, matched = ?, realized_profit = ?, unhedged = ?, closed = ?,
      latency_ns = ?, legs_json = ? WHERE execution_id = ?`);
    this.venueId = db.prepare(
      'UPDATE orders SET venue_order_id = ? WHERE client_order_id = ? AND venue_order_id IS NULL'
    );
    // the latest dispatch: a retry under the same client order id moves the window on
    this.dispatched = db.prepare(`UPDATE orders SET dispatched_wall_ms =
      MAX(COALESCE(dispatched_wall_ms, ?), ?) WHERE client_order_id = ?`);
    // a fresh signature (after a rejection) replaces the id, unless an outcome is final
    this.signed = db.prepare(`UPDATE orders SET venue_order_id = ?, dispatched_wall_ms =
      MAX(COALESCE(dispatched_wall_ms, ?), ?) WHERE client_order_id = ? AND terminal = 0`);
    this.hasOrder = db.prepare('SELECT 1 FROM orders WHERE client_order_id = ?');
    this.breaker = db.prepare(`INSERT INTO breaker_state (id, json, saved_wall_ms)
      VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json,
      saved_wall_ms = excluded.saved_wall_ms`);
    this.outcomeTx = db.transaction((ref: OrderRef, o: OrderOutcome, wallMs: number) =>
      this.writeOutcome(ref, o, wallMs)
    );
  }

  /** Stores an execution's request (once). */
  executionStarted(id: string, r: FastExecutionRequest, wallMs: number): void {
    this.started.run(
      id,
      r.marketId,
      r.arbType,
      r.yesPrice,
      r.noPrice,
      r.yesSize,
      r.noSize,
      r.detectedNs,
      wallMs
    );
  }

  /**
   * Stores an order's intent; a retry with the same client order id keeps the first.
   * `tracked`: the venue's adapter records dispatch (see {@link dispatch}).
   */
  orderIntent(o: OrderRequest, role: OrderRole, wallMs: number, tracked: boolean): void {
    this.intent.run(
      o.clientOrderId,
      o.executionId,
      role,
      o.venue,
      o.market.marketId,
      o.side,
      o.action,
      o.qty,
      o.limitPrice,
      o.reduceOnly ? 1 : 0,
      wallMs,
      tracked ? 1 : 0
    );
  }

  /**
   * Stores an outcome in one transaction: a history row, the order's latest state (frozen once
   * terminal) and, for a terminal fill, the fill itself — so a fill is never lost even if the
   * process dies before the engine reports it on `fills$`.
   */
  orderOutcome(ref: OrderRef, o: OrderOutcome, wallMs: number): void {
    this.outcomeTx(ref, o, wallMs);
  }

  private writeOutcome(ref: OrderRef, o: OrderOutcome, wallMs: number): void {
    const terminal = isTerminal(o.status);
    const vid = o.orderId ?? ref.orderId ?? null;
    const kind = o.rejectKind ?? null;
    const reason = o.reason ?? null;
    const cid = ref.clientOrderId;
    this.outcomeRow.run(cid, o.status, vid, o.filledQty, o.notional, o.fee, kind, reason, wallMs);
    this.outcomeUpdate.run(
      o.status,
      terminal ? 1 : 0,
      o.filledQty,
      o.notional,
      o.fee,
      kind,
      reason,
      wallMs,
      vid,
      cid
    );
    if (terminal && o.filledQty > 0) {
      const avg = mulDiv(o.notional, 1_000_000, o.filledQty, 'half-up');
      const m = ref.market;
      this.fillFromOutcome.run(
        vid,
        m.pairId,
        m.description,
        o.filledQty,
        avg,
        o.notional,
        o.fee,
        wallMs,
        cid
      );
    }
  }

  /** Stores a fill (idempotent per client order id; marks it reported on `fills$`). */
  fill(f: FillRecord): void {
    this.fillUpsert.run(
      f.clientOrderId,
      f.orderId ?? null,
      f.executionId,
      f.marketId,
      f.pairId,
      f.description,
      f.platform,
      f.side,
      f.action,
      f.contracts,
      f.avgPrice,
      f.notional,
      f.fee,
      f.timestampNs,
      f.wallTimeMs
    );
  }

  /** Stores an execution's result; returns whether its start row existed. */
  executionFinished(r: ExecutionResult, wallMs: number): boolean {
    const info = this.finished.run(
      wallMs,
      r.success ? 1 : 0,
      r.error,
      r.detail ?? null,
      r.matchedContracts,
      r.realizedProfit,
      r.unhedgedContracts,
      r.closedContracts,
      r.latencyNs,
      r.legs ? JSON.stringify(r.legs) : null,
      r.executionId
    );
    return info.changes > 0;
  }

  /** Stores the venue id of a signed order; returns whether an intent row took it. */
  venueOrderId(clientOrderId: string, orderId: string): boolean {
    return this.venueId.run(orderId, clientOrderId).changes > 0;
  }

  /** Stores that an order was handed to the socket at `wallMs`; false without an intent row. */
  dispatch(clientOrderId: string, wallMs: number): boolean {
    return this.dispatched.run(wallMs, wallMs, clientOrderId).changes > 0;
  }

  /**
   * Stores a signed order's venue id and signing time (its dispatch record); false without an
   * intent row. A row already final keeps its id.
   */
  signedOrder(clientOrderId: string, orderId: string, wallMs: number): boolean {
    if (this.signed.run(orderId, wallMs, wallMs, clientOrderId).changes > 0) return true;
    return this.hasOrder.get(clientOrderId) !== undefined;
  }

  /** Replaces the saved breaker state. */
  breakerState(json: string, wallMs: number): void {
    this.breaker.run(json, wallMs);
  }
}
