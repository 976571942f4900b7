/**
 * Two arbs in opposite directions on one market against venues that net the way the real ones
 * do (Kalshi one signed net per market, Polymarket tokens per side), the second with a
 * mismatch that leaves a "Kalshi NO excess" the venue does not hold (issue 13 item 5):
 *
 *   arb 1  KalshiYesPolyNo 10 + 10        → Kalshi +10, Polymarket NO 10
 *   arb 2  PolyYesKalshiNo, Poly YES 7/10 → Kalshi 0 (10 pairs netted), Polymarket YES 7
 *          the execution sees 3 NO excess on Kalshi; the market is really long NO 3, held
 *          as Polymarket NO tokens.
 *
 * Before, the reduce-only NO sell on Kalshi was refused `insufficient_balance` and 3 stayed
 * unhedged. Now the close sells 3 NO on Polymarket, the market ends flat at the venues, and
 * the ledger's positions and the breaker's agree with what the venues hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { ManualClock } from '../actors/manualClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { Ledger } from '../adapters/ledger/index.js';
import {
  kalshiMarket,
  startKalshiRig,
  testKeyPair,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  addQty,
  cents,
  contracts,
  netExposure,
  parseQty,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type RiskPort,
  type VenueHoldings
} from '../core/index.js';
import { scriptedRisk, testEngine, type TestEngine } from './support/engine.js';

const CONFIG = { autoClose: { polySettlementWaitMs: 2_000 } };

const sum = (a: VenueHoldings, b: VenueHoldings): VenueHoldings => ({
  kalshiNet: addQty(a.kalshiNet, b.kalshiNet),
  polyYes: addQty(a.polyYes, b.polyYes),
  polyNo: addQty(a.polyNo, b.polyNo)
});

/** Books for both arbs on the simulated venues, and bids for either close. */
function books(e: TestEngine): void {
  e.book('kalshi', 1, 'yes', [[45, 10]]);
  e.book('polymarket', 1, 'no', [[45, 10]], [[40, 50]]);
  e.book('polymarket', 1, 'yes', [[45, 7]]);
  e.book('kalshi', 1, 'no', [[46, 10]], [[40, 50]]);
}

async function twoArbs(e: TestEngine): Promise<[ExecutionResult, ExecutionResult]> {
  const first = e.supervisor.submit(e.opp(1, 'KalshiYesPolyNo', 45, 45));
  await e.clock.runUntilIdle();
  const a = await first;
  const second = e.supervisor.submit(e.opp(1, 'PolyYesKalshiNo', 45, 46));
  await e.clock.runUntilIdle();
  return [a, await second];
}

describe('opposite-direction arbs on one market: simulated netting venues', () => {
  it('the Kalshi excess the venue does not hold is closed on Polymarket: flat at the venues, ledger and breaker agree', async () => {
    const ledger = Ledger.open(':memory:', { clock: new ManualClock(1_700_000_000_000) });
    let breaker: CircuitBreaker | undefined;
    const e = testEngine({
      config: CONFIG,
      journal: ledger,
      risk: (clock, logger) => (breaker = new CircuitBreaker({ clock, logger }))
    });
    books(e);
    const [a, b] = await twoArbs(e);
    expect(a).toMatchObject({ success: true, matchedContracts: contracts(10) });
    expect(b).toMatchObject({
      error: 'partial_fill',
      matchedContracts: contracts(7),
      unhedgedContracts: 0,
      closedContracts: contracts(3)
    });
    // the close went to the venue that holds NO: Polymarket, never the netted Kalshi
    const sells = e.fills.filter((f) => f.action === 'sell');
    expect(sells.map((f) => [f.platform, f.side, f.contracts])).toEqual([
      ['polymarket', 'no', contracts(3)]
    ]);
    expect(e.kalshi.orders().filter((o) => o.action === 'sell')).toEqual([]);
    // the venues: Kalshi netted 10 pairs to 0, Polymarket holds 7 YES + 7 NO: flat
    const venues = sum(e.kalshi.holdings(1), e.polymarket.holdings(1));
    expect(venues).toEqual({ kalshiNet: 0, polyYes: contracts(7), polyNo: contracts(7) });
    expect(netExposure(venues)).toBe(0);
    expect(e.kalshi.netted(1)).toBe(contracts(10));
    // the breaker holds what the venues hold
    expect(breaker?.holdings(1)).toEqual(venues);
    expect(breaker?.status().positions).toEqual([
      expect.objectContaining({ marketId: 1, yes: contracts(7), no: contracts(7) })
    ]);
    // the ledger's positions too
    const [pos] = ledger.positions();
    expect(pos).toMatchObject({
      marketId: 1,
      exposure: 0,
      held: {
        'kalshi:yes': 0,
        'kalshi:no': 0,
        'polymarket:yes': contracts(7),
        'polymarket:no': contracts(7)
      }
    });
    // and the ledger's P&L is the breaker's day: both sum what the two executions realized
    expect((pos?.realizedPnl ?? 0) + (pos?.lockedInPnl ?? 0)).toBe(
      a.realizedProfit + b.realizedProfit
    );
    expect(breaker?.status().dailyPnl).toBe(a.realizedProfit + b.realizedProfit);
    ledger.close();
  });

  it('without the holdings: the Kalshi sell is refused, the hedge finds no asks, and 3 stay open', async () => {
    const e = testEngine({ config: CONFIG, risk: scriptedRisk({}) });
    books(e);
    const [, b] = await twoArbs(e);
    expect(b).toMatchObject({ error: 'partial_fill', unhedgedContracts: contracts(3) });
    // the refused sell turns into a hedge, which these books cannot fill (no YES asks)
    expect(b.detail).toBe('auto-close stopped: no asks up to the ceiling');
    const venues = sum(e.kalshi.holdings(1), e.polymarket.holdings(1));
    expect(netExposure(venues)).toBe(contracts(-3));
  });

  it('a KalshiOnly arb nets at once at the venue; its mismatch is closed from the net', async () => {
    let breaker: CircuitBreaker | undefined;
    const e = testEngine({
      config: CONFIG,
      risk: (clock, logger) => (breaker = new CircuitBreaker({ clock, logger }))
    });
    e.book('kalshi', 1, 'yes', [[45, 10]], [[40, 50]]);
    e.book('kalshi', 1, 'no', [[45, 6]]);
    const p = e.supervisor.submit(e.opp(1, 'KalshiOnly', 45, 45));
    await e.clock.runUntilIdle();
    const r = await p;
    expect(r).toMatchObject({ error: 'partial_fill', unhedgedContracts: 0 });
    expect(e.kalshi.holdings(1).kalshiNet).toBe(0);
    expect(e.kalshi.netted(1)).toBe(contracts(6));
    expect(breaker?.holdings(1)).toEqual(e.kalshi.holdings(1));
  });
});

describe('opposite-direction arbs on one market: the Kalshi mock over loopback', () => {
  const keys = testKeyPair();
  const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
  const TICKER = 'KXNET-26';
  let rig: KalshiRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('the close sells the Polymarket NO tokens; Kalshi reports position_fp 0; ledger and breaker agree', async () => {
    const clock = new ManualClock();
    const r = (rig = await startKalshiRig({ clock, keys }));
    // one YES book: a YES ask at 45 for arb 1, a YES bid at 54 (a NO at 46) for arb 2
    r.mock.setBook(TICKER, { asks: [lv(45, 10)], bids: [lv(54, 10)] });
    const polymarket = new SimulatedVenue({ venue: 'polymarket', clock, seed: 2 });
    const pb = (side: 'yes' | 'no', asks: [number, number][], bids: [number, number][] = []) =>
      polymarket.setBook(1, side, {
        asks: asks.map(([c, q]) => lv(c, q)),
        bids: bids.map(([c, q]) => lv(c, q))
      });
    pb('no', [[45, 10]], [[40, 50]]);
    pb('yes', [[45, 7]]);
    const ledger = Ledger.open(':memory:', { clock: new ManualClock(1_700_000_000_000) });
    const breaker = new CircuitBreaker({ clock });
    const risk: RiskPort = breaker;
    const supervisor = new ExecutionSupervisor({
      markets: [kalshiMarket(TICKER, 1)],
      venues: { kalshi: r.adapter, polymarket },
      clock,
      risk,
      journal: ledger,
      idPrefix: 'net-',
      config: { ...CONFIG, reconcile: { lookupTimeoutMs: 60_000 } }
    });
    const fills: FillRecord[] = [];
    supervisor.fills$.subscribe((f) => fills.push(f));
    const run = async (req: FastExecutionRequest): Promise<ExecutionResult> => {
      let result: ExecutionResult | undefined;
      const p = supervisor.submit(req).then((x) => (result = x));
      for (let i = 0; i < 5_000 && result === undefined; i++) {
        await new Promise((res) => setTimeout(res, 2));
        if (result === undefined) await clock.advance(100);
      }
      return p;
    };
    const opp = (arbType: FastExecutionRequest['arbType'], yes: number, no: number) => ({
      ...{ marketId: 1, arbType, yesPrice: cents(yes), noPrice: cents(no) },
      ...{ yesSize: contracts(10), noSize: contracts(10), detectedNs: clock.nowNs() }
    });
    const a = await run(opp('KalshiYesPolyNo', 45, 45));
    expect(a).toMatchObject({ success: true, matchedContracts: contracts(10) });
    expect(r.mock.position(TICKER)).toBe(contracts(10));
    await clock.advance(11_000); // the market's slot is released 10 s after a success
    const b = await run(opp('PolyYesKalshiNo', 45, 46));
    expect(b).toMatchObject({
      error: 'partial_fill',
      unhedgedContracts: 0,
      closedContracts: contracts(3)
    });
    expect(fills.filter((f) => f.action === 'sell').map((f) => [f.platform, f.side])).toEqual([
      ['polymarket', 'no']
    ]);
    // what the venues say they hold: Kalshi over its API, Polymarket's tokens
    const listed = (await r.venueGet(`/portfolio/positions?ticker=${TICKER}`)) as {
      market_positions: { ticker: string; position_fp: string }[];
    };
    const fp = listed.market_positions.find((m) => m.ticker === TICKER)?.position_fp ?? '0';
    expect(parseQty(fp)).toBe(0);
    expect(r.mock.exchange.netted(TICKER)).toBe(contracts(10));
    const venues = sum(r.mock.exchange.holdings(TICKER), polymarket.holdings(1));
    expect(venues).toEqual({ kalshiNet: 0, polyYes: contracts(7), polyNo: contracts(7) });
    expect(netExposure(venues)).toBe(0);
    expect(breaker.holdings(1)).toEqual(venues);
    const [pos] = ledger.positions();
    expect(pos).toMatchObject({ marketId: 1, exposure: 0 });
    expect(pos?.held['kalshi:yes'] ?? -1).toBe(0);
    expect(pos?.held['kalshi:no'] ?? -1).toBe(0);
    expect((pos?.realizedPnl ?? 0) + (pos?.lockedInPnl ?? 0)).toBe(
      a.realizedProfit + b.realizedProfit
    );
    expect(breaker.status().dailyPnl).toBe(a.realizedProfit + b.realizedProfit);
    await supervisor.stop();
    ledger.close();
  });
});
