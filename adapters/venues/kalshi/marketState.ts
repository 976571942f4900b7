/**
 * A Kalshi market's life and its settlements, read from the venue:
 * - `GET /markets/{ticker}` → `{ market }` with `status` (`initialized`, `inactive`, `active`,
 *   `closed`, `determined`, `disputed`, `amended`, `finalized`), `result` (`yes`, `no`,
 *   `scalar`, `""`), `close_time` (ISO) and, once settled, `settlement_value_dollars` (the
 *   payout of one YES contract) [official: kalshi-typescript `models/market.ts`,
 *   `docs/Market.md`].
 * - `GET /portfolio/settlements?ticker=` → `{ settlements, cursor }`, each with `ticker`,
 *   `market_result`, `yes_count_fp`, `no_count_fp`, `revenue` (integer cents: what the
 *   settlement paid), `fee_cost` (dollars) and `settled_time` [official: `docs/Settlement.md`].
 *   The truth of what was paid.
 *
 * Only `active` is open. `finalized` is resolved; every other status is closed (no trading,
 * payout not final). A resolved market must prove its payout (a `yes`/`no` result, or a
 * scalar's settlement value): anything else is an error, never a guess.
 */
import { z } from 'zod';
import {
  cents,
  TwinlegError,
  USD,
  ZERO_MICROS,
  type Micros,
  type Qty,
  type VenueMarketState
} from '../../../core/index.js';

import type { SignedGet } from './account.js';
import { KalshiReadError } from './account.js';
import { errorInfo } from './errors.js';
import { fixedCount, fixedDollars, fixedOrEmpty, parseJson } from './wire.js';

const MarketSchema = z.object({
  market: z.object({
    ticker: z.string(),
    status: z.string(),
    result: z.string().optional(),
    close_time: z.string().optional(),
    settlement_value_dollars: fixedDollars.optional()
  })
});

const SettlementsSchema = z.object({
  settlements: z.array(
    z.object({
      ticker: z.string(),
      market_result: z.string(),
      yes_count_fp: fixedCount,
      no_count_fp: fixedCount,
      revenue: z.number().int(),
      fee_cost: fixedOrEmpty.optional(),
      settled_time: z.string()
    })
  ),
  cursor: z.string().nullish()
});

/** One settlement the venue paid (`GET /portfolio/settlements`). */
export interface KalshiSettlement {
  readonly ticker: string;
  readonly result: string;
  readonly yes: Qty;
  readonly no: Qty;
  /** What the settlement paid. */
  readonly revenue: Micros;
  readonly fee: Micros;
  readonly settledWallMs: number;
}

function ok(status: number, text: string): void {
  if (status !== 200) {
    const { code, message } = errorInfo(status, text);
    throw new KalshiReadError(status, code, message);
  }
}

function wallMsOf(iso: string | undefined): number | null {
  if (iso === undefined || iso === '') return null;
  const ms = Date.parse(iso);
  if (!Number.isSafeInteger(ms)) throw new TwinlegError('venue_protocol', `bad time ${iso}`);
  return ms;
}

/** The payout of one YES contract of a finalized market (throws when unproven). */
function yesPayoutOf(result: string | undefined, value: Micros | undefined): Micros {
  if (result === 'yes') return USD;
  if (result === 'no') return ZERO_MICROS;
  if (result === 'scalar' && value !== undefined && value >= 0 && value <= USD) return value;
  throw new TwinlegError('venue_protocol', `finalized market with result ${String(result)}`);
}

/** `GET /markets/{ticker}` as a {@link VenueMarketState}; throws `KalshiReadError` on an error. */
export async function readMarketState(
  get: SignedGet,
  ticker: string,
  signal: AbortSignal
): Promise<VenueMarketState> {
  const a = await get(`/markets/${encodeURIComponent(ticker)}`, undefined, signal);
  ok(a.status, a.text);
  const r = parseJson(MarketSchema, a.text);
  if (!r || r.market.ticker !== ticker)
    throw new KalshiReadError(a.status, 'malformed', `unexpected market body for ${ticker}`);
  const m = r.market;
  const closeWallMs = wallMsOf(m.close_time);
  if (m.status === 'finalized')
    return {
      venue: 'kalshi',
      phase: 'resolved',
      closeWallMs,
      yesPayout: yesPayoutOf(m.result, m.settlement_value_dollars)
    };
  return {
    venue: 'kalshi',
    phase: m.status === 'active' ? 'open' : 'closed',
    closeWallMs,
    yesPayout: null
  };
}

/** `GET /portfolio/settlements` for one ticker (all pages, at most `maxPages`). */
export async function readSettlements(
  get: SignedGet,
  ticker: string,
  signal: AbortSignal,
  maxPages = 20
): Promise<KalshiSettlement[]> {
  const out: KalshiSettlement[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const a = await get('/portfolio/settlements', { ticker, cursor, limit: 200 }, signal);
    ok(a.status, a.text);
    const r = parseJson(SettlementsSchema, a.text);
    if (!r) throw new KalshiReadError(a.status, 'malformed', 'unexpected settlements body');
    for (const s of r.settlements) {
      if (s.ticker !== ticker) continue;
      out.push({
        ticker: s.ticker,
        result: s.market_result,
        yes: s.yes_count_fp,
        no: s.no_count_fp,
        revenue: cents(s.revenue),
        fee: s.fee_cost ?? ZERO_MICROS,
        settledWallMs: wallMsOf(s.settled_time) ?? 0
      });
    }
    cursor = r.cursor ?? undefined;
    if (!cursor) return out;
  }
  throw new KalshiReadError(200, 'too_many_pages', `more than ${maxPages} pages of settlements`);
}
