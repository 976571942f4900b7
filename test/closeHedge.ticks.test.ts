/**
 * The auto-close hedge's prices against the real Polymarket adapter and its loopback mock,
 * under the venues' precision rules (docs/venue-protocols.md §2.5: a marketable BUY gives pUSD
 * ≤ 2 dp for shares ≤ 4 dp, the implied price within a tick of the limit; prices on the
 * market's tick):
 *
 *   1. A Polymarket hedge buy goes at a price where its quantity is buyable as asked: on a
 *      0.001 tick, 7 @ 0.143 is not ($1.01 for 7 shares is 0.14428, a tick above; the venue
 *      would fill 6.993 and the 0.007 left could never be hedged), 7 @ 0.144 is.
 *   2. A Polymarket hedge that starts from a Kalshi leg price on a finer grid (0.455) goes on
 *      the Polymarket tick (0.01), not refused unsent as `invalid_order`.
 *   3. A Kalshi hedge that starts from a Polymarket leg price on a 0.001 tick goes on Kalshi's
 *      cent grid.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { NanoClock } from '../actors/nanoClock.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import { startPolymarketMock } from '../adapters/venues/polymarket/mock/index.js';
import {
  asMicros,
  cents,
  contracts,
  dollars,
  parseEngineConfig,
  polyBuyAmounts,
  ZERO_MICROS,
  ZERO_QTY,
  type MarketPair,
  type Micros,
  type OrderOutcome,
  type OrderRequest,
  type VenueHoldings
} from '../core/index.js';
import {
  applyClose,
  beginHedge,
  closeOrder,
  nextHedgePrice,
  startClose,
  steppedPrice,
  switchVenue
} from '../machines/closeLogic.js';
import { initialContext } from '../machines/executionLogic.js';
import type { CloseState, ExecutionContext, ResumeState } from '../machines/executionTypes.js';
import { testMarket } from './support/engine.js';

const YES = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const NO = '52114319501245915516055106046884209969926127482827954674443846427813813222426';
const config = parseEngineConfig({});

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

function marketWith(kalshiTick: Micros, polyTick: Micros): MarketPair {
  return {
    ...testMarket(1),
    polyYesTokenId: YES,
    polyNoTokenId: NO,
    tickSize: { kalshi: kalshiTick, polymarket: polyTick }
  };
}

/**
 * PolyYesKalshiNo: YES 10 filled on Polymarket at 45¢, NO 3 of 10 on Kalshi at `noPrice`:
 * 7 YES excess, held as Polymarket YES tokens. The close is turned to its Polymarket hedge
 * (buy NO), as after the sell and the Kalshi hedge walks ended.
 */
function polyHedge(market: MarketPair, noPrice: Micros): { ctx: ExecutionContext; c: CloseState } {
  const req = {
    ...{ marketId: 1, arbType: 'PolyYesKalshiNo' as const, yesPrice: cents(45) },
    ...{ noPrice, yesSize: contracts(10), noSize: contracts(10), detectedNs: 0 }
  };
  const order = (cid: string, o: Partial<OrderRequest>): OrderRequest => ({
    ...{ venue: 'polymarket', market, side: 'yes', action: 'buy', qty: contracts(10) },
    ...{ limitPrice: cents(45), clientOrderId: cid, executionId: 'e', reduceOnly: false },
    ...o
  });
  const filled = (cid: string, qty: number, notional: Micros): OrderOutcome => ({
    status: qty === 10 ? 'filled' : 'partial',
    clientOrderId: cid,
    filledQty: contracts(qty),
    notional,
    fee: ZERO_MICROS
  });
  const resume: ResumeState = {
    qty: contracts(10),
    legs: {
      yes: { order: order('e-y', {}), outcome: filled('e-y', 10, dollars(4.5)) },
      no: {
        order: order('e-n', { venue: 'kalshi', side: 'no', limitPrice: noPrice }),
        outcome: filled('e-n', 3, asMicros(3 * noPrice))
      }
    },
    close: null
  };
  const holdings: VenueHoldings = {
    kalshiNet: contracts(-3),
    polyYes: contracts(10),
    polyNo: ZERO_QTY
  };
  const ctx = {
    ...initialContext({ executionId: 'e', req, market, config, resume }),
    holdings
  };
  const hedge = beginHedge(ctx, startClose(ctx));
  expect(hedge).toMatchObject({ mode: 'hedge', venue: 'kalshi', nextVenue: 'polymarket' });
  return { ctx, c: switchVenue(ctx, hedge) };
}

async function polyVenue(tickSize: string) {
  const pk = generatePrivateKey();
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: randomBytes(32).toString('base64'),
    passphrase: randomBytes(16).toString('hex')
  };
  const mock = await startPolymarketMock({
    ...raw,
    address: privateKeyToAccount(pk).address,
    markets: [
      { tokenId: YES, tickSize },
      { tokenId: NO, tickSize }
    ],
    settlementLagMs: 0
  });
  open.push(mock);
  const poly = new PolymarketAdapter({
    baseUrl: mock.url,
    credentials: new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 }),
    clock: new NanoClock(),
    exchangeKinds: { [YES]: 'standard', [NO]: 'standard' }
  });
  open.push(poly);
  const posts = () => mock.requests().filter((r) => r.method === 'POST').length;
  return { mock, poly, posts };
}
const signal = () => new AbortController().signal;

describe('Polymarket hedge buy amounts (0.001 tick)', () => {
  it('the hedge buy of 7 NO is sent at a price where 7 shares are buyable as asked', () => {
    const { ctx, c } = polyHedge(marketWith(cents(1), asMicros(1_000)), cents(12));
    const o = closeOrder(ctx, c);
    expect(o).toMatchObject({ venue: 'polymarket', side: 'no', action: 'buy', qty: contracts(7) });
    // the start clears $1 (7 × 0.143 = 1.001) ...
    expect(o.limitPrice).toBeGreaterThanOrEqual(143_000);
    // ... but the venue's precision must also let the order carry exactly 7 shares
    expect(polyBuyAmounts(o.qty, o.limitPrice, ctx.market!.tickSize.polymarket)).not.toBeNull();
    // and every step of the walk after it (1¢ steps keep 7 × p in the same cent class)
    const next = steppedPrice(ctx, { ...c, price: o.limitPrice });
    expect(polyBuyAmounts(o.qty, next, ctx.market!.tickSize.polymarket)).not.toBeNull();
  });

  it('real adapter × mock: the hedge fills the 7 asked, not 6.993 with 0.007 left unhedgeable', async () => {
    const v = await polyVenue('0.001');
    const { ctx, c } = polyHedge(marketWith(cents(1), asMicros(1_000)), cents(12));
    // NO asks at every price from 0.143 to 0.150: the hedge can be bought in full
    const asks = Array.from({ length: 8 }, (_, i) => ({
      price: asMicros(143_000 + i * 1_000),
      qty: contracts(50)
    }));
    v.mock.setBook(NO, { asks, bids: [] });
    const o = closeOrder(ctx, c);
    const out = await v.poly.placeOrder(o, signal());
    const after = applyClose({ ...c, current: o, attempts: c.attempts + 1 }, out);
    // today: status partial, 6.993 bought; 0.007 left, under $1 even at the ceiling → stop
    expect({ filled: out.filledQty, left: after.remaining }).toEqual({
      filled: contracts(7),
      left: ZERO_QTY
    });
    expect(after.remaining === 0 || nextHedgePrice(ctx, after) !== null).toBe(true);
  });
});

describe('Polymarket hedge price on the Polymarket tick', () => {
  it('a hedge starting from a deci-cent Kalshi NO price (0.455) is sent on the 0.01 Polymarket tick', () => {
    const { ctx, c } = polyHedge(marketWith(asMicros(1_000), cents(1)), asMicros(455_000));
    const o = closeOrder(ctx, c);
    expect(o.venue).toBe('polymarket');
    expect(o.limitPrice % ctx.market!.tickSize.polymarket).toBe(0);
    expect(o.limitPrice).toBeLessThanOrEqual(config.autoClose.ceilingMicros);
  });

  it('real adapter × mock: that hedge buy is placed (not refused unsent as invalid_order)', async () => {
    const v = await polyVenue('0.01');
    const { ctx, c } = polyHedge(marketWith(asMicros(1_000), cents(1)), asMicros(455_000));
    v.mock.setBook(NO, { asks: [{ price: cents(46), qty: contracts(50) }], bids: [] });
    const o = closeOrder(ctx, c);
    const before = v.posts();
    const out = await v.poly.placeOrder(o, signal());
    // today: rejected invalid_order "price 455000 is not on the tick grid 10000", unsent,
    // which is final: the hedge stops with 7 unhedged
    expect(out.status).not.toBe('rejected');
    expect(v.posts()).toBe(before + 1);
    expect(out.filledQty).toBe(contracts(7));
  });
});

describe('Kalshi hedge price on the Kalshi grid', () => {
  it('a Kalshi NO hedge starting from a 0.001-tick Polymarket NO price (0.455) is sent on the cent grid', () => {
    const market = marketWith(cents(1), asMicros(1_000));
    const req = {
      ...{ marketId: 1, arbType: 'KalshiYesPolyNo' as const, yesPrice: cents(45) },
      ...{ noPrice: asMicros(455_000), yesSize: contracts(10), noSize: contracts(10) },
      detectedNs: 0
    };
    const o = (cid: string, x: Partial<OrderRequest>): OrderRequest => ({
      ...{ venue: 'kalshi', market, side: 'yes', action: 'buy', qty: contracts(10) },
      ...{ limitPrice: cents(45), clientOrderId: cid, executionId: 'e', reduceOnly: false },
      ...x
    });
    const resume: ResumeState = {
      qty: contracts(10),
      legs: {
        yes: {
          order: o('e-y', {}),
          outcome: {
            ...{ status: 'filled', clientOrderId: 'e-y', filledQty: contracts(10) },
            ...{ notional: dollars(4.5), fee: ZERO_MICROS }
          }
        },
        no: {
          order: o('e-n', { venue: 'polymarket', side: 'no', limitPrice: asMicros(455_000) }),
          outcome: {
            ...{ status: 'partial', clientOrderId: 'e-n', filledQty: contracts(8) },
            ...{ notional: asMicros(3_640_000), fee: ZERO_MICROS }
          }
        }
      },
      close: null
    };
    // the loopback case: Kalshi holds 1 YES of the 2 excess, the last YES is a Polymarket token
    const ctx = {
      ...initialContext({ executionId: 'e', req, market, config, resume }),
      holdings: { kalshiNet: contracts(1), polyYes: contracts(9), polyNo: contracts(8) }
    };
    const h = beginHedge(ctx, startClose(ctx));
    const order = closeOrder(ctx, h);
    expect(order).toMatchObject({ venue: 'kalshi', side: 'no', action: 'buy', reduceOnly: false });
    // today 0.455: Kalshi answers 400 invalid_price (final) on a linear-cent market
    expect(order.limitPrice % market.tickSize.kalshi).toBe(0);
  });
});
