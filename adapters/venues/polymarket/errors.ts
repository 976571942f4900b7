import { TwinlegError, type OrderAction, type RejectKind } from '../../../core/index.js';

/** Missing or unusable Polymarket credentials (`credentials`). The message never holds a secret. */
export class PolymarketCredentialsError extends TwinlegError {
  constructor(message: string) {
    super('credentials', message);
    this.name = 'PolymarketCredentialsError';
  }
}

/** How a non-success answer to `POST /order` is read. */
export type ErrorVerdict =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string }
  | {
      readonly kind: 'rejected';
      readonly rejectKind: RejectKind;
      readonly reason: string;
      readonly retryAfterMs?: number;
    };

const has = (msg: string, ...needles: string[]): boolean => {
  const m = msg.toLowerCase();
  return needles.some((n) => m.includes(n));
};

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or bad.
 */
export function retryAfterMs(header: string | undefined, nowMs = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return Math.ceil(s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Rejection kind of a venue message (HTTP 400, or 200 with `success:false`). */
function messageKind(msg: string, action: OrderAction): RejectKind {
  if (has(msg, 'not enough balance', 'allowance')) {
    // right after a buy the CLOB has not credited the shares yet: retry the sell
    return action === 'sell' ? 'settlement' : 'insufficient_balance';
  }
  if (has(msg, 'unauthorized', 'invalid api key', 'api key', 'l1 request headers', 'signer')) {
    return 'auth';
  }
  if (has(msg, 'trading is currently disabled', 'cancel-only', 'not yet ready')) {
    return 'unavailable';
  }
  if (has(msg, 'closed', 'resolved', 'market not found', 'does not exist')) return 'market_closed';
  if (has(msg, 'order_version_mismatch', 'order version', 'invalid', 'tick', 'minimum')) {
    return 'invalid_order';
  }
  return 'other';
}

/**
 * Maps an HTTP status and venue message to an outcome class:
 * - 400 "no orders found to match with FAK order" → clean `none`;
 * - 429 → `rate_limited` with Retry-After (Cloudflare refused it: nothing placed);
 * - 401/403 → `auth`;
 * - 503 "trading disabled / cancel-only" → `unavailable`; any other 5xx and 425 → `unknown`
 *   (the order may have been placed: look it up, never assume 0);
 * - "not enough balance / allowance" → `settlement` on a SELL (retryable), else
 *   `insufficient_balance`; "order match delayed" → `unknown`;
 * - other 4xx → by message (auth, unavailable, market_closed, invalid_order, other).
 */
export function classifyError(
  status: number,
  message: string,
  action: OrderAction,
  retryAfter?: string
): ErrorVerdict {
  const reason = message === '' ? `HTTP ${status}` : message;
  if (has(message, 'no orders found to match')) return { kind: 'none', reason };
  if (status === 429) {
    const ms = retryAfterMs(retryAfter);
    return {
      kind: 'rejected',
      rejectKind: 'rate_limited',
      reason,
      ...(ms === undefined ? {} : { retryAfterMs: ms })
    };
  }
  if (status === 401 || status === 403) return { kind: 'rejected', rejectKind: 'auth', reason };
  if (status === 503 && has(message, 'disabled', 'cancel-only', 'cancel only')) {
    return { kind: 'rejected', rejectKind: 'unavailable', reason };
  }
  if (status >= 500 || status === 425 || status === 408) return { kind: 'unknown', reason };
  if (has(message, 'match delayed')) return { kind: 'unknown', reason };
  return { kind: 'rejected', rejectKind: messageKind(message, action), reason };
}
