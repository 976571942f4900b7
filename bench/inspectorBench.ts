/**
 * `inspectorOnExecPerSec`: full executions per second with the live inspector attached
 * (`attachInspector` from inspector/index.ts: its server on a free loopback port, its recorder
 * on every execution through `supervisor.attachInspector`) and one page connected, in windows
 * alternating with an uninspected engine: same run, same loop as `execPerSecLive0`.
 *
 * The page is a WebSocket client in a worker thread of this process (as in
 * bench/inspector.bench.ts): it receives every frame the inspector sends and counts them, so
 * the inspector does all the work it does for a real browser. Its CPU counts in this
 * process's CPU time, so the per-CPU-second figures charge the page to the inspector.
 */
import { Worker } from 'node:worker_threads';
import { attachInspector, type InspectorHandle } from '../inspector/index.js';
import { benchEngine, marketCycle, BENCH_MARKETS } from './engine.js';
import { perCpuSec, perSec, runExecutions, type LoopCount } from './execLoop.js';
import { median, nowNs } from './stats.js';

/** Result of {@link inspectorThroughput}. */
export interface InspectorResult {
  /** Wall-clock executions per second, inspected (median of windows). */
  readonly perSec: number;
  /** Same run, no inspector. */
  readonly baselinePerSec: number;
  readonly ratio: number;
  /** The same per CPU second of this process (robust to a busy machine). */
  readonly cpu: {
    readonly perSec: number;
    readonly baselinePerSec: number;
    readonly ratio: number;
  };
  /** What the page received during the measured windows. */
  readonly page: { readonly frames: number; readonly bytes: number };
  readonly unexpected: number;
}

/** The page: counts frames and bytes; answers its counts to any message, then closes. */
const PAGE = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require('ws');
let frames = 0, bytes = 0;
const ws = new WebSocket(workerData.url);
ws.on('open', () => parentPort.postMessage({ open: true }));
ws.on('error', (e) => parentPort.postMessage({ error: String(e) }));
ws.on('message', (d) => { frames++; bytes += d.length; });
parentPort.on('message', (m) => {
  parentPort.postMessage({ frames, bytes });
  if (m === 'close') ws.close();
});
`;

/** A page connected to `insp`; `counts()` reads what it received so far. */
async function connectPage(insp: InspectorHandle) {
  const url = `ws://127.0.0.1:${insp.port}/${insp.token}/ws`;
  const worker = new Worker(PAGE, { eval: true, workerData: { url } });
  const first = await new Promise<{ open?: boolean; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (!first.open) {
    await worker.terminate();
    throw new Error(`inspector page did not connect: ${first.error ?? 'unknown'}`);
  }
  const ask = (m: 'count' | 'close') =>
    new Promise<{ frames: number; bytes: number }>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(m);
    });
  return {
    counts: () => ask('count'),
    close: async () => {
      const last = await ask('close');
      await worker.terminate();
      return last;
    }
  };
}

/** Runs `reps` alternating windows of `windowMs` after `warmupMs` each (see the module comment). */
export async function inspectorThroughput(
  windowMs: number,
  reps: number,
  warmupMs: number
): Promise<InspectorResult> {
  const plain = benchEngine();
  const insp = benchEngine();
  const handle = await attachInspector(insp.supervisor, { port: 0 });
  const page = await connectPage(handle);
  try {
    const nextPlain = marketCycle(0, BENCH_MARKETS);
    const nextInsp = marketCycle(0, BENCH_MARKETS);
    await runExecutions(plain, { durationMs: warmupMs, nextMarket: nextPlain });
    await runExecutions(insp, { durationMs: warmupMs, nextMarket: nextInsp });
    const before = await page.counts();
    const base: number[] = [];
    const with_: number[] = [];
    const cpuBase: number[] = [];
    const cpuWith: number[] = [];
    let unexpected = 0;
    // An inspected window ends once its last frames are flushed and the page has read what
    // reached it, so the inspector's and the page's work is charged to it, not to the next
    // uninspected window.
    const inspectedWindow = async (): Promise<LoopCount> => {
      const cpu0 = process.cpuUsage();
      const t0 = nowNs();
      const c = await runExecutions(insp, { durationMs: windowMs, nextMarket: nextInsp });
      handle.flush();
      await page.counts();
      const cpu = process.cpuUsage(cpu0);
      return { ...c, elapsedNs: nowNs() - t0, cpuUs: cpu.user + cpu.system };
    };
    for (let r = 0; r < reps; r++) {
      const a = await runExecutions(plain, { durationMs: windowMs, nextMarket: nextPlain });
      const b = await inspectedWindow();
      base.push(perSec(a));
      with_.push(perSec(b));
      cpuBase.push(perCpuSec(a));
      cpuWith.push(perCpuSec(b));
      unexpected += a.other + b.other;
    }
    const after = await page.counts();
    const p = median(with_);
    const b = median(base);
    const cp = median(cpuWith);
    const cb = median(cpuBase);
    return {
      perSec: p,
      baselinePerSec: b,
      ratio: p / b,
      cpu: { perSec: cp, baselinePerSec: cb, ratio: cp / cb },
      page: { frames: after.frames - before.frames, bytes: after.bytes - before.bytes },
      unexpected
    };
  } finally {
    await page.close();
    await handle.close();
    await plain.supervisor.stop({ timeoutMs: 1_000 });
    await insp.supervisor.stop({ timeoutMs: 1_000 });
  }
}
