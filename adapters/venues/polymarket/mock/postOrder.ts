import type { ServerResponse } from 'node:http';
import type { Address } from 'viem';
import { FAK_NO_MATCH_MSG } from '../constants.js';
import type { MockExchange } from './exchange.js';
import {
  checkOrderTimestamp,
  checkSigner,
  mockOrderId,
  PostBodySchema,
  wireOrder,
  type MockClock,
  type MockKey
} from './verify.js';
import type { MockMode } from './types.js';
import { delayedJson, matchedJson } from './views.js';

/** Writes a JSON answer. */
export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** What `POST /order` needs from the server. */
export interface PostOrderContext {
  readonly key: MockKey;
  readonly funder: Address;
  readonly ex: MockExchange;
  readonly delayMs: number;
  readonly timers: Set<NodeJS.Timeout>;
  readonly clock: MockClock;
}

const later = (ctx: PostOrderContext, ms: number, fn: () => void): void => {
  const t = setTimeout(() => {
    ctx.timers.delete(t);
    fn();
  }, ms);
  ctx.timers.add(t);
};

/**
 * `POST /order` after L2 authentication: strict body shape and version, owner, order timestamp
 * (ms, fresh), EIP-712 signer with the token's exchange domain (the mock's own hashing), venue
 * rules, then matching per the scripted `mode`.
 */
export async function postOrder(
  ctx: PostOrderContext,
  raw: Buffer,
  res: ServerResponse,
  mode: MockMode | undefined
): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return send(res, 400, { error: 'Invalid order payload' });
  }
  const legacy =
    typeof parsed === 'object' &&
    parsed !== null &&
    'order' in parsed &&
    /"(nonce|feeRateBps)"/.test(raw.toString('utf8'));
  if (legacy || mode?.kind === 'version_mismatch')
    return send(res, 400, { error: 'order_version_mismatch' });
  const b = PostBodySchema.safeParse(parsed);
  if (!b.success) return send(res, 400, { error: 'Invalid order payload' });
  if (b.data.owner !== ctx.key.apiKey)
    return send(res, 400, { error: 'the order owner has to be the owner of the API KEY' });
  const o = wireOrder(b.data);
  const stale = checkOrderTimestamp(o, ctx.clock);
  if (stale !== null) return send(res, 400, { error: stale });
  let orderId: `0x${string}`;
  try {
    orderId = mockOrderId(o, ctx.ex.listing(o.tokenId).kind);
  } catch {
    return send(res, 400, { error: 'Invalid order payload' });
  }
  const bad = await checkSigner(ctx.key, ctx.funder, o, orderId);
  if (bad !== null) return send(res, 400, { error: bad });
  if (ctx.ex.orders.has(orderId))
    return send(res, 400, { error: `order ${orderId} is invalid. Duplicated.` });
  const rule = ctx.ex.validate(o, b.data.orderType);
  if (rule !== null) return send(res, 400, { error: rule });
  if (mode?.kind === 'server_error' && !mode.execute)
    return send(res, mode.status ?? 500, { error: 'could not run the execution' });
  if (mode?.kind === 'drop' && !mode.execute) return void res.socket?.destroy();
  const order = ctx.ex.accept(o, orderId, b.data.orderType);
  if (mode?.kind === 'no_match') {
    order.status = 'CANCELED';
    return send(res, 400, { error: FAK_NO_MATCH_MSG, orderID: orderId });
  }
  if (mode?.kind === 'delayed') {
    later(ctx, mode.afterMs ?? ctx.delayMs, () => {
      if (mode.resolve === 'fill') ctx.ex.execute(order);
      else order.status = 'CANCELED';
    });
    return send(res, 200, delayedJson(order));
  }
  ctx.ex.execute(order, mode?.kind === 'partial' ? mode.qty : undefined);
  if (mode?.kind === 'server_error')
    return send(res, mode.status ?? 500, { error: 'could not run the execution' });
  if (mode?.kind === 'drop') return void res.socket?.destroy();
  const answer = (): void => {
    if (order.sizeMatched === 0 && order.status !== 'LIVE') {
      return send(res, 400, { error: FAK_NO_MATCH_MSG, orderID: orderId });
    }
    send(
      res,
      200,
      order.status === 'LIVE' ? { ...delayedJson(order), status: 'live' } : matchedJson(order)
    );
  };
  if (mode?.kind === 'slow') return later(ctx, mode.ms, answer);
  answer();
}
