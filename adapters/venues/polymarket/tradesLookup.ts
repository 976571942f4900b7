/**
 * What a signed order filled, read from the account's trades when `GET /data/order/{id}` has no
 * record of it (JSON `null`) past the settlement window since signing: an order the CLOB never
 * accepted, or one it matched and no longer indexes. `GET /data/trades?market=<condition
 * id>&after=<unix s>&next_cursor=…` (L2; pages end at `LTE=`) lists the account's trades; a FAK
 * order is always the taker, so its fills are exactly the trades whose `taker_order_id` is its
 * id. Every page is read to the end and checked; anything unproven throws (the caller answers
 * `unknown`).
 */
import {
  addMicros,
  addQty,
  parseQty,
  TwinlegError,
  ZERO_MICROS,
  ZERO_QTY,
  type FeeParams,
  type OrderOutcome,
  type OrderRef
} from '../../../core/index.js';
import type { SignedGet } from './lookup.js';
import { emptyOutcome, fillFee, fillOutcome } from './outcomes.js';
import { readTrades, tradeNotional } from './wire.js';

/** First cursor of a paginated CLOB list (the SDK's `INITIAL_CURSOR`). */
export const INITIAL_CURSOR = 'MA==';
/** Cursor after the last page (the SDK's `END_CURSOR`). */
export const END_CURSOR = 'LTE=';
/** Trade statuses of a match that stands (`FAILED`, `RETRYING`: not proven). */
const FINAL_TRADE = new Set(['MATCHED', 'MINED', 'CONFIRMED']);

/** The order and where to look for its trades. */
export interface TradesQuery {
  readonly ref: OrderRef;
  readonly orderId: string;
  /** The order's token (its side's token id). */
  readonly tokenId: string;
  /** Condition id of the token's market (`GET /markets-by-token/{token}`). */
  readonly conditionId: string;
  /** Trades matched after this Unix second (signing time less a margin for clock offsets). */
  readonly afterSec: number;
  readonly fees: FeeParams;
  /** Pages read at most; more means unproven. */
  readonly maxPages: number;
}

const bad = (why: string): never => {
  throw new TwinlegError('venue_protocol', why);
};

/**
 * The order's outcome from its trades: their summed size, notional and fees at each trade's
 * price (as `lookupById` prices a fill), `none` when there is none. Throws when a page is junk,
 * the list does not end within `maxPages`, or a trade of the order is on another token or side,
 * not final, or fills more than the order asked.
 */
export async function outcomeFromTrades(q: TradesQuery, get: SignedGet): Promise<OrderOutcome> {
  const id = q.orderId.toLowerCase();
  const want = q.ref.action === 'buy' ? 'BUY' : 'SELL';
  const seen = new Set<string>();
  let filled = ZERO_QTY;
  let notional = ZERO_MICROS;
  let fee = ZERO_MICROS;
  let cursor = INITIAL_CURSOR;
  for (let page = 0; ; page++) {
    if (page >= q.maxPages) bad(`trades not read to the end in ${q.maxPages} pages`);
    const query =
      `?market=${encodeURIComponent(q.conditionId)}&after=${q.afterSec}` +
      `&next_cursor=${encodeURIComponent(cursor)}`;
    const { trades, next } = readTrades(await get('/data/trades', query));
    for (const t of trades) {
      if (t.taker_order_id === undefined) bad(`trade ${t.id} without taker_order_id`);
      if (t.taker_order_id?.toLowerCase() !== id || seen.has(t.id)) continue;
      seen.add(t.id);
      if (t.asset_id !== q.tokenId) bad(`trade ${t.id} of the order is on another token`);
      if (t.side !== undefined && t.side.toUpperCase() !== want)
        bad(`trade ${t.id} of the order is a ${t.side}`);
      if (!FINAL_TRADE.has((t.status ?? '').toUpperCase()))
        bad(`trade ${t.id} of the order is ${t.status ?? 'without status'}`);
      const size = parseQty(t.size);
      const n = tradeNotional(t);
      filled = addQty(filled, size);
      notional = addMicros(notional, n);
      fee = addMicros(fee, fillFee(size, n, q.fees));
    }
    if (next === undefined || next === '' || next === END_CURSOR) break;
    if (next === cursor) bad('trades cursor does not advance');
    cursor = next;
  }
  if (filled > q.ref.qty) bad('trades of the order fill more than it asked');
  if (filled <= 0)
    return emptyOutcome(
      q.ref.clientOrderId,
      'none',
      q.orderId,
      'no record and no trades past the settlement window: never matched'
    );
  return fillOutcome(q.ref.clientOrderId, q.orderId, q.ref.qty, filled, notional, fee);
}
