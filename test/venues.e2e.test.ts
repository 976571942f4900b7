/**
 * End to end over loopback: the engine with BOTH real adapters (Kalshi V2, Polymarket CLOB V2)
 * against BOTH signature-verifying mock venues, one full execution per arb type. Each leg must
 * land on the right venue, on the right book side, and every venue fill must be recorded once.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import {
  kalshiMarket,
  startKalshiRig,
  type KalshiRig
} from '../adapters/venues/kalshi/mock/index.js';
import { PolymarketAdapter, PolymarketCredentials } from '../adapters/venues/polymarket/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../adapters/venues/polymarket/mock/index.js';
import {
  ARB_TYPES,
  cents,
  contracts,
  legVenues,
  type ArbType,
  type FillRecord,
  type MarketPair
} from '../core/index.js';

const TICKER = 'KXE2E-26';
const YES = '88613172803544318200496156596909968959424174365708473463931555296257475886634';
const NO = '93025177978745967226369398316375153283719303181694312089141658577229870203845';
const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });

let kalshi: KalshiRig;
let poly: PolymarketMock;
let polyAdapter: PolymarketAdapter;
const clock = new NanoClock();

beforeAll(async () => {
  kalshi = await startKalshiRig({ clock });
  const pk = generatePrivateKey();
  const raw = {
    apiKey: crypto.randomUUID(),
    secret: randomBytes(32).toString('base64'),
    passphrase: randomBytes(16).toString('hex')
  };
  poly = await startPolymarketMock({ ...raw, address: privateKeyToAccount(pk).address });
  polyAdapter = new PolymarketAdapter({
    baseUrl: poly.url,
    credentials: new PolymarketCredentials({ privateKey: pk, ...raw, signatureType: 0 }),
    clock
  });
}, 60_000);

afterAll(async () => {
  await polyAdapter.close();
  await poly.close();
  await kalshi.close();
});

/** Books for YES at 45¢ and NO at 50¢ on the venues the arb type uses. */
function books(arb: ArbType): void {
  const v = legVenues(arb);
  // Kalshi has one YES book: YES asks sell YES; NO at q is bought by selling YES into bids at 1 − q
  kalshi.mock.setBook(TICKER, {
    asks: v.yes === 'kalshi' ? [lv(45, 10)] : [],
    bids: v.no === 'kalshi' ? [lv(50, 10)] : []
  });
  poly.setBook(YES, { asks: v.yes === 'polymarket' ? [lv(45, 10)] : [], bids: [] });
  poly.setBook(NO, { asks: v.no === 'polymarket' ? [lv(50, 10)] : [], bids: [] });
}

describe('engine × real adapters × mock venues, every arb type', () => {
  for (const [i, arb] of ARB_TYPES.entries()) {
    it(`${arb}: both legs fill on their venues; fills recorded once, on the right platform`, async () => {
      const market: MarketPair = {
        ...kalshiMarket(TICKER, i),
        polyYesTokenId: YES,
        polyNoTokenId: NO
      };
      await polyAdapter.warmUp([market]);
      books(arb);
      const kalshiFills0 = kalshi.mock.fills().length;
      const polyFills0 = poly.fills().length;
      const supervisor = new ExecutionSupervisor({
        markets: [market],
        venues: { kalshi: kalshi.adapter, polymarket: polyAdapter },
        clock,
        idPrefix: `e2e${i}-`
      });
      const fills: FillRecord[] = [];
      supervisor.fills$.subscribe((f) => fills.push(f));
      const r = await supervisor.submit({
        marketId: i,
        arbType: arb,
        yesPrice: cents(45),
        noPrice: cents(50),
        yesSize: contracts(10),
        noSize: contracts(10),
        detectedNs: clock.nowNs()
      });
      await supervisor.stop();
      expect(r).toMatchObject({
        success: true,
        matchedContracts: contracts(10),
        unhedgedContracts: 0
      });
      const v = legVenues(arb);
      expect(fills.map((f) => [f.platform, f.side, f.action, f.contracts]).sort()).toEqual(
        [
          [v.yes, 'yes', 'buy', contracts(10)],
          [v.no, 'no', 'buy', contracts(10)]
        ].sort()
      );
      expect(fills.find((f) => f.side === 'yes')?.avgPrice).toBe(cents(45));
      expect(fills.find((f) => f.side === 'no')?.avgPrice).toBe(cents(50));
      const kalshiLegs = [v.yes, v.no].filter((x) => x === 'kalshi').length;
      expect(kalshi.mock.fills().length - kalshiFills0).toBe(kalshiLegs);
      expect(poly.fills().length - polyFills0).toBe(2 - kalshiLegs);
    });
  }
});
