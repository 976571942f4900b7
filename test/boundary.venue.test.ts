/**
 * A venue answer is evidence, not truth. Hostile answers from the Kalshi adapter (placement
 * and lookup) — NaN, undefined, more than ordered, negative, fractional micro-contracts, a
 * −$1,000,000 fee, an answer about another order, a fill reported again — never reach
 * `fills$`/`results$` as money or quantity, never crash the engine and never hold or steal a
 * bit. The engine looks the order up and ends with what the venue really holds.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import {
  ERROR_CODES,
  contracts,
  dollars,
  type ExecutionResult,
  type FillRecord,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type VenueAdapter
} from '../core/index.js';
import { testEngine } from './support/engine.js';

type Tamper<T> = (x: T, real: () => Promise<OrderOutcome>) => Promise<unknown>;

/** The Kalshi adapter with its next answers replaced, in order, by the given tamperings. */
function tampered(
  place: Tamper<OrderRequest>[],
  lookup: Tamper<OrderRef>[] = []
): (venue: string, a: VenueAdapter) => VenueAdapter {
  return (venue, a) =>
    venue !== 'kalshi'
      ? a
      : {
          venue: a.venue,
          placeOrder: (o, s) => {
            const t = place.shift();
            const real = () => a.placeOrder(o, s);
            return (t ? t(o, real) : real()) as Promise<OrderOutcome>;
          },
          lookupOrder: (r, s) => {
            const t = lookup.shift();
            const real = () => a.lookupOrder(r, s);
            return (t ? t(r, real) : real()) as Promise<OrderOutcome>;
          }
        };
}

/** The answer the venue gave, with `patch` over it. */
const skew =
  (patch: Record<string, unknown>): Tamper<OrderRequest | OrderRef> =>
  async (_, real) => ({ ...(await real()), ...patch });

/** The order reaches the venue; the answer that comes back is `answer`. */
const sent =
  (answer: unknown): Tamper<OrderRequest> =>
  async (_, real) => {
    await real();
    return answer;
  };

const sound = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n);

function checkSound(fills: readonly FillRecord[], results: readonly ExecutionResult[]) {
  for (const f of fills) {
    expect(sound(f.contracts) && f.contracts > 0 && f.contracts <= contracts(10)).toBe(true);
    expect(sound(f.notional) && f.notional > 0 && f.notional <= f.contracts).toBe(true);
    expect(sound(f.fee) && f.fee >= 0).toBe(true);
  }
  for (const r of results) {
    expect(r.error === null || ERROR_CODES.includes(r.error)).toBe(true);
    for (const k of ['matchedContracts', 'realizedProfit', 'unhedgedContracts'] as const)
      expect(sound(r[k])).toBe(true);
  }
}

/** Runs one PolyYesKalshiNo arb (NO on Kalshi) with the Kalshi answers tampered. */
async function arb(place: Tamper<OrderRequest>[], lookup: Tamper<OrderRef>[] = []) {
  let breaker: CircuitBreaker | undefined;
  const e = testEngine({
    wrap: tampered(place, lookup),
    risk: (clock, logger) => (breaker = new CircuitBreaker({ clock, logger }))
  });
  e.book('polymarket', 1, 'yes', [[45, 10]], [[40, 100]]);
  e.book('kalshi', 1, 'no', [[50, 10]], [[40, 100]]);
  const r = await new Promise<ExecutionResult>((resolve) => {
    void e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 50)).then(resolve);
    void e.clock.runUntilIdle();
  });
  await e.clock.runUntilIdle();
  checkSound(e.fills, e.results);
  expect(e.supervisor.bitmask.claimedCount()).toBe(0);
  expect(e.supervisor.liveCount()).toBe(0);
  // what fills$ says the engine holds is what the venue holds
  const held = (side: 'yes' | 'no', venue: 'kalshi' | 'polymarket') =>
    e.fills
      .filter((f) => f.platform === venue && f.side === side)
      .reduce((q, f) => (f.action === 'buy' ? q + f.contracts : q - f.contracts), 0);
  expect(held('no', 'kalshi')).toBe(e.kalshi.position(1, 'no'));
  expect(held('yes', 'polymarket')).toBe(e.polymarket.position(1, 'yes'));
  return { e, r, breaker: breaker! };
}

describe('hostile placement answers are unknown and looked up', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a NaN fill', { filledQty: Number.NaN }],
    ['20 filled of 10 ordered', { filledQty: contracts(20) }],
    ['a negative fill', { filledQty: contracts(-5) }],
    ['a fractional micro-contract', { filledQty: 1.5 }],
    ['a −$1,000,000 fee', { fee: dollars(-1_000_000) }],
    ['an unknown status', { status: 'weird' }],
    ['another order id', { clientOrderId: 'someone-else' }]
  ])('%s: the lookup tells the truth, the arb completes hedged', async (_, patch) => {
    const { e, r } = await arb([skew(patch)]);
    expect(r.error).toBeNull();
    expect(r.matchedContracts).toBe(contracts(10));
    expect(e.logs.some((l) => l.msg.includes('⚠️'))).toBe(true); // the unknown leg was said
  });

  it('an undefined answer is unknown, not a held bit', async () => {
    const { r } = await arb([sent(undefined)]);
    expect(r.error).toBeNull();
  });

  it('an adapter that throws after sending is unknown, not a crash', async () => {
    const { r } = await arb([
      async (_, real) => {
        await real();
        throw new Error('socket reset');
      }
    ]);
    expect(r.error).toBeNull();
  });

  it('an order the answer lost and the venue never saw counts 0: the other leg is closed', async () => {
    const { e, r } = await arb([() => Promise.resolve(undefined)]);
    expect(r.error).toBe('partial_fill');
    expect(r.unhedgedContracts).toBe(0);
    expect(e.polymarket.position(1, 'yes')).toBe(0);
  });

  it('a daily-loss limit is not switched off by a hostile fee', async () => {
    const { r, breaker } = await arb([skew({ fee: dollars(-1_000_000) })]);
    // what the breaker counts is the real day: 10 contracts at 5¢ less the real Kalshi fee
    expect(breaker.status().dailyPnl).toBe(r.realizedProfit);
    expect(r.realizedProfit).toBeLessThan(dollars(0.5));
    expect(r.realizedProfit).toBeGreaterThan(0);
  });
});

describe('hostile lookup answers are rejected', () => {
  it('a lookup about another order that "closed 1,000 contracts" is not believed', async () => {
    const other: Tamper<OrderRef> = (ref) =>
      Promise.resolve({
        status: 'filled',
        clientOrderId: `${ref.clientOrderId}-not-mine`,
        filledQty: contracts(1_000),
        notional: dollars(500),
        fee: 0
      });
    const { e, r } = await arb([sent(undefined)], [other, other]);
    expect(r.error).toBeNull();
    expect(e.fills.every((f) => f.contracts <= contracts(10))).toBe(true);
  });

  it('a fill reported again by a later lookup is counted once', async () => {
    // the Kalshi NO leg's placement is lost; each lookup answers the same final fill
    const { e, r } = await arb([sent({ status: 'unknown' })]);
    expect(r.error).toBeNull();
    const kalshiFills = e.fills.filter((f) => f.platform === 'kalshi');
    expect(kalshiFills).toHaveLength(1);
    expect(kalshiFills[0]?.contracts).toBe(contracts(10));
  });
});
