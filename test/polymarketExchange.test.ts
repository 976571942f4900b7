/**
 * Exchange selection from the CLOB's market data (`marketInfo.ts`): each exchange picked from
 * the mock's answers, one discovery per token (cached, shared by concurrent orders), and a
 * discovery failure that is explicit — the order is not sent, or startup says so.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { NanoClock } from '../actors/nanoClock.js';
import { cents, contracts, type MarketPair, type OrderRequest } from '../core/index.js';
import {
  PolymarketAdapter,
  PolymarketCredentials,
  type ExchangeKind
} from '../adapters/venues/polymarket/index.js';
import {
  ExchangeDirectory,
  ExchangeDiscoveryError,
  exchangeKindsOf
} from '../adapters/venues/polymarket/marketInfo.js';
import {
  startPolymarketMock,
  type MockMarket,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { checkPolymarket, checkPolymarketExchanges } from '../cli/doctor/checks.js';
import { testMarket } from './support/engine.js';

const YES = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const NO = '53831553061883006530739877284105938919721408776239639687877978808906551086026';
const market: MarketPair = { ...testMarket(1), polyYesTokenId: YES, polyNoTokenId: NO };
const CID = `0x${'ab'.repeat(32)}`;
const secretB64 = () => randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
const sig = () => new AbortController().signal;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function setup(markets: MockMarket[], baseUrl?: string) {
  const pk = generatePrivateKey();
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: secretB64(),
    passphrase: randomBytes(16).toString('hex')
  };
  const mock = await startPolymarketMock({
    ...raw,
    address: privateKeyToAccount(pk).address,
    markets,
    settlementLagMs: 0
  });
  open.push(mock);
  const adapter = new PolymarketAdapter({
    baseUrl: baseUrl ?? mock.url,
    credentials: new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 }),
    clock: new NanoClock()
  });
  open.push(adapter);
  return { mock, adapter };
}

let seq = 0;
const buy = (side: 'yes' | 'no', qty: number, priceC: number, m = market): OrderRequest => ({
  venue: 'polymarket',
  market: m,
  side,
  action: 'buy',
  qty: contracts(qty),
  limitPrice: cents(priceC),
  clientOrderId: `x-${++seq}`,
  executionId: 'x-1',
  reduceOnly: false
});
const ask = (mock: PolymarketMock, token: string, priceC: number, qty: number) =>
  mock.setBook(token, { asks: [{ price: cents(priceC), qty: contracts(qty) }], bids: [] });
const discoveries = (mock: PolymarketMock, token: string) =>
  mock.requests().filter((r) => r.path === `/markets-by-token/${token}`).length;

/** A CLOB stand-in on 127.0.0.1 answering `GET /markets-by-token` and `/markets` from `market`. */
async function brokenClob(market: (path: string) => { status: number; body: string }) {
  const posts: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST') posts.push(path);
    const a =
      path === '/version'
        ? { status: 200, body: '{"version":2}' }
        : path === '/time'
          ? { status: 200, body: '1' }
          : path.startsWith('/markets-by-token/')
            ? { status: 200, body: JSON.stringify({ condition_id: CID }) }
            : market(path);
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  open.push({
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      })
  });
  return { url, posts };
}

describe('exchange discovery from the CLOB market data', () => {
  it.each<[ExchangeKind]>([['standard'], ['neg-risk'], ['v3']])(
    'a %s market without polyExchange is signed for its own exchange and fills',
    async (kind) => {
      // Before: only GET /neg-risk was asked, so a v3 market was signed for CTF Exchange V2
      // and the mock (like the venue) refused it with "invalid signature".
      const { mock, adapter } = await setup([{ tokenId: YES, kind }]);
      ask(mock, YES, 50, 100);
      const out = await adapter.placeOrder(buy('yes', 2, 50), sig());
      expect(out.status).toBe('filled');
      expect(discoveries(mock, YES)).toBe(1);
    }
  );

  it('discovers once per token: warm-up, then orders and concurrent orders reuse the cache', async () => {
    const { mock, adapter } = await setup([
      { tokenId: YES, kind: 'v3' },
      { tokenId: NO, kind: 'neg-risk' }
    ]);
    await adapter.warmUp([market]);
    expect(discoveries(mock, YES)).toBe(1);
    expect(discoveries(mock, NO)).toBe(1);
    ask(mock, YES, 50, 100);
    ask(mock, NO, 40, 100);
    const outs = await Promise.all([
      adapter.placeOrder(buy('yes', 2, 50), sig()),
      adapter.placeOrder(buy('no', 3, 40), sig()),
      adapter.placeOrder(buy('yes', 2, 50), sig())
    ]);
    expect(outs.map((o) => o.status)).toEqual(['filled', 'filled', 'filled']);
    expect(discoveries(mock, YES)).toBe(1);
    expect(discoveries(mock, NO)).toBe(1);
    expect(mock.requests().filter((r) => r.path.startsWith('/markets/'))).toHaveLength(2);
  });

  it('concurrent first orders on an unknown token share one lookup', async () => {
    const { mock, adapter } = await setup([{ tokenId: YES, kind: 'neg-risk' }]);
    ask(mock, YES, 50, 100);
    const outs = await Promise.all(
      [1, 2, 3].map(() => adapter.placeOrder(buy('yes', 2, 50), sig()))
    );
    expect(outs.every((o) => o.status === 'filled')).toBe(true);
    expect(discoveries(mock, YES)).toBe(1);
  });

  it('polyExchange in the markets file wins: no discovery', async () => {
    const { mock, adapter } = await setup([{ tokenId: YES, kind: 'v3' }]);
    const m = { ...market, polyExchange: 'v3' as const };
    await adapter.warmUp([m]);
    ask(mock, YES, 50, 100);
    expect((await adapter.placeOrder(buy('yes', 2, 50, m), sig())).status).toBe('filled');
    expect(discoveries(mock, YES)).toBe(0);
  });

  it('a failed discovery rejects the order unsent with the reason, and is asked again next time', async () => {
    let version: unknown = undefined;
    const clob = await brokenClob(() => ({
      status: 200,
      body: JSON.stringify({
        condition_id: CID,
        neg_risk: false,
        version,
        tokens: [{ token_id: YES }]
      })
    }));
    const { adapter } = await setup([], clob.url);
    const out = await adapter.placeOrder(buy('yes', 2, 50), sig());
    expect(out).toMatchObject({ status: 'rejected', rejectKind: 'unavailable' });
    expect(out.reason).toMatch(
      /exchange of Polymarket token \d+ unknown \(market version undefined\)/
    );
    expect(out.reason).toMatch(/set polyExchange/);
    expect(clob.posts).toEqual([]); // never signed for a default exchange
    version = 'v2';
    const again = await adapter.placeOrder(buy('yes', 2, 50), sig());
    expect(clob.posts).toEqual(['/order']); // proven now (v3), so it was sent
    expect(again.reason ?? '').not.toMatch(/exchange of/);
  });

  it('warm-up refuses to start on an unproven exchange, naming the pair and the override', async () => {
    const clob = await brokenClob(() => ({ status: 503, body: '{"error":"busy"}' }));
    const { adapter } = await setup([], clob.url);
    await expect(adapter.warmUp([market])).rejects.toThrow(
      /pair pair-1: exchange of Polymarket token \d+ unknown \(GET \/markets answered HTTP 503\); set polyExchange/
    );
  });
});

describe('exchangeKindsOf / ExchangeDirectory', () => {
  const body = (o: object) =>
    JSON.stringify({ tokens: [{ token_id: YES }, { token_id: NO }], ...o });

  it('maps version and neg_risk to the exchange of every listed token', () => {
    expect(exchangeKindsOf(YES, body({ version: 'v1', neg_risk: false })).get(NO)).toBe('standard');
    expect(exchangeKindsOf(YES, body({ version: 'v1', neg_risk: true })).get(YES)).toBe('neg-risk');
    expect(exchangeKindsOf(YES, body({ version: 'v2', neg_risk: false })).get(YES)).toBe('v3');
  });

  it.each([
    ['no version', body({ neg_risk: false }), /market version undefined/],
    ['unknown version', body({ version: 'v9', neg_risk: false }), /market version "v9"/],
    ['no neg_risk', body({ version: 'v1' }), /no boolean neg_risk/],
    ['string neg_risk', body({ version: 'v1', neg_risk: 'false' }), /no boolean neg_risk/],
    [
      'token not listed',
      JSON.stringify({ version: 'v1', neg_risk: false, tokens: [] }),
      /does not list/
    ],
    ['not JSON', '<html>', /not a JSON object/]
  ])('%s → ExchangeDiscoveryError', (_, text, why) => {
    expect(() => exchangeKindsOf(YES, text)).toThrow(ExchangeDiscoveryError);
    expect(() => exchangeKindsOf(YES, text)).toThrow(why);
  });

  it('caches both tokens of a market from one answer; a throw from the transport is explicit', async () => {
    const paths: string[] = [];
    const dir = new ExchangeDirectory((path) => {
      paths.push(path);
      return Promise.resolve(
        path.startsWith('/markets-by-token/')
          ? { status: 200, text: JSON.stringify({ condition_id: CID }) }
          : { status: 200, text: body({ version: 'v1', neg_risk: true }) }
      );
    });
    expect(await dir.kindOf(YES)).toBe('neg-risk');
    expect(await dir.kindOf(NO)).toBe('neg-risk');
    expect(paths).toEqual([`/markets-by-token/${YES}`, `/markets/${CID}`]);
    const down = new ExchangeDirectory(() => Promise.reject(new Error('ECONNREFUSED')));
    await expect(down.kindOf(YES)).rejects.toThrow(/markets-by-token failed: ECONNREFUSED/);
    const noCid = new ExchangeDirectory(() => Promise.resolve({ status: 200, text: '{}' }));
    await expect(noCid.kindOf(YES)).rejects.toThrow(/no condition_id/);
  });
});

describe('doctor', () => {
  it('--live discovers every token like run --live, and names an unprovable one', async () => {
    const { mock } = await setup([
      { tokenId: YES, kind: 'v3' },
      { tokenId: NO, kind: 'neg-risk' }
    ]);
    const other = { ...testMarket(2), polyExchange: 'standard' as const };
    expect(await checkPolymarketExchanges(mock.url, [market, other])).toMatchObject({
      ok: true,
      detail: 'tokens discovered: 0 standard, 1 neg-risk, 1 v3; 1 pair(s) set by polyExchange'
    });
    const clob = await brokenClob(() => ({ status: 404, body: '{"error":"market not found"}' }));
    const bad = await checkPolymarketExchanges(clob.url, [market]);
    expect(bad.ok).toBe(false);
    expect(bad.hint).toMatch(/polyExchange/);
    expect(bad.detail).toMatch(
      /exchange of Polymarket token \d+ unknown \(GET \/markets answered HTTP 404\)/
    );
  });

  it('shows signature type 3 with its deposit wallet', async () => {
    const pk = generatePrivateKey();
    const wallet = privateKeyToAccount(generatePrivateKey()).address;
    const c = await checkPolymarket(
      {
        POLY_PRIVATE_KEY: pk,
        POLY_API_KEY: 'k-123456',
        POLY_API_SECRET: secretB64(),
        POLY_API_PASSPHRASE: 'pass-123456',
        POLY_SIGNATURE_TYPE: '3',
        POLY_FUNDER: wallet
      },
      true
    );
    expect(c.ok).toBe(true);
    expect(c.detail).toContain(
      `signature type 3 (deposit wallet ${wallet} is maker and order signer`
    );
  });
});
