/**
 * Kalshi Trade API v2 wire types and their zod parsers. Money and count fields arrive as
 * fixed-point strings (`*_dollars`, `*_fp`) and are parsed exactly into micro units. Parsing
 * is tolerant (unknown fields are ignored: the venue adds fields monthly) and fails closed: a
 * money or count field the outcome depends on that is missing or malformed is an error, never
 * a zero.
 */
import { z } from 'zod';
import { ZERO_MICROS } from '../../../core/index.js';
import { parseCount, parseDollars, parseFixed } from './units.js';

/** Book side on the single YES book: `bid` buys YES, `ask` sells YES (≡ buys NO). */
export type BookSide = 'bid' | 'ask';

/** Body of `POST /trade-api/v2/portfolio/events/orders` (CreateOrderV2Request). */
export interface CreateOrderV2Body {
  readonly ticker: string;
  readonly client_order_id: string;
  readonly side: BookSide;
  /** Contracts, 2 dp. */
  readonly count: string;
  /** YES price in dollars, 4 dp. */
  readonly price: string;
  readonly time_in_force: 'immediate_or_cancel' | 'fill_or_kill' | 'good_till_canceled';
  readonly self_trade_prevention_type: 'taker_at_cross' | 'maker';
  readonly reduce_only?: boolean;
}

/** A fixed-point string parsed by `parse` (fails on anything but a plain decimal). */
const fixedAs = <T extends number>(parse: (s: string) => T) =>
  z.string().transform((s, ctx) => {
    try {
      return parse(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a fixed-point decimal: ${JSON.stringify(s)}` });
      return z.NEVER;
    }
  });

/** A fixed-point string parsed to micro units (fails on anything but a plain decimal). */
export const fixed = fixedAs(parseFixed);
/** A `*_dollars` field: a fixed-point string parsed to `Micros`. */
export const fixedDollars = fixedAs(parseDollars);
/** A `*_fp` / count field: a fixed-point string parsed to `Qty`. */
export const fixedCount = fixedAs(parseCount);

/** Like {@link fixedDollars}, but `""` (seen for zero costs in real responses) reads as 0. */
export const fixedOrEmpty = z.union([z.literal('').transform(() => ZERO_MICROS), fixedDollars]);

/** CreateOrderV2Response (HTTP 201). */
export const CreateOrderV2ResponseSchema = z
  .object({
    order_id: z.string().min(1),
    client_order_id: z.string().optional(),
    fill_count: fixedCount,
    remaining_count: fixedCount.optional(),
    /** YES-book average price of the fills. */
    average_fill_price: fixedDollars.optional(),
    /** Average fee per filled contract. */
    average_fee_paid: fixedDollars.optional(),
    ts_ms: z.number().optional()
  })
  .superRefine((r, ctx) => {
    if (
      r.fill_count > 0 &&
      (r.average_fill_price === undefined || r.average_fee_paid === undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'fills without average_fill_price/average_fee_paid'
      });
    }
  });
/** Parsed {@link CreateOrderV2ResponseSchema}. */
export type CreateOrderV2Response = z.infer<typeof CreateOrderV2ResponseSchema>;

/** The Order object of `GET /portfolio/orders[/{id}]`. */
export const OrderSchema = z
  .object({
    order_id: z.string().min(1),
    client_order_id: z.string().nullish(),
    ticker: z.string(),
    status: z.string(),
    book_side: z.string().optional(),
    outcome_side: z.string().optional(),
    yes_price_dollars: fixedDollars.optional(),
    fill_count_fp: fixedCount,
    initial_count_fp: fixedCount.optional(),
    remaining_count_fp: fixedCount.optional(),
    taker_fill_cost_dollars: fixedOrEmpty.optional(),
    maker_fill_cost_dollars: fixedOrEmpty.optional(),
    taker_fees_dollars: fixedOrEmpty.optional(),
    maker_fees_dollars: fixedOrEmpty.optional(),
    created_time: z.string().nullish()
  })
  .superRefine((o, ctx) => {
    if (
      o.fill_count_fp > 0 &&
      (o.taker_fill_cost_dollars === undefined || o.taker_fees_dollars === undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'fills without taker_fill_cost_dollars/taker_fees_dollars'
      });
    }
  });
/** Parsed {@link OrderSchema}. */
export type WireOrder = z.infer<typeof OrderSchema>;

/** `GET /portfolio/orders/{id}`. */
export const GetOrderResponseSchema = z.object({ order: OrderSchema });
/** `GET /portfolio/orders`. */
export const GetOrdersResponseSchema = z.object({
  orders: z.array(OrderSchema),
  cursor: z.string().nullish()
});

/** `GET /portfolio/balance`: integer cents plus (newer) a dollar string. */
export const BalanceResponseSchema = z.object({
  balance: z.number().int(),
  balance_dollars: fixedDollars.optional(),
  portfolio_value: z.number().int().optional()
});

/** `GET /portfolio/positions` (market positions only). */
export const PositionsResponseSchema = z.object({
  market_positions: z.array(z.object({ ticker: z.string(), position_fp: fixedCount })),
  cursor: z.string().nullish()
});

/** Error body `{"error":{"code","message","details"?,"service"?}}`; tolerant of odd shapes. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    details: z.string().optional()
  })
});

/** Parses JSON text with a schema; `undefined` on malformed JSON or a schema failure. */
export function parseJson<T>(schema: z.ZodType<T>, text: string): T | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = schema.safeParse(raw);
  return r.success ? r.data : undefined;
}
