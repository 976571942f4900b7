/**
 * The crash test's mock venues, started in the test process on loopback with generated keys
 * (never committed): books for the four scripted markets of `crashScenario.ts`, and the child
 * environment that points the child's adapters at them.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  startKalshiMock,
  testKeyPair,
  type KalshiMock
} from '../../adapters/venues/kalshi/mock/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../../adapters/venues/polymarket/mock/index.js';
import { cents, contracts } from '../../core/index.js';
import { CRASH_ENV, ticker, token } from './crashScenario.js';

/** Running mocks and the child's environment. */
export interface CrashVenues {
  readonly kalshi: KalshiMock;
  readonly pm: PolymarketMock;
  readonly env: NodeJS.ProcessEnv;
}

const lv = (c: number, q: number) => ({ price: cents(c), qty: contracts(q) });

/** Starts both mocks with the scenario's books (YES asks 45¢, NO asks 50¢). */
export async function startCrashVenues(): Promise<CrashVenues> {
  const keys = testKeyPair();
  const keyId = 'crash-test-key';
  const kalshi = await startKalshiMock({ publicKey: keys.publicKey, keyId });
  const pk = generatePrivateKey();
  const poly = {
    apiKey: crypto.randomUUID(),
    secret: randomBytes(32).toString('base64'),
    passphrase: randomBytes(16).toString('hex')
  };
  const pm = await startPolymarketMock({ ...poly, address: privateKeyToAccount(pk).address });
  // Kalshi books are YES books: a NO ask at 50¢ is a YES bid at 50¢
  kalshi.setBook(ticker(1), { asks: [lv(45, 10)], bids: [] });
  kalshi.setBook(ticker(2), { asks: [], bids: [lv(50, 10)] });
  kalshi.setBook(ticker(3), { asks: [lv(45, 10)], bids: [lv(44, 4), lv(42, 10)] });
  kalshi.setBook(ticker(4), { asks: [], bids: [] });
  pm.setBook(token(1, 'no'), { asks: [lv(50, 10)], bids: [] });
  pm.setBook(token(2, 'yes'), { asks: [lv(45, 10)], bids: [] });
  pm.setBook(token(3, 'no'), { asks: [], bids: [] });
  pm.setBook(token(4, 'yes'), { asks: [lv(45, 10)], bids: [lv(45, 10)] });
  const env = {
    ...process.env,
    [CRASH_ENV.kalshiUrl]: kalshi.url,
    [CRASH_ENV.kalshiKeyId]: keyId,
    [CRASH_ENV.kalshiPem]: keys.privatePem,
    [CRASH_ENV.polyUrl]: pm.url,
    [CRASH_ENV.polyKey]: pk,
    [CRASH_ENV.polyApiKey]: poly.apiKey,
    [CRASH_ENV.polySecret]: poly.secret,
    [CRASH_ENV.polyPassphrase]: poly.passphrase
  };
  return { kalshi, pm, env };
}

/** Polls `cond` (real time) until true; throws after `ms`. */
export async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
