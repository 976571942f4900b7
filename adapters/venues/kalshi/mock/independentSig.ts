/**
 * The mock's own check of Kalshi's `KALSHI-ACCESS-SIGNATURE`, written from the venue's
 * documentation (venue-protocols §1.2, docs.kalshi.com quick start, `kalshi-typescript`
 * `auth.ts`) apart from the adapter's signer: RSA-PSS, SHA-256, MGF1-SHA-256, salt of exactly
 * 32 bytes (the digest length), over `timestamp_ms + METHOD + pathname` (prefix kept, no query,
 * no body), standard base64.
 */
import { constants, verify, type KeyObject } from 'node:crypto';

/** PSS salt length Kalshi uses: the SHA-256 digest length. */
const SALT_BYTES = 32;

/** Whether `signatureB64` signs `tsMs + method + pathname` under `publicKey`. */
export function kalshiSignatureValid(
  publicKey: KeyObject,
  tsMs: string,
  method: string,
  pathname: string,
  signatureB64: string
): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureB64)) return false;
  const message = Buffer.from(tsMs + method + pathname, 'utf8');
  try {
    return verify(
      'sha256',
      message,
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: SALT_BYTES },
      Buffer.from(signatureB64, 'base64')
    );
  } catch {
    return false;
  }
}
