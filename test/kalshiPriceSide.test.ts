/**
 * NO-leg price orientation. Every real Kalshi capture with a fill (January 2026, legacy
 * format; /work/shared/fixtures/venue-captures/kalshi_*_real.json, the fields used copied
 * below) is replayed through both mappings (the V2 create answer and the V2 Order of a lookup)
 * for both readings of its wire order: the captured YES order and the NO order with the same
 * book side and YES price (a `bid` is buy YES ≡ sell NO, an `ask` sell YES ≡ buy NO). The fill
 * must land on the right side of the limit in the outcome terms of the side traded. A report
 * with the orientation flipped must become `unknown`, not a mispriced fill.
 */
import { describe, expect, it } from 'vitest';
import {
  addMicros,
  asMicros,
  cents,
  complementPrice,
  CONTRACT,
  contracts,
  mulDiv,
  notional,
  payout,
  subMicros,
  ZERO_MICROS,
  type Micros,
  type OrderAction,
  type OrderRef,
  type OrderRequest,
  type Qty,
  type Side
} from '../core/index.js';
import {
  CreateOrderV2ResponseSchema,
  formatDollars,
  OrderSchema,
  outcomeFromCreate,
  outcomeFromOrder,
  toCreateOrderV2
} from '../adapters/venues/kalshi/index.js';
import { priceSideProblem } from '../adapters/venues/kalshi/priceSide.js';
import { kalshiMarket, kalshiOrder } from '../adapters/venues/kalshi/mock/index.js';

/** The captures with a fill: request (legacy `side` is `yes` in all) and the order answered. */
const CAPTURES = [
  {
    file: 'kalshi_full_fill_real.json',
    ticker: 'KXNBA-26-SAS',
    action: 'buy',
    count: 1,
    yesPriceCents: 9,
    order: {
      order_id: 'e6d7f39e-f16e-4c99-8b3f-9790211959ef',
      client_order_id: 'a17688895560',
      status: 'executed',
      fill_count: 1,
      taker_fill_cost_dollars: '0.0900',
      taker_fees_dollars: '0.0100',
      yes_price_dollars: '0.0900'
    }
  },
  {
    file: 'kalshi_partial_fill_real.json',
    ticker: 'KXNEWPOPE-70-PPAR',
    action: 'buy',
    count: 200,
    yesPriceCents: 9,
    order: {
      order_id: 'a26079d4-6844-4b47-ae27-a3cb992de3ce',
      client_order_id: 'a17688896840',
      status: 'canceled',
      fill_count: 114,
      taker_fill_cost_dollars: '10.2600',
      taker_fees_dollars: '0.6600',
      yes_price_dollars: '0.0900'
    }
  },
  {
    file: 'kalshi_sell_full_fill_real.json',
    ticker: 'KXNBA-26-SAS',
    action: 'sell',
    count: 1,
    yesPriceCents: 1,
    order: {
      order_id: 'ddc64e3b-9c7b-4ba1-9960-3e7164489d6e',
      client_order_id: 'a17689327550',
      status: 'executed',
      fill_count: 1,
      taker_fill_cost_dollars: '0.9200',
      taker_fees_dollars: '0.0100',
      yes_price_dollars: '0.0100'
    }
  },
  {
    file: 'kalshi_sell_partial_fill_real.json',
    ticker: 'KXBUSHBY-30',
    action: 'sell',
    count: 20,
    yesPriceCents: 84,
    order: {
      order_id: '5af3058b-76f5-445a-9d86-c6dac294be34',
      client_order_id: 'a17689346480',
      status: 'canceled',
      fill_count: 7,
      taker_fill_cost_dollars: '1.1200',
      taker_fees_dollars: '0.0700',
      yes_price_dollars: '0.8400'
    }
  }
] as const;

type Capture = (typeof CAPTURES)[number];

/** The two readings of a captured wire order: [side, action, limit in that side's cents]. */
function readings(c: Capture): [Side, OrderAction, number][] {
  const bid = c.action === 'buy';
  return [
    ['yes', c.action, c.yesPriceCents],
    ['no', bid ? 'sell' : 'buy', 100 - c.yesPriceCents]
  ];
}

const filled = (c: Capture): Qty => contracts(c.order.fill_count);
/** The V2 Order's cost (of its `outcome_side` position), exactly as captured. */
const cost = (c: Capture): Micros =>
  OrderSchema.parse(v2Order(c, 'yes', c.action)).taker_fill_cost_dollars!;
/** The YES-book average of the captured fills: a bid's cost per contract, an ask's complement. */
function yesAverage(c: Capture): Micros {
  const perContract = mulDiv(cost(c), CONTRACT, filled(c));
  return c.action === 'buy' ? perContract : complementPrice(perContract);
}

/** The capture's Order in today's V2 shape (`book_side`/`outcome_side`, `_fp`/`_dollars`). */
function v2Order(c: Capture, side: Side, action: OrderAction): Record<string, unknown> {
  const bid = (side === 'yes') === (action === 'buy');
  return {
    order_id: c.order.order_id,
    client_order_id: c.order.client_order_id,
    ticker: c.ticker,
    status: c.order.status,
    book_side: bid ? 'bid' : 'ask',
    outcome_side: bid ? 'yes' : 'no',
    yes_price_dollars: c.order.yes_price_dollars,
    fill_count_fp: `${c.order.fill_count}.00`,
    initial_count_fp: `${c.count}.00`,
    remaining_count_fp: '0.00',
    taker_fill_cost_dollars: c.order.taker_fill_cost_dollars,
    maker_fill_cost_dollars: '',
    taker_fees_dollars: c.order.taker_fees_dollars,
    maker_fees_dollars: ''
  };
}

/** The V2 create answer of the capture, `average_fill_price` as `avg`. */
const createAnswer = (c: Capture, avg: Micros) =>
  CreateOrderV2ResponseSchema.parse({
    order_id: c.order.order_id,
    client_order_id: c.order.client_order_id,
    fill_count: `${c.order.fill_count}.00`,
    remaining_count: '0.00',
    average_fill_price: formatDollars(avg, 4),
    average_fee_paid: formatDollars(
      mulDiv(
        OrderSchema.parse(v2Order(c, 'yes', c.action)).taker_fees_dollars!,
        CONTRACT,
        filled(c)
      )
    ),
    ts_ms: 1_768_889_557_000
  });

function orderFor(c: Capture, side: Side, action: OrderAction, limitCents: number): OrderRequest {
  const m = kalshiMarket(c.ticker);
  return kalshiOrder(m, side, action, c.count, limitCents, c.order.client_order_id);
}

const refOf = (o: OrderRequest): OrderRef => ({
  venue: 'kalshi',
  market: o.market,
  side: o.side,
  action: o.action,
  qty: o.qty,
  clientOrderId: o.clientOrderId,
  orderId: 'x'
});

/** What the fill is worth in the terms of `action`: cost of a buy, proceeds of a sell. */
const expectedNotional = (c: Capture, action: OrderAction): Micros =>
  // the captured cost is of the outcome_side position: YES for a bid, NO for an ask
  action === 'buy' ? cost(c) : subMicros(payout(filled(c)), cost(c));

describe('every capture with a fill lands on the right side of its limit, YES and NO', () => {
  for (const c of CAPTURES) {
    for (const [side, action, limitCents] of readings(c)) {
      it(`${c.file}: ${action} ${side} @${limitCents}c`, () => {
        const order = orderFor(c, side, action, limitCents);
        // the reading is the very wire order of the capture: same book side, same YES price
        expect(toCreateOrderV2(order)).toMatchObject({
          side: c.action === 'buy' ? 'bid' : 'ask',
          price: formatDollars(cents(c.yesPriceCents), 4)
        });
        const want = expectedNotional(c, action);
        const limitTotal = notional(filled(c), cents(limitCents));
        if (action === 'buy') expect(want).toBeLessThanOrEqual(limitTotal);
        else expect(want).toBeGreaterThanOrEqual(limitTotal);
        const status = filled(c) >= order.qty ? 'filled' : 'partial';
        const fee = OrderSchema.parse(v2Order(c, side, action)).taker_fees_dollars;
        // the create answer (YES-book average) …
        const created = outcomeFromCreate(order, createAnswer(c, yesAverage(c)));
        expect(created).toMatchObject({ status, filledQty: filled(c), notional: want, fee });
        // … and the Order of a lookup, by request and by reference
        const wire = OrderSchema.parse(v2Order(c, side, action));
        for (const ref of [order, refOf(order)]) {
          expect(outcomeFromOrder(ref, wire)).toMatchObject({
            status,
            filledQty: filled(c),
            notional: want,
            fee
          });
        }
      });
    }
  }
});

describe('a flipped orientation becomes unknown', () => {
  const c = CAPTURES[3]; // sell 20 YES @84c, 7 filled at 84c (NO cost 16c)
  it.each(readings(c))('create: average_fill_price in outcome terms, %s %s @%ic', (s, a, l) => {
    const order = orderFor(c, s, a, l);
    // the venue reports the NO price (16c) for this ask instead of the YES-book price (84c)
    const flipped = complementPrice(yesAverage(c));
    const o = outcomeFromCreate(order, createAnswer(c, flipped));
    expect(o).toMatchObject({ status: 'unknown', orderId: c.order.order_id, filledQty: 0 });
    expect(o.reason).toMatch(/^kalshi average_fill_price gives \$0\.\d+ per (YES|NO) contract/);
    expect(o.reason).toMatch(a === 'buy' ? /above the buy limit/ : /below the sell limit/);
  });

  it.each(readings(c))('lookup: cost in YES-book terms, %s %s @%ic', (s, a, l) => {
    const order = orderFor(c, s, a, l);
    // the Order reports the YES-book value (7 × 84c) instead of the outcome cost (7 × 16c)
    const wire = OrderSchema.parse({
      ...v2Order(c, s, a),
      taker_fill_cost_dollars: formatDollars(subMicros(payout(filled(c)), cost(c)))
    });
    for (const ref of [order, refOf(order)]) {
      const o = outcomeFromOrder(ref, wire);
      expect(o).toMatchObject({ status: 'unknown', filledQty: 0, notional: 0 });
      expect(o.reason).toMatch(/price orientation is unproven/);
    }
  });

  it('lookup: an Order of the other direction is unknown', () => {
    const order = orderFor(c, 'yes', 'sell', 84);
    const wire = OrderSchema.parse({ ...v2Order(c, 'yes', 'sell'), book_side: 'bid' });
    expect(outcomeFromOrder(order, wire)).toMatchObject({ status: 'unknown' });
    expect(outcomeFromOrder(order, wire).reason).toMatch(/order direction .* is not ask\/no/);
  });

  it('a price outside (0, 1) is unknown', () => {
    const order = orderFor(CAPTURES[0], 'yes', 'buy', 9);
    const o = outcomeFromCreate(order, createAnswer(CAPTURES[0], ZERO_MICROS));
    expect(o).toMatchObject({ status: 'unknown' });
    expect(o.reason).toMatch(/outside \(0, 1\)/);
  });

  /**
   * What the check can and cannot see, exactly: a NO buy limited at q that truly filled at
   * q' ≤ q, reported flipped (q' where the YES-book 1 − q' was expected), reads as a fill at
   * 1 − q'; it is caught iff 1 − q' > q, i.e. q + q' < $1. Every NO buy at or under 50c is
   * caught; above that only fills far enough below the limit are.
   */
  it('a flipped NO buy is caught exactly when limit + true price < $1', () => {
    let caught = 0;
    let missed = 0;
    for (let q = 1; q <= 99; q++) {
      for (let qTrue = 1; qTrue <= q; qTrue++) {
        const order = kalshiOrder(kalshiMarket('KXGRID'), 'no', 'buy', 1, q, 'grid');
        const r = CreateOrderV2ResponseSchema.parse({
          order_id: 'o',
          fill_count: '1.00',
          average_fill_price: formatDollars(cents(qTrue)),
          average_fee_paid: '0.0100'
        });
        const unknown = outcomeFromCreate(order, r).status === 'unknown';
        expect(unknown).toBe(q + qTrue < 100);
        if (unknown) caught++;
        else missed++;
      }
    }
    expect([caught, missed]).toEqual([2450, 2500]);
  });
});

describe('priceSideProblem', () => {
  const one = contracts(1);
  it.each([
    ['yes', 'buy', 40, 40, null],
    ['yes', 'buy', 41, 40, 'above'],
    ['no', 'buy', 60, 60, null],
    ['no', 'buy', 61, 60, 'above'],
    ['yes', 'sell', 40, 40, null],
    ['yes', 'sell', 39, 40, 'below'],
    ['no', 'sell', 60, 60, null],
    ['no', 'sell', 59, 60, 'below']
  ] as const)('%s %s at %ic, limit %ic → %s', (side, action, p, l, want) => {
    const why = priceSideProblem({ side, action }, one, cents(p), cents(l), 'f');
    if (want === null) expect(why).toBeNull();
    else expect(why).toMatch(new RegExp(`${want} the ${action} limit`));
  });

  it('compares totals exactly: one micro-dollar over on 3 contracts is caught', () => {
    const fill = contracts(3);
    const at = notional(fill, cents(16));
    expect(priceSideProblem({ side: 'no', action: 'buy' }, fill, at, cents(16), 'f')).toBeNull();
    expect(
      priceSideProblem(
        { side: 'no', action: 'buy' },
        fill,
        addMicros(at, asMicros(1)),
        cents(16),
        'f'
      )
    ).toMatch(/above the buy limit \$0\.16/);
  });
});
