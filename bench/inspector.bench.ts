/**
 * Inspector overhead: execution throughput of the supervisor with and without the inspector.
 * Bounded (cases × rounds × ~2.5 s, about 45 s), stops by itself; not part of `npm test`.
 *
 *   npx tsx bench/inspector.bench.ts            # all cases
 *   BENCH_MS=3000 BENCH_ROUNDS=5 npx tsx bench/inspector.bench.ts
 *
 * Venues are in-process simulated venues with zero latency on a clock whose 0 ms timers are
 * `setImmediate`s, so an execution costs only engine work. 256 executions are kept in flight
 * on distinct markets (delayed release 0 ms). A page is simulated by a WebSocket client in a
 * worker thread that counts frames and bytes.
 */
import { Worker } from 'node:worker_threads';
import { createInspector } from '@statelyai/inspect';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  cents,
  contracts,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  type Clock,
  type MarketPair,
  type TimerHandle
} from '../core/index.js';
import { attachInspector, type InspectorOptions } from '../inspector/index.js';

const WINDOW_MS = Number(process.env['BENCH_MS'] ?? 2_000);
const WARMUP_MS = 500;
const IN_FLIGHT = 256;
const MARKETS = 4_096;

/** Real clock whose 0 ms timers run on the next check phase (no 1 ms setTimeout clamp). */
class ImmediateClock implements Clock {
  private readonly base = new NanoClock();
  nowNs = () => this.base.nowNs();
  wallMs = () => this.base.wallMs();
  setTimeout(fn: () => void, ms: number): TimerHandle {
    return ms <= 0 ? { imm: setImmediate(fn) } : { t: setTimeout(fn, ms) };
  }
  clearTimeout(h: TimerHandle): void {
    const x = h as { imm?: NodeJS.Immediate; t?: NodeJS.Timeout };
    if (x.imm) clearImmediate(x.imm);
    if (x.t) clearTimeout(x.t);
  }
}

const market = (marketId: number): MarketPair => ({
  marketId,
  pairId: `bench-${marketId}`,
  description: `Bench market ${marketId}`,
  kalshiTicker: `KXBENCH-${marketId}`,
  polyYesTokenId: `${100_000 + marketId}`,
  polyNoTokenId: `${200_000 + marketId}`,
  tickSize: { kalshi: cents(1), polymarket: cents(1) },
  fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES }
});

type Mode =
  | { kind: 'off' }
  | { kind: 'detached' }
  | { kind: 'noop-observer' }
  | { kind: 'inspector'; opts: InspectorOptions; client: boolean }
  | { kind: 'stately-observer' };

const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require('ws');
let frames = 0, bytes = 0;
const ws = new WebSocket(workerData.url);
ws.on('open', () => parentPort.postMessage({ open: true }));
ws.on('message', (d) => { frames++; bytes += d.length; });
parentPort.on('message', () => { parentPort.postMessage({ frames, bytes }); ws.close(); });
`;

async function run(name: string, mode: Mode) {
  const clock = new ImmediateClock();
  const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, seed: 1 });
  const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2 });
  const markets = Array.from({ length: MARKETS }, (_, i) => market(i));
  for (const m of markets) {
    const deep = (p: number) => ({ asks: [{ price: cents(p), qty: contracts(1e8) }], bids: [] });
    kalshi.setBook(m.marketId, 'yes', deep(40));
    polymarket.setBook(m.marketId, 'no', deep(50));
  }
  const sup = new ExecutionSupervisor({
    markets,
    venues: { kalshi, polymarket },
    clock,
    config: { delayedReleaseMs: 0, capacity: MARKETS }
  });
  if (mode.kind === 'stately-observer') {
    const stately = createInspector({ send: () => {} });
    sup.attachInspector((ev) => stately.inspect.next?.(ev));
  }
  if (mode.kind === 'detached') await (await attachInspector(sup)).close();
  if (mode.kind === 'noop-observer') sup.attachInspector(() => undefined);
  const insp = mode.kind === 'inspector' ? await attachInspector(sup, mode.opts) : undefined;
  let worker: Worker | undefined;
  if (insp && mode.kind === 'inspector' && mode.client) {
    const url = `ws://127.0.0.1:${insp.port}/${insp.token}/ws`;
    worker = new Worker(CLIENT, { eval: true, workerData: { url } });
    await new Promise((r) => worker!.once('message', r));
  }
  let next = 0;
  let ok = 0;
  let other = 0;
  let stop = false;
  const lane = async () => {
    while (!stop) {
      const r = await sup.submit({
        marketId: next++ % MARKETS,
        arbType: 'KalshiYesPolyNo',
        yesPrice: cents(40),
        noPrice: cents(50),
        yesSize: contracts(10),
        noSize: contracts(10),
        detectedNs: clock.nowNs()
      });
      if (r.success) ok++;
      else other++;
    }
  };
  const lanes = Array.from({ length: IN_FLIGHT }, lane);
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const ok0 = ok;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const rate = (ok - ok0) / secs;
  const cpuUsPerExec = (cpu.user + cpu.system) / Math.max(1, ok - ok0);
  stop = true;
  await Promise.all(lanes);
  let client = '';
  if (worker) {
    const got = await new Promise<{ frames: number; bytes: number }>((r) => {
      worker.once('message', r);
      worker.postMessage('done');
    });
    const total = (performance.now() - t0) / 1000;
    client = `  page: ${(got.frames / total).toFixed(0)} frames/s, ${(got.bytes / total / 1024).toFixed(0)} KiB/s`;
    await worker.terminate();
  }
  await insp?.close();
  await sup.stop({ timeoutMs: 1_000 });
  const cpuPct = ((cpu.user + cpu.system) / 1e6 / secs) * 100;
  console.log(
    `${name.padEnd(44)} ${rate.toFixed(0).padStart(7)} exec/s ${cpuUsPerExec.toFixed(0).padStart(6)} µs cpu/exec (cpu ${cpuPct.toFixed(0)}%, failed ${other})${client}`
  );
  return { rate, cpuUsPerExec };
}

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const cases: [string, Mode][] = [
  ['no inspector', { kind: 'off' }],
  ['no-op observer (XState inspection alone)', { kind: 'noop-observer' }],
  ['inspector attached, no page', { kind: 'inspector', opts: {}, client: false }],
  ['inspector + page (twinleg builder)', { kind: 'inspector', opts: {}, client: true }],
  [
    'inspector + page (stately builder)',
    { kind: 'inspector', opts: { builder: 'stately' }, client: true }
  ],
  ['@statelyai/inspect observer, null adapter', { kind: 'stately-observer' }],
  ['inspector attached, then closed', { kind: 'detached' }]
];
console.log(
  `node ${process.version}, ${IN_FLIGHT} in flight, ${WINDOW_MS} ms per case, ${ROUNDS} rounds (interleaved)\n`
);
console.log('warm-up (not counted)');
await run('warm-up', { kind: 'off' });
const rates = cases.map(() => [] as number[]);
const cpus = cases.map(() => [] as number[]);
for (let round = 1; round <= ROUNDS; round++) {
  console.log(`round ${round}`);
  for (const [i, [name, mode]] of cases.entries()) {
    const r = await run(name, mode);
    rates[i]!.push(r.rate);
    cpus[i]!.push(r.cpuUsPerExec);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const base = median(rates[0]!);
const baseCpu = median(cpus[0]!);
console.log('\nmedian exec/s [min–max] (rel.) | median CPU µs per execution (rel.):');
for (const [i, [name]] of cases.entries()) {
  const r = rates[i]!;
  const m = median(r);
  const range = `[${Math.min(...r).toFixed(0)}–${Math.max(...r).toFixed(0)}]`;
  const c = median(cpus[i]!);
  const rel = (x: number) => `${(x * 100).toFixed(0).padStart(4)}%`;
  console.log(
    `  ${name.padEnd(44)} ${m.toFixed(0).padStart(6)} ${range.padEnd(13)} ${rel(m / base)} | ${c.toFixed(0).padStart(5)} µs ${rel(c / baseCpu)}`
  );
}
process.exit(0);
