import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TwinlegError } from '../../../core/index.js';

/** Environment variables read by {@link loadKalshiCredentials}. */
export const KALSHI_ENV = {
  /** API key id (a UUID), sent as `KALSHI-ACCESS-KEY`. */
  keyId: 'KALSHI_API_KEY_ID',
  /** Path to the RSA private key PEM file (PKCS#1 or PKCS#8). */
  keyPath: 'KALSHI_PRIVATE_KEY_PATH',
  /** The PEM itself (alternative to the path, e.g. from a secret store). */
  keyPem: 'KALSHI_PRIVATE_KEY_PEM'
} as const;

/** A Kalshi key id and its parsed private key. The PEM text is not kept. */
export interface KalshiCredentials {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/** Missing or unusable Kalshi credentials (`credentials`). The message never holds key material. */
export class KalshiCredentialsError extends TwinlegError {
  constructor(message: string) {
    super('credentials', message);
    this.name = 'KalshiCredentialsError';
  }
}

/** Parses a PEM once into {@link KalshiCredentials}; errors say what is wrong, not what it is. */
export function kalshiCredentials(keyId: string, pem: string): KalshiCredentials {
  if (!keyId.trim()) throw new KalshiCredentialsError('Kalshi API key id is empty');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new KalshiCredentialsError(
      'Kalshi private key could not be parsed (expected an RSA PEM, PKCS#1 or PKCS#8)'
    );
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new KalshiCredentialsError(
      `Kalshi private key must be RSA, got ${privateKey.asymmetricKeyType ?? 'unknown'}`
    );
  }
  return { keyId: keyId.trim(), privateKey };
}

/** Where {@link loadKalshiCredentials} reads from (injectable for tests). */
export interface CredentialSources {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly readFile?: (path: string) => string;
}

/**
 * Loads credentials from `KALSHI_API_KEY_ID` plus `KALSHI_PRIVATE_KEY_PEM` or
 * `KALSHI_PRIVATE_KEY_PATH`. Throws a {@link KalshiCredentialsError} naming the missing
 * variables (never their values) so a misconfigured host fails clearly at startup.
 */
export function loadKalshiCredentials(src: CredentialSources = {}): KalshiCredentials {
  const env = src.env ?? process.env;
  const read = src.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const keyId = env[KALSHI_ENV.keyId]?.trim();
  const pemInline = env[KALSHI_ENV.keyPem];
  const path = env[KALSHI_ENV.keyPath]?.trim();
  const missing: string[] = [];
  if (!keyId) missing.push(KALSHI_ENV.keyId);
  if (!pemInline && !path) missing.push(`${KALSHI_ENV.keyPem} or ${KALSHI_ENV.keyPath}`);
  if (missing.length > 0 || !keyId) {
    throw new KalshiCredentialsError(`missing Kalshi credentials: set ${missing.join(', ')}`);
  }
  let pem = pemInline;
  if (!pem && path) {
    try {
      pem = read(path);
    } catch {
      throw new KalshiCredentialsError(`cannot read ${KALSHI_ENV.keyPath} file at ${path}`);
    }
  }
  return kalshiCredentials(keyId, pem ?? '');
}
