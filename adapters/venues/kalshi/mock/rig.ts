import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  cents,
  contracts,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  type Clock,
  type MarketPair,
  type OrderAction,
  type OrderRequest,
  type Side
} from '../../../../core/index.js';
import { kalshiCredentials } from '../credentials.js';
import { KalshiAdapter } from '../kalshiAdapter.js';
import type { KalshiAdapterOptions } from '../options.js';
import { KalshiSigner } from '../signer.js';
import { startKalshiMock, type KalshiMock } from './server.js';
import type { KalshiMockOptions } from './types.js';

/** A test RSA key pair. */
export interface TestKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly privatePem: string;
}

/** A fresh 2048-bit RSA key pair (test keys are generated, never committed). */
export function testKeyPair(): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  };
}

/** A market pair whose Kalshi side is `ticker` (1¢ grid, standard fees). */
export function kalshiMarket(ticker: string, marketId = 1): MarketPair {
  return {
    marketId,
    pairId: `pair-${marketId}`,
    description: `Kalshi ${ticker}`,
    kalshiTicker: ticker,
    polyYesTokenId: `${1000 + marketId}`,
    polyNoTokenId: `${2000 + marketId}`,
    tickSize: { kalshi: cents(1), polymarket: cents(1) },
    fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES }
  };
}

let seq = 0;

/** An order on `market`: `qty` contracts of `side` at `priceCents` (that side's price). */
export function kalshiOrder(
  market: MarketPair,
  side: Side,
  action: OrderAction,
  qty: number,
  priceCents: number,
  clientOrderId = `rig-${++seq}`
): OrderRequest {
  return {
    venue: 'kalshi',
    market,
    side,
    action,
    qty: contracts(qty),
    limitPrice: cents(priceCents),
    clientOrderId,
    executionId: 'rig',
    reduceOnly: action === 'sell'
  };
}

/** A mock and an adapter signed with matching keys. */
export interface KalshiRig {
  readonly mock: KalshiMock;
  readonly adapter: KalshiAdapter;
  readonly keyId: string;
  /** PKCS#8 PEM of the adapter's key (for the official SDK oracle). */
  readonly privatePem: string;
  readonly publicKey: KeyObject;
  /** A signed GET straight to the mock (path under the API root), parsed JSON. */
  venueGet(path: string): Promise<unknown>;
  /** A signed request straight to the mock: status and parsed JSON. */
  venueRequest(
    method: string,
    path: string,
    body?: unknown
  ): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

/** Options of {@link startKalshiRig}. */
export interface KalshiRigOptions {
  readonly clock: Clock;
  /** Reuse a key pair (RSA generation is slow); default: a fresh one. */
  readonly keys?: TestKeys;
  readonly mock?: Omit<KalshiMockOptions, 'publicKey'>;
  readonly adapter?: Omit<KalshiAdapterOptions, 'credentials' | 'clock' | 'baseUrl'>;
}

/** Starts a mock Kalshi on loopback and a real {@link KalshiAdapter} pointed at it. */
export async function startKalshiRig(o: KalshiRigOptions): Promise<KalshiRig> {
  const keys = o.keys ?? testKeyPair();
  const keyId = 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c';
  // the adapter signs on the test's clock, so the mock cannot judge staleness by its own
  const mock = await startKalshiMock({
    keyId,
    maxSkewMs: Infinity,
    ...o.mock,
    publicKey: keys.publicKey
  });
  const adapter = new KalshiAdapter({
    ...o.adapter,
    clock: o.clock,
    baseUrl: mock.url,
    credentials: kalshiCredentials(keyId, keys.privatePem)
  });
  const signer = new KalshiSigner(keyId, keys.privateKey);
  const venueRequest = async (method: string, path: string, body?: unknown) => {
    const headers = signer.headers(method, new URL(mock.url + path).pathname, Date.now());
    const init = body === undefined ? {} : { body: JSON.stringify(body) };
    const res = await fetch(mock.url + path, { method, headers: { ...headers }, ...init });
    const json: unknown = await res.json();
    return { status: res.status, json };
  };
  return {
    mock,
    adapter,
    keyId,
    privatePem: keys.privatePem,
    publicKey: keys.publicKey,
    venueGet: async (path) => (await venueRequest('GET', path)).json,
    venueRequest,
    close: async () => {
      await mock.close();
      await adapter.close();
    }
  };
}
