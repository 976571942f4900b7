/**
 * Kalshi WebSocket v2 frames a book feed reads, validated with zod (facts and sources:
 * PROTOCOLS.md §1.2–§1.6). Only the fixed-point fields exist since March 2026; the legacy
 * integer fields are not read (a frame with only those fails validation and is resynced).
 * Unknown keys are ignored; the fields the feed uses are required.
 */
import { z } from 'zod';

const posInt = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** `[price_dollars, count_fp]` pairs, both decimal strings. */
const levels = z.array(z.tuple([z.string(), z.string()]));

/** `orderbook_snapshot`: the whole book of one ticker; an absent side is an empty ladder. */
export const KalshiSnapshotSchema = z.object({
  type: z.literal('orderbook_snapshot'),
  sid: posInt,
  seq: posInt,
  msg: z.object({
    market_ticker: z.string().min(1),
    yes_dollars_fp: levels.optional(),
    no_dollars_fp: levels.optional()
  })
});

/** `orderbook_delta`: a signed change (`delta_fp`) to one bid level of one ticker. */
export const KalshiDeltaSchema = z.object({
  type: z.literal('orderbook_delta'),
  sid: posInt,
  seq: posInt,
  msg: z.object({
    market_ticker: z.string().min(1),
    price_dollars: z.string(),
    delta_fp: z.string(),
    side: z.enum(['yes', 'no']),
    ts_ms: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()
  })
});

/** `subscribed`: the `sid` given to the subscribe command `id`. */
export const KalshiSubscribedSchema = z.object({
  type: z.literal('subscribed'),
  id: z.number().int().optional(),
  msg: z.object({ channel: z.string().optional(), sid: posInt })
});

/** `ok` / `unsubscribed`: acknowledgements that carry the subscription's `seq`. */
export const KalshiAckSchema = z.object({
  type: z.enum(['ok', 'unsubscribed']),
  id: z.number().int().optional(),
  sid: posInt.optional(),
  seq: posInt.optional()
});

/** `error`: `{id, msg: {code, msg}}`. */
export const KalshiErrorSchema = z.object({
  type: z.literal('error'),
  id: z.number().int().optional(),
  msg: z.object({ code: z.number().int(), msg: z.string().optional() })
});

/** Codes that end a subscription (PROTOCOLS.md §1.4: channel error, internal, buffer overflow). */
export const KALSHI_TERMINAL_CODES: ReadonlySet<number> = new Set([10, 17, 25]);

/** A validated snapshot. */
export type KalshiSnapshot = z.infer<typeof KalshiSnapshotSchema>;
/** A validated delta. */
export type KalshiDelta = z.infer<typeof KalshiDeltaSchema>;
