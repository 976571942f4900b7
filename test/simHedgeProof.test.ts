/**
 * The simulation's `exposure-closed` proof after the hedge (sim/endExposure.ts): a sell walk
 * that ends now always hedges, so only the hedge itself can prove exposure unclosable — a
 * ceiling-priced close buy whose book was dry right after its match, or a close buy the venue
 * refused for good, of the execution that reported it. And the fault-injecting venue's lookups
 * prove no more than the live adapters can (`neverPlaced` is Kalshi's only). The proof keeps the
 * exposure's side: dry hedge buys of the side a market ends long do not excuse it. And the
 * in-sim journal (sim/journal.ts) recovers a close buy as a hedge, as the ledger does.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../adapters/random.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { ManualClock } from '../actors/manualClock.js';
import {
  cents,
  contracts,
  negQty,
  notional,
  ZERO_MICROS,
  ZERO_QTY,
  type ExecutionResult,
  type FastExecutionRequest,
  type OrderOutcome,
  type OrderRequest,
  type Venue,
  type VenueAdapter
} from '../core/index.js';
import { checkExposure } from '../sim/endExposure.js';
import type { CloseMiss } from '../sim/exposure.js';
import { FaultPlan, type FaultProbs } from '../sim/faults.js';
import { FaultyVenue } from '../sim/faultyVenue.js';
import { recover, SimJournal } from '../sim/journal.js';
import { Monitor } from '../sim/monitor.js';
import { Trace } from '../sim/trace.js';
import { FAULT_KINDS } from '../sim/types.js';
import { testEngine, testMarket, type TestEngine } from './support/engine.js';

/** A close buy (a hedge) that never reaches the venue: answered `none` by the adapter itself. */
const hedgeNeverSent = (_v: string, a: VenueAdapter): VenueAdapter => ({
  venue: a.venue,
  placeOrder: (o, s): Promise<OrderOutcome> =>
    /-c\d+$/.test(o.clientOrderId) && o.action === 'buy'
      ? Promise.resolve({
          status: 'none',
          clientOrderId: o.clientOrderId,
          filledQty: ZERO_QTY,
          notional: ZERO_MICROS,
          fee: ZERO_MICROS
        })
      : a.placeOrder(o, s),
  lookupOrder: (r, s) => a.lookupOrder(r, s)
});

/**
 * A NO leg of 7 fills on Kalshi, the YES leg finds nothing; nobody bids for NO, so the sell walk
 * ends at the floor (its 1¢ sell proven dry) and the close hedges. `yesAsks`: whether YES is
 * offered at 60¢ from just after the legs (the hedge can buy it).
 */
async function strandedNo(e: TestEngine, yesAsks: boolean): Promise<ExecutionResult> {
  e.book('kalshi', 1, 'no', [[45, 7]]);
  const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 7));
  await e.clock.advance(1);
  if (yesAsks) {
    e.book('kalshi', 1, 'yes', [[60, 7]]);
    e.book('polymarket', 1, 'yes', [[60, 7]]);
  }
  await e.clock.runUntilIdle(600_000);
  return p;
}

function monitorOf(e: TestEngine, r: ExecutionResult): Monitor {
  const mon = new Monitor(new Trace({ nowMs: () => e.clock.nowMs() }), e.venues, 10_000, () =>
    e.clock.nowMs()
  );
  mon.results.set(r.executionId, r);
  mon.alerted.add(r.executionId);
  return mon;
}

/** What faultyVenue.ts notes for a venue order at its limit left with the book dry. */
function missOf(e: TestEngine, venue: Venue, clientOrderId: string): CloseMiss {
  const o = e.venues[venue].orders().find((x) => x.clientOrderId === clientOrderId)!;
  return {
    venue,
    marketId: o.marketId,
    side: o.side,
    action: o.action,
    why: 'dry',
    clientOrderId,
    price: o.limitPrice,
    left: contracts(7),
    atMs: 0
  };
}

describe("the simulation's exposure-closed proof after the hedge", () => {
  it('a floor miss of the sell walk does not excuse a hedge that never reached the venue', async () => {
    const e = testEngine({ wrap: hedgeNeverSent });
    const r = await strandedNo(e, true); // the hedge exists: YES offered at 60¢
    expect(r.detail).toBe('auto-close stopped: no asks up to the ceiling');
    expect(r.unhedgedContracts).toBe(contracts(7));
    // the sell walk's floor order, proven dry at its match (as faultyVenue.ts notes it)
    const floor = e.kalshi.orders().find((o) => o.action === 'sell' && o.limitPrice === cents(1));
    expect(floor?.bookDry).toBe(true);
    const miss = missOf(e, 'kalshi', floor!.clientOrderId);
    expect(miss.action).toBe('sell');
    const mon = monitorOf(e, r);
    const unclosable = checkExposure(mon, e.venues, [testMarket(1)], [miss]);
    expect(unclosable).toEqual([]);
    expect(mon.violations.map((v) => v.invariant)).toEqual(['exposure-closed']);
  });

  it("nor does a refusal of the sell walk's order", async () => {
    const e = testEngine({ wrap: hedgeNeverSent });
    const r = await strandedNo(e, true);
    const sell = e.kalshi.orders().find((o) => o.action === 'sell')!;
    const refusal: CloseMiss = { ...missOf(e, 'kalshi', sell.clientOrderId), why: 'refused' };
    const mon = monitorOf(e, { ...r, detail: 'auto-close stopped: rejected (invalid_order): x' });
    expect(checkExposure(mon, e.venues, [testMarket(1)], [refusal])).toEqual([]);
    expect(mon.violations.map((v) => v.invariant)).toEqual(['exposure-closed']);
  });

  it("the hedge's own ceiling buys, dry at their match, prove it", async () => {
    const e = testEngine();
    const r = await strandedNo(e, false); // nothing offered on YES anywhere
    expect(r.detail).toBe('auto-close stopped: no asks up to the ceiling');
    expect(r.unhedgedContracts).toBe(contracts(7));
    const hedges = (['kalshi', 'polymarket'] as const).flatMap((v) =>
      e.venues[v]
        .orders()
        .filter((o) => o.action === 'buy' && o.limitPrice === cents(99) && o.bookDry)
        .map((o) => missOf(e, v, o.clientOrderId))
    );
    expect(hedges.length).toBeGreaterThan(0);
    const floor = e.kalshi.orders().find((o) => o.action === 'sell' && o.limitPrice === cents(1))!;
    const all = [missOf(e, 'kalshi', floor.clientOrderId), ...hedges];
    const mon = monitorOf(e, r);
    // both venues' ceiling misses count once (one order's left, not their sum)
    const unclosable = checkExposure(mon, e.venues, [testMarket(1)], all);
    expect(mon.violations).toEqual([]);
    expect(unclosable).toEqual([{ marketId: 1, contracts: negQty(contracts(7)) }]);
  });

  it("another execution's hedge miss proves nothing for this one", async () => {
    const e = testEngine();
    const r = await strandedNo(e, false);
    const hedge = e.kalshi.orders().find((o) => o.action === 'buy' && o.bookDry)!;
    const other: CloseMiss = { ...missOf(e, 'kalshi', hedge.clientOrderId), clientOrderId: 'x-c9' };
    const mon = monitorOf(e, r);
    expect(checkExposure(mon, e.venues, [testMarket(1)], [other])).toEqual([]);
    expect(mon.violations.map((v) => v.invariant)).toEqual(['exposure-closed']);
  });
});

describe('the fault-injecting venue proves no more than the live adapters', () => {
  const quiet = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as unknown as FaultProbs;
  const hooks = { placing: () => {}, answered: () => {}, lookedUp: () => {} };

  async function lookupNeverSent(venue: Venue): Promise<OrderOutcome> {
    const clock = new ManualClock();
    const inner = new SimulatedVenue({ venue, clock, seed: 1 });
    const v = new FaultyVenue(inner, new FaultPlan(new Random(1), quiet), clock, hooks);
    const ref = {
      venue,
      market: testMarket(1),
      side: 'yes' as const,
      action: 'buy' as const,
      qty: contracts(1),
      clientOrderId: 'never-c1'
    };
    const out = v.lookupOrder(ref, new AbortController().signal);
    await clock.runUntilIdle(60_000);
    return out;
  }

  // the live Polymarket adapter answers a null record with no trades as a plain `none`
  it('a Polymarket lookup of an order it never received is a plain none', async () => {
    const out = await lookupNeverSent('polymarket');
    expect(out.status).toBe('none');
    expect(out.neverPlaced).toBeUndefined();
  });

  // adapters/venues/kalshi/lookup.ts proves it (404 with its send record)
  it('a Kalshi lookup of it still proves it never placed', async () => {
    const out = await lookupNeverSent('kalshi');
    expect(out.status).toBe('none');
    expect(out.neverPlaced).toBe(true);
  });
});

describe("the simulation's exposure-closed proof keeps the exposure's side", () => {
  /** A NO leg of 7 on Kalshi, no YES offered anywhere: the hedge ends dry at the ceiling. */
  async function strandedNoDry(e: TestEngine): Promise<ExecutionResult> {
    e.book('kalshi', 1, 'no', [[45, 7]]);
    const p = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 52, 45, 7));
    await e.clock.runUntilIdle(600_000);
    return p;
  }

  it('a dry YES hedge buy does not excuse a market left long YES (an over-hedge)', async () => {
    const e = testEngine();
    const r = await strandedNoDry(e);
    expect(r.detail).toBe('auto-close stopped: no asks up to the ceiling');
    expect(r.unhedgedContracts).toBe(contracts(7));
    const market = testMarket(1);
    const misses: CloseMiss[] = e.kalshi
      .orders()
      .filter((o) => o.action === 'buy' && o.limitPrice === cents(99) && o.bookDry)
      .map((o) => ({
        ...{ venue: 'kalshi' as const, marketId: 1, side: o.side, action: o.action },
        ...{ why: 'dry' as const, clientOrderId: o.clientOrderId, price: o.limitPrice },
        ...{ left: contracts(7), atMs: 0 }
      }));
    expect(misses.length).toBeGreaterThan(0);
    // a defect buys 14 YES more (the hedge bought twice): the market ends long YES 7, the very
    // side the dry YES buys were hedging TOWARDS, so they prove nothing about it
    e.book('kalshi', 1, 'yes', [[60, 14]]);
    const over: OrderRequest = {
      ...{ venue: 'kalshi', market, side: 'yes', action: 'buy', qty: contracts(14) },
      ...{
        limitPrice: cents(60),
        clientOrderId: `${r.executionId}-c99`,
        executionId: r.executionId
      },
      reduceOnly: false
    };
    const out = e.kalshi.placeOrder(over, new AbortController().signal);
    await e.clock.runUntilIdle(60_000);
    expect((await out).filledQty).toBe(contracts(14));
    const mon = monitorOf(e, r);
    checkExposure(mon, e.venues, [market], misses);
    // the long YES 7 is a violation: proof that long NO could not be closed (the dry YES buys)
    // does not cover an exposure on the other side
    expect(mon.violations.map((v) => v.invariant)).toEqual(['exposure-closed']);
  });
});

describe('sim journal recovery of a close that hedged', () => {
  it('counts a hedge buy as hedged at its cost, not as sale proceeds (as the ledger does)', () => {
    const market = testMarket(1);
    const j = new SimJournal();
    const req: FastExecutionRequest = {
      ...{ marketId: 1, arbType: 'KalshiYesPolyNo', yesPrice: cents(56), noPrice: cents(35) },
      ...{ yesSize: contracts(3), noSize: contracts(3), detectedNs: 0 }
    };
    j.executionStarted('x', req);
    const base = { market, executionId: 'x', qty: contracts(3), reduceOnly: false } as const;
    const yes: OrderRequest = {
      ...{ ...base, venue: 'kalshi', side: 'yes', action: 'buy' },
      ...{ limitPrice: cents(56), clientOrderId: 'x-y' }
    };
    const no: OrderRequest = {
      ...yes,
      ...{ venue: 'polymarket', side: 'no', limitPrice: cents(35), clientOrderId: 'x-n' }
    };
    const out = (o: OrderRequest, n: number): OrderOutcome => ({
      status: n === 0 ? 'none' : 'filled',
      clientOrderId: o.clientOrderId,
      filledQty: contracts(n),
      notional: notional(contracts(n), o.limitPrice),
      fee: ZERO_MICROS
    });
    j.orderIntent(yes, 'entry');
    j.orderIntent(no, 'entry');
    j.orderOutcome(yes, out(yes, 0));
    j.orderOutcome(no, out(no, 3));
    // the NO excess hedged: YES bought on Kalshi at 60¢, all 3 filled; then the crash
    const hedge: OrderRequest = { ...yes, limitPrice: cents(60), clientOrderId: 'x-c1' };
    j.orderIntent(hedge, 'close');
    j.orderOutcome(hedge, out(hedge, 3));
    const close = recover(j).resume[0]?.state.close;
    expect(close).toMatchObject({ closed: contracts(3), lastOrder: { action: 'buy' } });
    // the hedge's $1.80 is a cost, recovered as hedged contracts: counted as proceeds (money
    // received), the resumed close would not know the excess was already hedged
    expect(close?.proceeds).toBe(ZERO_MICROS);
    expect(close?.hedged).toBe(contracts(3));
    expect(close?.hedgeCost).toBe(cents(180));
  });
});
