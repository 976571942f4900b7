import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import {
  cents,
  contracts,
  type MarketPair,
  type OrderOutcome,
  type OrderRequest,
  type Side,
  type Venue
} from '../core/index.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { SimulatedVenue, type SimulatedVenueOptions } from '../adapters/venues/simulated/index.js';

const MARKETS = demoMarkets();
const M: MarketPair = MARKETS[1]!; // fee-free on Polymarket, standard Kalshi fees
const FEE_MARKET: MarketPair = MARKETS[2]!; // Polymarket 3 % × p(1-p)

let seq = 0;
function order(venue: Venue, o: Partial<OrderRequest> = {}): OrderRequest {
  seq += 1;
  return {
    venue,
    market: M,
    side: 'yes',
    action: 'buy',
    qty: contracts(1),
    limitPrice: cents(9),
    clientOrderId: `c-${seq}`,
    executionId: 'e-1',
    reduceOnly: false,
    ...o
  };
}

function setup(opts: Partial<SimulatedVenueOptions> & { venue: Venue }) {
  const clock = new ManualClock();
  const venue = new SimulatedVenue({ clock, seed: 7, ...opts });
  const signal = new AbortController().signal;
  const asks = (side: Side, levels: [number, number][], m: MarketPair = M) =>
    venue.setBook(m.marketId, side, {
      asks: levels.map(([c, q]) => ({ price: cents(c), qty: contracts(q) })),
      bids: venue.book(m.marketId, side).bids
    });
  const bids = (side: Side, levels: [number, number][], m: MarketPair = M) =>
    venue.setBook(m.marketId, side, {
      asks: venue.book(m.marketId, side).asks,
      bids: levels.map(([c, q]) => ({ price: cents(c), qty: contracts(q) }))
    });
  /** Places and lets the (0 ms) latency pass. */
  const place = async (req: OrderRequest, s: AbortSignal = signal): Promise<OrderOutcome> => {
    const p = venue.placeOrder(req, s);
    await clock.advance(0);
    return p;
  };
  const lookup = async (req: OrderRequest, orderId?: string): Promise<OrderOutcome> => {
    const p = venue.lookupOrder({ ...req, ...(orderId ? { orderId } : {}) }, signal);
    await clock.advance(0);
    return p;
  };
  return { clock, venue, signal, asks, bids, place, lookup };
}

describe('SimulatedVenue: Kalshi buys (captures)', () => {
  it('IOC partial: 200 wanted @9c, 114 available -> partial 114, fee 66c per order', async () => {
    const { venue, asks, place } = setup({ venue: 'kalshi' });
    asks('yes', [[9, 114]]);
    const req = order('kalshi', { qty: contracts(200) });
    const out = await place(req);
    expect(out).toMatchObject({ status: 'partial', filledQty: contracts(114), fee: 660_000 });
    expect(out.notional).toBe(10_260_000);
    expect(out.clientOrderId).toBe(req.clientOrderId);
    expect(out.orderId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    );
    expect(venue.wireRecord(req.clientOrderId)).toMatchObject({
      status: 'canceled',
      initial_count: contracts(200),
      fill_count: contracts(114),
      remaining_count: 0,
      taker_fill_cost: 10_260_000,
      taker_fees: 660_000
    });
    expect(venue.book(M.marketId, 'yes').asks).toEqual([]);
    expect(venue.position(M.marketId, 'yes')).toBe(contracts(114));
  });

  it('1 @ 9c: filled, fee 1c, record executed', async () => {
    const { venue, asks, place } = setup({ venue: 'kalshi' });
    asks('yes', [[9, 50]]);
    const req = order('kalshi');
    const out = await place(req);
    expect(out).toMatchObject({ status: 'filled', filledQty: contracts(1), notional: 90_000 });
    expect(out.fee).toBe(10_000);
    expect(venue.wireRecord(req.clientOrderId)).toMatchObject({ status: 'executed' });
  });

  it('no crossing liquidity is a clean no-fill, not an error', async () => {
    const { venue, asks, place } = setup({ venue: 'kalshi' });
    asks('yes', [[9, 50]]);
    const out = await place(order('kalshi', { limitPrice: cents(1) }));
    expect(out).toMatchObject({ status: 'none', filledQty: 0, notional: 0, fee: 0 });
    expect(venue.fills()).toEqual([]);
    expect(venue.orders()).toHaveLength(1);
  });

  it('walks several levels best first and charges on the average price', async () => {
    const { venue, asks, place } = setup({ venue: 'kalshi' });
    asks('yes', [
      [13, 5],
      [10, 4],
      [11, 3]
    ]);
    const out = await place(order('kalshi', { qty: contracts(10), limitPrice: cents(12) }));
    expect(out).toMatchObject({ status: 'partial', filledQty: contracts(7), notional: 730_000 });
    expect(venue.book(M.marketId, 'yes').asks).toEqual([{ price: cents(13), qty: contracts(5) }]);
  });
});

describe('SimulatedVenue: Kalshi sells', () => {
  it('sell 1 YES limit 1c fills at the 8c bid; record cost is the complement 92c', async () => {
    const { venue, bids, place } = setup({ venue: 'kalshi' });
    venue.setPosition(M.marketId, 'yes', contracts(1));
    bids('yes', [[8, 10]]);
    const req = order('kalshi', { action: 'sell', limitPrice: cents(1) });
    const out = await place(req);
    expect(out).toMatchObject({ status: 'filled', notional: 80_000, fee: 10_000 });
    expect(venue.wireRecord(req.clientOrderId)).toMatchObject({ taker_fill_cost: 920_000 });
    expect(venue.position(M.marketId, 'yes')).toBe(0);
  });

  it('sell 20 YES limit 84c, 7 bid: proceeds $5.88 from cost 112c, fee 7c', async () => {
    const { venue, bids, place } = setup({ venue: 'kalshi' });
    venue.setPosition(M.marketId, 'yes', contracts(20));
    bids('yes', [
      [84, 7],
      [80, 50]
    ]);
    const req = order('kalshi', { action: 'sell', qty: contracts(20), limitPrice: cents(84) });
    const out = await place(req);
    expect(out).toMatchObject({ status: 'partial', filledQty: contracts(7) });
    expect(out.notional).toBe(5_880_000);
    expect(out.fee).toBe(70_000);
    expect(venue.wireRecord(req.clientOrderId)).toMatchObject({
      status: 'canceled',
      taker_fill_cost: 1_120_000,
      taker_fees: 70_000
    });
    expect(venue.fills()[0]).toMatchObject({
      action: 'sell',
      qty: contracts(7),
      notional: 5_880_000
    });
  });

  it('a non-reduce-only sell of more than held is rejected insufficient_balance', async () => {
    const { venue, bids, place } = setup({ venue: 'kalshi' });
    bids('yes', [[50, 1000]]);
    const out = await place(order('kalshi', { action: 'sell', qty: contracts(500) }));
    expect(out).toMatchObject({ status: 'rejected', rejectKind: 'insufficient_balance' });
    expect(venue.orders()).toEqual([]);
    expect(venue.fills()).toEqual([]);
  });

  it('a reduce-only sell above the position is rejected insufficient_balance, as the real venue does', async () => {
    const { venue, bids, place } = setup({ venue: 'kalshi' });
    venue.setPosition(M.marketId, 'no', contracts(3));
    bids('no', [[40, 100]], M);
    const sell = { action: 'sell', side: 'no', qty: contracts(10), reduceOnly: true } as const;
    const over = await place(order('kalshi', { ...sell, limitPrice: cents(30) }));
    expect(over).toMatchObject({ status: 'rejected', rejectKind: 'insufficient_balance' });
    const out = await place(order('kalshi', { ...sell, qty: contracts(3), limitPrice: cents(30) }));
    expect(out).toMatchObject({ status: 'filled', filledQty: contracts(3), notional: 1_200_000 });
    expect(venue.position(M.marketId, 'no')).toBe(0);
  });
});

describe('SimulatedVenue: Polymarket', () => {
  it('FAK partial: 10 @ 0.47 wanted, 5 available -> partial 5, notional $2.35', async () => {
    const { venue, asks, place } = setup({ venue: 'polymarket' });
    asks('yes', [[47, 5]]);
    const req = order('polymarket', { qty: contracts(10), limitPrice: cents(47) });
    const out = await place(req);
    expect(out).toMatchObject({ status: 'partial', filledQty: contracts(5), fee: 0 });
    expect(out.notional).toBe(2_350_000);
    expect(out.orderId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(venue.wireRecord(out.orderId!)).toMatchObject({
      status: 'matched',
      side: 'BUY',
      makingAmount: 2_350_000,
      takingAmount: contracts(5)
    });
  });

  it('charges the market fee, floored to $0.00001', async () => {
    const { asks, place } = setup({ venue: 'polymarket' });
    asks('yes', [[50, 100]], FEE_MARKET);
    const out = await place(
      order('polymarket', { market: FEE_MARKET, qty: contracts(100), limitPrice: cents(50) })
    );
    expect(out).toMatchObject({ status: 'filled', notional: 50_000_000, fee: 750_000 });
  });

  it('a sell inside settlementLagMs is rejected as settlement, then succeeds', async () => {
    const { clock, venue, asks, bids, place } = setup({
      venue: 'polymarket',
      settlementLagMs: 2_000
    });
    asks('yes', [[40, 10]]);
    bids('yes', [[38, 10]]);
    await place(order('polymarket', { qty: contracts(10), limitPrice: cents(40) }));
    const sell = order('polymarket', { action: 'sell', qty: contracts(10), limitPrice: cents(30) });
    const early = await place(sell);
    expect(early).toMatchObject({
      status: 'rejected',
      rejectKind: 'settlement',
      reason: 'not enough balance / allowance'
    });
    await clock.advance(1_999);
    expect(await place(sell)).toMatchObject({ status: 'rejected', rejectKind: 'settlement' });
    await clock.advance(1);
    const later = await place(sell); // same client id: rejections are not stored
    expect(later).toMatchObject({
      status: 'filled',
      filledQty: contracts(10),
      notional: 3_800_000
    });
    expect(venue.position(M.marketId, 'yes')).toBe(0);
  });

  it('pending (delayed): unknown during lookupNullMs, pending, then filled', async () => {
    const { clock, venue, asks, place, lookup } = setup({
      venue: 'polymarket',
      lookupNullMs: 150
    });
    asks('yes', [[47, 50]]);
    venue.script({ behaviour: { kind: 'pending', resolveAfterMs: 3_000, fill: 'book' } });
    const req = order('polymarket', { qty: contracts(20), limitPrice: cents(47) });
    const placed = await place(req);
    expect(placed).toMatchObject({ status: 'pending', filledQty: 0, notional: 0 });
    expect(placed.orderId).toMatch(/^0x/);
    expect(await lookup(req, placed.orderId)).toMatchObject({ status: 'unknown' });
    await clock.advance(200);
    expect(await lookup(req, placed.orderId)).toMatchObject({ status: 'pending' });
    expect(venue.fills()).toEqual([]);
    await clock.advance(3_000);
    expect(await lookup(req)).toMatchObject({ status: 'filled', notional: 9_400_000 });
    expect(venue.fills()).toHaveLength(1);
  });
});

describe('SimulatedVenue: transport, scripts, idempotency', () => {
  it('hang: fills at once, answers unknown/timeout on abort; lookup shows the fill', async () => {
    const { clock, venue, asks, lookup } = setup({ venue: 'kalshi' });
    asks('yes', [[9, 50]]);
    venue.script({ match: { action: 'buy' }, behaviour: { kind: 'hang', fill: 'book' } });
    const ac = new AbortController();
    const req = order('kalshi', { qty: contracts(5) });
    let settled = false;
    const p = venue.placeOrder(req, ac.signal).finally(() => (settled = true));
    await clock.advance(60_000);
    expect(settled).toBe(false);
    expect(venue.fills()).toHaveLength(1);
    ac.abort();
    const out = await p;
    expect(out).toMatchObject({ status: 'unknown', reason: 'timeout', filledQty: 0 });
    expect(out.orderId).toBeUndefined(); // Kalshi ids come back in the answer that was lost
    expect(await lookup(req)).toMatchObject({ status: 'filled', filledQty: contracts(5) });
  });

  it('abort while in latency: never placed, rejected other; lookup says not found', async () => {
    const { clock, venue, asks } = setup({ venue: 'kalshi', latencyMs: { min: 100, max: 100 } });
    asks('yes', [[9, 50]]);
    const ac = new AbortController();
    const req = order('kalshi');
    const p = venue.placeOrder(req, ac.signal);
    await clock.advance(20);
    ac.abort();
    expect(await p).toMatchObject({ status: 'rejected', rejectKind: 'other' });
    expect((await p).reason).toBe('aborted before send');
    await clock.advance(1_000);
    expect(venue.orders()).toEqual([]);
    const l = venue.lookupOrder(req, new AbortController().signal);
    await clock.advance(100);
    expect(await l).toMatchObject({ status: 'none', reason: 'order not found' });
  });

  it('abort after the venue received it: unknown, and the fill is real', async () => {
    const { clock, venue, asks } = setup({ venue: 'kalshi', latencyMs: { min: 100, max: 100 } });
    asks('yes', [[9, 50]]);
    const ac = new AbortController();
    const p = venue.placeOrder(order('kalshi'), ac.signal);
    await clock.advance(70);
    ac.abort();
    expect(await p).toMatchObject({ status: 'unknown', reason: 'aborted after send' });
    expect(venue.fills()).toHaveLength(1);
  });

  it('answers only through clock timers, even at 0 ms latency', async () => {
    const { clock, venue, asks, signal } = setup({ venue: 'kalshi' });
    asks('yes', [[9, 50]]);
    let settled = false;
    const p = venue.placeOrder(order('kalshi'), signal).finally(() => (settled = true));
    await clock.flush();
    expect(settled).toBe(false);
    await clock.advance(0);
    expect(await p).toMatchObject({ status: 'filled' });
  });

  it('duplicate client order id returns the first outcome without a second fill', async () => {
    const { venue, asks, place } = setup({ venue: 'kalshi' });
    asks('yes', [[9, 50]]);
    const req = order('kalshi', { qty: contracts(3) });
    const first = await place(req);
    const second = await place(req);
    expect(second).toEqual(first);
    expect(venue.fills()).toHaveLength(1);
    expect(venue.orders()).toHaveLength(1);
    expect(venue.placements).toBe(2);
    expect(venue.book(M.marketId, 'yes').asks[0]?.qty).toBe(contracts(47));
  });

  it('scripts apply FIFO to matching orders only, `times` included', async () => {
    const { venue, asks, place } = setup({ venue: 'kalshi' });
    asks('yes', [[9, 50]]);
    asks('no', [[91, 50]]);
    const rateLimited = { kind: 'reject', rejectKind: 'rate_limited', retryAfterMs: 500 } as const;
    venue.script({ match: { side: 'no' }, times: 2, behaviour: rateLimited });
    venue.script({ behaviour: { kind: 'fillQty', qty: contracts(2) } });
    expect(await place(order('kalshi', { qty: contracts(5) }))).toMatchObject({
      status: 'partial',
      filledQty: contracts(2)
    });
    const no = { side: 'no', limitPrice: cents(91) } as const;
    for (let i = 0; i < 2; i++) {
      expect(await place(order('kalshi', no))).toMatchObject({
        status: 'rejected',
        rejectKind: 'rate_limited',
        retryAfterMs: 500
      });
    }
    expect(await place(order('kalshi', no))).toMatchObject({ status: 'filled' });
    expect(venue.pendingScripts()).toBe(0);
  });

  it('an order for the other venue is rejected invalid_order', async () => {
    const { place } = setup({ venue: 'kalshi' });
    const out = await place(order('polymarket'));
    expect(out).toMatchObject({ status: 'rejected', rejectKind: 'invalid_order' });
  });

  it('seeded faults, latencies and ids are deterministic per seed', async () => {
    const run = async (seed: number) => {
      const { clock, venue, asks } = setup({
        venue: 'polymarket',
        seed,
        latencyMs: { min: 5, max: 50 },
        faults: { rejectProb: 0.2, partialProb: 0.2, pendingProb: 0.1, hangProb: 0.1 }
      });
      asks('yes', [[50, 100_000]]);
      const outs: string[] = [];
      for (let i = 0; i < 40; i++) {
        const ac = new AbortController();
        const p = venue.placeOrder(
          order('polymarket', { limitPrice: cents(50), qty: contracts(4) }),
          ac.signal
        );
        await clock.advance(100);
        ac.abort();
        const o = await p;
        outs.push(`${o.status}:${o.filledQty}:${o.orderId ?? '-'}:${clock.nowMs()}`);
      }
      return outs;
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
    const statuses = new Set(a.map((s) => s.split(':')[0]));
    expect(statuses).toEqual(new Set(['filled', 'partial', 'rejected', 'pending', 'unknown']));
  });
});

describe('SimulatedVenue: more Polymarket timing', () => {
  it('hang on Polymarket: the unknown answer carries the pre-known order id', async () => {
    const { clock, venue, asks, lookup } = setup({ venue: 'polymarket' });
    asks('no', [[53, 5]]);
    venue.script({ behaviour: { kind: 'hang', fill: { qty: contracts(2) } } });
    const ac = new AbortController();
    const req = order('polymarket', { side: 'no', qty: contracts(5), limitPrice: cents(53) });
    const p = venue.placeOrder(req, ac.signal);
    await clock.advance(5_000);
    ac.abort();
    const out = await p;
    expect(out).toMatchObject({ status: 'unknown', reason: 'timeout' });
    expect(out.orderId).toMatch(/^0x[0-9a-f]{64}$/);
    const found = await lookup(req, out.orderId);
    expect(found).toMatchObject({
      status: 'partial',
      filledQty: contracts(2),
      notional: 1_060_000
    });
    expect(found.orderId).toBe(out.orderId);
  });

  it('pending that resolves to nothing, and a retry with the same id during pending', async () => {
    const { clock, venue, asks, place, lookup } = setup({ venue: 'polymarket' });
    asks('yes', [[47, 50]]);
    venue.script({ behaviour: { kind: 'pending', resolveAfterMs: 1_000, fill: 'none' } });
    const req = order('polymarket', { qty: contracts(5), limitPrice: cents(47) });
    expect(await place(req)).toMatchObject({ status: 'pending' });
    expect(await place(req)).toMatchObject({ status: 'pending' });
    await clock.advance(1_000);
    expect(await lookup(req)).toMatchObject({ status: 'none', filledQty: 0 });
    expect(venue.orders()).toHaveLength(1);
    expect(venue.book(M.marketId, 'yes').asks[0]?.qty).toBe(contracts(50));
  });

  it('order ids are deterministic per seed and distinct', async () => {
    const ids = async (seed: number) => {
      const { asks, place } = setup({ venue: 'polymarket', seed });
      asks('yes', [[50, 100]]);
      const out: string[] = [];
      for (let i = 0; i < 5; i++) {
        out.push((await place(order('polymarket', { limitPrice: cents(50) }))).orderId ?? '');
      }
      return out;
    };
    const a = await ids(3);
    expect(await ids(3)).toEqual(a);
    expect(new Set(a).size).toBe(5);
    expect(await ids(4)).not.toEqual(a);
  });
});
