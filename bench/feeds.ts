/**
 * The book feeds' decode + apply throughput (issue 16: ≥ 50,000 messages/s per venue).
 *
 * Each venue's feed gets its recorded-frame entry point (`replayFrame`, the socket handler's
 * own path: JSON decode, zod validation, exact decimal parsing, `seq` check, book writes,
 * `books.changed`) with pre-built frames of realistic shape across `markets` markets:
 *
 * - **Kalshi**: `orderbook_delta` frames (one level each, `seq` in order, sizes kept positive),
 *   after one `orderbook_snapshot` of 10 levels a side per ticker;
 * - **Polymarket**: `price_change` frames of one element (the common case), BUY and SELL over
 *   both tokens of every market, after one `book` per token.
 *
 * Frames are built outside the timed window, `batch` at a time; each repetition times one
 * batch. Bounded: `reps` repetitions, stopped early past `maxMs`. The run checks that no
 * message was refused (no resync, every book fresh), so a fast number is also a correct one.
 * Messages per wall-clock second and per CPU second of the process, median of repetitions.
 * Then, when `heapMessages` > 0, `heapUsed` after a full GC before and after that many more
 * frames (the issue's "no heap growth over replayed feed", for the feeds).
 */
import { generateKeyPairSync } from 'node:crypto';
import { cpuUsage } from 'node:process';
import { NanoClock } from '../actors/nanoClock.js';
import { KalshiBookFeed, PolymarketBookFeed, type FeedEvent } from '../adapters/feeds/index.js';
import { kalshiCredentials } from '../adapters/venues/kalshi/credentials.js';
import { BookStore } from '../core/index.js';
import { fullGc } from './heap.js';
import { median, round } from './stats.js';

/** How much the feed benchmark runs. */
export interface FeedsPlan {
  readonly markets: number;
  /** Frames per repetition (built untimed). */
  readonly batch: number;
  readonly reps: number;
  /** Wall-clock cap per venue, ms. */
  readonly maxMs: number;
  /** Frames per venue replayed between two heap measurements (0: skipped), capped by `maxMs`. */
  readonly heapMessages: number;
}

/** One venue's throughput. */
export interface FeedRate {
  readonly messages: number;
  readonly perSec: number;
  readonly perCpuSec: number;
  /** Resyncs or invalid frames seen (must be 0). */
  readonly refused: number;
  readonly stale: boolean;
  /** `heapUsed` growth after a full GC over `heapMessages` more frames, MB (null: skipped). */
  readonly heapGrowthMB: number | null;
  readonly heapMessagesRun: number;
}

/** Result of {@link feedsBench}. */
export interface FeedsBenchResult {
  readonly markets: number;
  readonly kalshi: FeedRate;
  readonly polymarket: FeedRate;
  readonly targetPerSec: number;
}

/** The issue's target, per venue. */
export const FEED_TARGET_PER_SEC = 50_000;

/** Frames per batch in the heap measurement. */
const HEAP_BATCH = 1_000;

const price4 = (c: number) => (c / 100).toFixed(4);

/** Heap growth over `count` more frames (built and applied batch by batch), MB. */
async function heapOver(
  plan: FeedsPlan,
  build: (count: number) => string[],
  apply: (frames: string[]) => void
): Promise<{ heapGrowthMB: number | null; heapMessagesRun: number }> {
  if (plan.heapMessages <= 0) return { heapGrowthMB: null, heapMessagesRun: 0 };
  await fullGc();
  const before = process.memoryUsage().heapUsed;
  const start = Date.now();
  let n = 0;
  // small batches: the last batch's strings are still referenced at the second measurement
  while (n < plan.heapMessages && Date.now() - start < plan.maxMs) {
    apply(build(HEAP_BATCH));
    n += HEAP_BATCH;
  }
  await fullGc();
  const growth = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  return { heapGrowthMB: round(growth, 2), heapMessagesRun: n };
}

function timeBatches(
  plan: FeedsPlan,
  build: (count: number) => string[],
  apply: (frames: string[]) => void
): { messages: number; perSec: number; perCpuSec: number } {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let messages = 0;
  const start = Date.now();
  // one unmeasured warm-up batch
  apply(build(plan.batch));
  for (let r = 0; r < plan.reps && Date.now() - start < plan.maxMs; r++) {
    const frames = build(plan.batch);
    const c0 = cpuUsage();
    const t0 = process.hrtime.bigint();
    apply(frames);
    const ns = Number(process.hrtime.bigint() - t0);
    const c = cpuUsage(c0);
    messages += frames.length;
    rates.push((frames.length * 1e9) / ns);
    cpuRates.push((frames.length * 1e6) / Math.max(1, c.user + c.system));
  }
  return { messages, perSec: Math.round(median(rates)), perCpuSec: Math.round(median(cpuRates)) };
}

async function kalshiRate(plan: FeedsPlan): Promise<FeedRate> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ids = Array.from({ length: plan.markets }, (_, i) => i);
  const books = new BookStore(ids);
  let refused = 0;
  const onEvent = (e: FeedEvent) => {
    if (e.kind === 'resync' || e.kind === 'invalid' || e.kind === 'gap') refused++;
  };
  const clock = new NanoClock();
  const feed = new KalshiBookFeed({
    credentials: kalshiCredentials('bench', pem),
    markets: ids.map((i) => ({ marketId: i, ticker: `KXBENCH-${i}` })),
    books,
    clock,
    onEvent
  });
  let seq = 0;
  const now = clock.wallMs();
  feed.replayFrame('{"id":1,"type":"subscribed","msg":{"channel":"orderbook_delta","sid":7}}', now);
  for (const i of ids) {
    const yes = Array.from({ length: 10 }, (_, k) => [price4(30 + k), '100.00']);
    const no = Array.from({ length: 10 }, (_, k) => [price4(50 + k), '100.00']);
    const msg = {
      market_ticker: `KXBENCH-${i}`,
      market_id: 'x',
      yes_dollars_fp: yes,
      no_dollars_fp: no
    };
    feed.replayFrame(JSON.stringify({ type: 'orderbook_snapshot', sid: 7, seq: ++seq, msg }), now);
  }
  let n = 0;
  const build = (count: number): string[] => {
    const out: string[] = [];
    for (let k = 0; k < count; k++, n++) {
      // frames go in pairs (+5 then −5 on one level of one market), so sizes stay positive
      const pair = n >> 1;
      const m = pair % plan.markets;
      const lap = Math.floor(pair / plan.markets);
      const side = lap % 2 === 0 ? 'yes' : 'no';
      const lvl = (side === 'yes' ? 30 : 50) + (Math.floor(lap / 2) % 10);
      const delta = n % 2 === 0 ? '5.00' : '-5.00';
      out.push(
        `{"type":"orderbook_delta","sid":7,"seq":${++seq},"msg":{"market_ticker":"KXBENCH-${m}","market_id":"x","price_dollars":"${price4(lvl)}","delta_fp":"${delta}","side":"${side}","ts_ms":${now}}}`
      );
    }
    return out;
  };
  const apply = (frames: string[]) => {
    const t = clock.wallMs();
    for (const f of frames) feed.replayFrame(f, t);
  };
  const r = timeBatches(plan, build, apply);
  const heap = await heapOver(plan, build, apply);
  const stale = ids.some((i) => books.venue(i, 'kalshi')!.stale);
  return { ...r, refused, stale, ...heap };
}

async function polymarketRate(plan: FeedsPlan): Promise<FeedRate> {
  const ids = Array.from({ length: plan.markets }, (_, i) => i);
  const books = new BookStore(ids);
  let refused = 0;
  const onEvent = (e: FeedEvent) => {
    if (e.kind === 'resync' || e.kind === 'invalid') refused++;
  };
  const clock = new NanoClock();
  const feed = new PolymarketBookFeed({
    markets: ids.map((i) => ({
      marketId: i,
      yesTokenId: `${1e15 + 2 * i}`,
      noTokenId: `${1e15 + 2 * i + 1}`
    })),
    books,
    clock,
    fetchBook: () => Promise.reject(new Error('no REST in the benchmark')),
    onEvent
  });
  const ts = String(clock.wallMs());
  const lv = (c: number) => ({ price: (c / 100).toFixed(2), size: '100' });
  for (let t = 0; t < 2 * plan.markets; t++) {
    const bids = Array.from({ length: 10 }, (_, k) => lv(30 + k));
    const asks = Array.from({ length: 10 }, (_, k) => lv(45 + k));
    const asset = `${1e15 + t}`;
    feed.replayFrame(
      JSON.stringify({
        event_type: 'book',
        asset_id: asset,
        market: '0xc',
        bids,
        asks,
        timestamp: ts,
        hash: '0x'
      }),
      0
    );
  }
  let n = 0;
  const build = (count: number): string[] => {
    const out: string[] = [];
    for (let k = 0; k < count; k++, n++) {
      const asset = `${1e15 + (n % (2 * plan.markets))}`;
      const buy = (n >> 1) % 2 === 0;
      const price = ((buy ? 30 : 45) + (n % 10)) / 100;
      out.push(
        `{"market":"0xc","price_changes":[{"asset_id":"${asset}","price":"${price.toFixed(2)}","size":"${100 + (n % 7)}","side":"${buy ? 'BUY' : 'SELL'}","hash":"0x5f","best_bid":"0.39","best_ask":"0.45"}],"timestamp":"${ts}","event_type":"price_change"}`
      );
    }
    return out;
  };
  const apply = (frames: string[]) => {
    const t = clock.wallMs();
    for (const f of frames) feed.replayFrame(f, t);
  };
  const r = timeBatches(plan, build, apply);
  const heap = await heapOver(plan, build, apply);
  const stale = ids.some((i) => books.venue(i, 'polymarket')!.stale);
  return { ...r, refused, stale, ...heap };
}

/** Runs both venues' throughput benchmarks. */
export async function feedsBench(plan: FeedsPlan): Promise<FeedsBenchResult> {
  const kalshi = await kalshiRate(plan);
  const polymarket = await polymarketRate(plan);
  return { markets: plan.markets, kalshi, polymarket, targetPerSec: FEED_TARGET_PER_SEC };
}

/** One line for the run log. */
export function feedsLine(r: FeedsBenchResult): string {
  const v = (name: string, x: FeedRate) =>
    `${name} ${x.perSec.toLocaleString('en-US')}/s (${x.perCpuSec.toLocaleString('en-US')}/CPU s) ${x.perCpuSec >= r.targetPerSec && x.refused === 0 && !x.stale ? 'PASS' : 'MISS'}`;
  const heap =
    r.kalshi.heapGrowthMB === null
      ? ''
      : `; heap ${r.kalshi.heapGrowthMB} / ${r.polymarket.heapGrowthMB} MB over ${r.kalshi.heapMessagesRun.toLocaleString('en-US')} / ${r.polymarket.heapMessagesRun.toLocaleString('en-US')} more frames`;
  return `feeds decode+apply over ${r.markets} markets (target ≥ ${r.targetPerSec.toLocaleString('en-US')}/s per venue): ${v('kalshi', r.kalshi)}, ${v('polymarket', r.polymarket)}${r.kalshi.refused + r.polymarket.refused > 0 ? ` — ${r.kalshi.refused + r.polymarket.refused} refused` : ''}; ${round(r.kalshi.messages + r.polymarket.messages, 0).toLocaleString('en-US')} messages timed${heap}`;
}
