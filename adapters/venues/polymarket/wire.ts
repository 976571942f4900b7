import { z } from 'zod';
import {
  addMicros,
  asMicros,
  asQty,
  complementPrice,
  notional,
  parseMicro,
  parseMicros,
  parseQty,
  TwinlegError,
  ZERO_MICROS,
  type Micros,
  type OrderAction,
  type Qty
} from '../../../core/index.js';

/** `POST /order` 200 body (tolerant: unknown fields ignored). */
const PostOrderSchema = z.object({
  success: z.boolean().optional(),
  errorMsg: z.string().optional(),
  orderID: z.string().optional(),
  status: z.string().optional(),
  takingAmount: z.string().optional(),
  makingAmount: z.string().optional(),
  transactionsHashes: z.array(z.string()).nullish(),
  tradeIDs: z.array(z.string()).nullish()
});

/** Error body: `{"error": "<message>"}`, sometimes with an `orderID`. */
const ErrorSchema = z.object({ error: z.unknown(), orderID: z.string().optional() });

/** `GET /data/order/{id}` (an OpenOrder; status upper case here). */
const OpenOrderSchema = z.object({
  id: z.string(),
  status: z.string(),
  side: z.string().optional(),
  original_size: z.string(),
  size_matched: z.string(),
  price: z.string(),
  asset_id: z.string().optional(),
  associate_trades: z.array(z.string()).nullish()
});

const MakerOrderSchema = z.object({
  matched_amount: z.string(),
  price: z.string(),
  asset_id: z.string()
});

const TradeSchema = z.object({
  id: z.string(),
  asset_id: z.string(),
  size: z.string(),
  price: z.string(),
  maker_orders: z.array(MakerOrderSchema).nullish(),
  /** The taker's order (a FAK order is always the taker); required where trades prove a fill. */
  taker_order_id: z.string().optional(),
  side: z.string().optional(),
  status: z.string().optional(),
  market: z.string().optional(),
  match_time: z.string().optional()
});

/** `GET /data/trades` page. */
const TradesPageSchema = z.object({
  data: z.array(TradeSchema),
  next_cursor: z.string().optional()
});

/** A parsed OpenOrder. */
export type OpenOrder = z.infer<typeof OpenOrderSchema>;
/** A parsed Trade. */
export type Trade = z.infer<typeof TradeSchema>;

/** What a `POST /order` answer says, before fees and outcome shaping. */
export type PostResult =
  | { readonly kind: 'matched'; readonly filledQty: Qty; readonly notional: Micros }
  | { readonly kind: 'pending'; readonly status: string }
  | { readonly kind: 'error'; readonly message: string; readonly orderId?: string }
  | { readonly kind: 'malformed'; readonly why: string };

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The `error` message of an error body (or the raw text, cut short). */
export function errorMessage(text: string): { message: string; orderId?: string } {
  const e = ErrorSchema.safeParse(json(text));
  if (!e.success) return { message: text.slice(0, 200) };
  const m = typeof e.data.error === 'string' ? e.data.error : JSON.stringify(e.data.error);
  return e.data.orderID === undefined ? { message: m } : { message: m, orderId: e.data.orderID };
}

/**
 * Reads a 200 `POST /order` body. `matched` amounts are human decimals ("5", "2.65") parsed
 * exactly: BUY fills = takingAmount (shares), cost = makingAmount (pUSD); SELL the reverse.
 * A partial FAK is still `matched`. `delayed`/`live`/`unmatched` → pending (look it up).
 * Missing or unparseable amounts on `matched` → malformed (the caller answers `unknown`).
 */
export function readPostResponse(text: string, action: OrderAction): PostResult {
  const r = PostOrderSchema.safeParse(json(text));
  if (!r.success) return { kind: 'malformed', why: 'unparseable order response' };
  const b = r.data;
  if (b.success === false || (b.errorMsg !== undefined && b.errorMsg !== '' && !b.status)) {
    return { kind: 'error', message: b.errorMsg ?? 'success=false', ...idOf(b.orderID) };
  }
  const status = (b.status ?? '').toLowerCase();
  if (status !== 'matched') return { kind: 'pending', status: status || 'missing status' };
  try {
    const taking = parseMicro(b.takingAmount ?? '');
    const making = parseMicro(b.makingAmount ?? '');
    // a BUY takes shares for pUSD, a SELL the reverse
    const [shares, cash] = action === 'buy' ? [taking, making] : [making, taking];
    if (shares < 0 || cash < 0) return { kind: 'malformed', why: 'negative amounts' };
    return { kind: 'matched', filledQty: asQty(shares), notional: asMicros(cash) };
  } catch {
    return { kind: 'malformed', why: 'matched without exact amounts' };
  }
}

const idOf = (id: string | undefined) => (id === undefined ? {} : { orderId: id });

/** Reads `GET /data/order/{id}`: JSON `null` (not indexed yet) → null; junk → throws. */
export function readOpenOrder(text: string): OpenOrder | null {
  const v = json(text);
  if (v === null) return null;
  const r = OpenOrderSchema.safeParse(v);
  if (!r.success) throw new TwinlegError('venue_protocol', 'unparseable order record');
  return r.data;
}

/** The `condition_id` of a `GET /markets-by-token/{token}` answer (0x + 64 hex), if any. */
export function readConditionId(text: string): string | undefined {
  const r = z
    .object({ condition_id: z.string().regex(/^0x[0-9a-fA-F]{64}$/) })
    .safeParse(json(text));
  return r.success ? r.data.condition_id : undefined;
}

/** Reads a `GET /data/trades` page; throws on junk. */
export function readTrades(text: string): { trades: Trade[]; next: string | undefined } {
  const r = TradesPageSchema.safeParse(json(text));
  if (!r.success) throw new TwinlegError('venue_protocol', 'unparseable trades page');
  return { trades: r.data.data, next: r.data.next_cursor };
}

/**
 * Exact taker notional of one trade: the sum over its maker orders of matched × price, where
 * a maker on the complementary token (a mint/merge match) trades at 1 − its price; without
 * maker orders, size × price. Each product rounded half-up to the micro-dollar.
 */
export function tradeNotional(t: Trade): Micros {
  const makers = t.maker_orders ?? [];
  if (makers.length === 0) return notional(parseQty(t.size), parseMicros(t.price), 'half-up');
  let sum = ZERO_MICROS;
  for (const m of makers) {
    const p = parseMicros(m.price);
    const price = m.asset_id === t.asset_id ? p : complementPrice(p);
    sum = addMicros(sum, notional(parseQty(m.matched_amount), price, 'half-up'));
  }
  return sum;
}
