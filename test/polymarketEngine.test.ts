/**
 * The engine (ExecutionSupervisor) running PolyOnly executions through the real Polymarket
 * adapter against the mock CLOB over loopback: a full fill, a delayed leg that later fills,
 * a timed-out leg the venue actually filled (reconciled, no auto-close), and an excess sold.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import { cents, contracts, type FillRecord, type MarketPair } from '../core/index.js';
import { testMarket } from './support/engine.js';

const YES = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const NO = '52114319501245915516055106046884209969926127482827954674443846427813813222426';
const market: MarketPair = { ...testMarket(1), polyYesTokenId: YES, polyNoTokenId: NO };
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function engine(timeoutMs = 3_000, settlementLagMs = 0) {
  const pk = generatePrivateKey();
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: randomBytes(32).toString('base64'),
    passphrase: randomBytes(16).toString('hex')
  };
  const mock = await startPolymarketMock({
    ...raw,
    address: privateKeyToAccount(pk).address,
    settlementLagMs
  });
  open.push(mock);
  const clock = new NanoClock();
  const poly = new PolymarketAdapter({
    baseUrl: mock.url,
    credentials: new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 }),
    clock,
    timeoutMs
  });
  open.push(poly);
  await poly.warmUp([market]);
  const supervisor = new ExecutionSupervisor({
    markets: [market],
    venues: { kalshi: new SimulatedVenue({ venue: 'kalshi', clock }), polymarket: poly },
    clock,
    idPrefix: 'pm-',
    config: {
      delayedReleaseMs: 10,
      reconcile: { backoffMs: [50, 100, 200], deadlineMs: 10_000 },
      autoClose: { polySettlementWaitMs: 100, retryDelayMs: 50 }
    }
  });
  const fills: FillRecord[] = [];
  supervisor.fills$.subscribe((f) => fills.push(f));
  const books = (m: PolymarketMock, yes: number, no: number, qty = 10) => {
    m.setBook(YES, {
      asks: [{ price: cents(yes), qty: contracts(qty) }],
      bids: [{ price: cents(yes - 5), qty: contracts(50) }]
    });
    m.setBook(NO, { asks: [{ price: cents(no), qty: contracts(qty) }], bids: [] });
  };
  const opp = (yes: number, no: number, size = 10) => ({
    marketId: 1,
    arbType: 'PolyOnly' as const,
    yesPrice: cents(yes),
    noPrice: cents(no),
    yesSize: contracts(size),
    noSize: contracts(size),
    detectedNs: clock.nowNs()
  });
  return { mock, supervisor, fills, books, opp };
}

describe('engine × Polymarket adapter × mock CLOB (loopback)', () => {
  it('PolyOnly: both legs fill on the mock, exact amounts, profit recorded', async () => {
    const e = await engine();
    e.books(e.mock, 45, 50);
    const r = await e.supervisor.submit(e.opp(45, 50));
    expect(r).toMatchObject({
      success: true,
      error: null,
      matchedContracts: contracts(10),
      closedContracts: 0
    });
    expect(r.realizedProfit).toBe(contracts(10) - 4_500_000 - 5_000_000);
    expect(e.fills.map((f) => [f.side, f.notional])).toEqual(
      expect.arrayContaining([
        ['yes', 4_500_000],
        ['no', 5_000_000]
      ])
    );
    expect(e.fills.every((f) => f.orderId?.startsWith('0x'))).toBe(true);
    expect(e.mock.fills()).toHaveLength(2);
  });

  it('a delayed leg is pending, looked up (null, then LIVE) and later counted as filled', async () => {
    const e = await engine();
    e.books(e.mock, 45, 50);
    e.mock.script({ mode: { kind: 'delayed', resolve: 'fill', afterMs: 400 } });
    const r = await e.supervisor.submit(e.opp(45, 50));
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(10) });
    expect(
      e.mock.requests().filter((q) => q.path.startsWith('/data/order/')).length
    ).toBeGreaterThan(1);
  });

  it('a leg that timed out but filled at the venue is reconciled — no auto-close', async () => {
    const e = await engine(150);
    e.books(e.mock, 45, 50);
    e.mock.script({ mode: { kind: 'slow', ms: 700 } });
    const r = await e.supervisor.submit(e.opp(45, 50));
    expect(r).toMatchObject({ success: true, matchedContracts: contracts(10), closedContracts: 0 });
    expect(e.mock.orders().filter((o) => o.side === 'SELL')).toHaveLength(0);
  });

  it('one leg finds no match: the other is the excess and is sold on Polymarket after settling', async () => {
    const e = await engine(3_000, 300);
    e.books(e.mock, 45, 50);
    e.mock.setBook(NO, { asks: [], bids: [] });
    const r = await e.supervisor.submit(e.opp(45, 50));
    expect(r.error).toBe('partial_fill');
    expect(r.closedContracts).toBe(contracts(10));
    expect(e.mock.position(YES).held).toBe(0);
    const sells = e.mock.orders().filter((o) => o.side === 'SELL');
    expect(sells.length).toBeGreaterThanOrEqual(1);
  });
});
