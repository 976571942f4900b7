/**
 * The ledger's schema as an ordered list of migrations. Migration `n` takes the database from
 * version `n − 1` to `n`; the applied versions are rows of `schema_version`. Never edit a
 * released migration: append a new one.
 */
import type { Database } from 'better-sqlite3';
import { LedgerError } from './errors.js';

/** One schema step. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

const V1 = `
CREATE TABLE executions (
  execution_id     TEXT PRIMARY KEY,
  market_id        INTEGER NOT NULL,
  arb_type         TEXT NOT NULL,
  yes_price        INTEGER NOT NULL,
  no_price         INTEGER NOT NULL,
  yes_size         INTEGER NOT NULL,
  no_size          INTEGER NOT NULL,
  detected_ns      INTEGER NOT NULL,
  started_wall_ms  INTEGER NOT NULL,
  finished_wall_ms INTEGER,
  success          INTEGER,
  error            TEXT,
  detail           TEXT,
  matched          INTEGER,
  realized_profit  INTEGER,
  unhedged         INTEGER,
  closed           INTEGER,
  latency_ns       INTEGER,
  legs_json        TEXT
);
CREATE INDEX executions_unfinished ON executions(started_wall_ms) WHERE finished_wall_ms IS NULL;

CREATE TABLE orders (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  client_order_id  TEXT NOT NULL UNIQUE,
  execution_id     TEXT NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('entry', 'close')),
  venue            TEXT NOT NULL,
  market_id        INTEGER NOT NULL,
  side             TEXT NOT NULL,
  action           TEXT NOT NULL,
  qty              INTEGER NOT NULL,
  limit_price      INTEGER NOT NULL,
  reduce_only      INTEGER NOT NULL,
  intent_wall_ms   INTEGER NOT NULL,
  venue_order_id   TEXT,
  status           TEXT NOT NULL DEFAULT 'intent',
  terminal         INTEGER NOT NULL DEFAULT 0,
  filled           INTEGER NOT NULL DEFAULT 0,
  notional         INTEGER NOT NULL DEFAULT 0,
  fee              INTEGER NOT NULL DEFAULT 0,
  reject_kind      TEXT,
  reason           TEXT,
  outcome_wall_ms  INTEGER
);
CREATE INDEX orders_execution ON orders(execution_id, seq);

CREATE TABLE order_outcomes (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  client_order_id  TEXT NOT NULL,
  status           TEXT NOT NULL,
  venue_order_id   TEXT,
  filled           INTEGER NOT NULL,
  notional         INTEGER NOT NULL,
  fee              INTEGER NOT NULL,
  reject_kind      TEXT,
  reason           TEXT,
  wall_ms          INTEGER NOT NULL
);
CREATE INDEX order_outcomes_order ON order_outcomes(client_order_id, id);

CREATE TABLE fills (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  client_order_id  TEXT NOT NULL UNIQUE,
  venue_order_id   TEXT,
  execution_id     TEXT NOT NULL,
  market_id        INTEGER NOT NULL,
  pair_id          TEXT NOT NULL,
  description      TEXT NOT NULL,
  venue            TEXT NOT NULL,
  side             TEXT NOT NULL,
  action           TEXT NOT NULL,
  contracts        INTEGER NOT NULL,
  avg_price        INTEGER NOT NULL,
  notional         INTEGER NOT NULL,
  fee              INTEGER NOT NULL,
  timestamp_ns     INTEGER,
  wall_ms          INTEGER NOT NULL,
  reported         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fills_market ON fills(market_id);
CREATE INDEX fills_execution ON fills(execution_id);

CREATE TABLE breaker_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  json             TEXT NOT NULL,
  saved_wall_ms    INTEGER NOT NULL
);
`;

/**
 * Dispatch records. `dispatch_tracked` = 1: the venue's adapter reports when an order is handed
 * to the socket (Kalshi) or signed (Polymarket), so an intent without `dispatched_wall_ms`
 * provably never reached the venue. Rows written before this version stay untracked (0): their
 * orders are looked up as before.
 */
const V2 = `
ALTER TABLE orders ADD COLUMN dispatch_tracked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN dispatched_wall_ms INTEGER;
`;

/**
 * Settlements: one row per market, venue and resolution (`close_wall_ms` tells a recurring
 * market's cycles apart). The contracts it paid are closed by fills of the same transaction
 * (sells at the payout, `execution_id` `settle:…`), so positions, P&L and the breaker's replay
 * need no second path. `redeemed` = 0: paid only once redeemed on chain (Polymarket).
 */
const V3 = `
CREATE TABLE settlements (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  market_id        INTEGER NOT NULL,
  venue            TEXT NOT NULL,
  close_wall_ms    INTEGER NOT NULL,
  yes_payout       INTEGER NOT NULL,
  contracts        INTEGER NOT NULL,
  payout           INTEGER NOT NULL,
  fee              INTEGER NOT NULL,
  redeemed         INTEGER NOT NULL,
  wall_ms          INTEGER NOT NULL,
  UNIQUE (market_id, venue, close_wall_ms)
);
`;

/** Every migration, in order. The last one's version is {@link SCHEMA_VERSION}. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'executions, orders, outcomes, fills, breaker state', sql: V1 },
  { version: 2, description: 'order dispatch records', sql: V2 },
  { version: 3, description: 'settlements', sql: V3 }
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The highest applied version (0 for an empty database). */
export function currentVersion(db: Database): number {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .get();
  if (!exists) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as {
    v: number | null;
  };
  return row.v ?? 0;
}

/**
 * Brings the database to {@link SCHEMA_VERSION}, each migration in its own transaction.
 * Throws (naming `file`) when the database is newer than this code.
 */
export function migrate(db: Database, file: string, wallMs: number): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_wall_ms INTEGER NOT NULL)'
  );
  const from = currentVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new LedgerError(
      'ledger_unavailable',
      `ledger ${file}: schema version ${from} is newer than this twinleg knows (${SCHEMA_VERSION}); upgrade twinleg or use another --db`
    );
  }
  const record = db.prepare(
    'INSERT INTO schema_version (version, description, applied_wall_ms) VALUES (?, ?, ?)'
  );
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.description, wallMs);
    }).immediate();
  }
  return from;
}
