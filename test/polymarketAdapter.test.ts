/**
 * The real Polymarket adapter against the mock CLOB over loopback: every capture behaviour in
 * V2 form, delayed orders, null lookups, settlement errors, 429 backoff, timeouts, wrong
 * credentials, exchange selection, secrets never leaked.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { NanoClock } from '../actors/nanoClock.js';
import {
  CENT,
  cents,
  contracts,
  type Clock,
  type Logger,
  type MarketPair,
  type OrderOutcome,
  type OrderRequest
} from '../core/index.js';
import {
  PolymarketAdapter,
  PolymarketCredentials,
  type ExchangeKind
} from '../adapters/venues/polymarket/index.js';
import {
  startPolymarketMock,
  type MockMarket,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { testMarket } from './support/engine.js';

const YES = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const NO = '53831553061883006530739877284105938919721408776239639687877978808906551086026';
const market: MarketPair = { ...testMarket(1), polyYesTokenId: YES, polyNoTokenId: NO };
const secretB64 = () => randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

interface Setup {
  markets?: MockMarket[];
  settlementLagMs?: number;
  clock?: Clock;
  timeoutMs?: number;
  exchangeKinds?: Record<string, ExchangeKind>;
  wrongSecret?: boolean;
  wrongKey?: boolean;
}

async function setup(s: Setup = {}) {
  const pk = generatePrivateKey();
  const address = privateKeyToAccount(pk).address;
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: secretB64(),
    passphrase: randomBytes(16).toString('hex')
  };
  const mock = await startPolymarketMock({
    ...raw,
    address,
    ...(s.markets ? { markets: s.markets } : {}),
    settlementLagMs: s.settlementLagMs ?? 0
  });
  open.push(mock);
  const creds = new PolymarketCredentials({
    privateKey: s.wrongKey ? generatePrivateKey() : pk,
    apiKey: raw.apiKey,
    secret: s.wrongSecret ? secretB64() : raw.secret,
    passphrase: raw.passphrase,
    signatureType: 0
  });
  const logs: string[] = [];
  const logger: Logger = {
    debug: (o, m) => logs.push(m + JSON.stringify(o)),
    info: (o, m) => logs.push(m + JSON.stringify(o)),
    warn: (o, m) => logs.push(m + JSON.stringify(o)),
    error: (o, m) => logs.push(m + JSON.stringify(o))
  };
  const adapter = new PolymarketAdapter({
    baseUrl: mock.url,
    credentials: creds,
    clock: s.clock ?? new NanoClock(),
    logger,
    ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
    ...(s.exchangeKinds ? { exchangeKinds: s.exchangeKinds } : {})
  });
  open.push(adapter);
  const secrets = [pk, pk.slice(2), raw.apiKey, raw.secret, raw.passphrase];
  return { mock, adapter, logs, secrets, raw, address };
}

let seq = 0;
const order = (
  side: 'yes' | 'no',
  action: 'buy' | 'sell',
  qty: number,
  priceC: number,
  cid?: string
): OrderRequest => ({
  venue: 'polymarket',
  market,
  side,
  action,
  qty: contracts(qty),
  limitPrice: cents(priceC),
  clientOrderId: cid ?? `c-${++seq}`,
  executionId: 'x-1',
  reduceOnly: action === 'sell'
});
const sig = () => new AbortController().signal;
const ask = (mock: PolymarketMock, token: string, priceC: number, qty: number) =>
  mock.setBook(token, { asks: [{ price: cents(priceC), qty: contracts(qty) }], bids: [] });

describe('Polymarket adapter ↔ mock CLOB', () => {
  it('capture: FAK BUY 5 @ 0.53 fully matched → filled 5 for exactly $2.65; lookup MATCHED', async () => {
    const { mock, adapter } = await setup();
    ask(mock, YES, 53, 20);
    const o = order('yes', 'buy', 5, 53);
    const out = await adapter.placeOrder(o, sig());
    expect(out).toMatchObject({
      status: 'filled',
      filledQty: 5_000_000,
      notional: 2_650_000,
      fee: 0
    });
    expect(out.orderId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(mock.orders()[0]?.orderId).toBe(out.orderId);
    const early = await adapter.lookupOrder({ ...o, orderId: out.orderId! }, sig());
    expect(early.status).toBe('unknown'); // GET /data/order answers null right after posting
    await sleep(200);
    const later = await adapter.lookupOrder({ ...o }, sig()); // by client order id only
    expect(later).toMatchObject({
      status: 'filled',
      filledQty: 5_000_000,
      notional: 2_650_000,
      orderId: out.orderId
    });
  });

  it('capture: FAK 10 @ 0.47 with 5 available → partial, taking 5 making 2.35; lookup MATCHED 5 of 10', async () => {
    const { mock, adapter } = await setup();
    ask(mock, NO, 47, 5);
    const o = order('no', 'buy', 10, 47);
    const out = await adapter.placeOrder(o, sig());
    expect(out).toMatchObject({ status: 'partial', filledQty: 5_000_000, notional: 2_350_000 });
    await sleep(200);
    expect(await adapter.lookupOrder(o, sig())).toMatchObject({
      status: 'partial',
      filledQty: 5_000_000,
      notional: 2_350_000
    });
  });

  it('price improvement across levels: exact notional from makingAmount and from trades', async () => {
    const { mock, adapter } = await setup();
    mock.setBook(YES, {
      asks: [
        { price: cents(40), qty: contracts(3) },
        { price: cents(42), qty: contracts(10) }
      ],
      bids: []
    });
    const o = order('yes', 'buy', 5, 45);
    const out = await adapter.placeOrder(o, sig());
    expect(out).toMatchObject({
      status: 'filled',
      filledQty: 5e6,
      notional: 3 * 400_000 + 2 * 420_000
    });
    await sleep(200);
    expect((await adapter.lookupOrder(o, sig())).notional).toBe(2_040_000);
  });

  it('FAK no-match 400 is a clean none (not an error)', async () => {
    const { mock, adapter } = await setup();
    ask(mock, YES, 60, 20);
    const out = await adapter.placeOrder(order('yes', 'buy', 5, 53), sig());
    expect(out).toMatchObject({ status: 'none', filledQty: 0 });
    expect(out.reason).toMatch(/no orders found to match/);
    mock.script({ mode: { kind: 'no_match' } });
    expect((await adapter.placeOrder(order('yes', 'buy', 5, 60), sig())).status).toBe('none');
  });

  it('delayed → pending, resolving later to filled (or canceled → none) through lookups', async () => {
    const { mock, adapter } = await setup();
    ask(mock, YES, 50, 20);
    mock.script({ mode: { kind: 'delayed', resolve: 'fill', afterMs: 250 } });
    const o = order('yes', 'buy', 4, 50);
    const out = await adapter.placeOrder(o, sig());
    expect(out.status).toBe('pending');
    const seen: string[] = [];
    let last: OrderOutcome = out;
    for (let i = 0; i < 40 && last.status !== 'filled'; i++) {
      await sleep(50);
      last = await adapter.lookupOrder({ ...o, orderId: out.orderId! }, sig());
      seen.push(last.status);
    }
    expect(last).toMatchObject({ status: 'filled', filledQty: 4e6, notional: 2e6 });
    expect(seen[0]).toBe('unknown'); // null first
    expect(seen).toContain('pending'); // LIVE while the match is delayed
    mock.script({ mode: { kind: 'delayed', resolve: 'cancel', afterMs: 10 } });
    const o2 = order('yes', 'buy', 4, 50);
    expect((await adapter.placeOrder(o2, sig())).status).toBe('pending');
    await sleep(250);
    expect((await adapter.lookupOrder(o2, sig())).status).toBe('none');
  });

  it('selling just-bought shares: "not enough balance / allowance" → rejected settlement (retryable)', async () => {
    const { mock, adapter } = await setup({ settlementLagMs: 300 });
    mock.setBook(YES, {
      asks: [{ price: cents(50), qty: contracts(10) }],
      bids: [{ price: cents(48), qty: contracts(10) }]
    });
    expect((await adapter.placeOrder(order('yes', 'buy', 5, 50), sig())).status).toBe('filled');
    const sell = await adapter.placeOrder(order('yes', 'sell', 5, 48), sig());
    expect(sell).toMatchObject({ status: 'rejected', rejectKind: 'settlement' });
    expect(sell.reason).toBe('not enough balance / allowance');
    await sleep(350);
    expect(await adapter.placeOrder(order('yes', 'sell', 5, 48), sig())).toMatchObject({
      status: 'filled',
      notional: 2_400_000
    });
    expect(mock.position(YES).held).toBe(0);
  });

  it('429 with Retry-After → rate_limited, and the next order waits out the penalty', async () => {
    const clock = new ManualClock();
    const { mock, adapter } = await setup({ clock });
    ask(mock, YES, 50, 100);
    mock.script({ mode: { kind: 'rate_limit', retryAfterSec: 2 } });
    const r = await adapter.placeOrder(order('yes', 'buy', 2, 50), sig());
    expect(r).toMatchObject({
      status: 'rejected',
      rejectKind: 'rate_limited',
      retryAfterMs: 2_000
    });
    const posts = () => mock.requests().filter((q) => q.path === '/order').length;
    const p = adapter.placeOrder(order('yes', 'buy', 2, 50), sig());
    await sleep(100);
    expect(posts()).toBe(1); // held back by the token bucket
    await clock.advance(1_999);
    expect(posts()).toBe(1);
    await clock.advance(100);
    expect((await p).status).toBe('filled');
    expect(posts()).toBe(2);
  });

  it('5xx, dropped connection and timeout are unknown — never 0 — and a lookup finds the fill', async () => {
    const { mock, adapter } = await setup({ timeoutMs: 150 });
    ask(mock, YES, 50, 100);
    const cases = [
      { kind: 'server_error', status: 502, execute: true },
      { kind: 'drop', execute: true },
      { kind: 'slow', ms: 600 }
    ] as const;
    for (const mode of cases) {
      mock.script({ mode });
      const o = order('yes', 'buy', 2, 50);
      const out = await adapter.placeOrder(o, sig());
      expect(out.status, mode.kind).toBe('unknown');
      expect(out.orderId).toBeDefined();
      await sleep(200);
      expect(await adapter.lookupOrder(o, sig()), mode.kind).toMatchObject({
        status: 'filled',
        filledQty: 2e6
      });
    }
    mock.script({ mode: { kind: 'server_error', status: 500 } });
    const o = order('yes', 'buy', 2, 50);
    expect((await adapter.placeOrder(o, sig())).status).toBe('unknown');
    await sleep(200);
    expect((await adapter.lookupOrder(o, sig())).status).toBe('unknown'); // never reached the book
  });

  it('a repeated placement with the same client order id never posts a second order', async () => {
    const { mock, adapter } = await setup();
    ask(mock, YES, 50, 100);
    const o = order('yes', 'buy', 2, 50, 'same-cid');
    const a = await adapter.placeOrder(o, sig());
    const b = await adapter.placeOrder(o, sig());
    expect(b).toEqual(a);
    expect(mock.orders()).toHaveLength(1);
  });

  it('wrong secret or wrong signing key → rejected by the mock as auth; nothing placed', async () => {
    for (const bad of [{ wrongSecret: true }, { wrongKey: true }]) {
      const { mock, adapter } = await setup(bad);
      ask(mock, YES, 50, 100);
      const out = await adapter.placeOrder(order('yes', 'buy', 2, 50), sig());
      expect(out).toMatchObject({ status: 'rejected', rejectKind: 'auth' });
      expect(mock.orders()).toHaveLength(0);
    }
  });

  it('exchange selection: neg-risk resolved via /neg-risk; v3 from options; a wrong domain is refused', async () => {
    const markets: MockMarket[] = [
      { tokenId: YES, kind: 'neg-risk' },
      { tokenId: NO, kind: 'v3' }
    ];
    const { mock, adapter } = await setup({ markets, exchangeKinds: { [NO]: 'v3' } });
    ask(mock, YES, 50, 100);
    ask(mock, NO, 40, 100);
    expect((await adapter.placeOrder(order('yes', 'buy', 2, 50), sig())).status).toBe('filled');
    expect((await adapter.placeOrder(order('no', 'buy', 3, 40), sig())).status).toBe('filled');
    const wrong = await setup({ markets, exchangeKinds: { [YES]: 'standard' } });
    ask(wrong.mock, YES, 50, 100);
    const out = await wrong.adapter.placeOrder(order('yes', 'buy', 2, 50), sig());
    expect(out).toMatchObject({ status: 'rejected', reason: 'invalid signature' });
  });

  it('venue rules: under $1, off-tick price, precision → rejected invalid_order (local or venue)', async () => {
    const { mock, adapter } = await setup({ markets: [{ tokenId: YES, tickSize: '0.001' }] });
    ask(mock, YES, 50, 100);
    expect(await adapter.placeOrder(order('yes', 'buy', 1, 50), sig())).toMatchObject({
      rejectKind: 'invalid_order'
    });
    expect(await adapter.placeOrder(order('yes', 'buy', 5, 50.5), sig())).toMatchObject({
      rejectKind: 'invalid_order'
    });
    const m3 = { ...market, tickSize: { kalshi: CENT, polymarket: cents(0.1) } };
    const out = await adapter.placeOrder(
      { ...order('yes', 'buy', 5, 50), market: m3, limitPrice: cents(53.7) },
      sig()
    );
    expect(out).toMatchObject({ status: 'partial', filledQty: 4_990_600 }); // shares rounded down to fit 2 dp cash
  });

  it('secrets never appear in outcomes, reasons or logs', async () => {
    const all: string[] = [];
    for (const bad of [{}, { wrongSecret: true }, { wrongKey: true }]) {
      const { mock, adapter, logs, secrets } = await setup({ ...bad, timeoutMs: 100 });
      ask(mock, YES, 50, 100);
      mock.script({ mode: { kind: 'slow', ms: 300 } });
      const outs = [
        await adapter.placeOrder(order('yes', 'buy', 2, 50), sig()),
        await adapter.placeOrder(order('yes', 'buy', 2, 50), sig()),
        await adapter.placeOrder(order('yes', 'sell', 50, 50), sig()),
        await adapter.lookupOrder({ ...order('yes', 'buy', 2, 50), orderId: '0xdead' }, sig())
      ];
      const text = JSON.stringify(outs) + logs.join('\n');
      all.push(text);
      for (const s of secrets) expect(text).not.toContain(s);
    }
    expect(all.join('').length).toBeGreaterThan(100);
  });
});

describe('mock as a separate process', () => {
  it('mock/main.ts prints its URL and serves /version', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'adapters/venues/polymarket/mock/main.ts'],
      {
        env: {
          ...process.env,
          POLY_MOCK_API_KEY: 'k',
          POLY_MOCK_SECRET: secretB64(),
          POLY_MOCK_PASSPHRASE: 'p',
          POLY_MOCK_ADDRESS: privateKeyToAccount(generatePrivateKey()).address
        },
        stdio: ['ignore', 'pipe', 'inherit']
      }
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (b: Buffer) => resolve(b.toString()));
        child.once('exit', (c) => reject(new Error(`exited ${c}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/version`)).json()).toEqual({ version: 2 });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
