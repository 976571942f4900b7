/**
 * The mocks cannot agree with a wrong adapter: they verify with their own code (no import of the
 * adapters' signing), so a copy of the adapter's signing with one wrong constant is refused, and
 * they are strict about the request shape and freshness, with the venue's status and error body.
 */
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hashTypedData, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildSignedOrder,
  l2Signature,
  orderBody,
  PolymarketCredentials
} from '../adapters/venues/polymarket/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { startKalshiMock, type KalshiMock } from '../adapters/venues/kalshi/mock/index.js';
import { asMicros, asQty } from '../core/index.js';

const TOKEN = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const DAY_MS = 86_400_000;
const ZERO32 = `0x${'0'.repeat(64)}` as const;

/** Value imports a mock must not make: the adapters' signing, hashing and amount code. */
const FORBIDDEN_MODULES =
  /from '\.\.\/(orderBuilder|orderDigest|digestSigner|hmac|l1Auth|signer|amounts)\.js'/;
const FORBIDDEN_NAMES =
  /\b(EXCHANGES|ORDER_TYPES|EXCHANGE_DOMAIN_NAME|POLYGON_CHAIN_ID|KALSHI_PSS|signingMessage|orderIdOf|orderTypedData|l2Signature|decodeSecret)\b/;

describe('no mock imports the adapter’s signing', () => {
  it('the verification code of both mocks is their own', () => {
    const dirs = ['adapters/venues/polymarket/mock', 'adapters/venues/kalshi/mock'];
    const seen: string[] = [];
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
        if (f === 'rig.ts') continue; // the test harness that builds the real adapter
        const imports = readFileSync(join(dir, f), 'utf8')
          .split(/;\s*\n/)
          .filter((s) => /^\s*import\s/m.test(s) && !/^\s*import type\s/m.test(s));
        for (const stmt of imports) {
          expect(stmt, `${dir}/${f}`).not.toMatch(FORBIDDEN_MODULES);
          expect(stmt, `${dir}/${f}`).not.toMatch(FORBIDDEN_NAMES);
        }
        seen.push(f);
      }
    }
    expect(seen).toEqual(expect.arrayContaining(['verify.ts', 'auth.ts', 'independentSig.ts']));
  });
});

// ---------------------------------------------------------------- Polymarket

const secretB64 = () => randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

function polyFixture() {
  const pk = generatePrivateKey();
  const account = privateKeyToAccount(pk);
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: secretB64(),
    passphrase: randomBytes(16).toString('hex')
  };
  const creds = new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 });
  return { account, raw, creds };
}
type PolyFixture = ReturnType<typeof polyFixture>;

let poly: PolymarketMock | undefined;
let kalshi: KalshiMock | undefined;
afterEach(async () => {
  await poly?.close();
  await kalshi?.close();
  poly = kalshi = undefined;
});

async function startPoly(f: PolyFixture): Promise<PolymarketMock> {
  poly = await startPolymarketMock({ ...f.raw, address: f.account.address });
  poly.setBook(TOKEN, { asks: [{ price: asMicros(530_000), qty: asQty(100e6) }], bids: [] });
  return poly;
}

/** Posts `body` with L2 headers (HMAC by the adapter's code; `tsSec` overridable). */
async function postOrder(
  m: PolymarketMock,
  f: PolyFixture,
  body: string,
  tsSec = Math.floor(Date.now() / 1000)
): Promise<{ status: number; json: unknown }> {
  const key = Buffer.from(f.raw.secret, 'base64');
  const res = await fetch(`${m.url}/order`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      POLY_ADDRESS: f.account.address,
      POLY_API_KEY: f.raw.apiKey,
      POLY_PASSPHRASE: f.raw.passphrase,
      POLY_TIMESTAMP: String(tsSec),
      POLY_SIGNATURE: l2Signature(key, tsSec, 'POST', '/order', body)
    },
    body
  });
  return { status: res.status, json: await res.json() };
}

const FIELDS = [
  ['salt', 'uint256'],
  ['maker', 'address'],
  ['signer', 'address'],
  ['tokenId', 'uint256'],
  ['makerAmount', 'uint256'],
  ['takerAmount', 'uint256'],
  ['side', 'uint8'],
  ['signatureType', 'uint8'],
  ['timestamp', 'uint256'],
  ['metadata', 'bytes32'],
  ['builder', 'bytes32']
] as const;

interface SigningCopy {
  readonly name: string;
  readonly version: string;
  readonly chainId: number;
  readonly verifyingContract: Hex;
  readonly fields: readonly (readonly [string, string])[];
}

/** A faithful copy of the adapter's order signing, every constant a parameter. */
const RIGHT: SigningCopy = {
  name: 'Polymarket CTF Exchange',
  version: '2',
  chainId: 137,
  verifyingContract: '0xE111180000d2663C0091e4f400237545B87B996B',
  fields: FIELDS
};

async function signedBodyByCopy(f: PolyFixture, c: SigningCopy): Promise<string> {
  const order = {
    salt: 123456789,
    maker: f.account.address,
    signer: f.account.address,
    tokenId: TOKEN,
    makerAmount: '2650000',
    takerAmount: '5000000',
    side: 'BUY' as const,
    signatureType: 0,
    timestamp: String(Date.now()),
    expiration: '0',
    metadata: ZERO32,
    builder: ZERO32
  };
  const message: Record<string, unknown> = {
    ...order,
    salt: BigInt(order.salt),
    tokenId: BigInt(order.tokenId),
    makerAmount: BigInt(order.makerAmount),
    takerAmount: BigInt(order.takerAmount),
    side: 0,
    timestamp: BigInt(order.timestamp)
  };
  const hash = hashTypedData({
    domain: {
      name: c.name,
      version: c.version,
      chainId: c.chainId,
      verifyingContract: c.verifyingContract
    },
    types: { Order: c.fields.map(([name, type]) => ({ name, type })) },
    primaryType: 'Order',
    message
  });
  const signature = await f.account.sign({ hash });
  return orderBody({ ...order, signature }, f.raw.apiKey, 'FAK');
}

describe('Polymarket mock: a copy of the adapter’s signing with one wrong constant is refused', () => {
  it('the faithful copy is accepted (control)', async () => {
    const f = polyFixture();
    const m = await startPoly(f);
    const r = await postOrder(m, f, await signedBodyByCopy(f, RIGHT));
    expect(r).toMatchObject({ status: 200, json: { status: 'matched', takingAmount: '5' } });
  });

  const swapped = [...FIELDS];
  [swapped[6], swapped[7]] = [FIELDS[7], FIELDS[6]];
  const wrong: [string, Partial<SigningCopy>][] = [
    ['domain name', { name: 'Polymarket CTF Exchange V2' }],
    ['domain version', { version: '1' }],
    ['chain id (Amoy)', { chainId: 80002 }],
    [
      'exchange address (neg-risk for a standard token)',
      { verifyingContract: '0xe2222d279d744050d28e00520010520000310F59' }
    ],
    [
      'type string: timestamp as uint64',
      { fields: FIELDS.map(([n, t]) => [n, n === 'timestamp' ? 'uint64' : t] as const) }
    ],
    ['type string: side and signatureType swapped', { fields: swapped }],
    ['type string: builder left out', { fields: FIELDS.slice(0, 10) }]
  ];
  for (const [what, patch] of wrong) {
    it(`wrong ${what} → 400 invalid signature, nothing placed`, async () => {
      const f = polyFixture();
      const m = await startPoly(f);
      const r = await postOrder(m, f, await signedBodyByCopy(f, { ...RIGHT, ...patch }));
      expect(r).toEqual({ status: 400, json: { error: 'invalid signature' } });
      expect(m.orders()).toHaveLength(0);
    });
  }

  it('a wrong L2 HMAC encoding (base64url without padding, or hex) → 401', async () => {
    const f = polyFixture();
    const m = await startPoly(f);
    const body = await signedBodyByCopy(f, RIGHT);
    const ts = String(Math.floor(Date.now() / 1000));
    const { createHmac } = await import('node:crypto');
    const mac = () =>
      createHmac('sha256', Buffer.from(f.raw.secret, 'base64')).update(`${ts}POST/order${body}`);
    // a SHA-256 MAC in base64 always ends in one '=', which base64url drops
    for (const sig of [mac().digest('base64url'), mac().digest('hex')]) {
      const res = await fetch(`${m.url}/order`, {
        method: 'POST',
        headers: {
          POLY_ADDRESS: f.account.address,
          POLY_API_KEY: f.raw.apiKey,
          POLY_PASSPHRASE: f.raw.passphrase,
          POLY_TIMESTAMP: ts,
          POLY_SIGNATURE: sig
        },
        body
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'Unauthorized/Invalid api key' });
    }
    expect(m.orders()).toHaveLength(0);
  });
});

describe('Polymarket mock is strict about shape and freshness', () => {
  const adapterBody = async (f: PolyFixture, timestampMs?: number) => {
    const { order } = await buildSignedOrder(f.creds, {
      tokenId: TOKEN,
      side: 'BUY',
      makerAmount: 2_650_000,
      takerAmount: 5_000_000,
      kind: 'standard',
      ...(timestampMs === undefined ? {} : { timestampMs })
    });
    return orderBody(order, f.raw.apiKey, 'FAK');
  };

  it('the adapter’s own order is accepted (control)', async () => {
    const f = polyFixture();
    const m = await startPoly(f);
    expect((await postOrder(m, f, await adapterBody(f))).status).toBe(200);
  });

  it('unknown fields, at the top or in the order → 400 Invalid order payload', async () => {
    const f = polyFixture();
    const m = await startPoly(f);
    const b = JSON.parse(await adapterBody(f)) as { order: Record<string, unknown> };
    for (const body of [
      { ...b, clientOrderId: 'x' },
      { ...b, order: { ...b.order, taker: `0x${'0'.repeat(40)}` } }
    ]) {
      const r = await postOrder(m, f, JSON.stringify(body));
      expect(r).toEqual({ status: 400, json: { error: 'Invalid order payload' } });
    }
    expect(m.orders()).toHaveLength(0);
  });

  it('a string salt (the SDK sends a JSON number) → 400 Invalid order payload', async () => {
    const f = polyFixture();
    const m = await startPoly(f);
    const b = JSON.parse(await adapterBody(f)) as { order: { salt: number } };
    const body = JSON.stringify({ ...b, order: { ...b.order, salt: String(b.order.salt) } });
    expect(await postOrder(m, f, body)).toEqual({
      status: 400,
      json: { error: 'Invalid order payload' }
    });
  });

  it('an order timestamp in seconds (signed as such) → 400, nothing placed', async () => {
    const f = polyFixture();
    const m = await startPoly(f);
    const r = await postOrder(m, f, await adapterBody(f, Math.floor(Date.now() / 1000)));
    expect(r.status).toBe(400);
    expect((r.json as { error: string }).error).toMatch(/^invalid order timestamp/);
    expect(m.orders()).toHaveLength(0);
  });

  it('POLY_TIMESTAMP a day old or a day ahead (HMAC correct over it) → 401', async () => {
    const f = polyFixture();
    const m = await startPoly(f);
    const now = Math.floor(Date.now() / 1000);
    for (const ts of [now - DAY_MS / 1000, now + DAY_MS / 1000, Date.now()]) {
      expect(await postOrder(m, f, await adapterBody(f), ts)).toEqual({
        status: 401,
        json: { error: 'Unauthorized/Invalid api key' }
      });
    }
    expect(m.orders()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------- Kalshi

const kalshiKeys = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKey };
})();
const KEY_ID = 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c';

interface KalshiSigningCopy {
  readonly message: (ts: string, method: string, path: string) => string;
  readonly saltLength: number;
}
const KALSHI_RIGHT: KalshiSigningCopy = {
  message: (ts, method, path) => `${ts}${method}${path.split('?')[0] ?? ''}`,
  saltLength: constants.RSA_PSS_SALTLEN_DIGEST
};

async function kalshiCall(
  m: KalshiMock,
  method: string,
  pathAndQuery: string,
  c: KalshiSigningCopy,
  opts: { ts?: string; body?: unknown; key?: KeyObject } = {}
): Promise<{ status: number; json: unknown }> {
  const url = new URL(m.url + pathAndQuery);
  const ts = opts.ts ?? String(Date.now());
  const sig = sign('sha256', Buffer.from(c.message(ts, method, url.pathname + url.search)), {
    key: opts.key ?? kalshiKeys.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: c.saltLength
  }).toString('base64');
  const res = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      'KALSHI-ACCESS-KEY': KEY_ID,
      'KALSHI-ACCESS-TIMESTAMP': ts,
      'KALSHI-ACCESS-SIGNATURE': sig
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) })
  });
  return { status: res.status, json: await res.json() };
}

const startKalshi = async () =>
  (kalshi = await startKalshiMock({
    publicKey: kalshiKeys.publicKey,
    keyId: KEY_ID,
    markets: {
      KXIND: { book: { bids: [], asks: [{ price: asMicros(450_000), qty: asQty(10e6) }] } }
    }
  }));

const authError = (message: string) => ({
  status: 401,
  json: { error: { code: 'authentication_error', message, service: 'exchange' } }
});

describe('Kalshi mock: a copy of the adapter’s signing with one wrong constant is refused', () => {
  it('the faithful copy is accepted (control), query and all', async () => {
    const m = await startKalshi();
    expect((await kalshiCall(m, 'GET', '/portfolio/balance', KALSHI_RIGHT)).status).toBe(200);
    expect((await kalshiCall(m, 'GET', '/portfolio/orders?limit=5', KALSHI_RIGHT)).status).toBe(
      200
    );
  });

  const wrong: [string, string, Partial<KalshiSigningCopy>][] = [
    [
      'PSS salt at Node’s signing default (maximum)',
      '/portfolio/balance',
      { saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN }
    ],
    ['PSS salt of 20 bytes', '/portfolio/balance', { saltLength: 20 }],
    ['query string signed', '/portfolio/orders?limit=5', { message: (t, m, p) => `${t}${m}${p}` }],
    [
      'path without the /trade-api/v2 prefix',
      '/portfolio/balance',
      { message: (t, m, p) => `${t}${m}${p.replace('/trade-api/v2', '')}` }
    ],
    [
      'method in lower case',
      '/portfolio/balance',
      { message: (t, m, p) => `${t}${m.toLowerCase()}${p}` }
    ]
  ];
  for (const [what, path, patch] of wrong) {
    it(`${what} → 401 invalid signature`, async () => {
      const m = await startKalshi();
      const r = await kalshiCall(m, 'GET', path, { ...KALSHI_RIGHT, ...patch });
      expect(r).toEqual(authError('invalid signature'));
    });
  }
});

describe('Kalshi mock is strict about shape and freshness', () => {
  const create = {
    ticker: 'KXIND',
    client_order_id: 'ind-1',
    side: 'bid',
    count: '1',
    price: '0.45',
    time_in_force: 'immediate_or_cancel',
    self_trade_prevention_type: 'taker_at_cross'
  };

  it('a timestamp a day old, a day ahead, or in seconds → 401 stale timestamp', async () => {
    const m = await startKalshi();
    for (const ts of [Date.now() - DAY_MS, Date.now() + DAY_MS, Math.floor(Date.now() / 1000)]) {
      const r = await kalshiCall(m, 'GET', '/portfolio/balance', KALSHI_RIGHT, { ts: String(ts) });
      expect(r).toEqual(authError('stale timestamp'));
    }
  });

  it('a create with an unknown field or a wrongly typed optional field → 400, nothing placed', async () => {
    const m = await startKalshi();
    const path = '/portfolio/events/orders';
    const ok = await kalshiCall(m, 'POST', path, KALSHI_RIGHT, { body: create });
    expect(ok.status).toBe(201);
    for (const [body, message] of [
      [{ ...create, client_order_id: 'ind-2', type: 'limit' }, 'unknown field type'],
      [{ ...create, client_order_id: 'ind-3', yes_price: 45 }, 'unknown field yes_price'],
      [{ ...create, client_order_id: 'ind-4', subaccount: '1' }, 'subaccount must be an integer'],
      [
        { ...create, client_order_id: 'ind-5', expiration_time: 1.5 },
        'expiration_time must be an integer'
      ]
    ] as const) {
      const r = await kalshiCall(m, 'POST', path, KALSHI_RIGHT, { body });
      expect(r).toEqual({
        status: 400,
        json: { error: { code: 'invalid_parameters', message, service: 'exchange' } }
      });
    }
    expect(m.orders()).toHaveLength(1);
  });
});

describe('each mock judges freshness by the clock it shows', () => {
  it('a mock a day ahead answers GET /time (Polymarket) and Date (Kalshi) from that clock', async () => {
    const ahead = () => Date.now() + DAY_MS;
    const f = polyFixture();
    poly = await startPolymarketMock({ ...f.raw, address: f.account.address, now: ahead });
    const t = (await (await fetch(`${poly.url}/time`)).json()) as number;
    expect(Math.abs(t * 1000 - ahead())).toBeLessThan(60_000);
    const atVenueTime = await postOrder(poly, f, '{}', t);
    expect(atVenueTime.status).not.toBe(401); // the venue's own time passes the L2 check
    kalshi = await startKalshiMock({ publicKey: kalshiKeys.publicKey, keyId: KEY_ID, now: ahead });
    const res = await fetch(`${kalshi.url}/exchange/status`);
    const date = Date.parse(res.headers.get('date') ?? '');
    expect(Math.abs(date - ahead())).toBeLessThan(60_000);
    const venueTs = String(date);
    expect(
      (await kalshiCall(kalshi, 'GET', '/portfolio/balance', KALSHI_RIGHT, { ts: venueTs })).status
    ).toBe(200);
    expect(await kalshiCall(kalshi, 'GET', '/portfolio/balance', KALSHI_RIGHT)).toEqual(
      authError('stale timestamp')
    );
  });
});
