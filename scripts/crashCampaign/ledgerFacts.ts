/**
 * What the ledger holds, read as the CLI's reports read it: read-only, no lock (so it also
 * works right after a SIGKILL, and next to a running writer). Orders come straight from the
 * `orders` table (the ledger has no query for all of them).
 */
import Database from 'better-sqlite3';
import { Ledger, type LedgerExecution, type LedgerFill } from '../../adapters/ledger/index.js';
import type { LedgerPosition } from '../../adapters/ledger/index.js';
import { NanoClock } from '../../actors/nanoClock.js';

/** One order row (intent, then its outcome). */
export interface LedgerOrderFact {
  readonly clientOrderId: string;
  readonly executionId: string;
  readonly role: 'entry' | 'close';
  readonly venue: 'kalshi' | 'polymarket';
  readonly marketId: number;
  readonly venueOrderId: string | null;
  readonly status: string;
  /** The outcome is final (filled, rejected, canceled, …); false: intent or unknown. */
  readonly terminal: boolean;
}

/** Everything the audits read from the ledger. */
export interface LedgerFacts {
  readonly fills: readonly LedgerFill[];
  readonly orders: readonly LedgerOrderFact[];
  readonly executions: readonly LedgerExecution[];
  readonly positions: readonly LedgerPosition[];
  /** The saved breaker state (parsed JSON), or null. */
  readonly breakerState: unknown;
}

interface OrderRow {
  client_order_id: string;
  execution_id: string;
  role: 'entry' | 'close';
  venue: 'kalshi' | 'polymarket';
  market_id: number;
  venue_order_id: string | null;
  status: string;
  terminal: number;
}

/** Reads the ledger at `file` (read-only). */
export function readLedger(file: string): LedgerFacts {
  const ledger = Ledger.open(file, { clock: new NanoClock(), readonly: true });
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        'SELECT client_order_id, execution_id, role, venue, market_id, venue_order_id, status, terminal FROM orders ORDER BY seq'
      )
      .all() as OrderRow[];
    const saved = db.prepare('SELECT json FROM breaker_state WHERE id = 1').get() as
      { json: string } | undefined;
    return {
      fills: ledger.fills(),
      orders: rows.map((r) => ({
        clientOrderId: r.client_order_id,
        executionId: r.execution_id,
        role: r.role,
        venue: r.venue,
        marketId: r.market_id,
        venueOrderId: r.venue_order_id,
        status: r.status,
        terminal: r.terminal === 1
      })),
      executions: ledger.executions(),
      positions: ledger.positions(),
      breakerState: saved ? (JSON.parse(saved.json) as unknown) : null
    };
  } finally {
    db.close();
    ledger.close();
  }
}
