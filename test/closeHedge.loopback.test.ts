/**
 * The crash campaign's last defect, against both mock venues over loopback with the real
 * adapters (the mocks enforce what the venues do: Kalshi nets per market, Polymarket refuses
 * a marketable order worth under $1):
 *
 *   arb 1  PolyYesKalshiNo 9 + 9        → Kalshi −9, Polymarket YES 9
 *   arb 2  KalshiYesPolyNo, Poly NO 8/10 → Kalshi +1, Polymarket NO 8; the market is long
 *          YES 2 (Kalshi 1, one Polymarket token)
 *
 * Before, the close sold Kalshi's 1 YES, then sent a 1-contract Polymarket SELL that the
 * venue refused ("invalid amount for a marketable order …, min size: $1"): 1 unhedged. Now
 * it buys 1 NO on Kalshi instead, and the venues end flat.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { kalshiMarket, startKalshiRig, testKeyPair } from '../adapters/venues/kalshi/mock/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import { startPolymarketMock } from '../adapters/venues/polymarket/mock/index.js';
import {
  addQty,
  cents,
  contracts,
  subQty,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type MarketPair
} from '../core/index.js';

const YES = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const NO = '52114319501245915516055106046884209969926127482827954674443846427813813222426';
const TICKER = 'KXHEDGE-26';
const market: MarketPair = { ...kalshiMarket(TICKER, 1), polyYesTokenId: YES, polyNoTokenId: NO };
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

describe('auto-close hedge: both mock venues over loopback, real adapters', () => {
  it('the last YES in a Polymarket token worth < $1 is hedged by a Kalshi NO buy; the venues end flat', async () => {
    const clock = new NanoClock();
    const kalshi = await startKalshiRig({ clock, keys: testKeyPair() });
    open.push(kalshi);
    const pk = generatePrivateKey();
    const raw = {
      apiKey: crypto.randomUUID(),
      secret: randomBytes(32).toString('base64'),
      passphrase: randomBytes(16).toString('hex')
    };
    const pm = await startPolymarketMock({ ...raw, address: privateKeyToAccount(pk).address });
    open.push(pm);
    const poly = new PolymarketAdapter({
      baseUrl: pm.url,
      credentials: new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 }),
      clock,
      timeoutMs: 3_000
    });
    open.push(poly);
    await poly.warmUp([market]);
    const breaker = new CircuitBreaker({ clock });
    const supervisor = new ExecutionSupervisor({
      markets: [market],
      venues: { kalshi: kalshi.adapter, polymarket: poly },
      clock,
      risk: breaker,
      idPrefix: 'hx-',
      config: {
        delayedReleaseMs: 10,
        reconcile: { backoffMs: [50, 100, 200], deadlineMs: 10_000 },
        autoClose: { polySettlementWaitMs: 100, retryDelayMs: 20 }
      }
    });
    open.push({ close: async () => void (await supervisor.stop()) });
    const fills: FillRecord[] = [];
    supervisor.fills$.subscribe((f) => fills.push(f));
    const opp = (arbType: FastExecutionRequest['arbType'], size: number) => ({
      ...{ marketId: 1, arbType, yesPrice: cents(45), noPrice: cents(45) },
      ...{ yesSize: contracts(size), noSize: contracts(size), detectedNs: clock.nowNs() }
    });
    const settle = () => new Promise((r) => setTimeout(r, 50));

    // arb 1: Polymarket YES 9 @45, Kalshi NO 9 @45 (a YES bid at 55)
    pm.setBook(YES, { asks: [lv(45, 9)], bids: [] });
    kalshi.mock.setBook(TICKER, { asks: [], bids: [lv(55, 9)] });
    const a: ExecutionResult = await supervisor.submit(opp('PolyYesKalshiNo', 9));
    expect(a).toMatchObject({ success: true, matchedContracts: contracts(9) });
    await settle();
    // arb 2: Kalshi YES 10 @45, Polymarket NO 8 of 10 @45; for the close a YES bid at 53
    // (Kalshi's 1 YES sells there; a NO buy at 47 takes what is left of it)
    pm.setBook(NO, { asks: [lv(45, 8)], bids: [] });
    kalshi.mock.setBook(TICKER, { asks: [lv(45, 10)], bids: [lv(53, 5)] });
    const b = await supervisor.submit(opp('KalshiYesPolyNo', 10));
    expect(b).toMatchObject({
      error: 'partial_fill',
      matchedContracts: contracts(8),
      closedContracts: contracts(2),
      unhedgedContracts: 0
    });
    // no Polymarket sell was sent: the mock saw two buys, nothing else
    expect(pm.orders().map((o) => o.side)).toEqual(['BUY', 'BUY']);
    const closes = fills.filter((f) => f.executionId === b.executionId && f.action !== 'buy');
    expect(closes.map((f) => [f.platform, f.side, f.contracts])).toEqual([
      ['kalshi', 'yes', contracts(1)]
    ]);
    const hedge = fills.filter(
      (f) => f.executionId === b.executionId && f.action === 'buy' && f.platform === 'kalshi'
    );
    expect(hedge.map((f) => [f.side, f.contracts])).toEqual([
      ['yes', contracts(10)],
      ['no', contracts(1)]
    ]);
    // what the venues hold: Kalshi NO 1 (its API), Polymarket YES 9 and NO 8
    const listed = (await kalshi.venueGet(`/portfolio/positions?ticker=${TICKER}`)) as {
      market_positions: { ticker: string; position_fp: string }[];
    };
    const fp = listed.market_positions.find((m) => m.ticker === TICKER)?.position_fp;
    expect(fp).toBe('-1.00');
    const kalshiNet = kalshi.mock.exchange.holdings(TICKER).kalshiNet;
    const polyYes = pm.position(YES).held;
    const polyNo = pm.position(NO).held;
    expect([kalshiNet, polyYes, polyNo]).toEqual([contracts(-1), contracts(9), contracts(8)]);
    expect(subQty(addQty(kalshiNet, polyYes), polyNo)).toBe(0);
    expect(breaker.holdings(1)).toEqual({ kalshiNet, polyYes, polyNo });
  });
});
