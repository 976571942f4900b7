/**
 * Transport and venue faults between the real adapter and the mock: 429 backoff, timeouts on
 * placed orders, retries reusing the client order id (409 → lookup), 5xx, dropped
 * connections, refused connections, aborts, validation. Timers run on a ManualClock; only the
 * loopback I/O is real.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { cents, contracts, type OrderRef, type OrderRequest } from '../core/index.js';
import type { KalshiAdapterEvent, KalshiAdapterOptions } from '../adapters/venues/kalshi/index.js';
import {
  kalshiMarket,
  kalshiOrder,
  startKalshiRig,
  testKeyPair,
  type KalshiMockOptions,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';

const keys = testKeyPair();
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const market = kalshiMarket('KXFAULT');
const markets = { KXFAULT: { book: { asks: [lv(45, 100)], bids: [lv(40, 100)] } } };
let rig: KalshiRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function setup(
  adapter: Omit<KalshiAdapterOptions, 'credentials' | 'clock' | 'baseUrl'> = {},
  mock: Omit<KalshiMockOptions, 'publicKey'> = {}
) {
  const clock = new ManualClock();
  const events: KalshiAdapterEvent[] = [];
  rig = await startKalshiRig({
    clock,
    keys,
    mock: { markets, ...mock },
    adapter: { ...adapter, onEvent: (e) => events.push(e) }
  });
  return { clock, events, r: rig };
}

/** Polls (real time) until `cond` holds; the loopback I/O needs real time to happen. */
async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 2_500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const refOf = (o: OrderRequest): OrderRef => ({
  venue: 'kalshi',
  market: o.market,
  side: o.side,
  action: o.action,
  qty: o.qty,
  clientOrderId: o.clientOrderId
});
const posts = (r: KalshiRig) => r.mock.requests().filter((q) => q.method === 'POST');
const signal = () => new AbortController().signal;

describe('Kalshi adapter faults', () => {
  it('429 with Retry-After: waits it out on the clock (write bucket), then succeeds with the same id', async () => {
    const { clock, events, r } = await setup();
    r.mock.script({ fault: { type: 'rate_limit', retryAfterSec: 1 }, match: { method: 'POST' } });
    const order = kalshiOrder(market, 'yes', 'buy', 5, 45);
    const p = r.adapter.placeOrder(order, signal());
    await until(() => events.some((e) => e.type === 'retry'), 'retry event');
    expect(events.find((e) => e.type === 'retry')).toMatchObject({
      cause: 'rate_limited',
      waitMs: 1_000
    });
    await new Promise((res) => setTimeout(res, 20));
    expect(posts(r)).toHaveLength(1); // still backing off: no second request
    await clock.advance(999);
    await new Promise((res) => setTimeout(res, 20));
    expect(posts(r)).toHaveLength(1);
    await clock.advance(200); // Retry-After (1 s) + one token at 10/s
    const o = await p;
    expect(o).toMatchObject({ status: 'filled', filledQty: contracts(5), notional: cents(225) });
    expect(posts(r).map((q) => [q.status, q.clientOrderId])).toEqual([
      [429, order.clientOrderId],
      [201, order.clientOrderId]
    ]);
  });

  it('a Retry-After beyond the cap is reported as rate_limited with the wait (nothing placed)', async () => {
    const { r } = await setup({ retry: { maxRetryAfterMs: 2_000 } });
    r.mock.script({ fault: { type: 'rate_limit', retryAfterSec: 5 } });
    const o = await r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal());
    expect(o).toMatchObject({
      status: 'rejected',
      rejectKind: 'rate_limited',
      retryAfterMs: 5_000
    });
    expect(r.mock.orders()).toHaveLength(0);
  });

  it('timeout on a placement the venue filled → unknown; a lookup by client order id finds the fill', async () => {
    const { clock, r } = await setup({ timeouts: { placeMs: 3_000 } });
    r.mock.script({ fault: { type: 'slow', delayMs: 60_000 }, match: { method: 'POST' } });
    const order = kalshiOrder(market, 'yes', 'buy', 10, 45);
    const p = r.adapter.placeOrder(order, signal());
    await until(() => r.mock.orders().length === 1, 'order at the venue');
    await clock.advance(3_000);
    const o = await p;
    expect(o).toMatchObject({ status: 'unknown', filledQty: 0, reason: 'timeout' });
    expect(o.orderId).toBeUndefined();
    const found = await r.adapter.lookupOrder(refOf(order), signal());
    expect(found).toMatchObject({
      status: 'filled',
      filledQty: contracts(10),
      notional: cents(450),
      fee: cents(18)
    });
    expect(found.orderId).toBe(r.mock.orders()[0]!.orderId);
    const list = r.mock.requests().find((q) => q.path.endsWith('/portfolio/orders'));
    expect(list?.query).toContain('ticker=KXFAULT');
  });

  it('a dropped connection after the order was placed: retry reuses the client order id, 409 → lookup', async () => {
    const { clock, events, r } = await setup();
    r.mock.script({ fault: { type: 'drop' }, match: { method: 'POST' } });
    const order = kalshiOrder(market, 'yes', 'buy', 4, 45);
    const p = r.adapter.placeOrder(order, signal());
    await until(() => events.some((e) => e.type === 'retry'), 'retry');
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ cause: 'network' });
    await clock.advance(50);
    const o = await p;
    expect(o).toMatchObject({ status: 'filled', filledQty: contracts(4), notional: cents(180) });
    expect(posts(r).map((q) => [q.status, q.clientOrderId])).toEqual([
      ['dropped', order.clientOrderId],
      [409, order.clientOrderId]
    ]);
    expect(events.some((e) => e.type === 'duplicate')).toBe(true);
    expect(r.mock.orders()).toHaveLength(1); // one order, never two
  });

  it('503 before processing is retried and succeeds; a 502 after processing resolves through 409 → lookup', async () => {
    const { clock, events, r } = await setup();
    r.mock.script({ fault: { type: 'error', status: 503, code: 'service_unavailable' } });
    const p1 = r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal());
    await until(() => events.some((e) => e.type === 'retry'));
    await clock.advance(50);
    expect(await p1).toMatchObject({ status: 'filled', filledQty: contracts(1) });
    r.mock.script({ fault: { type: 'error', status: 502, afterProcessing: true } });
    const p2 = r.adapter.placeOrder(kalshiOrder(market, 'no', 'buy', 2, 60), signal());
    await until(() => events.filter((e) => e.type === 'retry').length === 2);
    await clock.advance(50);
    expect(await p2).toMatchObject({
      status: 'filled',
      filledQty: contracts(2),
      notional: cents(120)
    });
    expect(r.mock.orders()).toHaveLength(2);
  });

  it('5xx on every attempt → unknown (never 0); not found stays unknown during the grace period, then none', async () => {
    const { clock, r } = await setup({ retry: { maxAttempts: 1 }, notFoundGraceMs: 2_000 });
    r.mock.script({ fault: { type: 'error', status: 500 } });
    const order = kalshiOrder(market, 'yes', 'buy', 1, 45);
    const o = await r.adapter.placeOrder(order, signal());
    expect(o).toMatchObject({ status: 'unknown', filledQty: 0 });
    expect(await r.adapter.lookupOrder(refOf(order), signal())).toMatchObject({
      status: 'unknown'
    });
    await clock.advance(2_000);
    expect(await r.adapter.lookupOrder(refOf(order), signal())).toMatchObject({
      status: 'none',
      reason: 'order not found'
    });
  });

  it('aborts: before sending → rejected (provably nothing placed); while waiting for the answer → unknown', async () => {
    const { r } = await setup();
    const pre = new AbortController();
    pre.abort();
    expect(
      await r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), pre.signal)
    ).toMatchObject({
      status: 'rejected',
      rejectKind: 'other'
    });
    r.mock.script({ fault: { type: 'slow', delayMs: 60_000 } });
    const ctl = new AbortController();
    const p = r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), ctl.signal);
    await until(() => r.mock.orders().length === 1);
    ctl.abort();
    expect(await p).toMatchObject({ status: 'unknown' });
  });

  it('connection refused is provably not placed → rejected unavailable', async () => {
    const { r } = await setup({ retry: { maxAttempts: 1 } });
    await r.mock.close();
    const o = await r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal());
    expect(o).toMatchObject({ status: 'rejected', rejectKind: 'unavailable' });
  });

  it('mock validation: tick grid, enums, legacy endpoint; the adapter only uses the V2 path', async () => {
    const { r } = await setup(
      {},
      {
        markets: {
          ...markets,
          KXTAPER: { structure: 'tapered_deci_cent', book: { asks: [lv(9.5, 3)], bids: [] } }
        }
      }
    );
    const off = await r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45.5), signal());
    expect(off).toMatchObject({ status: 'rejected', rejectKind: 'invalid_order' });
    expect(off.reason).toContain('invalid_price');
    const deci = await r.adapter.placeOrder(
      kalshiOrder(kalshiMarket('KXTAPER'), 'yes', 'buy', 3, 9.5),
      signal()
    );
    expect(deci).toMatchObject({ status: 'filled', notional: cents(28.5), fee: cents(2) });
    const body = {
      ticker: 'KXFAULT',
      side: 'bid',
      count: '1',
      price: '0.45',
      self_trade_prevention_type: 'taker_at_cross'
    };
    const bad = await r.venueRequest('POST', '/portfolio/events/orders', {
      ...body,
      time_in_force: 'gtc'
    });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'invalid_parameters' } } });
    const ioc = { ...body, time_in_force: 'immediate_or_cancel' };
    expect(
      await r.venueRequest('POST', '/portfolio/events/orders', { ...ioc, expiration_time: 1 })
    ).toMatchObject({ status: 400 });
    expect(
      await r.venueRequest('POST', '/portfolio/events/orders', { ...ioc, price: '0.450001' })
    ).toMatchObject({ status: 400 });
    const legacy = await r.venueRequest('POST', '/portfolio/orders', {
      ticker: 'KXFAULT',
      action: 'buy',
      side: 'yes',
      count: 1,
      yes_price: 45,
      type: 'limit'
    });
    expect(legacy).toMatchObject({ json: { error: { code: 'deprecated_v1_order_endpoint' } } });
    const adapterPosts = r.mock
      .requests()
      .filter((q) => q.method === 'POST')
      .slice(0, 2);
    expect(adapterPosts.every((q) => q.path === '/trade-api/v2/portfolio/events/orders')).toBe(
      true
    );
  });

  it('warm-up opens the pool and prepares the next order signature; balance and positions read back', async () => {
    const { events, r } = await setup(
      { connections: 3 },
      { positions: { KXFAULT: contracts(2), KXOTHER: contracts(-3) } }
    );
    expect(await r.adapter.warm()).toBe(3);
    await new Promise((res) => setImmediate(res));
    await r.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal());
    expect(events.find((e) => e.type === 'presign')).toEqual({ type: 'presign', used: true });
    const pos = await r.adapter.positions();
    expect(pos.get('KXFAULT')).toBe(contracts(3));
    expect(pos.get('KXOTHER')).toBe(contracts(-3));
    expect((await r.adapter.balance()).balance).toBe(r.mock.balance());
  });
});
