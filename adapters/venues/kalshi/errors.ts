import { z } from 'zod';
import type { RejectKind } from '../../../core/index.js';
import { redactSecrets } from './redact.js';
import { parseJson } from './wire.js';

/**
 * What an HTTP error from Kalshi means for an order.
 * - `reject`: the venue refused it and nothing was placed (`retryable` per the core registry).
 * - `duplicate`: `409 order_already_exists`: our client order id is already there; look it up.
 * - `unknown`: 5xx: the order may or may not exist; look it up, never assume 0.
 */
export type KalshiFailure =
  | {
      readonly kind: 'reject';
      readonly rejectKind: RejectKind;
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'duplicate'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly code: string; readonly message: string };

/** Venue error codes → reject kinds (codes seen in captures, docs and community reports). */
const CODE_KINDS: Readonly<Record<string, RejectKind>> = {
  insufficient_balance: 'insufficient_balance',
  market_not_found: 'invalid_order',
  invalid_price: 'invalid_order',
  invalid_order: 'invalid_order',
  invalid_parameters: 'invalid_order',
  bad_request: 'invalid_order',
  market_closed: 'market_closed',
  trading_is_paused: 'market_closed',
  exchange_closed: 'market_closed',
  service_unavailable: 'unavailable',
  deprecated_v1_order_endpoint: 'other'
};

/** Default wait when a 429 carries no usable `Retry-After`. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * `Retry-After` as milliseconds: delay-seconds (decimals tolerated) or an HTTP date relative
 * to `nowWallMs`; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowWallMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowWallMs);
}

const Fields = z.object({
  code: z.string().optional(),
  message: z.string().optional(),
  details: z.string().optional()
});

/**
 * Both error shapes: wrapped `{"error":{"code","message","details"?,"service"?}}` (every
 * capture) and flat `{"code","message","details"?}` (the SDK's `ErrorResponse` model); a bare
 * `{"error":"…"}` reads as a message.
 */
const ErrorBody = z.union([
  z.object({ error: Fields }).transform((b) => b.error),
  z.object({ error: z.string() }).transform((b) => ({ message: b.error })),
  Fields.refine((b) => b.code !== undefined || b.message !== undefined)
]);

/** A venue error code as we keep it: a short word, else nothing. */
const CODE = /^[a-z][a-z0-9_.:-]{0,63}$/i;
/** Longest message kept, characters. */
const MAX_MESSAGE = 200;

/**
 * Code and message of an error body (either shape), free of credentials: the code only if it
 * is a short word that carries nothing credential-shaped (else `http_<status>`), the message
 * (with `details`) redacted and cut to 200 chars.
 */
export function errorInfo(status: number, text: string): { code: string; message: string } {
  const b = parseJson(ErrorBody, text);
  const raw = b && 'code' in b ? b.code : undefined;
  const code =
    raw !== undefined && CODE.test(raw) && redactSecrets(raw) === raw ? raw : `http_${status}`;
  const venue =
    b === undefined
      ? text
      : [b.message, 'details' in b ? b.details : undefined].filter(Boolean).join(': ');
  // redact before cutting, so a cut never leaves part of a credential behind
  const message = redactSecrets(venue.slice(0, 4 * MAX_MESSAGE)).slice(0, MAX_MESSAGE);
  return { code, message: message || `HTTP ${status}` };
}

/** Classifies a non-2xx Kalshi answer (see {@link KalshiFailure}). */
export function classifyHttpError(
  status: number,
  text: string,
  retryAfter: string | undefined,
  nowWallMs: number
): KalshiFailure {
  const { code, message } = errorInfo(status, text);
  if (status === 409 && code === 'order_already_exists')
    return { kind: 'duplicate', code, message };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowWallMs) ?? DEFAULT_RETRY_AFTER_MS;
    return { kind: 'reject', rejectKind: 'rate_limited', code, message, retryAfterMs };
  }
  if (status >= 500)
    return { kind: 'unknown', code, message: `HTTP ${status} ${code}: ${message}` };
  if (status === 401 || status === 403)
    return { kind: 'reject', rejectKind: 'auth', code, message };
  const mapped = CODE_KINDS[code];
  if (mapped) return { kind: 'reject', rejectKind: mapped, code, message };
  const rejectKind: RejectKind = status === 400 || status === 404 ? 'invalid_order' : 'other';
  return { kind: 'reject', rejectKind, code, message };
}
