/**
 * The scripted crash scenario shared by the SIGKILL test and its child process: four market
 * pairs on a mock Kalshi and a mock Polymarket, and the engine settings of each run.
 *
 * - c-1 (M1, KalshiYesPolyNo): matched and finished before the crash.
 * - c-2 (M2, PolyYesKalshiNo): the Kalshi NO leg is answered slowly: filled at the venue, its
 *   outcome never recorded before the crash (entry leg with intent, no outcome).
 * - c-3 (M3, KalshiYesPolyNo): Polymarket NO finds no match, the Kalshi YES excess is closed
 *   walking down; close c2 is answered slowly (4 filled at the venue, pending at the crash).
 * - c-4 (M4, PolyYesKalshiNo): Kalshi NO finds nothing, the Polymarket YES excess close c1 is
 *   answered slowly (matched at the venue; found after the restart by its recorded venue id).
 */
import {
  cents,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  type EngineConfigInput,
  type MarketPair
} from '../../core/index.js';

/** Polymarket token id of market `m`'s side (uint256 decimal strings). */
export const token = (m: number, side: 'yes' | 'no'): string =>
  `7132104567925221259462638553270691275033272857194253228963137931245558399${side === 'yes' ? 1 : 2}${m}`;

/** Kalshi ticker of market `m`. */
export const ticker = (m: number): string => `KXCRASH-${m}`;

/** The four market pairs. */
export const CRASH_MARKETS: readonly MarketPair[] = [1, 2, 3, 4].map((m) => ({
  marketId: m,
  pairId: `crash-${m}`,
  description: `Crash market ${m}`,
  kalshiTicker: ticker(m),
  polyYesTokenId: token(m, 'yes'),
  polyNoTokenId: token(m, 'no'),
  tickSize: { kalshi: cents(1), polymarket: cents(1) },
  fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES },
  polyExchange: 'standard' as const
}));

/** Engine settings: the first run waits long on slow answers (they are cut by the kill). */
export function crashEngineConfig(mode: 'run' | 'recover'): EngineConfigInput {
  return {
    legTimeoutMs: mode === 'run' ? 120_000 : 10_000,
    delayedReleaseMs: 10,
    reconcile: { backoffMs: [50, 100, 200], deadlineMs: 20_000, lookupTimeoutMs: 3_000 },
    autoClose: { polySettlementWaitMs: 300, retryDelayMs: 100 }
  };
}

/** Environment variable names the child reads its endpoints and (generated) keys from. */
export const CRASH_ENV = {
  kalshiUrl: 'CRASH_KALSHI_URL',
  kalshiKeyId: 'CRASH_KALSHI_KEY_ID',
  kalshiPem: 'CRASH_KALSHI_PEM',
  polyUrl: 'CRASH_POLY_URL',
  polyKey: 'CRASH_POLY_PRIVATE_KEY',
  polyApiKey: 'CRASH_POLY_API_KEY',
  polySecret: 'CRASH_POLY_SECRET',
  polyPassphrase: 'CRASH_POLY_PASSPHRASE'
} as const;

/** One progress line of the child (JSON on stdout). */
export type CrashLine =
  | { readonly ev: 'step'; readonly step: string }
  | { readonly ev: 'intent'; readonly cid: string; readonly role: string }
  | { readonly ev: 'outcome'; readonly cid: string; readonly status: string }
  | { readonly ev: 'venueId'; readonly cid: string; readonly orderId: string }
  | { readonly ev: 'fill'; readonly cid: string; readonly qty: number }
  | { readonly ev: 'finished'; readonly id: string; readonly error: string | null }
  | { readonly ev: 'result'; readonly id: string; readonly error: string | null }
  | { readonly ev: 'recovered'; readonly banner: string; readonly resumed: readonly string[] }
  | { readonly ev: 'summary'; readonly results: readonly unknown[]; readonly ledger: unknown };
