import { createHmac } from 'node:crypto';
import { PolymarketCredentialsError } from './errors.js';

/**
 * Decodes a Polymarket API secret (URL-safe base64, padding optional) into the HMAC key.
 * Node's `'base64'` decoder accepts both alphabets.
 */
export function decodeSecret(secret: string): Buffer {
  const key = Buffer.from(secret, 'base64');
  if (key.length === 0)
    throw new PolymarketCredentialsError('Polymarket API secret is empty or not base64');
  return key;
}

/**
 * The L2 `POLY_SIGNATURE`: HMAC-SHA256 over `timestamp + METHOD + path + body` keyed with the
 * decoded secret, standard base64 with `+`→`-`, `/`→`_` and the `=` padding KEPT (so not Node's
 * `'base64url'`). `path` has no query string; `body` is the exact string sent, when present.
 */
export function l2Signature(
  key: Buffer,
  timestampSec: number | string,
  method: string,
  path: string,
  body?: string
): string {
  const h = createHmac('sha256', key);
  h.update(`${timestampSec}${method}${path}`);
  if (body !== undefined) h.update(body);
  return h.digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Constant-time-ish comparison of two signatures (length-safe). */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) return false;
  let d = 0;
  for (let i = 0; i < x.length; i++) d |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return d === 0;
}
