/**
 * The engine (ExecutionSupervisor) running executions through the real Kalshi adapter against
 * the mock Kalshi over loopback; the Polymarket side is the simulated venue. Engine timers run
 * on a ManualClock that the test pumps while the loopback I/O happens in real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  cents,
  contracts,
  type ArbType,
  type ExecutionResult,
  type FillRecord
} from '../core/index.js';
import {
  kalshiMarket,
  startKalshiRig,
  testKeyPair,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';

const keys = testKeyPair();
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const market = kalshiMarket('KXENGINE-26', 1);
let rig: KalshiRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function engine(placeMs = 3_000) {
  const clock = new ManualClock();
  const r = (rig = await startKalshiRig({ clock, keys, adapter: { timeouts: { placeMs } } }));
  const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2 });
  const supervisor = new ExecutionSupervisor({
    markets: [market],
    venues: { kalshi: r.adapter, polymarket },
    clock,
    idPrefix: 'eng-',
    config: { reconcile: { lookupTimeoutMs: 60_000 } }
  });
  const fills: FillRecord[] = [];
  supervisor.fills$.subscribe((f) => fills.push(f));
  const opp = (arbType: ArbType, yes: number, no: number, size = 10) => ({
    marketId: 1,
    arbType,
    yesPrice: cents(yes),
    noPrice: cents(no),
    yesSize: contracts(size),
    noSize: contracts(size),
    detectedNs: clock.nowNs()
  });
  /** Submits and pumps the manual clock (100 ms steps) while real I/O completes. */
  const run = async (req: ReturnType<typeof opp>): Promise<ExecutionResult> => {
    let result: ExecutionResult | undefined;
    const p = supervisor.submit(req).then((x) => (result = x));
    for (let i = 0; i < 5_000 && result === undefined; i++) {
      await new Promise((res) => setTimeout(res, 2));
      if (result === undefined) await clock.advance(100);
    }
    return p;
  };
  return { clock, r, polymarket, supervisor, fills, opp, run };
}

describe('engine through the real Kalshi adapter', () => {
  it('KalshiOnly: both legs as V2 IOC orders on one YES book (bid YES, ask for NO); success', async () => {
    const e = await engine();
    e.r.mock.setBook('KXENGINE-26', { asks: [lv(45, 10)], bids: [lv(52, 10)] }); // NO ask = 48c
    const cash0 = e.r.mock.balance();
    const r = await e.run(e.opp('KalshiOnly', 45, 48));
    expect(r).toMatchObject({
      success: true,
      error: null,
      matchedContracts: contracts(10),
      closedContracts: 0
    });
    expect(r.legs?.yes).toMatchObject({
      venue: 'kalshi',
      filled: contracts(10),
      notional: cents(450),
      fee: cents(18)
    });
    expect(r.legs?.no).toMatchObject({
      venue: 'kalshi',
      filled: contracts(10),
      notional: cents(480),
      fee: cents(18)
    });
    expect(r.realizedProfit).toBe(cents(70) - cents(36));
    const orders = e.r.mock.orders();
    expect(orders.map((o) => [o.side, o.price, o.reduceOnly])).toEqual(
      expect.arrayContaining([
        ['bid', cents(45), false],
        ['ask', cents(52), false]
      ])
    );
    expect(new Set(orders.map((o) => o.clientOrderId))).toEqual(
      new Set([`${r.executionId}-y`, `${r.executionId}-n`])
    );
    expect(e.fills.map((f) => f.platform)).toEqual(['kalshi', 'kalshi']);
    // YES + NO in one Kalshi market net out: no position, cash up by the arb minus fees
    expect(e.r.mock.position('KXENGINE-26')).toBe(0);
    expect(e.r.mock.balance() - cash0).toBe(r.realizedProfit);
  });

  it('PolyYesKalshiNo: the Kalshi leg times out although the venue filled it → reconciled, no auto-close', async () => {
    const e = await engine(3_000);
    e.polymarket.setBook(1, 'yes', { asks: [lv(45, 10)], bids: [] });
    e.r.mock.setBook('KXENGINE-26', { asks: [], bids: [lv(50, 10)] });
    e.r.mock.script({ fault: { type: 'slow', delayMs: 120_000 }, match: { method: 'POST' } });
    const r = await e.run(e.opp('PolyYesKalshiNo', 45, 50));
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(10), closedContracts: 0 });
    expect(r.legs?.no).toMatchObject({
      venue: 'kalshi',
      filled: contracts(10),
      notional: cents(500)
    });
    expect(e.r.mock.orders()).toHaveLength(1); // no close order, no duplicate
    expect(e.polymarket.orders().filter((o) => o.action === 'sell')).toHaveLength(0);
    const lookups = e.r.mock
      .requests()
      .filter((q) => q.method === 'GET' && q.path.endsWith('/portfolio/orders'));
    expect(lookups.length).toBeGreaterThan(0);
  });

  it('PolyYesKalshiNo with a short Polymarket fill: the Kalshi NO excess is closed with reduce-only bids', async () => {
    const e = await engine();
    e.polymarket.setBook(1, 'yes', { asks: [lv(45, 10)], bids: [] });
    e.polymarket.script({ behaviour: { kind: 'fillQty', qty: contracts(6) } });
    e.r.mock.setBook('KXENGINE-26', { asks: [lv(53, 10)], bids: [lv(50, 10)] });
    const r = await e.run(e.opp('PolyYesKalshiNo', 45, 50));
    expect(r).toMatchObject({
      error: 'partial_fill',
      matchedContracts: contracts(6),
      closedContracts: contracts(4),
      unhedgedContracts: 0
    });
    const closes = e.r.mock.orders().filter((o) => o.reduceOnly);
    expect(closes.every((o) => o.side === 'bid')).toBe(true);
    // walks the NO price down 1c per try: bids at 50, 51, 52 miss; 53 crosses the 53c YES ask
    expect(closes.map((o) => o.price)).toEqual([cents(50), cents(51), cents(52), cents(53)]);
    const sold = e.fills.filter((f) => f.action === 'sell');
    expect(sold).toHaveLength(1);
    expect(sold[0]).toMatchObject({
      platform: 'kalshi',
      side: 'no',
      contracts: contracts(4),
      notional: cents(188)
    });
    expect(e.r.mock.position('KXENGINE-26')).toBe(contracts(-6));
  });
});
