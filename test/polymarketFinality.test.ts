/**
 * Polymarket: when "no record" is final. `onOrderSigned` stores the id and signing time before
 * the order can be posted (a throw means not posted). An order recalled after a restart whose
 * `GET /data/order/{id}` answers `null` is `unknown` inside the settlement window since signing;
 * past it, its fill is what its trades say (`GET /data/trades?market=&after=`, paged): a signed
 * order never posted is `none`, a filled one whose record is gone is filled from its trades.
 * Real adapter, loopback mock; the adapter's wall clock is injected (shifted), never timed.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { NanoClock } from '../actors/nanoClock.js';
import {
  cents,
  contracts,
  POLYMARKET_NO_FEES,
  type MarketPair,
  type OrderRequest
} from '../core/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { conditionIdOf } from '../adapters/venues/polymarket/mock/sdkMarketRoutes.js';
import { outcomeFromTrades } from '../adapters/venues/polymarket/tradesLookup.js';
import { testMarket } from './support/engine.js';

const YES = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const NO = '53831553061883006530739877284105938919721408776239639687877978808906551086026';
const market: MarketPair = {
  ...testMarket(1),
  polyYesTokenId: YES,
  polyNoTokenId: NO,
  polyExchange: 'standard'
};
const secretB64 = () => randomBytes(32).toString('base64url');
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});
const sig = () => new AbortController().signal;
const order = (cid: string, side: 'yes' | 'no', qty: number, priceC: number): OrderRequest => ({
  venue: 'polymarket',
  market,
  side,
  action: 'buy',
  qty: contracts(qty),
  limitPrice: cents(priceC),
  clientOrderId: cid,
  executionId: 'x-1',
  reduceOnly: false
});

async function setup(mockOpts: { lookupNullMs?: number; tradesPageSize?: number } = {}) {
  const pk = generatePrivateKey();
  const raw = { apiKey: crypto.randomUUID(), secret: secretB64(), passphrase: 'pp' };
  const mock = await startPolymarketMock({
    ...raw,
    address: privateKeyToAccount(pk).address,
    ...mockOpts
  });
  open.push(mock);
  /** The local wall clock of every adapter: real time plus a shift the test moves. */
  const wall = { shift: 0, now: () => Date.now() + wall.shift };
  const adapter = (onOrderSigned?: (cid: string, id: string, wallMs: number) => void) => {
    const a = new PolymarketAdapter({
      baseUrl: mock.url,
      credentials: new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 }),
      clock: new NanoClock(),
      wallMs: wall.now,
      clockSyncMs: 0,
      ...(onOrderSigned ? { onOrderSigned } : {})
    });
    open.push(a);
    return a;
  };
  return { mock, wall, adapter };
}

const posts = (mock: PolymarketMock) =>
  mock.requests().filter((r) => r.method === 'POST' && r.path === '/order').length;

describe('Polymarket dispatch records', () => {
  it('a signature that cannot be recorded is not posted: rejected, nothing at the CLOB', async () => {
    const { mock, adapter } = await setup();
    mock.setBook(YES, { asks: [{ price: cents(45), qty: contracts(10) }], bids: [] });
    const a = adapter(() => {
      throw new Error('disk full');
    });
    const out = await a.placeOrder(order('s-1', 'yes', 10, 45), sig());
    expect(out).toMatchObject({ status: 'rejected', filledQty: 0 });
    expect(out.reason).toMatch(/not sent: signature not recorded \(disk full\)/);
    expect(posts(mock)).toBe(0);
  });
});

describe('Polymarket: an order recalled after a restart', () => {
  it('signed, never posted: unknown inside the settlement window, none after it', async () => {
    const { mock, wall, adapter } = await setup();
    const signed: { cid: string; id: string; wallMs: number }[] = [];
    const first = adapter((cid, id, wallMs) => signed.push({ cid, id, wallMs }));
    // the first process signs and records, then dies waiting for its token (here: aborted)
    const ctl = new AbortController();
    ctl.abort();
    const o = order('lost-1', 'no', 10, 50);
    expect((await first.placeOrder(o, ctl.signal)).status).toBe('rejected');
    expect(posts(mock)).toBe(0);
    const rec = signed[0]!;
    expect(rec.cid).toBe('lost-1');
    expect(rec.id).toMatch(/^0x[0-9a-f]{64}$/);

    const b = adapter();
    b.recall(rec.cid, rec.id, rec.wallMs);
    // before the fix: JSON null stayed unknown forever
    const early = await b.lookupOrder(o, sig());
    expect(early).toMatchObject({ status: 'unknown', orderId: rec.id, filledQty: 0 });
    expect(early.reason).toMatch(/settlement window/);
    wall.shift = 10_000;
    const late = await b.lookupOrder(o, sig());
    expect(late).toMatchObject({ status: 'none', orderId: rec.id, filledQty: 0, notional: 0 });
    expect(late.reason).toMatch(/never matched/);
    const trades = mock.requests().filter((r) => r.path === '/data/trades');
    expect(trades.length).toBeGreaterThan(0);
  });

  it('signed and filled, its record gone (null): filled from its trades, paged, others ignored', async () => {
    const { mock, wall, adapter } = await setup({ lookupNullMs: 1e12, tradesPageSize: 1 });
    mock.setBook(YES, {
      asks: [
        { price: cents(44), qty: contracts(3) },
        { price: cents(45), qty: contracts(3) },
        { price: cents(46), qty: contracts(20) }
      ],
      bids: []
    });
    const signed: { cid: string; id: string; wallMs: number }[] = [];
    const first = adapter((cid, id, wallMs) => signed.push({ cid, id, wallMs }));
    const o = order('sent-1', 'yes', 5, 45);
    const placed = await first.placeOrder(o, sig()); // its answer is lost in the crash
    expect(placed).toMatchObject({ status: 'filled', filledQty: contracts(5) });
    // another order's trades on the same market: not ours
    await first.placeOrder(order('other-1', 'yes', 5, 46), sig());
    const b = adapter();
    b.recall('sent-1', signed[0]!.id, signed[0]!.wallMs);
    expect((await b.lookupOrder(o, sig())).status).toBe('unknown'); // null, inside the window
    wall.shift = 10_000;
    const found = await b.lookupOrder(o, sig());
    expect(found).toEqual({
      status: 'filled',
      clientOrderId: 'sent-1',
      orderId: placed.orderId,
      filledQty: contracts(5),
      notional: placed.notional, // 3 × 0.44 + 2 × 0.45, exact
      fee: placed.fee
    });
    const q = mock.requests().filter((r) => r.path === '/data/trades').length;
    expect(q).toBeGreaterThanOrEqual(2); // one trade per page: it read past the first page
  });
});

describe('trades as evidence', () => {
  const ref = { ...order('t-1', 'yes', 5, 45), orderId: '0xaa' };
  const q = {
    ref,
    orderId: '0xaa',
    tokenId: YES,
    conditionId: conditionIdOf(YES),
    afterSec: 0,
    fees: POLYMARKET_NO_FEES,
    maxPages: 3
  };
  const trade = (over: object) => ({
    id: 't',
    taker_order_id: '0xAA',
    asset_id: YES,
    side: 'BUY',
    size: '5',
    price: '0.45',
    status: 'CONFIRMED',
    ...over
  });
  const pages = (...ps: object[][]) => {
    let i = 0;
    return (): Promise<string> => {
      const data = ps[i] ?? [];
      i += 1;
      return Promise.resolve(
        JSON.stringify({ data, next_cursor: i < ps.length ? `c${i}` : 'LTE=' })
      );
    };
  };

  it('sums the order’s trades (case-insensitive id, repeated ids once) across pages', async () => {
    const get = pages(
      [trade({ id: 'a', size: '2' })],
      [trade({ id: 'a', size: '2' }), trade({ id: 'b', size: '3' })]
    );
    expect(await outcomeFromTrades(q, get)).toMatchObject({
      status: 'filled',
      filledQty: contracts(5),
      notional: cents(225)
    });
  });

  it('anything unproven throws (the adapter answers unknown)', async () => {
    const bad = [
      [trade({ status: 'FAILED' })],
      [trade({ status: 'RETRYING' })],
      [trade({ taker_order_id: undefined })],
      [trade({ asset_id: NO })],
      [trade({ side: 'SELL' })],
      [trade({ size: '6' })]
    ];
    for (const p of bad) await expect(outcomeFromTrades(q, pages(p))).rejects.toThrow();
    await expect(outcomeFromTrades(q, pages([], [], [], []))).rejects.toThrow(/3 pages/);
    await expect(outcomeFromTrades(q, () => Promise.resolve('{"oops":1}'))).rejects.toThrow();
  });
});
