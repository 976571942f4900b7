/**
 * The simulated venue's answers (placements and lookups, both venues, fee and fee-free
 * markets) are legitimate, so {@link checkOutcome} must believe every one of them unchanged.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  cents,
  checkOutcome,
  contracts,
  asMicros,
  asQty,
  type MarketPair,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type OrderStatus,
  type Venue
} from '../core/index.js';

const MARKETS = demoMarkets();
const PLAIN: MarketPair = MARKETS[1]!; // standard Kalshi fees, fee-free Polymarket
const FEES: MarketPair = MARKETS[2]!; // Polymarket 3 % × p(1 − p)

function setup(venue: Venue, market: MarketPair) {
  const clock = new ManualClock();
  const sim = new SimulatedVenue({ venue, clock, seed: 11 });
  const signal = new AbortController().signal;
  const { marketId } = market;
  sim.setBook(marketId, 'yes', {
    asks: [
      { price: cents(41), qty: contracts(3) },
      { price: cents(43), qty: contracts(4) },
      { price: asMicros(450_300), qty: asQty(1_230_000) }
    ],
    bids: [
      { price: cents(39), qty: contracts(2) },
      { price: asMicros(371_700), qty: asQty(2_500_000) }
    ]
  });
  sim.setBook(marketId, 'no', {
    asks: [{ price: cents(57), qty: contracts(10) }],
    bids: [{ price: cents(55), qty: contracts(10) }]
  });
  let seq = 0;
  const order = (o: Partial<OrderRequest>): OrderRequest => ({
    venue,
    market,
    side: 'yes',
    action: 'buy',
    qty: contracts(5),
    limitPrice: cents(45),
    clientOrderId: `${venue}-${(seq += 1)}`,
    executionId: 'e-1',
    reduceOnly: false,
    ...o
  });
  /** Places (the 0 ms latency passes), then looks the order up by client and venue id. */
  const run = async (req: OrderRequest): Promise<[OrderRef | OrderRequest, OrderOutcome][]> => {
    const placing = sim.placeOrder(req, signal);
    await clock.advance(0);
    const placed = await placing;
    const ref: OrderRef = { ...req, ...(placed.orderId ? { orderId: placed.orderId } : {}) };
    const looking = sim.lookupOrder(ref, signal);
    await clock.advance(0);
    return [
      [req, placed],
      [ref, await looking]
    ];
  };
  return { sim, order, run };
}

type Make = ReturnType<typeof setup>['order'];
interface Case {
  readonly name: string;
  readonly orders: (o: Make) => OrderRequest[];
  /** Statuses of the placements, per venue. */
  readonly placed: Readonly<Record<Venue, readonly OrderStatus[]>>;
}
const both = (...s: OrderStatus[]) => ({ kalshi: s, polymarket: s });

const cases: readonly Case[] = [
  {
    name: 'a full buy across levels',
    orders: (o) => [o({ qty: contracts(5), limitPrice: cents(43) })],
    placed: both('filled')
  },
  {
    name: 'a partial buy down to a sub-cent level',
    orders: (o) => [o({ qty: contracts(9), limitPrice: asMicros(450_300) })],
    placed: both('partial')
  },
  {
    name: 'a buy finding nothing',
    orders: (o) => [o({ limitPrice: cents(40) })],
    placed: both('none')
  },
  {
    name: 'a NO buy',
    orders: (o) => [o({ side: 'no', qty: contracts(7), limitPrice: cents(60) })],
    placed: both('filled')
  },
  {
    name: 'a buy, then sells across bids: partial, then nothing left to sell',
    orders: (o) => [
      o({ qty: contracts(6), limitPrice: cents(43) }),
      o({ action: 'sell', qty: contracts(5), limitPrice: asMicros(371_700), reduceOnly: true }),
      o({ action: 'sell', qty: contracts(2), limitPrice: asMicros(371_700), reduceOnly: true })
    ],
    placed: {
      kalshi: ['filled', 'partial', 'rejected'],
      polymarket: ['filled', 'partial', 'rejected']
    }
  },
  {
    name: 'a sell of nothing held',
    orders: (o) => [o({ action: 'sell', limitPrice: cents(30) })],
    placed: both('rejected')
  }
];

describe('checkOutcome believes the simulated venue', () => {
  for (const venue of ['kalshi', 'polymarket'] as const) {
    for (const market of [PLAIN, FEES]) {
      for (const c of cases) {
        it(`${venue}, market ${market.marketId}: ${c.name}`, async () => {
          const { order, run } = setup(venue, market);
          const placed: OrderStatus[] = [];
          for (const req of c.orders(order)) {
            const answers = await run(req);
            placed.push(answers[0]![1].status);
            for (const [ref, out] of answers) expect(checkOutcome(ref, out)).toStrictEqual(out);
          }
          expect(placed).toEqual(c.placed[venue]);
        });
      }
    }
  }

  it('scripted answers: partial, pending, rejection with Retry-After', async () => {
    const { sim, order, run } = setup('polymarket', FEES);
    sim.script({ behaviour: { kind: 'fillQty', qty: contracts(2) } });
    sim.script({ behaviour: { kind: 'pending', resolveAfterMs: 1_000, fill: 'book' } });
    sim.script({
      behaviour: {
        kind: 'reject',
        rejectKind: 'rate_limited',
        reason: 'HTTP 429',
        retryAfterMs: 250
      }
    });
    const answers = [
      ...(await run(order({ limitPrice: cents(43) }))),
      ...(await run(order({ limitPrice: cents(43) }))),
      ...(await run(order({ limitPrice: cents(43) })))
    ];
    expect(answers.map(([, o]) => o.status)).toEqual([
      'partial',
      'partial',
      'pending',
      'pending',
      'rejected',
      'none'
    ]);
    for (const [ref, out] of answers) expect(checkOutcome(ref, out)).toStrictEqual(out);
  });
});
