import {
  addMicros,
  notional as notionalOf,
  parseMicros,
  parseQty,
  TwinlegError,
  ZERO_MICROS,
  type FeeParams,
  type Micros,
  type OrderOutcome,
  type OrderRef,
  type Qty
} from '../../../core/index.js';
import { emptyOutcome, fillFee, fillOutcome } from './outcomes.js';
import { readOpenOrder, readTrades, tradeNotional, type OpenOrder } from './wire.js';

/** Order statuses after which nothing more can fill (a FAK never rests). */
const TERMINAL = new Set(['MATCHED', 'CANCELED', 'CANCELED_MARKET_RESOLVED', 'INVALID', 'EXPIRED']);

/** Reason of the `unknown` answer to a JSON `null` record (see {@link lookupById}). */
export const NULL_RECORD = 'lookup null';

/** Fetches one signed GET and returns its body text (throws on a non-200). */
export type SignedGet = (path: string, query: string) => Promise<string>;

/**
 * Resolves an order from `GET /data/order/{id}`:
 * - JSON `null` (not indexed yet, ~150 ms after posting; or never posted) → `unknown` (the
 *   adapter resolves it from the trades past the settlement window: `tradesLookup.ts`);
 * - LIVE / DELAYED / UNMATCHED / anything non-terminal → `pending`;
 * - MATCHED / CANCELED… with `size_matched` 0 → `none`; > 0 → `filled`/`partial` with the exact
 *   notional from its trades (`GET /data/trades?id=`), fee per trade at the trade's price.
 * Without trade ids the notional falls back to size × the order's limit price (flagged).
 */
export async function lookupById(
  ref: OrderRef,
  orderId: string,
  fees: FeeParams,
  get: SignedGet
): Promise<OrderOutcome> {
  const rec = readOpenOrder(await get(`/data/order/${orderId}`, ''));
  if (rec === null) return emptyOutcome(ref.clientOrderId, 'unknown', orderId, NULL_RECORD);
  const status = rec.status.toUpperCase();
  if (!TERMINAL.has(status)) return emptyOutcome(ref.clientOrderId, 'pending', orderId, status);
  const matched = parseQty(rec.size_matched);
  if (matched <= 0) return emptyOutcome(ref.clientOrderId, 'none', orderId, status);
  const { notional, fee } = await priced(rec, matched, fees, get);
  return fillOutcome(ref.clientOrderId, orderId, ref.qty, matched, notional, fee);
}

async function priced(
  rec: OpenOrder,
  matched: Qty,
  fees: FeeParams,
  get: SignedGet
): Promise<{ notional: Micros; fee: Micros }> {
  const ids = rec.associate_trades ?? [];
  if (ids.length === 0) {
    const notional = notionalOf(matched, parseMicros(rec.price), 'half-up');
    return { notional, fee: fillFee(matched, notional, fees) };
  }
  let notional = ZERO_MICROS;
  let fee = ZERO_MICROS;
  for (const id of ids) {
    const page = readTrades(await get('/data/trades', `?id=${encodeURIComponent(id)}`));
    const t = page.trades.find((x) => x.id === id);
    if (!t) throw new TwinlegError('venue_protocol', `trade ${id} not found`);
    const n = tradeNotional(t);
    notional = addMicros(notional, n);
    fee = addMicros(fee, fillFee(parseQty(t.size), n, fees));
  }
  return { notional, fee };
}
