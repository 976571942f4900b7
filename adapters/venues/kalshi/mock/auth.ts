import { createPublicKey, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { kalshiSignatureValid } from './independentSig.js';

/** Default tolerated distance of `KALSHI-ACCESS-TIMESTAMP` from the mock's clock (undocumented). */
export const KALSHI_MOCK_MAX_SKEW_MS = 300_000;

/**
 * Verifies one Kalshi signature as the mock does (its own RSA-PSS SHA-256, salt 32, over
 * `ts + METHOD + pathname`; the timestamp must be decimal milliseconds).
 */
export function verifyKalshiSignature(
  publicKey: KeyObject,
  tsMs: string,
  method: string,
  path: string,
  signatureB64: string
): boolean {
  if (!/^\d{1,16}$/.test(tsMs)) return false;
  const q = path.indexOf('?');
  return kalshiSignatureValid(
    publicKey,
    tsMs,
    method,
    q < 0 ? path : path.slice(0, q),
    signatureB64
  );
}

/** Settings of {@link checkAuth}. */
export interface AuthSettings {
  readonly publicKey: KeyObject;
  readonly keyId: string | undefined;
  /** Tolerated clock distance, ms (`undefined`: {@link KALSHI_MOCK_MAX_SKEW_MS}). */
  readonly maxSkewMs: number | undefined;
  readonly now: () => number;
}

/** A public key from PEM or KeyObject (a private key yields its public half). */
export function toPublicKey(k: KeyObject | string): KeyObject {
  if (typeof k === 'string') return createPublicKey(k);
  return k.type === 'private' ? createPublicKey(k) : k;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * `null` when the request's Kalshi headers verify over `ts + METHOD + pathname` with a
 * millisecond timestamp close to the mock's clock (a stale one, or one in seconds, is refused),
 * else why not.
 */
export function checkAuth(
  s: AuthSettings,
  headers: IncomingHttpHeaders,
  method: string,
  pathname: string
): string | null {
  const key = one(headers['kalshi-access-key']);
  const ts = one(headers['kalshi-access-timestamp']);
  const sig = one(headers['kalshi-access-signature']);
  if (!key || !ts || !sig) return 'missing authentication headers';
  if (s.keyId !== undefined && key !== s.keyId) return 'unknown api key';
  if (!/^\d{1,16}$/.test(ts)) return 'invalid timestamp';
  if (Math.abs(s.now() - Number(ts)) > (s.maxSkewMs ?? KALSHI_MOCK_MAX_SKEW_MS))
    return 'stale timestamp';
  return verifyKalshiSignature(s.publicKey, ts, method, pathname, sig) ? null : 'invalid signature';
}
