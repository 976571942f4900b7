import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { KALSHI_PSS, signingMessage } from '../signer.js';

/** Verifies one Kalshi signature exactly as the mock does (RSA-PSS SHA-256, salt 32). */
export function verifyKalshiSignature(
  publicKey: KeyObject,
  tsMs: string,
  method: string,
  path: string,
  signatureB64: string
): boolean {
  if (!/^\d{1,16}$/.test(tsMs)) return false;
  const msg = Buffer.from(signingMessage(Number(tsMs), method, path));
  try {
    return verify(
      'sha256',
      msg,
      { key: publicKey, ...KALSHI_PSS },
      Buffer.from(signatureB64, 'base64')
    );
  } catch {
    return false;
  }
}

/** Settings of {@link checkAuth}. */
export interface AuthSettings {
  readonly publicKey: KeyObject;
  readonly keyId: string | undefined;
  readonly maxSkewMs: number | undefined;
  readonly now: () => number;
}

/** A public key from PEM or KeyObject (a private key yields its public half). */
export function toPublicKey(k: KeyObject | string): KeyObject {
  if (typeof k === 'string') return createPublicKey(k);
  return k.type === 'private' ? createPublicKey(k) : k;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** `null` when the request's Kalshi headers verify over `ts + METHOD + pathname`, else why not. */
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
  if (s.maxSkewMs !== undefined && Math.abs(s.now() - Number(ts)) > s.maxSkewMs)
    return 'stale timestamp';
  return verifyKalshiSignature(s.publicKey, ts, method, pathname, sig) ? null : 'invalid signature';
}
