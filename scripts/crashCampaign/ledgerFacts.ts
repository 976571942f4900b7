/**
 * What the ledger holds, read with plain SQL on a read-only connection: no lock (so it works
 * right after a SIGKILL and next to a running writer), and only the columns of the first schema
 * version (so it reads any ledger version, e.g. one written by an older checkout run with
 * `--engine-root`). The shapes are the ledger's own (`LedgerFill`, `LedgerExecution`).
 */
import Database from 'better-sqlite3';
import type { LedgerExecution, LedgerFill } from '../../adapters/ledger/index.js';
import {
  asMicros,
  asQty,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty,
  type Venue
} from '../../core/index.js';

/** One order row (intent, then its outcome). */
export interface LedgerOrderFact {
  readonly clientOrderId: string;
  readonly executionId: string;
  readonly role: 'entry' | 'close';
  readonly venue: Venue;
  readonly marketId: number;
  readonly venueOrderId: string | null;
  readonly status: string;
  /** The outcome is final (filled, rejected, canceled, …); false: intent or unknown. */
  readonly terminal: boolean;
}

/** Everything the audits read from the ledger. */
export interface LedgerFacts {
  /** In storage order. */
  readonly fills: readonly LedgerFill[];
  /** In intent order. */
  readonly orders: readonly LedgerOrderFact[];
  /** Newest first, as the ledger lists them. */
  readonly executions: readonly LedgerExecution[];
  /** The saved breaker state (parsed JSON), or null. */
  readonly breakerState: unknown;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string => String(v);
const num = (v: unknown): number => Number(v);
const orNull = <T>(v: unknown, f: (v: unknown) => T): T | null => (v === null ? null : f(v));
const qty = (v: unknown): Qty => (v === null ? ZERO_QTY : asQty(num(v)));
const micros = (v: unknown): Micros => (v === null ? ZERO_MICROS : asMicros(num(v)));

/** Reads the ledger at `file` (read-only). */
export function readLedger(file: string): LedgerFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const all = (sql: string): Row[] => db.prepare(sql).all() as Row[];
    const fills = all('SELECT * FROM fills ORDER BY id').map((r): LedgerFill => ({
      executionId: str(r.execution_id),
      clientOrderId: str(r.client_order_id),
      venueOrderId: orNull(r.venue_order_id, str),
      marketId: num(r.market_id),
      venue: str(r.venue) as Venue,
      side: str(r.side) as 'yes' | 'no',
      action: str(r.action) as 'buy' | 'sell',
      contracts: qty(r.contracts),
      notional: micros(r.notional),
      fee: micros(r.fee),
      wallMs: num(r.wall_ms),
      reported: num(r.reported) === 1
    }));
    const orders = all('SELECT * FROM orders ORDER BY seq').map((r): LedgerOrderFact => ({
      clientOrderId: str(r.client_order_id),
      executionId: str(r.execution_id),
      role: str(r.role) as 'entry' | 'close',
      venue: str(r.venue) as Venue,
      marketId: num(r.market_id),
      venueOrderId: orNull(r.venue_order_id, str),
      status: str(r.status),
      terminal: num(r.terminal) === 1
    }));
    const executions = all('SELECT * FROM executions ORDER BY started_wall_ms DESC').map(
      (r): LedgerExecution => ({
        executionId: str(r.execution_id),
        marketId: num(r.market_id),
        arbType: str(r.arb_type),
        startedWallMs: num(r.started_wall_ms),
        finishedWallMs: orNull(r.finished_wall_ms, num),
        error: orNull(r.error, str),
        success: orNull(r.success, (v) => num(v) === 1),
        matched: qty(r.matched),
        realizedProfit: micros(r.realized_profit),
        unhedged: qty(r.unhedged)
      })
    );
    const saved = all('SELECT json FROM breaker_state WHERE id = 1')[0];
    const breakerState = saved ? (JSON.parse(str(saved.json)) as unknown) : null;
    return { fills, orders, executions, breakerState };
  } finally {
    db.close();
  }
}
