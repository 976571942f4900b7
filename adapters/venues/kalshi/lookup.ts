import { NO_FILL, type Clock, type OrderOutcome, type OrderRef } from '../../../core/index.js';
import { errorInfo } from './errors.js';
import { KalshiTransportError, type HttpCall, type HttpAnswer } from './http.js';
import { outcomeFromOrder } from './orderMapping.js';
import type { SendLog } from './sendLog.js';
import { GetOrderResponseSchema, GetOrdersResponseSchema, parseJson } from './wire.js';

/** What order lookups need from the adapter. */
export interface LookupContext {
  readonly clock: Clock;
  readonly sendLog: SendLog;
  /** Sends a signed read (GET) with the read bucket and read timeout. */
  readonly get: (
    path: string,
    query: HttpCall['query'],
    signal: AbortSignal
  ) => Promise<HttpAnswer>;
  /** Pages of `GET /portfolio/orders` to scan for a client order id. */
  readonly maxPages: number;
  /** How long "not found" stays `unknown` after an uncertain send. */
  readonly notFoundGraceMs: number;
}

const unknown = (ref: OrderRef, reason: string, orderId?: string): OrderOutcome => ({
  status: 'unknown',
  clientOrderId: ref.clientOrderId,
  ...(orderId === undefined ? {} : { orderId }),
  ...NO_FILL,
  reason
});

/**
 * Looks an order up: by venue id (`GET /portfolio/orders/{id}`) when known, else by client
 * order id through `GET /portfolio/orders?ticker=…&min_ts=…` (the list has no client-id
 * filter), every page to the end. Never throws; anything unproven is `unknown`. When "not found"
 * is final:
 * - never sent by this process and not recalled: never (`unknown`: no send record);
 * - recalled after a restart (`KalshiAdapter.recall`): once the consistency window since its
 *   last dispatch has passed on the wall clock → `none`; before → `unknown`;
 * - sent by this process: once the grace period after its last uncertain send has passed.
 */
export async function lookupKalshiOrder(
  ctx: LookupContext,
  ref: OrderRef,
  signal: AbortSignal
): Promise<OrderOutcome> {
  const rec = ctx.sendLog.get(ref.clientOrderId);
  const id = ref.orderId ?? rec?.orderId;
  try {
    if (id !== undefined) {
      const a = await ctx.get(`/portfolio/orders/${encodeURIComponent(id)}`, undefined, signal);
      if (a.status === 200) {
        const r = parseJson(GetOrderResponseSchema, a.text);
        if (!r) return unknown(ref, 'malformed order response', id);
        return outcomeFromOrder(ref, r.order);
      }
      if (a.status !== 404)
        return unknown(ref, `lookup HTTP ${a.status} ${errorInfo(a.status, a.text).code}`, id);
    }
    const minTs = rec ? Math.floor(rec.firstSentWallMs / 1000) - 60 : undefined;
    let cursor: string | undefined;
    for (let page = 0; page < ctx.maxPages; page++) {
      const q = { ticker: ref.market.kalshiTicker, limit: 200, min_ts: minTs, cursor };
      const a = await ctx.get('/portfolio/orders', q, signal);
      if (a.status !== 200)
        return unknown(ref, `lookup HTTP ${a.status} ${errorInfo(a.status, a.text).code}`);
      const r = parseJson(GetOrdersResponseSchema, a.text);
      if (!r) return unknown(ref, 'malformed orders response');
      const hit = r.orders.find((o) => o.client_order_id === ref.clientOrderId);
      if (hit) {
        if (rec) rec.orderId = hit.order_id;
        return outcomeFromOrder(ref, hit);
      }
      cursor = r.cursor ?? undefined;
      if (!cursor) return notFound(ctx, ref);
    }
    return unknown(ref, 'not found in the pages scanned');
  } catch (e) {
    const why = e instanceof KalshiTransportError ? e.message : 'lookup failed';
    return unknown(ref, why, id);
  }
}

function notFound(ctx: LookupContext, ref: OrderRef): OrderOutcome {
  const rec = ctx.sendLog.get(ref.clientOrderId);
  if (!rec) return unknown(ref, 'not found (no local send record)');
  const finalAt = rec.notFoundFinalWallMs;
  if (finalAt !== undefined && ctx.clock.wallMs() < finalAt) {
    return unknown(ref, 'not found yet (consistency window since dispatch)');
  }
  const since = rec.lastUncertainNs;
  if (since !== undefined && ctx.clock.nowNs() - since < ctx.notFoundGraceMs * 1e6) {
    return unknown(ref, 'not found yet (grace period)');
  }
  return {
    status: 'none',
    clientOrderId: ref.clientOrderId,
    ...NO_FILL,
    reason:
      finalAt === undefined
        ? 'order not found'
        : 'not found past the consistency window: never placed',
    neverPlaced: true
  };
}
