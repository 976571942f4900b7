/**
 * Rate limits through the real adapters (Kalshi against its loopback mock, ManualClock timers):
 * a 429 asking for a day holds new orders only for the cap, raises the alarm (error log and
 * health count), and a reduce-only close still goes out at once.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatePrivateKey } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { contracts, type Logger, type OrderOutcome } from '../core/index.js';
import {
  kalshiMarket,
  kalshiOrder,
  startKalshiRig,
  testKeyPair,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import { laneOf } from '../adapters/venues/polymarket/rateLimit.js';
import { testMarket } from './support/engine.js';
import { cents } from '../core/index.js';

const keys = testKeyPair();
const market = kalshiMarket('KXLIMIT');
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const markets = { KXLIMIT: { book: { asks: [lv(45, 100)], bids: [lv(40, 100)] } } };
let rig: KalshiRig | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  for (const c of closers.splice(0)) await c();
});
const signal = () => new AbortController().signal;
const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined
};

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('venue rate limits cannot wedge the engine', () => {
  it('Kalshi: Retry-After 86400 holds orders 60 s (alarmed), closes pass at once', async () => {
    const clock = new ManualClock();
    const errors: { obj: object; msg: string }[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (obj, msg) => errors.push({ obj, msg })
    };
    rig = await startKalshiRig({
      clock,
      keys,
      mock: { markets, positions: { KXLIMIT: contracts(5) } },
      adapter: { logger, maxPenaltyMs: 60_000 }
    });
    const r = rig;
    r.mock.script({
      fault: { type: 'rate_limit', retryAfterSec: 86_400 },
      match: { method: 'POST' }
    });
    const first = await r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal());
    expect(first).toMatchObject({ status: 'rejected', rejectKind: 'rate_limited' });
    expect(r.adapter.health().penaltiesCapped).toBe(1);
    expect(errors).toEqual([
      {
        obj: { venue: 'kalshi', bucket: 'writes', requestedMs: 86_400_000, appliedMs: 60_000 },
        msg: '[RATE] venue rate-limit penalty capped'
      }
    ]);
    // a new entry order waits for the (capped) penalty…
    let entry: OrderOutcome | undefined;
    void r.adapter
      .placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal())
      .then((o) => (entry = o));
    // …while a close of the held position goes out now, without moving the clock
    const close = await r.adapter.placeOrder(kalshiOrder(market, 'yes', 'sell', 5, 40), signal());
    expect(close).toMatchObject({ status: 'filled', filledQty: contracts(5) });
    await new Promise((res) => setTimeout(res, 20));
    expect(entry).toBeUndefined();
    await clock.advance(59_000);
    await new Promise((res) => setTimeout(res, 20));
    expect(entry).toBeUndefined();
    await clock.advance(1_500);
    await until(() => entry !== undefined, 'the held order');
    expect(entry).toMatchObject({ status: 'filled', filledQty: contracts(1) });
  });

  it('an aborted order waiting out a penalty leaves the queue at once (rejected, not sent)', async () => {
    const clock = new ManualClock();
    rig = await startKalshiRig({ clock, keys, mock: { markets } });
    const r = rig;
    r.mock.script({ fault: { type: 'rate_limit', retryAfterSec: 30 }, match: { method: 'POST' } });
    await r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal());
    const ctls = Array.from({ length: 100 }, () => new AbortController());
    const waiting = ctls.map((c) =>
      r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), c.signal)
    );
    for (const c of ctls) c.abort();
    const outs = await Promise.all(waiting);
    expect(outs.every((o) => o.status === 'rejected' && o.rejectKind === 'other')).toBe(true);
    let next: OrderOutcome | undefined;
    void r.adapter
      .placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal())
      .then((o) => (next = o));
    await clock.advance(30_200); // the penalty and one token; not 100 abandoned tokens more
    await until(() => next !== undefined, 'the next order');
    expect(next).toMatchObject({ status: 'filled' });
  });

  it('Polymarket: a far-future Retry-After date holds buys only for the cap (no spin); sells pass', async () => {
    let posts = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        posts++;
        if (posts === 1) {
          res.writeHead(429, { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' });
          return void res.end('{"error":"Too Many Requests"}');
        }
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"error":"no orders found to match with FAK order"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const clock = new ManualClock();
    const errors: string[] = [];
    const a = new PolymarketAdapter({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: new PolymarketCredentials({
        privateKey: generatePrivateKey(),
        apiKey: crypto.randomUUID(),
        secret: randomBytes(32).toString('base64'),
        passphrase: 'p',
        signatureType: 0
      }),
      clock,
      clockSyncMs: 0,
      logger: { ...silent, error: (_o, m) => errors.push(m) }
    });
    closers.push(() => a.close());
    const m = { ...testMarket(1), polyYesTokenId: '11', polyNoTokenId: '22' };
    const o = (action: 'buy' | 'sell', cid: string) => ({
      venue: 'polymarket' as const,
      market: { ...m, polyExchange: 'standard' as const },
      side: 'yes' as const,
      action,
      qty: contracts(5),
      limitPrice: cents(50),
      clientOrderId: cid,
      executionId: 'x',
      reduceOnly: action === 'sell'
    });
    const first = await a.placeOrder(o('buy', 'b1'), signal());
    expect(first).toMatchObject({ status: 'rejected', rejectKind: 'rate_limited' });
    expect(a.health().penaltiesCapped).toBe(1);
    expect(errors).toEqual(['[RATE] venue rate-limit penalty capped']);
    let buy: OrderOutcome | undefined;
    void a.placeOrder(o('buy', 'b2'), signal()).then((x) => (buy = x));
    expect((await a.placeOrder(o('sell', 's1'), signal())).status).toBe('none');
    await clock.advance(59_000);
    await new Promise((res) => setTimeout(res, 20));
    expect(buy).toBeUndefined();
    expect(clock.pendingTimers()).toBeLessThanOrEqual(2); // one bucket timer, no spin
    await clock.advance(1_200);
    await until(() => buy !== undefined, 'the held buy');
    expect(buy?.status).toBe('none');
  });

  it('Polymarket: only reduce-only sells take the close lane', () => {
    const base = kalshiOrder(market, 'yes', 'sell', 1, 40);
    expect(laneOf({ ...base, reduceOnly: true })).toBe('close');
    expect(laneOf({ ...base, reduceOnly: false })).toBe('normal');
    expect(laneOf({ ...base, action: 'buy', reduceOnly: true })).toBe('normal');
  });
});
