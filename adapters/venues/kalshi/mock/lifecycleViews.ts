/**
 * The Kalshi mock's lifecycle answers in the real venue's shapes [official: kalshi-typescript
 * `docs/Market.md`, `docs/Settlement.md`]: `Market` (`status`, `result`, `close_time`,
 * `settlement_value_dollars` once finalized) and `Settlement` (`revenue` in cents, counts as
 * `*_fp`, `fee_cost` in dollars, `settled_time`).
 */
import { CENT } from '../../../../core/index.js';
import { formatCount, formatDollars } from '../units.js';
import type { MockMarketStatus, MockSettlement } from './lifecycle.js';

const eventOf = (ticker: string): string => ticker.replace(/-[^-]*$/, '') || ticker;
const iso = (ms: number): string => new Date(ms).toISOString();

/** A `Market` (without lifecycle: `active`, no close time). */
export function marketJson(ticker: string, s: MockMarketStatus | null): Record<string, unknown> {
  const base = {
    ticker,
    event_ticker: eventOf(ticker),
    market_type: 'binary',
    status: s?.status ?? 'active',
    result: s?.result ?? ''
  };
  if (!s) return base;
  return {
    ...base,
    close_time: iso(s.closeMs),
    ...(s.yesPayout === null ? {} : { settlement_value_dollars: formatDollars(s.yesPayout) })
  };
}

/** A `Settlement`. */
export function settlementJson(s: MockSettlement): Record<string, unknown> {
  return {
    ticker: s.ticker,
    exchange_index: 0,
    event_ticker: eventOf(s.ticker),
    market_result: s.result,
    yes_count_fp: formatCount(s.yes),
    no_count_fp: formatCount(s.no),
    revenue: Math.round(s.revenue / CENT),
    settled_time: iso(s.settledMs),
    fee_cost: formatDollars(s.fee),
    value: s.result === 'yes' ? 100 : 0
  };
}
