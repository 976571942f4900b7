/**
 * Both mock venues started inside the campaign's own process (so they outlive every SIGKILL of
 * the engine and their state stays readable), set up exactly as `twinleg mock-venues` sets them
 * up: fresh test credentials, every market listed with a deep flat 1¢–99¢ book on both sides.
 * The env file written here is what the engine reads with `--load-env`.
 */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  startKalshiMock,
  type KalshiMock,
  type MockBook
} from '../../adapters/venues/kalshi/mock/index.js';
import {
  startPolymarketMock,
  type PolymarketMock
} from '../../adapters/venues/polymarket/mock/index.js';
import { cents, contracts, type Qty } from '../../core/index.js';
import type { CampaignMarket } from './markets.js';

/** A flat ladder: `qty` contracts at every cent from 1¢ to 99¢ (as `mock-venues` lists). */
export function flatBook(qty: Qty): MockBook {
  const ladder = Array.from({ length: 99 }, (_, i) => ({ price: cents(i + 1), qty }));
  return { asks: ladder, bids: ladder };
}

/** Test credentials of one campaign (valid only for its mocks). */
export interface CampaignCredentials {
  readonly kalshiKeyId: string;
  /** The Kalshi RSA private key (the campaign signs its own drain requests with it too). */
  readonly kalshiKey: KeyObject;
  readonly polyPrivateKey: `0x${string}`;
  readonly polyApiKey: string;
  readonly polySecret: string;
  readonly polyPassphrase: string;
}

/** The running mocks and what the engine needs to reach them. */
export interface CampaignVenues {
  readonly kalshi: KalshiMock;
  readonly polymarket: PolymarketMock;
  readonly credentials: CampaignCredentials;
  /** The deep book every market starts with (and faults restore). */
  readonly book: MockBook;
  /** Sets a Polymarket token's book and remembers it (the Polymarket mock has no book getter). */
  setPolyBook(tokenId: string, book: MockBook): void;
  /** The book last set for a token (levels taken by fills since are not subtracted). */
  polyBook(tokenId: string): MockBook;
  close(): Promise<void>;
}

/** Starts both mocks on 127.0.0.1 (random ports) with `depth` contracts per level. */
export async function startVenues(
  markets: readonly CampaignMarket[],
  depth: number
): Promise<CampaignVenues> {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const polyPrivateKey = generatePrivateKey();
  const credentials: CampaignCredentials = {
    kalshiKeyId: randomUUID(),
    kalshiKey: rsa.privateKey,
    polyPrivateKey,
    polyApiKey: randomUUID(),
    polySecret: randomBytes(32).toString('base64'),
    polyPassphrase: randomBytes(16).toString('hex')
  };
  const book = flatBook(contracts(depth));
  const kalshi = await startKalshiMock({
    publicKey: rsa.publicKey,
    keyId: credentials.kalshiKeyId,
    markets: Object.fromEntries(markets.map((m) => [m.kalshiTicker, { book }]))
  });
  const polymarket = await startPolymarketMock({
    apiKey: credentials.polyApiKey,
    secret: credentials.polySecret,
    passphrase: credentials.polyPassphrase,
    address: privateKeyToAccount(polyPrivateKey).address,
    markets: markets.flatMap((m) =>
      [m.polyYesTokenId, m.polyNoTokenId].map((tokenId) => ({ tokenId, kind: m.polyExchange }))
    ),
    // one market per pair, as the real CLOB lists it (the engine reads each market's state)
    pairs: markets.map((m) => ({
      marketId: m.marketId,
      yesTokenId: m.polyYesTokenId,
      noTokenId: m.polyNoTokenId
    }))
  }).catch(async (e: unknown) => {
    await kalshi.close();
    throw e;
  });
  const polyBooks = new Map<string, MockBook>();
  const setPolyBook = (t: string, b: MockBook): void => {
    polyBooks.set(t, b);
    polymarket.setBook(t, b);
  };
  for (const m of markets)
    for (const t of [m.polyYesTokenId, m.polyNoTokenId]) setPolyBook(t, book);
  return {
    kalshi,
    polymarket,
    credentials,
    book,
    setPolyBook,
    polyBook: (t) => polyBooks.get(t) ?? { asks: [], bids: [] },
    close: async () => {
      await Promise.allSettled([kalshi.close(), polymarket.close()]);
    }
  };
}

/**
 * Breaker limits far above what the campaign trades, so every opportunity is sent: the
 * campaign tests the money path, not the limits (a halt would only stop the trading).
 */
export const WIDE_BREAKER: Readonly<Record<string, string>> = {
  CB_MAX_CONSECUTIVE_ERRORS: '1000000',
  CB_MAX_DAILY_LOSS: '1000000',
  CB_MAX_POSITION_PER_MARKET: '1000000',
  CB_MAX_POSITION_PER_MARKET_USD: '1000000',
  CB_MAX_TOTAL_POSITION: '10000000',
  CB_MAX_TOTAL_POSITION_USD: '10000000',
  CB_MARKET_BLACKLIST_THRESHOLD: '1000000'
};

/**
 * Writes the env file (mode 0600) and the Kalshi key file next to it: the variables
 * `mock-venues` writes, plus {@link WIDE_BREAKER}. Returns the env file's path.
 */
export function writeEnvFile(v: CampaignVenues, envFile: string): string {
  const c = v.credentials;
  const pemFile = `${envFile}.kalshi.pem`;
  writeFileSync(pemFile, c.kalshiKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
    mode: 0o600
  });
  const lines = [
    '# twinleg crash campaign: test credentials, valid only for these mock venues',
    `KALSHI_API_BASE_URL=${v.kalshi.url}`,
    `KALSHI_API_KEY_ID=${c.kalshiKeyId}`,
    `KALSHI_PRIVATE_KEY_PATH=${pemFile}`,
    `TWINLEG_VENUES_POLYMARKET_BASE_URL=${v.polymarket.url}`,
    `TWINLEG_VENUES_POLYMARKET_GAMMA_BASE_URL=${v.polymarket.url}`,
    `POLY_PRIVATE_KEY=${c.polyPrivateKey}`,
    `POLY_API_KEY=${c.polyApiKey}`,
    `POLY_API_SECRET=${c.polySecret}`,
    `POLY_API_PASSPHRASE=${c.polyPassphrase}`,
    'POLY_SIGNATURE_TYPE=0',
    ...Object.entries(WIDE_BREAKER).map(([k, val]) => `${k}=${val}`)
  ];
  writeFileSync(envFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  return envFile;
}

/** Requests both mocks have received so far. */
export function venueRequests(v: CampaignVenues): number {
  return v.kalshi.requests().length + v.polymarket.requests().length;
}
