/**
 * The Kalshi mock's recurring market lifecycle, read through the real KalshiAdapter over
 * loopback with the landed readers: `GET /markets/{ticker}` (active → closed → finalized with
 * a result and `settlement_value_dollars` → active with a new close time), the position paid
 * into cash at finalization and gone from `GET /portfolio/positions`, the payment listed by
 * `GET /portfolio/settlements` (revenue in cents) and found by `settlementPaid`, an order on a
 * closed market refused `market_closed`. The lifecycle runs on an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { cents, contracts, USD, ZERO_MICROS } from '../core/index.js';
import {
  kalshiMarket,
  kalshiOrder,
  startKalshiRig,
  testKeyPair,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';
import { MarketSchedule } from '../adapters/venues/simulated/index.js';

const TICKER = 'KXLIFE-26-A';
const ORIGIN = Date.UTC(2026, 5, 1);
const LIFE = { lifetimeMs: 120_000, closedMs: 5_000, resolvedMs: 10_000, seed: 3 };
const market = kalshiMarket(TICKER, 4);
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });

describe('Kalshi mock: recurring market lifecycle', () => {
  let rig: KalshiRig;
  let t = ORIGIN;
  const signal = new AbortController().signal;
  beforeAll(async () => {
    rig = await startKalshiRig({
      clock: new ManualClock(),
      keys: testKeyPair(),
      mock: {
        markets: { [TICKER]: { book: { asks: [lv(40, 100)], bids: [lv(38, 100)] } } },
        lifecycle: { ...LIFE, originWallMs: ORIGIN, marketIds: { [TICKER]: 4 }, now: () => t }
      }
    });
  });
  afterAll(() => rig.close());

  it('active → closed → finalized (paid into cash, position cleared, settlement listed) → active', async () => {
    const open = await rig.adapter.marketState(market, signal);
    const close = new MarketSchedule(LIFE).at(4, 0).closeAtMs + ORIGIN;
    expect(open).toEqual({ venue: 'kalshi', phase: 'open', closeWallMs: close, yesPayout: null });
    const raw = (await rig.venueGet(`/markets/${TICKER}`)) as { market: Record<string, unknown> };
    expect(raw.market).toMatchObject({ ticker: TICKER, status: 'active', result: '' });
    expect(raw.market.close_time).toBe(new Date(close).toISOString());

    // buy 10 YES at 40¢
    const o = await rig.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 10, 40), signal);
    expect(o.status).toBe('filled');
    expect((await rig.adapter.positions(signal)).get(TICKER)).toBe(contracts(10));
    const cashBefore = rig.mock.balance();

    t = close;
    expect(await rig.adapter.marketState(market, signal)).toMatchObject({
      phase: 'closed',
      yesPayout: null
    });
    const refused = await rig.adapter.placeOrder(kalshiOrder(market, 'yes', 'buy', 1, 40), signal);
    expect(refused).toMatchObject({ status: 'rejected', rejectKind: 'market_closed' });
    expect(await rig.adapter.settlementPaid(market, signal)).toBeNull();

    t = close + 5_000;
    const done = await rig.adapter.marketState(market, signal);
    expect(done.phase).toBe('resolved');
    expect(done.closeWallMs).toBe(close);
    const yesWon = done.yesPayout === USD;
    expect(done.yesPayout).toBe(yesWon ? USD : ZERO_MICROS);
    const fin = (await rig.venueGet(`/markets/${TICKER}`)) as { market: Record<string, unknown> };
    expect(fin.market).toMatchObject({
      status: 'finalized',
      result: yesWon ? 'yes' : 'no',
      settlement_value_dollars: yesWon ? '1.0000' : '0.0000'
    });
    // paid at once, the position gone
    expect((await rig.adapter.positions(signal)).get(TICKER) ?? 0).toBe(0);
    expect(rig.mock.balance()).toBe(cashBefore + (yesWon ? 10 * USD : 0));
    const sett = (await rig.venueGet(`/portfolio/settlements?ticker=${TICKER}`)) as {
      settlements: Record<string, unknown>[];
    };
    expect(sett.settlements).toEqual([
      expect.objectContaining({
        ticker: TICKER,
        market_result: yesWon ? 'yes' : 'no',
        yes_count_fp: '10.00',
        no_count_fp: '0.00',
        revenue: yesWon ? 1000 : 0,
        fee_cost: '0.0000',
        settled_time: new Date(close + 5_000).toISOString()
      })
    ]);
    const paid = { revenue: yesWon ? 10 * USD : 0, fee: 0 };
    expect(await rig.adapter.settlementPaid(market, signal)).toEqual(paid);
    expect(await rig.adapter.settlementPaid(market, signal, close)).toEqual(paid);

    // the next cycle: active again with a new close time; this cycle has no settlement yet
    t = close + 15_000;
    const next = await rig.adapter.marketState(market, signal);
    expect(next).toMatchObject({ phase: 'open', closeWallMs: close + 135_000 });
    expect(await rig.adapter.settlementPaid(market, signal)).toBeNull();
    expect(await rig.adapter.settlementPaid(market, signal, close + 135_000)).toBeNull();
    const again = await rig.adapter.placeOrder(kalshiOrder(market, 'no', 'buy', 2, 62), signal);
    expect(again.status).toBe('filled');
  });

  it('an unlisted ticker is market_not_found; a listed one without lifecycle stays active', async () => {
    const other = await startKalshiRig({
      clock: new ManualClock(),
      mock: { markets: { 'KXPLAIN-26': {} } }
    });
    try {
      const s = await other.adapter.marketState(kalshiMarket('KXPLAIN-26'), signal);
      expect(s).toEqual({ venue: 'kalshi', phase: 'open', closeWallMs: null, yesPayout: null });
      await expect(other.adapter.marketState(kalshiMarket('KXNONE-26'), signal)).rejects.toThrow(
        /market/
      );
    } finally {
      await other.close();
    }
  });
});
