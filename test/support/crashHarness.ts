/** Line-oriented control of a crash-test child process (see `crashChild.ts`). */
import type { ChildProcess } from 'node:child_process';
import type { ExecutionResult } from '../../core/index.js';
import type { CrashLine } from './crashScenario.js';

/** The recover child's final line. */
export interface RecoverSummary {
  readonly ev: 'summary';
  readonly results: readonly ExecutionResult[];
  readonly ledger: Record<string, unknown>;
}

/** Collects a child's JSON stdout lines and lets a test wait for one. */
export class ChildLines {
  private readonly lines: CrashLine[] = [];
  private readonly waiters = new Set<() => void>();
  private buf = '';
  private stderr = '';
  private readonly done: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.buf += chunk;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const text = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        if (text.startsWith('{')) this.lines.push(JSON.parse(text) as CrashLine);
      }
      for (const w of [...this.waiters]) w();
    });
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (this.stderr += c));
    this.done = new Promise((resolve) => child.on('exit', () => resolve()));
    void this.done.then(() => [...this.waiters].forEach((w) => w()));
  }

  /** Lines seen so far that match. */
  seen(pred: (l: CrashLine) => boolean): CrashLine[] {
    return this.lines.filter(pred);
  }

  /** The first line matching `pred` (already seen or coming); rejects on exit or timeout. */
  waitFor(pred: (l: CrashLine) => boolean, ms = 30_000): Promise<CrashLine> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail('timed out'), ms);
      const fail = (why: string): void => {
        this.waiters.delete(check);
        clearTimeout(timer);
        reject(new Error(`child ${why} waiting for a line; stderr: ${this.stderr.slice(-2_000)}`));
      };
      const check = (): void => {
        const hit = this.lines.find(pred);
        if (hit) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) fail('exited');
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Lets the child take its next step. */
  go(): void {
    this.child.stdin?.write('go\n');
  }

  /** Resolves when the child has exited. */
  exited(): Promise<void> {
    return this.done;
  }
}
