/**
 * Polymarket market-channel events and the REST `/book` answer, validated with zod (facts and
 * sources: PROTOCOLS.md §2.2, §2.5). Every value is a string on the wire. Unknown keys are
 * ignored; the fields the feed uses are required.
 */
import { z } from 'zod';

const level = z.object({ price: z.string(), size: z.string() });
/** Unix ms as a string of digits. */
const tsMs = z.string().regex(/^\d{1,16}$/);

/** `book`: replaces one token's whole book. */
export const PolyBookSchema = z.object({
  event_type: z.literal('book'),
  asset_id: z.string().min(1),
  bids: z.array(level),
  asks: z.array(level),
  timestamp: tsMs,
  hash: z.string().optional()
});

/** One element of `price_change.price_changes`: the new total size at one level. */
export const PolyChangeSchema = z.object({
  asset_id: z.string().min(1),
  price: z.string(),
  size: z.string(),
  side: z.enum(['BUY', 'SELL']),
  hash: z.string().optional(),
  best_bid: z.string().optional(),
  best_ask: z.string().optional()
});

/** `price_change` (the form since 2025-09-15: `asset_id` per element). */
export const PolyPriceChangeSchema = z.object({
  event_type: z.literal('price_change'),
  timestamp: tsMs,
  price_changes: z.array(PolyChangeSchema)
});

/** `tick_size_change`. */
export const PolyTickSchema = z.object({
  event_type: z.literal('tick_size_change'),
  asset_id: z.string().min(1),
  new_tick_size: z.string(),
  timestamp: tsMs.optional()
});

/** The REST `GET /book?token_id=` answer. */
export const PolyRestBookSchema = z.object({
  asset_id: z.string().min(1),
  bids: z.array(level),
  asks: z.array(level),
  timestamp: tsMs.optional(),
  tick_size: z.string().optional()
});

/** Events read and not applied (they carry nothing a book needs). */
export const POLY_IGNORED_EVENTS: ReadonlySet<string> = new Set([
  'last_trade_price',
  'best_bid_ask',
  'new_market',
  'market_resolved'
]);

/** A validated `price_change` element. */
export type PolyChange = z.infer<typeof PolyChangeSchema>;
/** A validated REST book. */
export type PolyRestBook = z.infer<typeof PolyRestBookSchema>;
