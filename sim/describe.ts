/** Short human descriptions of orders and venue answers for the trace. */
import { formatUsd, type OrderOutcome, type OrderRequest } from '../core/index.js';
import { qtyAt } from './trace.js';

/** `p1-3-y buy yes 10@45¢ m=7`. */
export function describeOrder(o: OrderRequest): string {
  return `${o.clientOrderId} ${o.action} ${o.side} ${qtyAt(o.qty, o.limitPrice)} m=${o.market.marketId}`;
}

/** `filled 10 $4.50 fee $0.18`, `rejected settlement`, `unknown (timeout)`, `ERROR …`. */
export function describeAnswer(a: OrderOutcome | Error): string {
  if (a instanceof Error) return `ERROR ${a.message}`;
  const amounts =
    a.filledQty > 0 ? ` ${a.filledQty / 1e6} ${formatUsd(a.notional)} fee ${formatUsd(a.fee)}` : '';
  const why = a.status === 'rejected' ? ` ${a.rejectKind ?? 'other'}` : '';
  const reason = a.reason && a.status !== 'filled' ? ` (${a.reason})` : '';
  return `${a.status}${why}${amounts}${reason}`;
}
