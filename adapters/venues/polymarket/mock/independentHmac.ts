/**
 * The mock's own check of Polymarket's L2 `POLY_SIGNATURE`, written from the venue's
 * documentation (venue-protocols §2.3, clob-client-v2 `signing/hmac.js`), apart from the
 * adapter: HMAC-SHA256 keyed with the base64 (URL-safe accepted) secret over
 * `timestamp + METHOD + path (no query) + raw body`, standard base64 with `+`→`-`, `/`→`_` and
 * the `=` padding kept.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature the venue expects for one request. */
export function expectedPolySignature(
  secret: string,
  timestamp: string,
  method: string,
  path: string,
  body: Buffer
): string {
  const key = Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const mac = createHmac('sha256', key).update(timestamp + method + path);
  if (body.length > 0) mac.update(body);
  return mac.digest('base64').split('+').join('-').split('/').join('_');
}

/** Whether `given` is exactly the expected signature (constant time). */
export function polySignatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
