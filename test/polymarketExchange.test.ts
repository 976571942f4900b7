/**
 * Exchange selection from the CLOB's market data (`marketInfo.ts`), and from the Gamma market
 * when the CLOB has no version (`gammaMarket.ts`): each exchange picked from the answers, one
 * discovery per token (cached, shared by concurrent orders), and a discovery failure that is
 * explicit — the order is not sent, or startup says so.
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
import { conditionIdOf } from '../adapters/venues/polymarket/mock/sdkMarketRoutes.js';
import { GAMMA_PROD_URL, gammaKindsOf } from '../adapters/venues/polymarket/gammaMarket.js';
import { TWINLEG_ENV } from '../cli/config/env.js';
import { loadConfig } from '../cli/config/load.js';
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

/** Mock and adapter; `via` puts stand-ins (CLOB, Gamma) between them. */
async function setup(
  markets: MockMarket[],
  clobUrl?: string,
  gammaUrl?: string,
  via?: (mockUrl: string) => Promise<{ clob: string; gamma: string }>
) {
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
  const routed = via ? await via(mock.url) : undefined;
  const baseUrl = routed?.clob ?? clobUrl;
  const gammaBaseUrl = routed?.gamma ?? gammaUrl;
  const adapter = new PolymarketAdapter({
    baseUrl: baseUrl ?? mock.url,
    // Gamma on the test's own server too (never the production default)
    gammaBaseUrl: gammaBaseUrl ?? baseUrl ?? mock.url,
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
      /exchange of Polymarket token \d+ unknown \(market version undefined; Gamma answer is not an array\)/
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
      /pair pair-1: exchange of Polymarket token \d+ unknown \(GET \/markets answered HTTP 503; Gamma GET \/markets answered HTTP 503\); set polyExchange/
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

/**
 * A CLOB stand-in on 127.0.0.1 forwarding every request to the mock, except that its
 * `GET /markets/{condition}` answers lose `version` (a CLOB that does not carry the field).
 */
async function versionlessClob(target: string) {
  const posts: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'POST') posts.push(path);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] =>
            typeof e[1] === 'string' && !['host', 'connection', 'content-length'].includes(e[0])
        )
      );
      void fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {})
      })
        .then(async (up) => {
          let body = await up.text();
          if (path.startsWith('/markets/') && up.status === 200) {
            const { version: _dropped, ...rest } = JSON.parse(body) as Record<string, unknown>;
            body = JSON.stringify(rest);
          }
          res.writeHead(up.status, { 'content-type': 'application/json' }).end(body);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  return { url: await listen(server), posts };
}

/** A Gamma stand-in on 127.0.0.1: `GET /markets?…` answered by `answer(query)`; asks recorded. */
async function gammaStandIn(answer: (q: URLSearchParams) => unknown[]) {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    asked.push(`${u.pathname}${u.search}`);
    const json = u.pathname === '/markets' ? answer(u.searchParams) : { error: 'not found' };
    res.writeHead(u.pathname === '/markets' ? 200 : 404).end(JSON.stringify(json));
  });
  return { url: await listen(server), asked };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push({
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      })
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Mock and adapter with the versionless CLOB stand-in between them and Gamma at `gammaUrl`. */
async function behindVersionlessClob(markets: MockMarket[], gammaUrl: string) {
  let posts: string[] = [];
  const { mock, adapter } = await setup(markets, undefined, undefined, async (url) => {
    const c = await versionlessClob(url);
    posts = c.posts;
    return { clob: c.url, gamma: gammaUrl };
  });
  return { mock, adapter, posts: () => posts };
}

/** A Gamma market in Gamma's shape (`clobTokenIds` JSON text, `positionIds` an array). */
const gammaMarket = (o: Record<string, unknown>) => ({
  id: '1',
  conditionId: conditionIdOf(YES),
  outcomes: '["Yes","No"]',
  ...o
});

describe('exchange discovery falls back to the Gamma market when the CLOB has no version', () => {
  it('CLOB without version + Gamma "v2" (YES among positionIds) → ExchangeV3; one CLOB pair and one Gamma lookup cover both tokens', async () => {
    // Before: no Gamma lookup, so the order was refused "market version undefined".
    const gamma = await gammaStandIn((q) =>
      q.get('position_ids') === YES
        ? [
            gammaMarket({
              version: 'v2',
              negRisk: false,
              clobTokenIds: '[]',
              positionIds: [YES, NO]
            })
          ]
        : []
    );
    const { mock, adapter, posts } = await behindVersionlessClob(
      [
        { tokenId: YES, kind: 'v3' },
        { tokenId: NO, kind: 'v3' }
      ],
      gamma.url
    );
    ask(mock, YES, 50, 100);
    ask(mock, NO, 40, 100);
    expect((await adapter.placeOrder(buy('yes', 2, 50), sig())).status).toBe('filled');
    expect((await adapter.placeOrder(buy('no', 3, 40), sig())).status).toBe('filled');
    expect((await adapter.placeOrder(buy('yes', 2, 50), sig())).status).toBe('filled');
    expect(gamma.asked).toEqual([`/markets?clob_token_ids=${YES}`, `/markets?position_ids=${YES}`]);
    expect(discoveries(mock, YES)).toBe(1);
    expect(discoveries(mock, NO)).toBe(0); // cached from the Gamma market's positionIds
    expect(posts()).toEqual(['/order', '/order', '/order']); // through the versionless CLOB
  });

  it('CLOB without version + Gamma "v1" with negRisk → the neg-risk exchange', async () => {
    const gamma = await gammaStandIn((q) =>
      q.get('clob_token_ids') === YES
        ? [gammaMarket({ version: 'v1', negRisk: true, clobTokenIds: JSON.stringify([YES, NO]) })]
        : []
    );
    const { mock, adapter, posts } = await behindVersionlessClob(
      [{ tokenId: YES, kind: 'neg-risk' }],
      gamma.url
    );
    await adapter.warmUp([market]);
    ask(mock, YES, 50, 100);
    expect((await adapter.placeOrder(buy('yes', 2, 50), sig())).status).toBe('filled');
    expect(posts()).toEqual(['/order']);
    expect(gamma.asked).toEqual([`/markets?clob_token_ids=${YES}`]);
  });

  it('neither the CLOB nor Gamma has a version → the order is refused unsent naming polyExchange', async () => {
    const gamma = await gammaStandIn(() => [
      gammaMarket({ negRisk: false, clobTokenIds: JSON.stringify([YES, NO]) })
    ]);
    const { mock, adapter, posts } = await behindVersionlessClob(
      [{ tokenId: YES, kind: 'v3' }],
      gamma.url
    );
    ask(mock, YES, 50, 100);
    const out = await adapter.placeOrder(buy('yes', 2, 50), sig());
    expect(out).toMatchObject({ status: 'rejected', rejectKind: 'unavailable' });
    expect(out.reason).toMatch(
      /exchange of Polymarket token \d+ unknown \(market version undefined; Gamma version undefined\); set polyExchange/
    );
    expect(posts()).toEqual([]);
    expect(mock.orders()).toHaveLength(0);
  });

  it('Gamma down → the order is refused unsent naming polyExchange', async () => {
    const gone = await gammaStandIn(() => []);
    await open.pop()?.close(); // its port now refuses connections
    const { mock, adapter, posts } = await behindVersionlessClob(
      [{ tokenId: YES, kind: 'v3' }],
      gone.url
    );
    ask(mock, YES, 50, 100);
    const out = await adapter.placeOrder(buy('yes', 2, 50), sig());
    expect(out).toMatchObject({ status: 'rejected', rejectKind: 'unavailable' });
    expect(out.reason).toMatch(/market version undefined; Gamma GET \/markets failed: /);
    expect(out.reason).toMatch(/set polyExchange/);
    expect(posts()).toEqual([]);
    await expect(adapter.warmUp([market])).rejects.toThrow(/pair pair-1: .*polyExchange/);
  });

  it("the mock serves Gamma's market list: each token's version in the id field it trades with", async () => {
    const { mock } = await setup([
      { tokenId: YES, kind: 'v3' },
      { tokenId: NO, kind: 'neg-risk' }
    ]);
    const get = (path: string) =>
      fetch(`${mock.url}${path}`).then(async (r) => ({ status: r.status, text: await r.text() }));
    const noClob = () => Promise.resolve({ status: 503, text: '' });
    const dir = new ExchangeDirectory(noClob, {}, get);
    expect(await dir.kindOf(YES)).toBe('v3');
    expect(await dir.kindOf(NO)).toBe('neg-risk');
    expect(await dir.kindOf('7')).toBe('standard');
    const v2 = JSON.parse((await get(`/markets?position_ids=${YES}`)).text) as unknown[];
    expect(v2).toMatchObject([
      { version: 'v2', positionIds: [YES], conditionId: conditionIdOf(YES) }
    ]);
    expect(JSON.parse((await get(`/markets?clob_token_ids=${YES}`)).text)).toEqual([]);
  });
});

describe('doctor with Gamma', () => {
  it('--live falls back to Gamma like run --live when the CLOB proves nothing', async () => {
    const clob = await brokenClob(() => ({ status: 404, body: '{"error":"market not found"}' }));
    const gamma = await gammaStandIn((q) =>
      q.get('position_ids') === YES || q.get('position_ids') === NO
        ? [gammaMarket({ version: 'v2', positionIds: [YES, NO], conditionId: CID })]
        : []
    );
    expect(await checkPolymarketExchanges(clob.url, [market], gamma.url)).toMatchObject({
      ok: true,
      detail: 'tokens discovered: 0 standard, 0 neg-risk, 2 v3; 0 pair(s) set by polyExchange'
    });
    expect(gamma.asked).toHaveLength(2); // NO came cached with YES's market
  });
});

describe('gammaKindsOf', () => {
  const one = (o: Record<string, unknown>) => JSON.stringify([gammaMarket(o)]);
  const v1 = { version: 'v1', clobTokenIds: JSON.stringify([YES, NO]) };

  it('v1 reads negRisk (the CLOB neg_risk only when Gamma has none); v2 needs the token among positionIds', () => {
    const ok = (text: string, hint = {}) => {
      const v = gammaKindsOf(YES, text, hint);
      return v.ok ? Object.fromEntries(v.kinds) : v.why;
    };
    expect(ok(one({ ...v1, negRisk: false }))).toEqual({ [YES]: 'standard', [NO]: 'standard' });
    expect(ok(one(v1), { negRisk: true })).toEqual({ [YES]: 'neg-risk', [NO]: 'neg-risk' });
    expect(ok(one(v1))).toMatch(/no boolean negRisk/);
    expect(ok(one({ version: 'v2', positionIds: [YES] }))).toEqual({ [YES]: 'v3' });
    // a v2 market trades positionIds: a token only among its clobTokenIds proves nothing
    expect(
      ok(one({ version: 'v2', clobTokenIds: JSON.stringify([YES]), positionIds: [] }))
    ).toMatch(/not in the positionIds of the Gamma v2 market/);
    expect(ok(one({ ...v1, negRisk: false }), { conditionId: `0x${'cd'.repeat(32)}` })).toMatch(
      /conditionId .* is not the CLOB's/
    );
    expect(ok(JSON.stringify([gammaMarket(v1), gammaMarket(v1)]))).toMatch(/2 Gamma markets/);
    expect(ok(one({ version: 'v3', positionIds: [YES] }))).toMatch(/Gamma version "v3"/);
    expect(ok(one({ ...v1, clobTokenIds: JSON.stringify([YES, 'x1']) }))).toMatch(
      /no Gamma market/
    );
    expect(ok('[]')).toMatch(/no Gamma market lists the token/);
    expect(ok('{"markets":[]}')).toMatch(/not an array/);
  });
});

describe('configuration', () => {
  it('venues.polymarket.gammaBaseUrl defaults to production Gamma and has its TWINLEG_ variable', () => {
    expect(loadConfig({ env: {} }).config.venues.polymarket.gammaBaseUrl).toBe(GAMMA_PROD_URL);
    expect(TWINLEG_ENV.map((b) => b.variable)).toContain(
      'TWINLEG_VENUES_POLYMARKET_GAMMA_BASE_URL'
    );
    const env = { TWINLEG_VENUES_POLYMARKET_GAMMA_BASE_URL: 'http://127.0.0.1:1' };
    expect(loadConfig({ env }).config.venues.polymarket.gammaBaseUrl).toBe('http://127.0.0.1:1');
    expect(() =>
      loadConfig({ env: { TWINLEG_VENUES_POLYMARKET_GAMMA_BASE_URL: 'ftp://x' } })
    ).toThrow(/GAMMA_BASE_URL/);
  });
});
