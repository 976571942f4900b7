/**
 * Runs a seed range over worker threads. Seeds are handed out in fixed-size chunks and the
 * chunk reports are merged in seed order, so the combined report is the same whatever the
 * number of workers or their timing (each scenario is deterministic on its own).
 */
import { Worker } from 'node:worker_threads';
import type { DurableKind } from './durable.js';
import { addFaults, type BatchReport, type Failure, type UnclosableEntry } from './batch.js';
import type { FaultCounts, ScenarioOutcome } from './types.js';
import { DEFAULT_SWITCHES } from './switches.js';
import type { WorkRequest } from './worker.js';

interface WorkReply {
  readonly req: WorkRequest;
  readonly report?: BatchReport;
  readonly failed?: ScenarioOutcome[];
  readonly error?: string;
}

/** Worker bootstrap: register tsx's loader in the thread, then load the TypeScript worker. */
const BOOT = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((t) => { t.register(); return import(workerData); });
`;

/** Options of {@link runParallel}. */
export interface ParallelOptions {
  readonly workers: number;
  readonly chunk?: number;
  readonly plant?: string | null;
  readonly durable?: DurableKind;
  /** The issue-13 switches that are on (default {@link DEFAULT_SWITCHES}). */
  readonly switches?: readonly string[];
  /** Called with each failing scenario, in completion order. */
  readonly onFailure?: (o: ScenarioOutcome) => void;
  /** Called after each chunk with the number of scenarios done. */
  readonly onProgress?: (done: number) => void;
}

/** Runs seeds `start … start + count − 1` on `workers` threads (see the module comment). */
export async function runParallel(
  start: number,
  count: number,
  o: ParallelOptions
): Promise<BatchReport> {
  const chunk = o.chunk ?? 50;
  const queue: WorkRequest[] = [];
  for (let s = start; s < start + count; s += chunk) {
    queue.push({
      start: s,
      count: Math.min(chunk, start + count - s),
      plant: o.plant ?? null,
      durable: o.durable ?? 'ledger',
      switches: o.switches ?? DEFAULT_SWITCHES
    });
  }
  const replies: WorkReply[] = [];
  let done = 0;
  const url = new URL('./worker.ts', import.meta.url);
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(BOOT, { eval: true, workerData: url.href });
      const next = () => {
        const req = queue.shift();
        w.postMessage(req ?? null);
        if (!req) resolve();
      };
      w.on('message', (m: WorkReply) => {
        if (m.error) return reject(new Error(`seeds ${m.req.start}+${m.req.count}: ${m.error}`));
        replies.push(m);
        for (const f of m.failed ?? []) o.onFailure?.(f);
        done += m.req.count;
        o.onProgress?.(done);
        next();
      });
      w.on('error', reject);
      next();
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.workers, queue.length)) }, one));
  replies.sort((a, b) => a.req.start - b.req.start);
  const faults: FaultCounts = {};
  const failures: Failure[] = [];
  const unclosable: UnclosableEntry[] = [];
  let scenarios = 0;
  for (const r of replies) {
    scenarios += r.report?.scenarios ?? 0;
    addFaults(faults, r.report?.faults ?? {});
    failures.push(...(r.report?.failures ?? []));
    unclosable.push(...(r.report?.unclosable ?? []));
  }
  return { scenarios, violations: failures.length, faults, failures, unclosable };
}
