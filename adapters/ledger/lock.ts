/**
 * One writer per ledger: a lock file next to the database.
 *
 * A read-write `Ledger.open` creates `<db>.lock` with `wx` (fails if it exists) holding the
 * writer's pid, host and start time, and removes it on `close()`. A second writer finds the file
 * and is refused with `ledger_locked`, naming the holder's pid. Readers (`positions`, `status`)
 * never look at the lock: they open the database read-only, which WAL allows next to a writer.
 *
 * Why not a lock inside SQLite: `BEGIN EXCLUSIVE` or `locking_mode=EXCLUSIVE` on the writer's
 * connection also shuts out WAL readers, which must keep working while a run holds the ledger.
 *
 * A crashed writer (SIGKILL, OOM) leaves the file behind. It is stale when its pid is not alive
 * on this host (`process.kill(pid, 0)` throws ESRCH), or is this very process without this
 * process holding it (a pid reused after a crash, e.g. PID 1 in a restarted container): the next
 * writer replaces it and says so (the caller logs it). A file without a readable owner is stale
 * once older than a few seconds (a writer killed between creating and filling it). Limits: a crashed writer's pid reused by
 * an unrelated live process, or a lock from another host, reads as held (the message names the
 * pid and host; remove the file by hand once sure); two writers taking over one stale lock at the
 * same instant are not arbitrated beyond the atomic `wx` create.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { LedgerError } from './errors.js';

/** What a lock file holds. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the writer took the lock. */
  readonly since: string;
}

/** A held writer lock. */
export interface WriterLock {
  /** The lock file. */
  readonly path: string;
  /** The stale lock this one replaced (a crashed writer's), if any. */
  readonly tookOver: LockOwner | undefined;
  /** Removes the lock file. Idempotent. */
  release(): void;
}

/** Lock files this process holds (absolute paths): tells our own lock from a reused pid. */
const held = new Set<string>();

/** The lock file of a ledger file. */
export const lockPathOf = (file: string): string => `${resolve(file)}.lock`;

function readOwner(path: string): LockOwner | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return undefined;
    return { pid: v.pid, host: String(v.host ?? ''), since: String(v.since ?? '') };
  } catch {
    return undefined; // unreadable or half-written: see isStale
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: alive, someone else's
  }
}

/** A lock file without a readable owner is being written (held) unless it is this old, ms. */
const HALF_WRITTEN_MS = 5_000;

function isStale(path: string, owner: LockOwner | undefined): boolean {
  if (!owner) return Date.now() - statSync(path).mtimeMs > HALF_WRITTEN_MS;
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !held.has(path);
  return !alive(owner.pid);
}

function create(path: string, wallMs: number): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      since: new Date(wallMs).toISOString()
    };
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The live writer holding the ledger `file` now (on this host or another), or undefined. */
export function lockHolder(file: string): LockOwner | undefined {
  const path = lockPathOf(file);
  let owner: LockOwner | undefined;
  try {
    owner = readOwner(path);
    if (!owner || isStale(path, owner)) return undefined;
  } catch {
    return undefined; // no lock file
  }
  return owner;
}

/**
 * Takes the writer lock of the ledger `file` (see the module comment). Throws a
 * {@link LedgerError} `ledger_locked` naming the file and the holder's pid when another live
 * writer holds it, `ledger_unavailable` when the lock file cannot be written.
 */
export function acquireWriterLock(file: string, wallMs: number): WriterLock {
  const path = lockPathOf(file);
  let tookOver: LockOwner | undefined;
  try {
    if (!create(path, wallMs)) {
      const owner = readOwner(path);
      if (!isStale(path, owner)) {
        const who = owner
          ? `pid ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`} since ${owner.since}`
          : 'an unknown holder';
        throw new LedgerError(
          'ledger_locked',
          `ledger ${file}: held by another twinleg, ${who} (lock file ${path})`
        );
      }
      tookOver = owner ?? { pid: 0, host: '', since: '' };
      unlinkSync(path);
      if (!create(path, wallMs))
        throw new LedgerError(
          'ledger_locked',
          `ledger ${file}: another twinleg took over the stale lock first (lock file ${path})`
        );
    }
  } catch (e) {
    if (e instanceof LedgerError) throw e;
    // Node's message names the lock path, which repeats the file: keep only the reason.
    const why = (e instanceof Error ? e.message : String(e))
      .replace(/^[A-Z]+: /, '')
      .replace(/, \w+ '.*'$/s, '');
    throw new LedgerError(
      'ledger_unavailable',
      `ledger ${file}: cannot open: cannot create its lock file: ${why} (check the path and its permissions)`,
      { cause: e }
    );
  }
  held.add(path);
  let released = false;
  return {
    path,
    tookOver,
    release: () => {
      if (released) return;
      released = true;
      held.delete(path);
      try {
        if (readOwner(path)?.pid === process.pid) unlinkSync(path);
      } catch {
        // already gone: nothing to release
      }
    }
  };
}
