/** Opening the SQLite file: pragmas, migrations and errors that name the file. */
import Database from 'better-sqlite3';
import { LedgerError } from './errors.js';
import { currentVersion, migrate, SCHEMA_VERSION } from './schema.js';
import type { Durability } from './types.js';

/** Options of {@link openDatabase}. */
export interface OpenOptions {
  readonly durability: Durability;
  readonly busyTimeoutMs: number;
  readonly readonly: boolean;
  readonly wallMs: number;
}

/** A clear one-line reason with a hint, from a SQLite error. */
function explain(file: string, e: unknown): LedgerError {
  if (e instanceof LedgerError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const locked = /locked|busy/i.test(msg);
  let hint = '';
  if (locked) hint = ' (another process holds it: is another twinleg running?)';
  else if (/not a database|malformed|corrupt/i.test(msg))
    hint = ' (not a twinleg ledger, or damaged: move it aside or use another --db)';
  else if (/unable to open|no such file|directory/i.test(msg))
    hint = ' (check the path and its permissions)';
  return new LedgerError(
    locked ? 'ledger_locked' : 'ledger_unavailable',
    `ledger ${file}: cannot open: ${msg}${hint}`,
    { cause: e }
  );
}

/** A read-only ledger must already be at this code's schema version (it cannot migrate). */
function checkReadable(db: Database.Database, file: string): void {
  const v = currentVersion(db);
  if (v > SCHEMA_VERSION)
    throw new LedgerError(
      'ledger_unavailable',
      `ledger ${file}: schema version ${v} is newer than this twinleg knows (${SCHEMA_VERSION}); upgrade twinleg`
    );
  if (v < SCHEMA_VERSION)
    throw new LedgerError(
      'ledger_unavailable',
      `ledger ${file}: schema version ${v} is older than ${SCHEMA_VERSION}; open it once read-write (twinleg run) to migrate`
    );
}

/**
 * Opens (creating unless read-only) and migrates the ledger database.
 *
 * Durability: WAL with `synchronous=NORMAL` (default) writes each commit to the WAL file with
 * a `write()` before the call returns, and fsyncs only at checkpoints. A killed process
 * (SIGKILL, OOM, crash) loses nothing: its writes are already in the OS page cache, which the
 * kernel flushes on its own. Only an OS crash or power loss can lose the last commits (the
 * database stays consistent). `full` (`synchronous=FULL`) also fsyncs the WAL on every commit,
 * surviving power loss at the cost of one fsync per journal call.
 */
export function openDatabase(file: string, o: OpenOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, {
      readonly: o.readonly,
      fileMustExist: o.readonly,
      timeout: o.busyTimeoutMs
    });
    if (!o.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${o.durability === 'full' ? 'FULL' : 'NORMAL'}`);
      migrate(db, file, o.wallMs);
    } else {
      db.pragma('query_only = ON');
      checkReadable(db, file);
    }
    return db;
  } catch (e) {
    db?.close();
    throw explain(file, e);
  }
}
