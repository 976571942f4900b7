/**
 * One writer per ledger (issue 13, item 4): a second writer is refused with `ledger_locked`
 * (in-process and through the CLI, exit 5), readers keep working read-only next to a writer,
 * and a SIGKILLed writer's lock is taken over by the next writer, with a log line.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { Ledger, LedgerError, lockPathOf } from '../adapters/ledger/index.js';
import type { Logger } from '../core/index.js';
import { exited, start, twinleg, waitFor } from './cliSupport.js';

const clock = new ManualClock();
const dirs: string[] = [];
const open: Ledger[] = [];

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twinleg-lock-'));
  dirs.push(dir);
  return join(dir, 'ledger.db');
}

function openLedger(file: string, o: { logger?: Logger; readonly?: boolean } = {}): Ledger {
  const l = Ledger.open(file, { clock, ...o });
  open.push(l);
  return l;
}

/** A logger that keeps warnings. */
function recorder(): { logger: Logger; warns: string[] } {
  const warns: string[] = [];
  const none = (): void => undefined;
  return {
    warns,
    logger: { debug: none, info: none, error: none, warn: (_o, msg) => warns.push(msg) }
  };
}

/** The pid of a process that is gone: a child that was SIGKILLed. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  const pid = child.pid ?? 0;
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  return pid;
}

function lockedError(f: () => unknown): LedgerError {
  try {
    f();
  } catch (e) {
    if (e instanceof LedgerError) return e;
    throw e;
  }
  throw new Error('expected a LedgerError');
}

afterEach(() => {
  for (const l of open.splice(0)) l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('one writer per ledger (in-process)', () => {
  it('refuses a second writer on the same file, naming the file and the holder pid', () => {
    const file = tempDb();
    const first = openLedger(file);
    const e = lockedError(() => openLedger(file));
    expect(e.code).toBe('ledger_locked');
    expect(e.message).toContain(`ledger ${file}:`);
    expect(e.message).toContain(`pid ${process.pid}`);
    first.close();
    expect(existsSync(lockPathOf(file))).toBe(false);
    expect(() => openLedger(file)).not.toThrow();
  });

  it('opens readers read-only next to a writer, without the lock', () => {
    const file = tempDb();
    const writer = openLedger(file);
    expect(writer.readOnly).toBe(false);
    // Tests run as root, which ignores file modes: the proof is the connection being read-only.
    chmodSync(file, 0o444);
    const reader = openLedger(file, { readonly: true });
    expect(reader.readOnly).toBe(true);
    expect(reader.summary().executions).toBe(0);
    expect(reader.positions()).toEqual([]);
    reader.close();
    expect(existsSync(lockPathOf(file))).toBe(true);
  });

  it('takes over the lock of a writer that is gone, and logs it', async () => {
    const file = tempDb();
    openLedger(file).close();
    const pid = await deadPid();
    const since = '2026-01-01T00:00:00.000Z';
    writeFileSync(lockPathOf(file), JSON.stringify({ pid, host: hostname(), since }));
    const { logger, warns } = recorder();
    openLedger(file, { logger });
    expect(warns).toEqual([expect.stringContaining(`stale lock`)]);
    expect(warns[0]).toContain(`pid ${pid}`);
  });

  it('takes over a lock naming this pid that this process does not hold (pid reuse)', () => {
    const file = tempDb();
    writeFileSync(
      lockPathOf(file),
      JSON.stringify({ pid: process.pid, host: hostname(), since: 'x' })
    );
    const { logger, warns } = recorder();
    openLedger(file, { logger });
    expect(warns).toHaveLength(1);
  });

  it('treats a fresh unreadable lock as held (being written), an old one as stale', () => {
    const file = tempDb();
    writeFileSync(lockPathOf(file), '');
    expect(lockedError(() => openLedger(file)).code).toBe('ledger_locked');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathOf(file), old, old);
    expect(() => openLedger(file)).not.toThrow();
  });
});

describe('one writer per ledger (CLI)', () => {
  it('refuses a second run with exit 5 while positions and status keep working', async () => {
    const file = tempDb();
    // long enough to outlive three CLI starts on a loaded machine (it is killed at the end)
    const first = start(['run', '--db', file, '--duration', '120']);
    try {
      await waitFor(first, /ledger: /, 30_000);
      expect(existsSync(lockPathOf(file))).toBe(true);
      const [second, pos, status] = await Promise.all([
        twinleg(['run', '--db', file, '--duration', '5']),
        twinleg(['positions', '--db', file]),
        twinleg(['status', '--db', file])
      ]);
      expect(second.code, second.stderr).toBe(5);
      const lines = second.stderr.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toContain(`pid ${first.pid}`);
      expect(lines[1]).toMatch(/^hint: stop the other twinleg/);
      expect(pos.code, pos.stderr).toBe(0);
      expect(status.code, status.stderr).toBe(0);
    } finally {
      first.kill('SIGKILL');
      await exited(first);
    }
  }, 60_000);

  it('a SIGKILLed run leaves its lock, and the next run takes it over with a log line', async () => {
    const file = tempDb();
    const first = start(['run', '--db', file, '--duration', '30']);
    await waitFor(first, /ledger: /, 30_000);
    const pid = first.pid;
    first.kill('SIGKILL');
    await exited(first);
    expect(existsSync(lockPathOf(file))).toBe(true);
    const next = await twinleg(['run', '--db', file, '--duration', '1']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout + next.stderr).toContain(`took over the stale lock`);
    expect(next.stdout + next.stderr).toContain(`pid ${pid}`);
    expect(existsSync(lockPathOf(file))).toBe(false);
  }, 60_000);
});
