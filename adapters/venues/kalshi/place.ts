import {
  NO_FILL,
  type OrderOutcome,
  type OrderRequest,
  type RejectKind
} from '../../../core/index.js';
import { classifyHttpError } from './errors.js';
import { KalshiTransportError, type HttpAnswer } from './http.js';
import { outcomeFromCreate, toCreateOrderV2 } from './orderMapping.js';
import type { ResolvedKalshiOptions } from './options.js';
import type { SentRecord } from './sendLog.js';
import { CreateOrderV2ResponseSchema, parseJson, type CreateOrderV2Body } from './wire.js';

/** What a placement needs from the adapter. */
export interface PlaceContext {
  readonly opts: ResolvedKalshiOptions;
  /** Sends the signed create (write bucket, placement timeout). */
  readonly post: (body: CreateOrderV2Body, signal: AbortSignal) => Promise<HttpAnswer>;
  /** Remembers a send of this client order id. */
  readonly sent: (order: OrderRequest) => SentRecord;
  /** Looks the order up by client order id (after a 409 duplicate). */
  readonly lookup: (order: OrderRequest, signal: AbortSignal) => Promise<OrderOutcome>;
  /** Empties the write bucket for `ms` (a 429's Retry-After). */
  readonly penalize: (ms: number) => void;
  /** Abortable pause on the shared clock; false if aborted. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<boolean>;
}

const empty = (o: OrderRequest) => ({
  clientOrderId: o.clientOrderId,
  ...NO_FILL
});

/** `rejected`: provably nothing placed. */
export const rejectedOutcome = (
  o: OrderRequest,
  rejectKind: RejectKind,
  reason: string,
  retryAfterMs?: number
): OrderOutcome => ({
  ...empty(o),
  status: 'rejected',
  rejectKind,
  reason,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs })
});

/** `unknown`: may have been placed; the engine looks it up. */
export const unknownOutcome = (
  o: OrderRequest,
  reason: string,
  orderId?: string
): OrderOutcome => ({
  ...empty(o),
  status: 'unknown',
  reason,
  ...(orderId === undefined ? {} : { orderId })
});

/**
 * One IOC placement with retries that reuse the client order id: a 429 waits out its
 * `Retry-After` (through the write bucket), a 5xx or reset is retried after a short pause, a
 * `409 order_already_exists` is resolved by a lookup. A timeout or abort after sending ends
 * as `unknown` at once (the engine reconciles). Once any attempt may have placed the order,
 * a later refusal is reported as `unknown`, never as "nothing placed".
 */
export async function placeKalshiOrder(
  ctx: PlaceContext,
  order: OrderRequest,
  signal: AbortSignal
): Promise<OrderOutcome> {
  const body = toCreateOrderV2(order);
  if (typeof body === 'string') return rejectedOutcome(order, 'invalid_order', body);
  const { opts } = ctx;
  let maybePlaced = false;
  const uncertain = (reason: string): OrderOutcome => {
    ctx.sent(order).lastUncertainNs = opts.clock.nowNs();
    return unknownOutcome(order, reason);
  };
  const notPlaced = (kind: RejectKind, reason: string, retryAfterMs?: number): OrderOutcome =>
    maybePlaced
      ? uncertain(`${reason} after an uncertain attempt`)
      : rejectedOutcome(order, kind, reason, retryAfterMs);
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= opts.maxAttempts;
    const retry = async (
      cause: 'rate_limited' | 'http_5xx' | 'network' | 'refused',
      waitMs: number
    ): Promise<boolean> => {
      opts.onEvent({ type: 'retry', clientOrderId: order.clientOrderId, attempt, cause, waitMs });
      opts.logger.warn(
        { clientOrderId: order.clientOrderId, attempt, cause, waitMs },
        '[KALSHI] retrying placement'
      );
      return cause === 'rate_limited' ? true : ctx.sleep(waitMs, signal);
    };
    let a: HttpAnswer;
    try {
      ctx.sent(order);
      a = await ctx.post(body, signal);
    } catch (e) {
      if (!(e instanceof KalshiTransportError)) throw e;
      if (!e.sent) {
        if (e.failure === 'refused' && !last && (await retry('refused', opts.backoffMs))) continue;
        return notPlaced(e.failure === 'refused' ? 'unavailable' : 'other', e.message);
      }
      maybePlaced = true;
      if (e.failure === 'network' && !last && (await retry('network', opts.backoffMs))) continue;
      return uncertain(e.failure === 'timeout' ? 'timeout' : e.message);
    }
    if (a.status === 201 || a.status === 200) {
      const r = parseJson(CreateOrderV2ResponseSchema, a.text);
      if (!r) return uncertain('malformed create response');
      ctx.sent(order).orderId = r.order_id;
      return outcomeFromCreate(order, r, opts.feeUnitMicros);
    }
    const f = classifyHttpError(a.status, a.text, a.retryAfter, opts.clock.wallMs());
    if (f.kind === 'duplicate') {
      opts.onEvent({ type: 'duplicate', clientOrderId: order.clientOrderId });
      const found = await ctx.lookup(order, signal);
      return found.status === 'none'
        ? uncertain('duplicate client order id, order not visible')
        : found;
    }
    if (f.kind === 'unknown') {
      maybePlaced = true;
      if (!last && (await retry('http_5xx', opts.backoffMs))) continue;
      return uncertain(f.message);
    }
    if (f.rejectKind === 'rate_limited') {
      const wait = f.retryAfterMs ?? 0;
      ctx.penalize(wait);
      if (!last && wait <= opts.maxRetryAfterMs && (await retry('rate_limited', wait))) continue;
      return notPlaced('rate_limited', `rate limited: ${f.message}`, wait);
    }
    return notPlaced(f.rejectKind, `${f.code}: ${f.message}`);
  }
}
