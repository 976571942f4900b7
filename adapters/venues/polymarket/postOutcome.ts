import type { OrderOutcome, OrderRequest } from '../../../core/index.js';
import { classifyError } from './errors.js';
import { HttpFailure, type HttpResponse } from './http.js';
import { emptyOutcome, fillFee, fillOutcome, rejectedOutcome } from './outcomes.js';
import { errorMessage, readPostResponse } from './wire.js';

/** The outcome of one `POST /order`, and the rate-limit penalty to apply, if any. */
export interface PostVerdict {
  readonly outcome: OrderOutcome;
  readonly penaltyMs?: number;
}

/**
 * Maps a `POST /order` HTTP answer to an outcome: 200 `matched` → filled/partial with exact
 * amounts (fee at the average price); `delayed`/`live`/`unmatched` → pending; malformed →
 * unknown; errors through {@link classifyError}. `redact` scrubs venue text of secrets.
 */
export function postOutcome(
  order: OrderRequest,
  orderId: string,
  res: HttpResponse,
  redact: (s: string) => string
): PostVerdict {
  const cid = order.clientOrderId;
  if (res.status === 200 || res.status === 201) {
    const r = readPostResponse(res.text, order.action);
    if (r.kind === 'matched') {
      const fee = fillFee(r.filledQty, r.notional, order.market.fees.polymarket);
      return { outcome: fillOutcome(cid, orderId, order.qty, r.filledQty, r.notional, fee) };
    }
    if (r.kind === 'pending') return { outcome: emptyOutcome(cid, 'pending', orderId, r.status) };
    if (r.kind === 'malformed') return { outcome: emptyOutcome(cid, 'unknown', orderId, r.why) };
    return errorVerdict(order, orderId, 400, redact(r.message), undefined);
  }
  const h = res.headers['retry-after'];
  const retryAfter = Array.isArray(h) ? h[0] : h;
  return errorVerdict(
    order,
    orderId,
    res.status,
    redact(errorMessage(res.text).message),
    retryAfter
  );
}

function errorVerdict(
  order: OrderRequest,
  orderId: string,
  status: number,
  msg: string,
  retryAfter: string | undefined
): PostVerdict {
  const cid = order.clientOrderId;
  const v = classifyError(status, msg, order.action, retryAfter);
  if (v.kind === 'none') return { outcome: emptyOutcome(cid, 'none', orderId, v.reason) };
  if (v.kind === 'unknown') return { outcome: emptyOutcome(cid, 'unknown', orderId, v.reason) };
  const outcome = rejectedOutcome(cid, v.rejectKind, v.reason, orderId, v.retryAfterMs);
  return v.rejectKind === 'rate_limited'
    ? { outcome, penaltyMs: v.retryAfterMs ?? 1_000 }
    : { outcome };
}

/**
 * Outcome of a request that got no answer: provably not sent (aborted before dispatch,
 * connection refused) → rejected; otherwise (timeout, reset, abort in flight) → unknown.
 */
export function failureOutcome(
  clientOrderId: string,
  orderId: string,
  e: unknown,
  redact: (s: string) => string
): OrderOutcome {
  const f = e instanceof HttpFailure ? e : new HttpFailure(true, 'ERROR', String(e));
  if (!f.sent) {
    const kind = f.netCode === 'ABORTED' ? 'other' : 'unavailable';
    return rejectedOutcome(clientOrderId, kind, f.message, orderId);
  }
  return emptyOutcome(clientOrderId, 'unknown', orderId, redact(f.message));
}
