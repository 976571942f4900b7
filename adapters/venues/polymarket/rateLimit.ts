import type { OrderRequest } from '../../../core/index.js';
import type { Lane, TokenBucket } from '../common/tokenBucket.js';

/**
 * Takes one token from `bucket`, giving up when `signal` aborts first (the waiter leaves the
 * queue at once). Resolves true when the token was taken and the caller may send, false when
 * aborted (nothing must be sent).
 */
export async function takeToken(
  bucket: TokenBucket,
  signal: AbortSignal,
  lane: Lane = 'normal'
): Promise<boolean> {
  const taken = await bucket.take(1, { signal, lane });
  return taken && !signal.aborted;
}

/**
 * The lane of an order: a reduce-only sell closes exposure we hold (Polymarket cannot sell
 * shares it does not hold), so it goes first and is not held by a rate-limit penalty.
 */
export function laneOf(order: OrderRequest): Lane {
  return order.reduceOnly && order.action === 'sell' ? 'close' : 'normal';
}
