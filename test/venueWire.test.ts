/**
 * What the venue adapters accept from the wire and send to it, against servers on 127.0.0.1:
 * a body over the size limit is cut and the placement (or lookup) is `unknown`; a 3xx is
 * `unknown`, never `rejected`; timestamps the venues check are on the venue's clock (skewed
 * +40 s here); every request names twinleg in its User-Agent.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatePrivateKey } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { NanoClock } from '../actors/nanoClock.js';
import { cents, contracts, type MarketPair, type OrderRequest } from '../core/index.js';
import { KalshiAdapter, kalshiCredentials } from '../adapters/venues/kalshi/index.js';
import {
  kalshiMarket,
  kalshiOrder,
  startKalshiRig,
  testKeyPair
} from '../adapters/venues/kalshi/mock/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import { USER_AGENT } from '../adapters/venues/common/userAgent.js';
import { testMarket } from './support/engine.js';

const keys = testKeyPair();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});
const signal = () => new AbortController().signal;
const BIG = 50 * 1024 * 1024;

/** What a route does; `huge` streams 50 MB and records whether the client cut it short. */
type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'huge' }
  | { readonly kind: 'redirect' };

interface TestServer {
  readonly url: string;
  readonly seen: {
    method: string;
    path: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[];
  /** Bytes written per `huge` reply, and whether the client stopped reading first. */
  readonly huge: { sent: number; cut: boolean }[];
}

async function serve(route: (method: string, path: string) => Reply): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const huge: TestServer['huge'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      seen.push({ method: req.method ?? '', path, headers: req.headers, body });
      const r = route(req.method ?? '', path);
      if (r.kind === 'json') {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.body));
      } else if (r.kind === 'redirect') {
        res.writeHead(302, { location: 'https://example.invalid/elsewhere' });
        res.end('moved');
      } else {
        const rec = { sent: 0, cut: false };
        huge.push(rec);
        res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no length
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          while (rec.sent < BIG && !res.destroyed) {
            rec.sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        res.on('close', () => (rec.cut = rec.sent < BIG || !res.writableFinished));
        pump();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      })
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, huge };
}

function kalshiOn(url: string): KalshiAdapter {
  const a = new KalshiAdapter({
    credentials: kalshiCredentials('key-id', keys.privatePem),
    clock: new NanoClock(),
    baseUrl: `${url}/trade-api/v2`,
    maxResponseBytes: 1_048_576,
    presignMaxAgeMs: 0
  });
  closers.push(() => a.close());
  return a;
}

const YES = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const NO = '53831553061883006530739877284105938919721408776239639687877978808906551086026';
const polyMarket: MarketPair = {
  ...testMarket(1),
  polyYesTokenId: YES,
  polyNoTokenId: NO,
  polyExchange: 'standard'
};
const polyOrder = (action: 'buy' | 'sell'): OrderRequest => ({
  venue: 'polymarket',
  market: polyMarket,
  side: 'yes',
  action,
  qty: contracts(5),
  limitPrice: cents(53),
  clientOrderId: `p-${randomBytes(4).toString('hex')}`,
  executionId: 'x',
  reduceOnly: action === 'sell'
});
const secret = randomBytes(32).toString('base64');

function polyOn(url: string, extra: { clockSyncMs?: number } = {}): PolymarketAdapter {
  const a = new PolymarketAdapter({
    baseUrl: url,
    credentials: new PolymarketCredentials({
      privateKey: generatePrivateKey(),
      apiKey: crypto.randomUUID(),
      secret,
      passphrase: 'pass',
      signatureType: 0
    }),
    clock: new NanoClock(),
    maxResponseBytes: 1_048_576,
    ...extra
  });
  closers.push(() => a.close());
  return a;
}

describe('bounded responses', () => {
  it('Kalshi: a 50 MB answer to a placement is cut and the order is unknown; a lookup too', async () => {
    const s = await serve((m, p) =>
      m === 'GET' && p.endsWith('/exchange/status')
        ? { kind: 'json', status: 200, body: {} }
        : { kind: 'huge' }
    );
    const k = kalshiOn(s.url);
    const order = kalshiOrder(kalshiMarket('KXBIG'), 'yes', 'buy', 1, 45);
    const o = await k.placeOrder(order, signal());
    expect(o).toMatchObject({ status: 'unknown' });
    expect(o.reason).toMatch(/over 1048576 bytes/);
    const l = await k.lookupOrder({ ...order, orderId: 'abc' }, signal());
    expect(l.status).toBe('unknown');
    await new Promise((r) => setTimeout(r, 50));
    expect(s.huge.length).toBeGreaterThanOrEqual(2);
    expect(s.huge.every((h) => h.cut)).toBe(true);
  });

  it('Kalshi: a 302 is unknown (looked up), not rejected', async () => {
    const s = await serve(() => ({ kind: 'redirect' }));
    const k = kalshiOn(s.url);
    const o = await k.placeOrder(kalshiOrder(kalshiMarket('KXR'), 'yes', 'buy', 1, 45), signal());
    expect(o.status).toBe('unknown');
    expect(o.reason).toMatch(/302/);
  });

  it('Polymarket: a 50 MB answer and a 302 are unknown; an oversize lookup answer too', async () => {
    let post: Reply = { kind: 'huge' };
    const s = await serve((m, p) => (m === 'POST' && p === '/order' ? post : { kind: 'huge' }));
    const a = polyOn(s.url, { clockSyncMs: 0 });
    const o = await a.placeOrder(polyOrder('buy'), signal());
    expect(o.status).toBe('unknown');
    expect(o.reason).toMatch(/over 1048576 bytes/);
    const l = await a.lookupOrder(polyOrder('buy'), signal());
    expect(l.status).toBe('unknown');
    const looked = await a.lookupOrder({ ...polyOrder('buy'), orderId: '0xabc' }, signal());
    expect(looked).toMatchObject({ status: 'unknown' });
    expect(looked.reason).toMatch(/over 1048576 bytes/);
    post = { kind: 'redirect' };
    const r = await a.placeOrder(polyOrder('buy'), signal());
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/302/);
    await new Promise((res) => setTimeout(res, 50));
    expect(s.huge.every((h) => h.cut)).toBe(true);
  });
});

describe('venue clock and User-Agent', () => {
  it('Kalshi: a venue clock 40 s ahead still accepts the signatures once measured', async () => {
    const mk = async (clockSyncMs?: number) => {
      const clock = new ManualClock(Date.now() - 40_000); // we are 40 s behind the venue
      const rig = await startKalshiRig({
        clock,
        keys,
        mock: {
          markets: {
            KXSKEW: { book: { asks: [{ price: cents(45), qty: contracts(10) }], bids: [] } }
          },
          maxSkewMs: 5_000
        },
        adapter: clockSyncMs === undefined ? {} : { clockSyncMs }
      });
      closers.push(() => rig.close());
      return rig;
    };
    const market = kalshiMarket('KXSKEW');
    const off = await mk(0);
    const refused = await off.adapter.placeOrder(
      kalshiOrder(market, 'yes', 'buy', 1, 45),
      signal()
    );
    expect(refused).toMatchObject({ status: 'rejected', rejectKind: 'auth' });
    const on = await mk();
    await on.adapter.warm();
    const offset = on.adapter.health().clockOffsetMs ?? 0;
    expect(Math.abs(offset - 40_000)).toBeLessThan(1_500);
    const ok = await on.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 45), signal());
    expect(ok).toMatchObject({ status: 'filled', filledQty: contracts(1) });
  });

  it('Polymarket: POLY_TIMESTAMP and the order timestamp follow GET /time (+40 s)', async () => {
    const venueNow = () => Date.now() + 40_000;
    const s = await serve((_m, p) => {
      if (p === '/version') return { kind: 'json', status: 200, body: { version: 2 } };
      if (p === '/time') return { kind: 'json', status: 200, body: Math.floor(venueNow() / 1000) };
      return {
        kind: 'json',
        status: 400,
        body: { error: 'no orders found to match with FAK order' }
      };
    });
    const check = (h: IncomingMessage['headers'], body: string) => {
      const ts = Number(h['poly_timestamp']);
      const mac = createHmac('sha256', Buffer.from(secret, 'base64'))
        .update(`${ts}POST/order${body}`)
        .digest('base64')
        .replace(/\+/g, '-')
        .replace(/\//g, '_');
      const order = (JSON.parse(body) as { order: { timestamp: string } }).order;
      return {
        signed: mac === h['poly_signature'],
        headerSkewMs: Math.abs(ts * 1000 - venueNow()),
        orderSkewMs: Math.abs(Number(order.timestamp) - venueNow())
      };
    };
    const on = polyOn(s.url);
    await on.warmUp([]);
    expect(Math.abs((on.health().clockOffsetMs ?? 0) - 40_000)).toBeLessThan(1_500);
    expect((await on.placeOrder(polyOrder('buy'), signal())).status).toBe('none');
    const posted = s.seen.filter((r) => r.path === '/order');
    const c = check(posted[0]!.headers, posted[0]!.body);
    expect(c.signed).toBe(true);
    expect(c.headerSkewMs).toBeLessThan(2_500); // whole seconds
    expect(c.orderSkewMs).toBeLessThan(1_500);
    // with measuring off, the timestamps are the local clock's: 40 s behind the venue
    const off = polyOn(s.url, { clockSyncMs: 0 });
    await off.placeOrder(polyOrder('buy'), signal());
    const last = s.seen.filter((r) => r.path === '/order').at(-1)!;
    expect(check(last.headers, last.body).orderSkewMs).toBeGreaterThan(35_000);
  });

  it('every request names twinleg and its version in the User-Agent', async () => {
    expect(USER_AGENT).toMatch(/^twinleg\/\d+\.\d+\.\d+/);
    const s = await serve((_m, p) =>
      p === '/version'
        ? { kind: 'json', status: 200, body: { version: 2 } }
        : p === '/time'
          ? { kind: 'json', status: 200, body: Math.floor(Date.now() / 1000) }
          : { kind: 'json', status: 404, body: {} }
    );
    const k = kalshiOn(s.url);
    await k.warm();
    await k.placeOrder(kalshiOrder(kalshiMarket('KXUA'), 'yes', 'buy', 1, 45), signal());
    const p = polyOn(s.url);
    await p.warmUp([]);
    await p.placeOrder(polyOrder('buy'), signal());
    await p.lookupOrder({ ...polyOrder('buy'), orderId: '0xabc' }, signal());
    const paths = new Set(s.seen.map((r) => `${r.method} ${r.path}`));
    expect(paths.size).toBeGreaterThanOrEqual(5);
    expect(s.seen.every((r) => r.headers['user-agent'] === USER_AGENT)).toBe(true);
  });
});
