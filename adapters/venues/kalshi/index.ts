/**
 * The Kalshi Trade API v2 venue adapter (and, under `./mock`, its mock server).
 * @packageDocumentation
 */
import type { Clock } from '../../../core/index.js';
import { loadKalshiCredentials, type CredentialSources } from './credentials.js';
import { KalshiAdapter } from './kalshiAdapter.js';
import { KALSHI_PROD_URL, type KalshiAdapterOptions } from './options.js';

export { KalshiAdapter } from './kalshiAdapter.js';
export {
  KALSHI_CONSISTENCY_WINDOW_MS,
  KALSHI_DEMO_URL,
  KALSHI_PROD_URL,
  resolveKalshiOptions,
  type KalshiAdapterEvent,
  type KalshiAdapterOptions,
  type ResolvedKalshiOptions
} from './options.js';
export {
  KALSHI_ENV,
  KalshiCredentialsError,
  kalshiCredentials,
  loadKalshiCredentials,
  type CredentialSources,
  type KalshiCredentials
} from './credentials.js';
export {
  KALSHI_PSS,
  KalshiSigner,
  Presigner,
  signingMessage,
  type KalshiAuthHeaders
} from './signer.js';
export {
  classifyHttpError,
  parseRetryAfter,
  DEFAULT_RETRY_AFTER_MS,
  type KalshiFailure
} from './errors.js';
export {
  toCreateOrderV2,
  outcomeFromCreate,
  outcomeFromOrder,
  amountFromAverage
} from './orderMapping.js';
export { KalshiReadError, type KalshiBalance } from './account.js';
export { KalshiTransportError, type TransportFailure } from './http.js';
export * from './wire.js';
export { formatCount, formatDollars, formatFixed, COUNT_STEP, PRICE_STEP } from './units.js';

/** Environment variable with the API root (optional; default production). */
export const KALSHI_BASE_URL_ENV = 'KALSHI_API_BASE_URL';

/**
 * Builds an adapter from the environment: credentials per {@link KALSHI_ENV}, API root from
 * `KALSHI_API_BASE_URL` (default production). Throws `KalshiCredentialsError` when missing.
 */
export function kalshiAdapterFromEnv(
  clock: Clock,
  extra: Omit<KalshiAdapterOptions, 'credentials' | 'clock'> = {},
  src: CredentialSources = {}
): KalshiAdapter {
  const env = src.env ?? process.env;
  const credentials = loadKalshiCredentials(src);
  const baseUrl = extra.baseUrl ?? env[KALSHI_BASE_URL_ENV] ?? KALSHI_PROD_URL;
  return new KalshiAdapter({ ...extra, baseUrl, credentials, clock });
}
