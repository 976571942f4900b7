/**
 * The detector benchmark (issue 16): book update → `FastExecutionRequest` emitted, at a paced
 * rate across many markets, and heap growth over a bounded replay in engine time.
 *
 * - **Latency** (wall clock, the shared `NanoClock`): a loop paced on elapsed time applies
 *   synthetic venue messages ({@link BookSynth}) at `ratePerSec` across `markets` markets,
 *   each reported with `books.changed(id)` into `bookUpdates(books).pipe(detectArbitrage(…))`
 *   with its default scheduler. `detectUs` runs from just before the message is applied to
 *   the books to the request arriving at the subscriber, over the updates that open an arb;
 *   `evalUs` from the same start to the end of the evaluation, over every update (most find
 *   nothing). Messages due at the same time are applied in the same task, as a feed reading a
 *   socket buffer does, so they share the drain.
 * - **Heap** (engine time, as fast as it runs): `replaySec` seconds of the same traffic at
 *   `ratePerSec`, the clock moved by the update interval each time; `heapUsed` after a full
 *   GC before and after.
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NanoClock } from '../actors/nanoClock.js';
import { bookUpdates, detectArbitrage, detectorStats } from '../actors/detector/index.js';
import type { Clock, TimerHandle } from '../core/index.js';
import { BookSynth } from './bookSynth.js';
import {
  latencyHistogram,
  macrotask,
  recordNs,
  round,
  summarizeUs,
  type LatencySummary
} from './stats.js';

/** How much the detector benchmark runs. */
export interface DetectorPlan {
  readonly markets: number;
  readonly ratePerSec: number;
  /** Percent of updates that open an arb (the rest change sizes only). */
  readonly dislocatePct: number;
  /** Unmeasured paced warm-up, then the measured window (wall clock). */
  readonly warmupMs: number;
  readonly windowMs: number;
  /** Engine-time seconds of traffic replayed for the heap measurement. */
  readonly replaySec: number;
  /** Wall-clock cap of the replay (reported when it stops the replay early). */
  readonly replayMaxMs: number;
}

/** Result of {@link detectorBench}. */
export interface DetectorBenchResult {
  readonly markets: number;
  readonly ratePerSec: number;
  /** Updates applied in the measured window, and the rate achieved. */
  readonly updates: number;
  readonly achievedPerSec: number;
  /** Update → request emitted, µs (updates that opened an arb). */
  readonly detectUs: LatencySummary;
  /** Update → evaluated, µs (every update). */
  readonly evalUs: LatencySummary;
  /** The same two, back to back and evaluated inline (the code path without scheduling). */
  readonly tight: { readonly detectUs: LatencySummary; readonly evalUs: LatencySummary };
  /** Load average (1 min) before and after: the paced figures are wall clock. */
  readonly loadavg: readonly number[];
  readonly requests: number;
  readonly coalesced: number;
  readonly heap: {
    readonly replaySec: number;
    readonly updates: number;
    readonly requests: number;
    readonly capped: boolean;
    readonly wallMs: number;
    readonly beforeMB: number;
    readonly afterMB: number;
    readonly growthMB: number;
  };
  readonly targets: readonly { name: string; rule: string; value: number; pass: boolean }[];
}

async function fullGc(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await macrotask();
  }
}
const usedMB = (): number => process.memoryUsage().heapUsed / 2 ** 20;

/** Engine time moved by the replay; no timers (the detector sets none). */
class ReplayClock implements Clock {
  ns = 0;
  nowNs(): number {
    return this.ns;
  }
  wallMs(): number {
    return Date.UTC(2026, 0, 1) + Math.floor(this.ns / 1e6);
  }
  setTimeout(): TimerHandle {
    throw new Error('replay clock: no timers');
  }
  clearTimeout(): void {}
}

/** Paced latency window: returns histograms and counts (warm-up first, same loop). */
async function paced(plan: DetectorPlan) {
  const synth = new BookSynth(plan.markets);
  const clock = new NanoClock();
  const stats = detectorStats();
  const detect = latencyHistogram();
  const evaluated = latencyHistogram();
  const startNs = new Float64Array(plan.markets); // first unreported update per market
  let measuring = false;
  const sub = bookUpdates(synth.books)
    .pipe(detectArbitrage({ markets: synth.markets, books: synth.books, clock, stats }))
    .subscribe((req) => {
      if (measuring) recordNs(detect, clock.nowNs() - (startNs[req.marketId] ?? 0));
    });
  const intervalNs = 1e9 / plan.ratePerSec;
  const batch: number[] = [];
  const run = async (ms: number): Promise<number> => {
    const t0 = clock.nowNs();
    const endNs = t0 + ms * 1e6;
    let sent = 0;
    for (;;) {
      const now = clock.nowNs();
      if (now >= endNs) break;
      const due = Math.floor((now - t0) / intervalNs) + 1;
      batch.length = 0;
      while (sent < due) {
        const s = clock.nowNs();
        const id = synth.next(plan.dislocatePct, Date.now());
        if (startNs[id] === 0) startNs[id] = s;
        batch.push(s);
        synth.books.changed(id);
        sent++;
      }
      if (batch.length > 0) {
        await Promise.resolve(); // after the detector's drain (scheduled first)
        const done = clock.nowNs();
        if (measuring) for (const s of batch) recordNs(evaluated, done - s);
        startNs.fill(0);
      }
      await macrotask();
    }
    return sent;
  };
  await run(plan.warmupMs);
  const before = { ...stats };
  measuring = true;
  const sent = await run(plan.windowMs);
  measuring = false;
  sub.unsubscribe();
  return {
    sent,
    detect,
    evaluated,
    requests: stats.requests - before.requests,
    coalesced: stats.coalesced - before.coalesced
  };
}

/**
 * The same traffic back to back, evaluated inline (`scheduler: null`): each update's own
 * cost, apply → request, without the pacing loop or the scheduler hop. On a loaded machine
 * the paced wall-clock percentiles mostly show preemption; this shows the code path.
 */
function tight(plan: DetectorPlan) {
  const synth = new BookSynth(plan.markets, 7);
  const clock = new NanoClock();
  const detect = latencyHistogram();
  const evaluated = latencyHistogram();
  let s = 0;
  let measuring = false;
  const sub = bookUpdates(synth.books)
    .pipe(detectArbitrage({ markets: synth.markets, books: synth.books, clock, scheduler: null }))
    .subscribe(() => {
      if (measuring) recordNs(detect, clock.nowNs() - s);
    });
  const n = Math.round((plan.windowMs / 1000) * plan.ratePerSec);
  for (const m of [false, true]) {
    measuring = m;
    for (let i = 0; i < n; i++) {
      s = clock.nowNs();
      synth.books.changed(synth.next(plan.dislocatePct, 0));
      if (measuring) recordNs(evaluated, clock.nowNs() - s);
    }
  }
  sub.unsubscribe();
  return { detectUs: summarizeUs(detect), evalUs: summarizeUs(evaluated) };
}

/** Replays `replaySec` of traffic in engine time; heap before and after, after full GC. */
async function replay(plan: DetectorPlan) {
  const synth = new BookSynth(plan.markets, 61);
  const clock = new ReplayClock();
  const stats = detectorStats();
  let requests = 0;
  const sub = bookUpdates(synth.books)
    .pipe(detectArbitrage({ markets: synth.markets, books: synth.books, clock, stats }))
    .subscribe(() => requests++);
  const stepNs = 1e9 / plan.ratePerSec;
  const total = Math.round(plan.replaySec * plan.ratePerSec);
  const apply = async (n: number, capAt: number): Promise<number> => {
    let i = 0;
    for (; i < n; i++) {
      clock.ns += stepNs;
      synth.books.changed(synth.next(plan.dislocatePct, Math.floor(clock.ns / 1e6)));
      await Promise.resolve();
      if (i % 10_000 === 9_999) {
        await macrotask();
        if (Date.now() > capAt) return i + 1;
      }
    }
    return i;
  };
  await apply(Math.min(total, 20_000), Infinity); // warm-up: JIT, ladder capacities
  requests = 0;
  await fullGc();
  const beforeMB = usedMB();
  const t0 = Date.now();
  const done = await apply(total, t0 + plan.replayMaxMs);
  const wallMs = Date.now() - t0;
  await fullGc();
  const afterMB = usedMB();
  sub.unsubscribe();
  return {
    replaySec: round(done / plan.ratePerSec, 1),
    updates: done,
    requests,
    capped: done < total,
    wallMs,
    beforeMB: round(beforeMB, 2),
    afterMB: round(afterMB, 2),
    growthMB: round(afterMB - beforeMB, 2)
  };
}

/** Runs both parts; the targets are the (p50 ≤ 20 µs, p99 ≤ 200 µs, no heap growth). */
export async function detectorBench(plan: DetectorPlan): Promise<DetectorBenchResult> {
  const load0 = loadavg()[0] ?? 0;
  const p = await paced(plan);
  const t = tight(plan);
  await fullGc();
  const heap = await replay(plan);
  const detectUs = summarizeUs(p.detect);
  const evalUs = summarizeUs(p.evaluated);
  return {
    markets: plan.markets,
    ratePerSec: plan.ratePerSec,
    updates: p.sent,
    achievedPerSec: Math.round(p.sent / (plan.windowMs / 1000)),
    detectUs,
    evalUs,
    tight: t,
    loadavg: [round(load0, 2), round(loadavg()[0] ?? 0, 2)],
    requests: p.requests,
    coalesced: p.coalesced,
    heap,
    targets: [
      { name: 'detectUs.p50', rule: '≤ 20 µs', value: detectUs.p50, pass: detectUs.p50 <= 20 },
      { name: 'detectUs.p99', rule: '≤ 200 µs', value: detectUs.p99, pass: detectUs.p99 <= 200 },
      {
        name: 'detectorHeapGrowthMB',
        rule: '≤ 1 MB',
        value: heap.growthMB,
        pass: heap.growthMB <= 1
      }
    ]
  };
}

/** One line for the bench log. */
export function detectorLine(r: DetectorBenchResult): string {
  const t = r.targets.map((x) => `${x.name} ${x.pass ? 'PASS' : 'MISS'}`).join(', ');
  return (
    `  detector: update → request p50 ${r.detectUs.p50} µs, p99 ${r.detectUs.p99} µs ` +
    `(${r.detectUs.count} requests); update → evaluated p50 ${r.evalUs.p50} µs, p99 ${r.evalUs.p99} µs ` +
    `at ${r.achievedPerSec}/s over ${r.markets} markets (load ${r.loadavg.join(' → ')}); ` +
    `back to back, inline: request p50 ${r.tight.detectUs.p50} µs, p99 ${r.tight.detectUs.p99} µs, ` +
    `evaluated p50 ${r.tight.evalUs.p50} µs, p99 ${r.tight.evalUs.p99} µs; heap ${r.heap.growthMB >= 0 ? '+' : ''}${r.heap.growthMB} MB ` +
    `over ${r.heap.replaySec} s of replayed updates (${r.heap.updates}) in ${r.heap.wallMs} ms — ${t}`
  );
}
