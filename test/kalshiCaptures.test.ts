/**
 * Every Kalshi capture behaviour (January 2026, legacy format) reproduced in today's V2 wire
 * format: the real adapter talks HTTP to the mock over loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { cents, contracts, dollars } from '../core/index.js';
import {
  kalshiMarket,
  kalshiOrder,
  startKalshiRig,
  testKeyPair,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';
import { OrderSchema } from '../adapters/venues/kalshi/index.js';

const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const keys = testKeyPair();
let rig: KalshiRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});
const start = async (mock: Parameters<typeof startKalshiRig>[0]['mock'] = {}) => {
  rig = await startKalshiRig({ clock: new ManualClock(), keys, mock });
  return rig;
};
const signal = () => new AbortController().signal;

/** The venue's own Order record (GET /portfolio/orders/{id}), parsed by our wire schema. */
async function venueOrder(r: KalshiRig, orderId: string) {
  const json = (await r.venueGet(`/portfolio/orders/${orderId}`)) as {
    order: Record<string, unknown>;
  };
  return { raw: json.order, parsed: OrderSchema.parse(json.order) };
}

describe('Kalshi captures in V2 format', () => {
  it('IOC partial: buy 200 YES @9c, 114 fill → partial, $10.26, fee 66c (per order); order canceled', async () => {
    const r = await start({
      markets: { 'KXNEWPOPE-70-PPAR': { book: { asks: [lv(9, 114), lv(10, 500)], bids: [] } } }
    });
    const m = kalshiMarket('KXNEWPOPE-70-PPAR');
    const o = await r.adapter.placeOrder(kalshiOrder(m, 'yes', 'buy', 200, 9), signal());
    expect(o).toMatchObject({
      status: 'partial',
      filledQty: contracts(114),
      notional: dollars(10.26),
      fee: cents(66)
    });
    const v = await venueOrder(r, o.orderId!);
    expect(v.raw).toMatchObject({
      status: 'canceled',
      fill_count_fp: '114.00',
      initial_count_fp: '200.00',
      remaining_count_fp: '0.00',
      taker_fill_cost_dollars: '10.2600',
      taker_fees_dollars: '0.6600',
      book_side: 'bid',
      outcome_side: 'yes'
    });
    expect(r.mock.position('KXNEWPOPE-70-PPAR')).toBe(contracts(114));
    const req = r.mock.orders()[0]!;
    expect(req).toMatchObject({
      side: 'bid',
      price: cents(9),
      requested: contracts(200),
      reduceOnly: false
    });
  });

  it('IOC no fill: buy 1 YES @1c against asks at 2c+ → none (clean no-fill, not an error)', async () => {
    const r = await start({
      markets: { 'KXBUSHBY-30': { book: { asks: [lv(2, 10)], bids: [] } } }
    });
    const o = await r.adapter.placeOrder(
      kalshiOrder(kalshiMarket('KXBUSHBY-30'), 'yes', 'buy', 1, 1),
      signal()
    );
    expect(o).toMatchObject({ status: 'none', filledQty: 0, notional: 0, fee: 0 });
    expect(o.orderId).toBeDefined();
    expect((await venueOrder(r, o.orderId!)).raw).toMatchObject({
      status: 'canceled',
      fill_count_fp: '0.00'
    });
  });

  it('IOC full fill: buy 1 YES @9c → filled, 9c, fee 1c; order executed', async () => {
    const r = await start({
      markets: { 'KXNBA-26-SAS': { book: { asks: [lv(9, 5)], bids: [] } } }
    });
    const o = await r.adapter.placeOrder(
      kalshiOrder(kalshiMarket('KXNBA-26-SAS'), 'yes', 'buy', 1, 9),
      signal()
    );
    expect(o).toMatchObject({
      status: 'filled',
      filledQty: contracts(1),
      notional: cents(9),
      fee: cents(1)
    });
    expect((await venueOrder(r, o.orderId!)).raw).toMatchObject({
      status: 'executed',
      taker_fill_cost_dollars: '0.0900'
    });
  });

  it('sell YES limit 1c fills at the 8c bid (price improvement); venue cost is the 92c complement', async () => {
    const r = await start({
      markets: { 'KXNBA-26-SAS': { book: { asks: [], bids: [lv(8, 3)] } } },
      positions: { 'KXNBA-26-SAS': contracts(1) }
    });
    const m = kalshiMarket('KXNBA-26-SAS');
    const o = await r.adapter.placeOrder(kalshiOrder(m, 'yes', 'sell', 1, 1), signal());
    expect(o).toMatchObject({
      status: 'filled',
      filledQty: contracts(1),
      notional: cents(8),
      fee: cents(1)
    });
    expect(r.mock.orders()[0]).toMatchObject({ side: 'ask', price: cents(1), reduceOnly: true });
    const v = await venueOrder(r, o.orderId!);
    expect(v.raw).toMatchObject({
      status: 'executed',
      outcome_side: 'no',
      taker_fill_cost_dollars: '0.9200'
    });
    // the lookup path reads the complement back into proceeds
    const ref = {
      venue: 'kalshi' as const,
      market: m,
      side: 'yes' as const,
      action: 'sell' as const,
      qty: contracts(1),
      clientOrderId: o.clientOrderId,
      orderId: o.orderId!
    };
    expect(await r.adapter.lookupOrder(ref, signal())).toMatchObject({
      status: 'filled',
      notional: cents(8),
      fee: cents(1)
    });
    expect(r.mock.position('KXNBA-26-SAS')).toBe(0);
  });

  it('sell 20 YES @84c, 7 fill → partial, proceeds $5.88, fee 7c; venue cost $1.12 = 7 × 16c', async () => {
    const r = await start({
      markets: { 'KXBUSHBY-30': { book: { asks: [], bids: [lv(84, 7), lv(80, 50)] } } },
      positions: { 'KXBUSHBY-30': contracts(20) }
    });
    const m = kalshiMarket('KXBUSHBY-30');
    const o = await r.adapter.placeOrder(kalshiOrder(m, 'yes', 'sell', 20, 84), signal());
    expect(o).toMatchObject({
      status: 'partial',
      filledQty: contracts(7),
      notional: dollars(5.88),
      fee: cents(7)
    });
    expect((await venueOrder(r, o.orderId!)).raw).toMatchObject({
      status: 'canceled',
      taker_fill_cost_dollars: '1.1200',
      taker_fees_dollars: '0.0700'
    });
  });

  it('sell YES @95c above every bid → none', async () => {
    const r = await start({
      markets: { 'KXNBA-26-SAS': { book: { asks: [], bids: [lv(8, 3)] } } },
      positions: { 'KXNBA-26-SAS': contracts(1) }
    });
    const o = await r.adapter.placeOrder(
      kalshiOrder(kalshiMarket('KXNBA-26-SAS'), 'yes', 'sell', 1, 95),
      signal()
    );
    expect(o).toMatchObject({ status: 'none', filledQty: 0 });
  });

  it('NO legs use the complement: buy NO @91c is an ask at 9c; sell NO @85c is a reduce-only bid at 15c', async () => {
    const r = await start({
      markets: { KXNO: { book: { asks: [lv(12, 5)], bids: [lv(10, 4)] } } }
    });
    const m = kalshiMarket('KXNO');
    const buy = await r.adapter.placeOrder(kalshiOrder(m, 'no', 'buy', 4, 91), signal());
    // filled against the 10c YES bid: NO cost 90c (1c better than the limit)
    expect(buy).toMatchObject({
      status: 'filled',
      filledQty: contracts(4),
      notional: cents(360),
      fee: cents(3)
    });
    expect(r.mock.orders()[0]).toMatchObject({ side: 'ask', price: cents(9), reduceOnly: false });
    expect(r.mock.position('KXNO')).toBe(contracts(-4));
    const sell = await r.adapter.placeOrder(kalshiOrder(m, 'no', 'sell', 4, 85), signal());
    // filled against the 12c YES ask: NO proceeds 88c each
    expect(sell).toMatchObject({
      status: 'filled',
      filledQty: contracts(4),
      notional: cents(352),
      fee: cents(3)
    });
    expect(r.mock.orders()[1]).toMatchObject({ side: 'bid', price: cents(15), reduceOnly: true });
    expect(r.mock.position('KXNO')).toBe(0);
  });

  it('selling more than held → 400 insufficient_balance → rejected (permanent)', async () => {
    const r = await start({
      reduceOnlyExcess: 'reject',
      markets: { 'KXNBA-26-SAS': { book: { asks: [], bids: [lv(8, 600)] } } },
      positions: { 'KXNBA-26-SAS': contracts(1) }
    });
    const o = await r.adapter.placeOrder(
      kalshiOrder(kalshiMarket('KXNBA-26-SAS'), 'yes', 'sell', 500, 1),
      signal()
    );
    expect(o).toMatchObject({
      status: 'rejected',
      rejectKind: 'insufficient_balance',
      filledQty: 0
    });
    expect(o.reason).toContain('insufficient_balance');
    expect(r.mock.requests().at(-1)).toMatchObject({ status: 400 });
  });

  it('reduce-only with the V2 doc cap (opt-in): the sell is capped at the position', async () => {
    const r = await start({
      reduceOnlyExcess: 'cap',
      markets: { K: { book: { asks: [], bids: [lv(8, 600)] } } },
      positions: { K: contracts(1) }
    });
    const o = await r.adapter.placeOrder(
      kalshiOrder(kalshiMarket('K'), 'yes', 'sell', 500, 1),
      signal()
    );
    expect(o).toMatchObject({ status: 'partial', filledQty: contracts(1), notional: cents(8) });
    const none = await r.adapter.placeOrder(
      kalshiOrder(kalshiMarket('K'), 'yes', 'sell', 1, 1),
      signal()
    );
    expect(none).toMatchObject({ status: 'rejected', rejectKind: 'insufficient_balance' });
  });

  it('unknown ticker → 404 market_not_found → rejected invalid_order', async () => {
    const r = await start();
    const o = await r.adapter.placeOrder(
      kalshiOrder(kalshiMarket('KXNFLAFCCHAMP-25'), 'yes', 'buy', 1, 71),
      signal()
    );
    expect(o).toMatchObject({ status: 'rejected', rejectKind: 'invalid_order' });
    expect(o.reason).toContain('market_not_found');
    expect(r.mock.requests().at(-1)).toMatchObject({
      status: 404,
      path: '/trade-api/v2/portfolio/events/orders'
    });
  });

  it('cash: a buy spends cost + fee, a sell returns proceeds − fee', async () => {
    const r = await start({
      balance: dollars(100),
      markets: { K: { book: { asks: [lv(40, 10)], bids: [lv(45, 10)] } } }
    });
    const m = kalshiMarket('K');
    await r.adapter.placeOrder(kalshiOrder(m, 'yes', 'buy', 10, 40), signal());
    expect(r.mock.balance()).toBe(dollars(100) - dollars(4) - cents(17));
    await r.adapter.placeOrder(kalshiOrder(m, 'yes', 'sell', 10, 45), signal());
    expect(r.mock.balance()).toBe(dollars(100) - dollars(4) - cents(17) + dollars(4.5) - cents(18));
    expect(await r.adapter.balance()).toMatchObject({ balance: r.mock.balance() });
  });
});
