/**
 * One writer per ledger, checked against the real CLI: while a run holds the ledger, a second
 * `twinleg run` on the same `--db` must refuse at once with exit 5 (`ledger_locked`), before it
 * touches any venue.
 */
import { spawn } from 'node:child_process';
import { engineCommand, hermeticEnv, type EngineOptions } from './engine.js';

/** What the second run did. */
export interface LockCheck {
  readonly exitCode: number | null;
  /** Its first stderr line (the error). */
  readonly message: string;
  /** Exit 5 naming the lock. */
  readonly ok: boolean;
}

/** Runs a second engine on the same ledger and waits for it (killed after `capMs`). */
export function secondRun(o: Omit<EngineOptions, 'logFile'>, capMs = 60_000): Promise<LockCheck> {
  const { args, cwd } = engineCommand(o);
  const child = spawn(process.execPath, args, {
    cwd,
    env: hermeticEnv(),
    stdio: ['pipe', 'ignore', 'pipe']
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end();
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), capMs);
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      const message = stderr.split('\n').find((l) => l.trim() !== '') ?? '';
      done({ exitCode: code, message, ok: code === 5 && /lock/i.test(stderr) });
    })
  );
}
