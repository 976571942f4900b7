/**
 * The engine under test: the real CLI, `node cli/bin.mjs run --live --feed stdin --db …`, as a
 * child process with a hermetic environment (no inherited TWINLEG_*, CB_*, KALSHI_*, POLY_*),
 * its output appended to a log file and watched for the start line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { lockPathOf } from '../../adapters/ledger/index.js';
import { join, resolve } from 'node:path';

/** Repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** How a run ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running engine. */
export interface EngineRun {
  readonly child: ChildProcess;
  /**
   * True once the engine holds the ledger — its pid in the lock file, or (a checkout without
   * the lock) its first request to a venue, which follows the ledger's opening and recovery;
   * stdin lines wait in the pipe until the feed starts — false if it exited first. The logs
   * cannot tell: they are written in 4 KB batches.
   */
  readonly ready: Promise<boolean>;
  readonly exited: Promise<Exit>;
  /** Writes one opportunity line to its stdin (ignored once the pipe is gone). */
  write(line: string): void;
  /** Closes its stdin: the feed ends, and the run stops once nothing is running. */
  endInput(): void;
  /** SIGKILL, no cleanup of any kind. */
  kill(): void;
}

/** What a run needs. */
export interface EngineOptions {
  readonly envFile: string;
  readonly marketsFile: string;
  readonly db: string;
  readonly logFile: string;
  readonly summaryJson?: string;
  /** The checkout whose `cli/bin.mjs` runs (default this one): e.g. an older commit, to compare. */
  readonly engineRoot?: string;
}

/** The command line of a run: node, the CLI entry and its arguments, and its directory. */
export function engineCommand(o: Omit<EngineOptions, 'logFile'>): { args: string[]; cwd: string } {
  const root = o.engineRoot ?? ROOT;
  return { args: [join(root, 'cli', 'bin.mjs'), ...runArgs(o)], cwd: root };
}

/** The CLI's error line (`twinleg: …`) in a run's log, or ''. */
export function errorLine(logFile: string): string {
  try {
    return (
      readFileSync(logFile, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('twinleg: ')) ?? ''
    );
  } catch {
    return '';
  }
}

/** The pid in the ledger's lock file, if any. */
export function lockHolder(db: string): number | undefined {
  try {
    const pid = (JSON.parse(readFileSync(lockPathOf(db), 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The parent's environment without anything that configures twinleg or holds credentials. */
export function hermeticEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(TWINLEG_|CB_|KALSHI_|POLY_)/.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1' };
}

/** The `run` arguments of the campaign. */
export function runArgs(o: Omit<EngineOptions, 'logFile'>): string[] {
  return [
    'run',
    '--live',
    '--i-accept-real-money',
    '--load-env',
    o.envFile,
    '--markets',
    o.marketsFile,
    '--feed',
    'stdin',
    '--db',
    o.db,
    '--log-level',
    'info',
    '--json-logs',
    ...(o.summaryJson ? ['--summary-json', o.summaryJson] : [])
  ];
}

/**
 * Starts the engine. `venueRequests` counts the requests the mock venues have seen (only this
 * engine talks to them while it starts).
 */
export function startEngine(o: EngineOptions, venueRequests: () => number): EngineRun {
  const before = venueRequests();
  const { args, cwd } = engineCommand(o);
  const child = spawn(process.execPath, args, {
    cwd,
    env: hermeticEnv(),
    stdio: ['pipe', 'pipe', 'pipe']
  });
  const log = createWriteStream(o.logFile, { flags: 'a' });
  child.stdin.on('error', () => undefined); // EPIPE after a kill
  const exited = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => {
      log.end();
      done({ code, signal });
    })
  );
  child.stdout.on('data', (b: Buffer) => log.write(b));
  child.stderr.on('data', (b: Buffer) => log.write(b));
  const ready = new Promise<boolean>((done) => {
    let over = false;
    void exited.then(() => {
      over = true;
      done(false);
    });
    const poll = (): void => {
      if (over) return;
      if (lockHolder(o.db) === child.pid || venueRequests() > before) done(true);
      else setTimeout(poll, 25);
    };
    poll();
  });
  return {
    child,
    ready,
    exited,
    write: (line) => {
      if (child.stdin.writable) child.stdin.write(`${line}\n`);
    },
    endInput: () => child.stdin.end(),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
}
