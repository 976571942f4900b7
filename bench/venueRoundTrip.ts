/**
 * `floorUs` and `e2eUs`, in one run against the same two mock venues in separate processes.
 *
 * - **floor**: what any client must pay for the two legs of one PolyYesKalshiNo opportunity:
 *   sign the Kalshi request (RSA-PSS) and the Polymarket order (EIP-712 + L2 HMAC), then send
 *   both requests at once on warmed undici pools and read both answers. No engine, no
 *   adapter logic; the bodies are byte-for-byte what the adapters send.
 * - **e2e**: the same opportunity through the engine with the real `KalshiAdapter` and
 *   `PolymarketAdapter`: `submit` → both venue answers processed → result delivered.
 *
 * Both mocks answer the legs "nothing matched" (the Kalshi book is empty; the Polymarket
 * mock process has no books), so every execution ends `execution_failed` right after both
 * answers, with no auto-close and an immediate release: one round trip per leg, the same
 * work on the venue side for both measurements. Samples alternate floor/e2e (order swapped
 * every pair) with a 2 ms pause between, so a presignature prepared after one sample never
 * lands inside the next.
 *
 * The e2e engine's two adapters are wrapped in a thin delegate that reads the clock when
 * `placeOrder` is entered and when its answer arrives (one clock read and one `then` per leg),
 * which splits each e2e sample into the engine before the orders, the venues (adapters and
 * round trips), and the engine after the answers (`meta.details.venueRoundTrip.e2eSplit`).
 */
import { Pool } from 'undici';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import {
  KalshiAdapter,
  KalshiSigner,
  kalshiCredentials,
  toCreateOrderV2
} from '../adapters/venues/kalshi/index.js';
import {
  PolymarketAdapter,
  PolymarketCredentials,
  buildSignedOrder,
  fakAmounts,
  orderBody
} from '../adapters/venues/polymarket/index.js';
import {
  cents,
  contracts,
  type Clock,
  type MarketPair,
  type OrderRequest,
  type VenueAdapter
} from '../core/index.js';
import { benchMarket, opportunity } from './engine.js';
import { BENCH_TICKER, startMockVenues, type MockVenues } from './mocks.js';
import {
  latencyHistogram,
  median,
  nowNs,
  recordNs,
  summarizeUs,
  type LatencySummary
} from './stats.js';

/** Result of {@link venueRoundTrip}. */
export interface RoundTripResult {
  readonly floor: LatencySummary;
  /** Of the floor: signing both orders, and the two concurrent requests. */
  readonly floorSign: LatencySummary;
  readonly floorRequests: LatencySummary;
  readonly e2e: LatencySummary;
  /**
   * Of e2e: submit → the first order handed to its adapter (the engine alone); submit → both
   * handed over (the engine plus the first adapter's synchronous part, e.g. Polymarket's
   * EIP-712 hashing); the later `placeOrder` entered → the later answer; that answer → the
   * result delivered (pooled over the measured samples).
   */
  readonly e2eSplit: {
    readonly toFirstOrder: LatencySummary;
    readonly toPlaced: LatencySummary;
    readonly venues: LatencySummary;
    readonly afterAnswers: LatencySummary;
  };
  /** Median over repetitions of each repetition's p50 and p99, µs. */
  readonly floorUs: { readonly p50: number; readonly p99: number };
  readonly e2eUs: { readonly p50: number; readonly p99: number };
  /** Answers that were not the expected ones (should be 0). */
  readonly unexpected: number;
  readonly firstUnexpected: string | null;
  readonly mockPids: readonly number[];
}

const ORDERS_PATH = '/portfolio/events/orders';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A warmed keep-alive pool to `origin` (`connections` sockets opened with `warmPath`). */
async function warmPool(origin: string, connections: number, warmPath: string): Promise<Pool> {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const one = async () => (await pool.request({ method: 'GET', path: warmPath })).body.text();
  await Promise.all(Array.from({ length: connections }, one));
  return pool;
}

/** The direct client of the floor measurement. */
async function floorClient(m: MockVenues, market: MarketPair) {
  const kUrl = new URL(m.kalshiUrl);
  const kPath = kUrl.pathname.replace(/\/+$/, '') + ORDERS_PATH;
  const kPool = await warmPool(kUrl.origin, 1, `${kUrl.pathname}/exchange/status`);
  const pPool = await warmPool(m.polyUrl, 1, '/time');
  const signer = new KalshiSigner(m.kalshiKeyId, m.kalshiKeys.privateKey);
  const creds = new PolymarketCredentials({ ...m.polyKeys, signatureType: 0 });
  let seq = 0;
  const send = async (pool: Pool, path: string, headers: Record<string, string>, body: string) => {
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body
    });
    return { status: res.statusCode, text: await res.body.text() };
  };
  /** One floor sample: returns the signing and request times (ns) and both statuses. */
  const sample = async () => {
    const id = `fl${++seq}`;
    const t0 = nowNs();
    const kOrder: OrderRequest = {
      venue: 'kalshi',
      market,
      side: 'no',
      action: 'buy',
      qty: contracts(10),
      limitPrice: cents(50),
      clientOrderId: `${id}-n`,
      executionId: id,
      reduceOnly: false
    };
    const kBody = JSON.stringify(toCreateOrderV2(kOrder));
    const kHeaders = { ...signer.headers('POST', kPath, Date.now()) };
    const a = fakAmounts('buy', contracts(10), cents(45), cents(1));
    const s = await buildSignedOrder(creds, {
      tokenId: market.polyYesTokenId,
      side: 'BUY',
      kind: 'standard',
      makerAmount: a.makerAmount,
      takerAmount: a.takerAmount,
      timestampMs: Date.now()
    });
    const pBody = orderBody(s.order, creds.owner);
    const pHeaders = creds.l2Headers('POST', '/order', pBody, Math.floor(Date.now() / 1000));
    const t1 = nowNs();
    const [k, p] = await Promise.all([
      send(kPool, kPath, kHeaders, kBody),
      send(pPool, '/order', pHeaders, pBody)
    ]);
    const t2 = nowNs();
    return { signNs: t1 - t0, requestsNs: t2 - t1, totalNs: t2 - t0, k, p };
  };
  return { sample, close: async () => void (await Promise.all([kPool.close(), pPool.close()])) };
}

/** When the engine last entered `placeOrder` and when that order's answer arrived. */
interface LegTimes {
  placedNs: number;
  answeredNs: number;
}

/** Delegates to `a`, reading the clock at `placeOrder` entry and at its answer. */
function timed(a: VenueAdapter, clock: Clock, t: LegTimes): VenueAdapter {
  return {
    venue: a.venue,
    placeOrder: (order, signal) => {
      t.placedNs = clock.nowNs();
      return a.placeOrder(order, signal).then((out) => {
        t.answeredNs = clock.nowNs();
        return out;
      });
    },
    lookupOrder: (ref, signal) => a.lookupOrder(ref, signal)
  };
}

/** The engine wired to the real adapters and the mocks. */
async function e2eEngine(m: MockVenues, market: MarketPair) {
  const clock = new NanoClock();
  const kalshi = new KalshiAdapter({
    credentials: kalshiCredentials(m.kalshiKeyId, m.kalshiKeys.privatePem),
    clock,
    baseUrl: m.kalshiUrl,
    connections: 1,
    rateLimit: { readPerSec: 1e6, writePerSec: 1e6 }
  });
  await kalshi.warm();
  const unlimited = { ratePerSec: 1e6, capacity: 1e6 };
  const polymarket = new PolymarketAdapter({
    baseUrl: m.polyUrl,
    credentials: new PolymarketCredentials({ ...m.polyKeys, signatureType: 0 }),
    clock,
    connections: 1,
    orderRate: unlimited,
    lookupRate: unlimited
  });
  await polymarket.warmUp([market]);
  const k: LegTimes = { placedNs: 0, answeredNs: 0 };
  const p: LegTimes = { placedNs: 0, answeredNs: 0 };
  const supervisor = new ExecutionSupervisor({
    markets: [market],
    venues: { kalshi: timed(kalshi, clock, k), polymarket: timed(polymarket, clock, p) },
    clock,
    config: { capacity: 32, delayedReleaseMs: 0 },
    idPrefix: 'e2e-'
  });
  const sample = async () => {
    const req = opportunity(market.marketId, clock);
    const r = await supervisor.submit(req);
    const end = clock.nowNs();
    const first = Math.min(k.placedNs, p.placedNs);
    const placed = Math.max(k.placedNs, p.placedNs);
    const answered = Math.max(k.answeredNs, p.answeredNs);
    return {
      ns: end - req.detectedNs,
      r,
      split: {
        toFirst: first - req.detectedNs,
        toPlaced: placed - req.detectedNs,
        venues: answered - placed,
        after: end - answered
      }
    };
  };
  const close = async () => {
    await supervisor.stop({ timeoutMs: 2_000 });
    await Promise.all([kalshi.close(), polymarket.close()]);
  };
  return { sample, close };
}

/**
 * Runs `reps` × `pairs` alternating samples (each repetition capped at `maxRepMs`) after
 * `warmup` pairs (see the module comment).
 */
export async function venueRoundTrip(
  pairs: number,
  reps: number,
  warmup: number,
  maxRepMs: number
): Promise<RoundTripResult> {
  const market: MarketPair = { ...benchMarket(1), kalshiTicker: BENCH_TICKER };
  const mocks = await startMockVenues();
  try {
    const floor = await floorClient(mocks, market);
    const e2e = await e2eEngine(mocks, market);
    const all = { f: latencyHistogram(), s: latencyHistogram(), q: latencyHistogram() };
    const e2eAll = latencyHistogram();
    const split = {
      f: latencyHistogram(),
      p: latencyHistogram(),
      v: latencyHistogram(),
      a: latencyHistogram()
    };
    const fP50: number[] = [];
    const fP99: number[] = [];
    const eP50: number[] = [];
    const eP99: number[] = [];
    let unexpected = 0;
    let firstUnexpected: string | null = null;
    const bad = (why: string) => {
      unexpected++;
      firstUnexpected ??= why;
    };
    for (let r = -1; r < reps; r++) {
      const measured = r >= 0;
      const fh = latencyHistogram();
      const eh = latencyHistogram();
      const n = measured ? pairs : warmup;
      const repEnd = nowNs() + maxRepMs * 1e6;
      for (let i = 0; i < n && (i < 3 || nowNs() < repEnd); i++) {
        const doFloor = async () => {
          const x = await floor.sample();
          if (x.k.status !== 201 || x.p.status !== 400) bad(`floor ${x.k.status}/${x.p.status}`);
          if (!measured) return;
          recordNs(fh, x.totalNs);
          recordNs(all.f, x.totalNs);
          recordNs(all.s, x.signNs);
          recordNs(all.q, x.requestsNs);
        };
        const doE2e = async () => {
          const x = await e2e.sample();
          if (x.r.error !== 'execution_failed') bad(`e2e ${x.r.error ?? 'success'}`);
          if (!measured) return;
          recordNs(eh, x.ns);
          recordNs(e2eAll, x.ns);
          recordNs(split.f, x.split.toFirst);
          recordNs(split.p, x.split.toPlaced);
          recordNs(split.v, x.split.venues);
          recordNs(split.a, x.split.after);
        };
        if (i % 2 === 0) {
          await doFloor();
          await pause(2);
          await doE2e();
        } else {
          await doE2e();
          await pause(2);
          await doFloor();
        }
        await pause(2);
      }
      if (!measured) continue;
      const fs = summarizeUs(fh);
      const es = summarizeUs(eh);
      fP50.push(fs.p50);
      fP99.push(fs.p99);
      eP50.push(es.p50);
      eP99.push(es.p99);
    }
    await e2e.close();
    await floor.close();
    return {
      floor: summarizeUs(all.f),
      floorSign: summarizeUs(all.s),
      floorRequests: summarizeUs(all.q),
      e2e: summarizeUs(e2eAll),
      e2eSplit: {
        toFirstOrder: summarizeUs(split.f),
        toPlaced: summarizeUs(split.p),
        venues: summarizeUs(split.v),
        afterAnswers: summarizeUs(split.a)
      },
      floorUs: { p50: median(fP50), p99: median(fP99) },
      e2eUs: { p50: median(eP50), p99: median(eP99) },
      unexpected,
      firstUnexpected,
      mockPids: mocks.pids
    };
  } finally {
    await mocks.close();
  }
}
