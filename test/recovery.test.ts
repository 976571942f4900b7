/**
 * Recovery from the ledger: what a crashed run stored (intents, outcomes, venue ids, close
 * fills) becomes the right resume requests, and a real supervisor fed with them finishes every
 * execution through simulated venues without re-sending an order or doubling a fill.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor, type ResumeRequest } from '../actors/supervisor.js';
import { Ledger, type Recovery } from '../adapters/ledger/index.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  cents,
  contracts,
  marketRegistry,
  ZERO_MICROS,
  type ExecutionResult,
  type OrderRequest,
  type Side,
  type Venue
} from '../core/index.js';
import { testMarket } from './support/engine.js';

const markets = marketRegistry([testMarket(1), testMarket(2)]);
const signal = new AbortController().signal;
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const order = (
  exec: string,
  cid: string,
  venue: Venue,
  side: Side,
  action: 'buy' | 'sell',
  qty: number,
  price: number
): OrderRequest => ({
  venue,
  market: markets.get(exec === 'x-1' ? 1 : 2)!,
  side,
  action,
  qty: contracts(qty),
  limitPrice: cents(price),
  clientOrderId: cid,
  executionId: exec,
  reduceOnly: action === 'sell'
});
const opp = (marketId: number, yes: number, no: number, size: number) => ({
  marketId,
  arbType: 'PolyYesKalshiNo' as const,
  yesPrice: cents(yes),
  noPrice: cents(no),
  yesSize: contracts(size),
  noSize: contracts(size),
  detectedNs: 0
});

/** A crashed run, written through the journal by hand: the venues did more than was recorded. */
async function crashedRun() {
  const clock = new ManualClock();
  const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, seed: 1 });
  const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2 });
  const venues = { kalshi, polymarket };
  const ledger = Ledger.open(':memory:', { clock });
  polymarket.setBook(1, 'yes', { asks: [lv(45, 10)], bids: [] });
  kalshi.setBook(1, 'no', { asks: [lv(50, 10)], bids: [] });
  polymarket.setBook(2, 'yes', { asks: [lv(52, 5)], bids: [lv(52, 3), lv(51, 2)] });
  const place = async (o: OrderRequest, record: 'outcome' | 'venueId' | 'nothing') => {
    ledger.orderIntent(o, o.action === 'buy' ? 'entry' : 'close', clock.wallMs());
    const p = venues[o.venue].placeOrder(o, signal);
    await clock.advance(1);
    const out = await p;
    if (record === 'venueId' && out.orderId)
      ledger.recordVenueOrderId(o.clientOrderId, out.orderId);
    if (record === 'outcome') ledger.orderOutcome(o, out, clock.wallMs());
    if (record === 'outcome' && out.filledQty > 0)
      ledger.fill({
        pairId: o.market.pairId,
        marketId: o.market.marketId,
        description: o.market.description,
        platform: o.venue,
        side: o.side,
        action: o.action,
        contracts: out.filledQty,
        avgPrice: ZERO_MICROS,
        notional: out.notional,
        fee: out.fee,
        orderId: out.orderId,
        clientOrderId: o.clientOrderId,
        executionId: o.executionId,
        timestampNs: clock.nowNs(),
        wallTimeMs: clock.wallMs()
      });
    return out;
  };
  // x-1: both legs sent; only the YES answer was recorded
  ledger.executionStarted('x-1', opp(1, 45, 50, 10), clock.wallMs());
  await place(order('x-1', 'x-1-y', 'polymarket', 'yes', 'buy', 10, 45), 'outcome');
  await place(order('x-1', 'x-1-n', 'kalshi', 'no', 'buy', 10, 50), 'nothing');
  // x-2: YES 5 filled, NO never sent; close c1 sold 3 (recorded), close c2 sent (venue id only)
  ledger.executionStarted('x-2', opp(2, 52, 45, 5), clock.wallMs());
  await place(order('x-2', 'x-2-y', 'polymarket', 'yes', 'buy', 5, 52), 'outcome');
  await place(order('x-2', 'x-2-c1', 'polymarket', 'yes', 'sell', 5, 52), 'outcome');
  const c2 = await place(order('x-2', 'x-2-c2', 'polymarket', 'yes', 'sell', 2, 51), 'venueId');
  return { clock, kalshi, polymarket, ledger, c2OrderId: c2.orderId ?? '' };
}

describe('recovery', () => {
  it('Recovery.resume is assignable to the supervisor’s ResumeRequest[] (type level)', () => {
    expectTypeOf<Recovery['resume']>().toExtend<ResumeRequest[]>();
    const take = (r: Recovery): readonly ResumeRequest[] => r.resume;
    expect(typeof take).toBe('function');
  });

  it('builds resume requests: an entry leg without outcome; close progress with a pending close and its venue id', async () => {
    const { ledger, c2OrderId } = await crashedRun();
    const r = ledger.recover(markets);
    expect(r.unfinished).toBe(2);
    expect(r.pendingOrders).toBe(2);
    expect(r.openExposure).toBe(contracts(10) + contracts(2));
    expect(r.fills).toBe(3);
    expect(r.resume.map((x) => x.executionId)).toEqual(['x-1', 'x-2']);
    const [x1, x2] = r.resume;
    expect(x1?.req).toEqual(opp(1, 45, 50, 10));
    expect(x1?.state.qty).toBe(contracts(10));
    expect(x1?.state.legs.yes.outcome).toMatchObject({
      status: 'filled',
      filledQty: contracts(10)
    });
    expect(x1?.state.legs.no).toEqual({
      order: order('x-1', 'x-1-n', 'kalshi', 'no', 'buy', 10, 50),
      outcome: null
    });
    expect(x1?.state.close).toBeNull();
    expect(x2?.state.legs.no).toEqual({ order: null, outcome: null });
    expect(x2?.state.close).toEqual({
      closed: contracts(3),
      hedged: 0,
      hedgeCost: 0,
      proceeds: cents(156),
      fee: 0,
      attempts: 2,
      price: cents(51),
      lastOrder: { venue: 'polymarket', action: 'sell' },
      pending: order('x-2', 'x-2-c2', 'polymarket', 'yes', 'sell', 2, 51),
      pendingOrderId: c2OrderId
    });
    expect(c2OrderId).not.toBe('');
    expect(r.banner).toBe(
      'ledger: recovered 2 unfinished execution(s), 2 resuming (1 mid auto-close); 2 order(s) to reconcile with the venues; open exposure 12 contracts; 3 fill(s) on record; no breaker state saved'
    );
  });

  it('a supervisor resumed from the ledger finishes both executions without re-sending or doubling a fill', async () => {
    const { clock, kalshi, polymarket, ledger } = await crashedRun();
    const supervisor = new ExecutionSupervisor({
      markets,
      venues: { kalshi, polymarket },
      clock,
      journal: ledger,
      idPrefix: 'r-'
    });
    const results: ExecutionResult[] = [];
    supervisor.results$.subscribe((r) => results.push(r));
    const placed = kalshi.placements + polymarket.placements;
    expect(supervisor.resume(ledger.recover(markets).resume)).toEqual(['x-1', 'x-2']);
    await clock.runUntilIdle(60_000);
    expect(results.find((r) => r.executionId === 'x-1')).toMatchObject({
      success: true,
      matchedContracts: contracts(10)
    });
    expect(results.find((r) => r.executionId === 'x-2')).toMatchObject({
      error: 'partial_fill',
      closedContracts: contracts(5),
      unhedgedContracts: 0,
      realizedProfit: cents(-2)
    });
    expect(kalshi.placements + polymarket.placements).toBe(placed); // nothing re-sent
    const venueFills = [...kalshi.fills(), ...polymarket.fills()]
      .map((f) => `${f.clientOrderId}:${f.qty}`)
      .sort();
    expect(
      ledger
        .fills()
        .map((f) => `${f.clientOrderId}:${f.contracts}`)
        .sort()
    ).toEqual(venueFills);
    expect(ledger.summary()).toMatchObject({
      executions: 2,
      unfinished: 0,
      fills: 5,
      openExposure: 0,
      resultsByCode: { ok: 1, partial_fill: 1 }
    });
    expect(ledger.recover(markets).resume).toEqual([]);
    await supervisor.stop({ timeoutMs: 0 });
    ledger.close();
  });

  it('an unfinished execution whose market is gone is reported, not resumed', async () => {
    const { ledger } = await crashedRun();
    const r = ledger.recover(marketRegistry([testMarket(2)]));
    expect(r.resume.map((x) => x.executionId)).toEqual(['x-2']);
    expect(r.skipped).toEqual([
      { executionId: 'x-1', marketId: 1, reason: 'market 1 is not in the markets file' }
    ]);
    expect(r.banner).toContain('NOT resumed x-1: market 1 is not in the markets file');
    ledger.close();
  });
});
