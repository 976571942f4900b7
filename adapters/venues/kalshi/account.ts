import { cents, TwinlegError, type Micros, type Qty } from '../../../core/index.js';
import { errorInfo } from './errors.js';
import type { HttpAnswer, HttpCall } from './http.js';
import { BalanceResponseSchema, PositionsResponseSchema, parseJson } from './wire.js';

/** A signed GET through the adapter (read bucket, read timeout). */
export type SignedGet = (
  path: string,
  query: HttpCall['query'],
  signal: AbortSignal
) => Promise<HttpAnswer>;

/** Account balance in micro-dollars. */
export interface KalshiBalance {
  /** Available cash (`balance_dollars`, else integer-cent `balance`). */
  readonly balance: Micros;
  /** Portfolio value, when the venue sends it. */
  readonly portfolioValue?: Micros;
}

/** A failed account read (`venue_protocol`): HTTP status and the venue's code (no secrets). */
export class KalshiReadError extends TwinlegError {
  constructor(
    readonly status: number,
    readonly venueCode: string,
    message: string
  ) {
    super('venue_protocol', `kalshi read failed: HTTP ${status} ${venueCode}: ${message}`);
    this.name = 'KalshiReadError';
  }
}

function expectOk(a: HttpAnswer): void {
  if (a.status !== 200) {
    const { code, message } = errorInfo(a.status, a.text);
    throw new KalshiReadError(a.status, code, message);
  }
}

/** `GET /portfolio/balance`. */
export async function readBalance(get: SignedGet, signal: AbortSignal): Promise<KalshiBalance> {
  const a = await get('/portfolio/balance', undefined, signal);
  expectOk(a);
  const r = parseJson(BalanceResponseSchema, a.text);
  if (!r) throw new KalshiReadError(a.status, 'malformed', 'unexpected balance body');
  return {
    balance: r.balance_dollars ?? cents(r.balance),
    ...(r.portfolio_value === undefined ? {} : { portfolioValue: cents(r.portfolio_value) })
  };
}

/**
 * `GET /portfolio/positions` (all pages): signed position per ticker in micro-contracts,
 * positive = YES held, negative = NO held.
 */
export async function readPositions(
  get: SignedGet,
  signal: AbortSignal,
  ticker?: string,
  maxPages = 20
): Promise<Map<string, Qty>> {
  const out = new Map<string, Qty>();
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const a = await get('/portfolio/positions', { ticker, cursor, limit: 1000 }, signal);
    expectOk(a);
    const r = parseJson(PositionsResponseSchema, a.text);
    if (!r) throw new KalshiReadError(a.status, 'malformed', 'unexpected positions body');
    for (const p of r.market_positions) out.set(p.ticker, p.position_fp);
    cursor = r.cursor ?? undefined;
    if (!cursor) return out;
  }
  throw new KalshiReadError(200, 'too_many_pages', `more than ${maxPages} pages of positions`);
}
