/**
 * CLI test support: runs `node cli/bin.mjs ...` as a real child process with a hermetic
 * environment (no inherited TWINLEG_*, CB_*, KALSHI_*, POLY_* variables).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Repository root. */
export const ROOT = resolve(import.meta.dirname, '..');
/** The CLI entry. */
export const BIN = join(ROOT, 'cli', 'bin.mjs');

/** A fresh temp directory. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'twinleg-cli-'));

/** The parent's environment without anything that configures twinleg or holds credentials. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(TWINLEG_|CB_|KALSHI_|POLY_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** A finished run. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the CLI; the caller waits or signals. */
export function start(
  args: readonly string[],
  o: { env?: Record<string, string>; cwd?: string } = {}
): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: o.cwd ?? ROOT,
    env: cleanEnv(o.env),
    stdio: ['pipe', 'pipe', 'pipe']
  });
}

/** Runs the CLI to completion. */
export function twinleg(
  args: readonly string[],
  o: { env?: Record<string, string>; cwd?: string; input?: string } = {}
): Promise<Ran> {
  const child = start(args, o);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin?.end(o.input ?? '');
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

/** Resolves with the first match of `re` on the child's stdout or stderr. */
export function waitFor(
  child: ChildProcess,
  re: RegExp,
  timeoutMs = 15_000
): Promise<RegExpMatchArray> {
  return new Promise((resolveMatch, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${re}; saw:\n${seen}`)),
      timeoutMs
    );
    const on = (b: Buffer) => {
      seen += b.toString();
      const m = seen.match(re);
      if (m) {
        clearTimeout(timer);
        resolveMatch(m);
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
  });
}

/** Waits for a child to exit; returns its code. */
export const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.on('close', (code) => r(code)));
