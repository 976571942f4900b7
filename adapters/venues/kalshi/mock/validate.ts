import { parseMicro, USD, asMicros, asQty, type Micros, type Qty } from '../../../../core/index.js';
import { PRICE_STEP } from '../units.js';
import type { PriceLevelStructure } from './types.js';

/** A V2 create request the mock accepted syntactically. */
export interface ParsedCreate {
  readonly ticker: string;
  readonly side: 'bid' | 'ask';
  readonly count: Qty;
  readonly price: Micros;
  readonly timeInForce: 'immediate_or_cancel' | 'fill_or_kill' | 'good_till_canceled';
  readonly clientOrderId: string | undefined;
  readonly reduceOnly: boolean;
  readonly postOnly: boolean;
}

/** A Kalshi-style error answer. */
export interface MockError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const bad = (message: string, code = 'invalid_parameters'): MockError => ({
  status: 400,
  code,
  message
});
const TIF = ['immediate_or_cancel', 'fill_or_kill', 'good_till_canceled'] as const;
const STP = ['taker_at_cross', 'maker'];
const CLIENT_ID = /^[-\w:+=/]{1,64}$/;

/** Every field of `CreateOrderV2Request` (kalshi-typescript@3.30.0 `models/create-order-v2-request.ts`). */
export const CREATE_V2_FIELDS: ReadonlySet<string> = new Set([
  'ticker',
  'client_order_id',
  'side',
  'count',
  'price',
  'expiration_time',
  'time_in_force',
  'post_only',
  'self_trade_prevention_type',
  'cancel_order_on_pause',
  'reduce_only',
  'subaccount',
  'order_group_id',
  'exchange_index'
]);

/** A field outside the V2 create request, or an optional field of the wrong JSON type. */
function strayField(b: Record<string, unknown>): string | null {
  const unknown = Object.keys(b).find((k) => !CREATE_V2_FIELDS.has(k));
  if (unknown !== undefined) return `unknown field ${unknown}`;
  for (const f of ['expiration_time', 'subaccount', 'exchange_index'] as const) {
    if (b[f] !== undefined && !Number.isInteger(b[f])) return `${f} must be an integer`;
  }
  if (b.order_group_id !== undefined && typeof b.order_group_id !== 'string')
    return 'order_group_id must be a string';
  return null;
}

function decimal(v: unknown, minDp: number, maxDp: number): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\d+(?:\.(\d+))?$/.exec(v);
  const dp = m?.[1]?.length ?? 0;
  if (!m || dp < minDp || dp > maxDp) return undefined;
  return parseMicro(v);
}

/**
 * Validates a `CreateOrderV2Request` body strictly: no field outside the SDK's model, required
 * fields, enums, number formats.
 */
export function parseCreate(body: unknown): ParsedCreate | MockError {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return bad('body must be a JSON object');
  const b = body as Record<string, unknown>;
  const stray = strayField(b);
  if (stray !== null) return bad(stray);
  if (typeof b.ticker !== 'string' || !b.ticker) return bad('ticker is required');
  if (b.side !== 'bid' && b.side !== 'ask') return bad('side must be bid or ask');
  const count = decimal(b.count, 0, 2);
  if (count === undefined || count <= 0)
    return bad('count must be a positive decimal string with ≤ 2 dp');
  const price = decimal(b.price, 2, 4);
  if (price === undefined) return bad('price must be a dollar string with 2-4 dp', 'invalid_price');
  const tif = TIF.find((t) => t === b.time_in_force);
  if (!tif) return bad('invalid time_in_force');
  if (
    typeof b.self_trade_prevention_type !== 'string' ||
    !STP.includes(b.self_trade_prevention_type)
  ) {
    return bad('invalid self_trade_prevention_type');
  }
  if (b.expiration_time !== undefined && tif !== 'good_till_canceled') {
    return bad('expiration_time requires good_till_canceled');
  }
  const cid = b.client_order_id;
  if (cid !== undefined && (typeof cid !== 'string' || !CLIENT_ID.test(cid)))
    return bad('invalid client_order_id');
  for (const f of ['reduce_only', 'post_only', 'cancel_order_on_pause'] as const) {
    if (b[f] !== undefined && typeof b[f] !== 'boolean') return bad(`${f} must be a boolean`);
  }
  return {
    ticker: b.ticker,
    side: b.side,
    count: asQty(count),
    price: asMicros(price),
    timeInForce: tif,
    clientOrderId: cid,
    reduceOnly: b.reduce_only === true,
    postOnly: b.post_only === true
  };
}

/** Whether a YES price sits on the market's grid (strictly between $0 and $1). */
export function onGrid(price: Micros, structure: PriceLevelStructure): boolean {
  if (price <= 0 || price >= USD || price % PRICE_STEP !== 0) return false;
  const cent = price % 10_000 === 0;
  const deci = price % 1_000 === 0;
  if (structure === 'linear_cent') return cent;
  if (structure === 'deci_cent') return deci;
  return price < 100_000 || price > 900_000 ? deci : cent;
}
