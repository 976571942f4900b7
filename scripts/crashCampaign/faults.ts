/**
 * The venue faults a cycle injects into the running mocks, drawn from the knobs the mocks
 * already have (adapters/venues/{kalshi,polymarket}/mock/types.ts): Kalshi timeouts on placed
 * orders, 5xx before and after placing, dropped connections, 429s, failing order lookups, and a
 * book thinned for a while (IOC partial fills, closes finding no bids); Polymarket delayed fills
 * (the order matches after its answer, possibly while the engine is dead), partial fills, 5xx
 * before and after matching, timeouts, dropped answers, failing lookups, and bids pulled for a
 * while. Every rule applies to the next request(s) of its class.
 */
import { asQty, cents, CONTRACT, type Qty } from '../../core/index.js';
import type { MockFault } from '../../adapters/venues/kalshi/mock/index.js';
import type { MockMode } from '../../adapters/venues/polymarket/mock/index.js';
import { KALSHI_CREATE, KALSHI_LIST, type FaultClass, type FaultTracker } from './faultTracker.js';
import type { CampaignMarket } from './markets.js';
import type { Rng } from './rng.js';
import type { CampaignVenues } from './venues.js';

/** The fault kinds (names used in the report). */
export const FAULT_KINDS = [
  'kalshi_timeout',
  'kalshi_5xx_before',
  'kalshi_5xx_after',
  'kalshi_drop_before',
  'kalshi_drop_after',
  'kalshi_429',
  'kalshi_lookup_5xx',
  'kalshi_thin_book',
  'poly_delayed_fill',
  'poly_delayed_cancel',
  'poly_partial',
  'poly_5xx_before',
  'poly_5xx_after',
  'poly_timeout',
  'poly_drop_after',
  'poly_lookup_5xx',
  'poly_no_bids'
] as const;

/** One fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault as injected (for the report). */
export interface InjectedFault {
  readonly kind: FaultKind;
  readonly times: number;
  readonly marketId?: number;
  readonly detail?: string;
}

/** Books altered for a while; restored by their timers or by {@link BookFaults.restoreAll}. */
export class BookFaults {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Runs `restore` after `ms` (or at {@link restoreAll}). */
  later(ms: number, restore: () => void): void {
    const t = setTimeout(() => {
      this.pending.delete(t);
      restore();
    }, ms);
    this.pending.set(t, restore);
  }

  /** Restores every altered book now. */
  restoreAll(): void {
    for (const [t, restore] of this.pending) {
      clearTimeout(t);
      restore();
    }
    this.pending.clear();
  }
}

const kalshiRule = (
  v: CampaignVenues,
  t: FaultTracker,
  fault: MockFault,
  times: number,
  c: Extract<FaultClass, `kalshi:${string}`> = 'kalshi:create'
) => {
  const match =
    c === 'kalshi:create'
      ? { method: 'POST', path: KALSHI_CREATE }
      : { method: 'GET', path: KALSHI_LIST };
  v.kalshi.script({ fault, times, match });
  t.queued(c, times);
};

const polyRule = (
  v: CampaignVenues,
  t: FaultTracker,
  mode: MockMode,
  times: number,
  on: 'order' | 'lookup' = 'order'
) => {
  v.polymarket.script({ mode, times, on });
  t.queued(on === 'order' ? 'poly:order' : 'poly:lookup', times);
};

/** A few contracts (1‥4), the size of a partial fill or of a thinned level. */
const few = (rng: Rng): Qty => asQty(rng.int(1, 4) * CONTRACT);

/** Injects one fault of `kind`; returns what was done. */
export function inject(
  kind: FaultKind,
  rng: Rng,
  v: CampaignVenues,
  markets: readonly CampaignMarket[],
  tracker: FaultTracker,
  books: BookFaults
): InjectedFault {
  const times = rng.int(1, 3);
  const m = rng.pick(markets);
  switch (kind) {
    case 'kalshi_timeout':
      kalshiRule(v, tracker, { type: 'slow', delayMs: rng.int(3_500, 8_000) }, times);
      return { kind, times };
    case 'kalshi_5xx_before':
    case 'kalshi_5xx_after': {
      const status = rng.pick([500, 502, 503]);
      const afterProcessing = kind === 'kalshi_5xx_after';
      kalshiRule(v, tracker, { type: 'error', status, afterProcessing }, times);
      return { kind, times, detail: String(status) };
    }
    case 'kalshi_drop_before':
    case 'kalshi_drop_after':
      kalshiRule(
        v,
        tracker,
        { type: 'drop', afterProcessing: kind === 'kalshi_drop_after' },
        times
      );
      return { kind, times };
    case 'kalshi_429':
      kalshiRule(v, tracker, { type: 'rate_limit', retryAfterSec: 1 }, times);
      return { kind, times };
    case 'kalshi_lookup_5xx':
      kalshiRule(v, tracker, { type: 'error', status: 503 }, times + 2, 'kalshi:lookup');
      return { kind, times: times + 2 };
    case 'kalshi_thin_book': {
      const q = few(rng);
      const ms = rng.int(1_000, 6_000);
      const thin = { asks: [{ price: cents(1), qty: q }], bids: [{ price: cents(99), qty: q }] };
      v.kalshi.setBook(m.kalshiTicker, thin);
      books.later(ms, () => v.kalshi.setBook(m.kalshiTicker, v.book));
      return {
        kind,
        times: 1,
        marketId: m.marketId,
        detail: `${q / CONTRACT} a side for ${ms} ms`
      };
    }
    case 'poly_delayed_fill':
    case 'poly_delayed_cancel': {
      const afterMs = rng.int(500, 6_000);
      const resolve = kind === 'poly_delayed_fill' ? 'fill' : 'cancel';
      polyRule(v, tracker, { kind: 'delayed', resolve, afterMs }, times);
      return { kind, times, detail: `${afterMs} ms` };
    }
    case 'poly_partial': {
      const q = few(rng);
      polyRule(v, tracker, { kind: 'partial', qty: q }, times);
      return { kind, times, detail: `${q / CONTRACT} contracts` };
    }
    case 'poly_5xx_before':
    case 'poly_5xx_after':
      polyRule(v, tracker, { kind: 'server_error', execute: kind === 'poly_5xx_after' }, times);
      return { kind, times };
    case 'poly_timeout':
      polyRule(v, tracker, { kind: 'slow', ms: rng.int(3_500, 8_000) }, times);
      return { kind, times };
    case 'poly_drop_after':
      polyRule(v, tracker, { kind: 'drop', execute: true }, times);
      return { kind, times };
    case 'poly_lookup_5xx':
      polyRule(v, tracker, { kind: 'server_error', status: 503 }, times + 2, 'lookup');
      return { kind, times: times + 2 };
    case 'poly_no_bids': {
      const ms = rng.int(1_000, 6_000);
      for (const token of [m.polyYesTokenId, m.polyNoTokenId]) {
        v.setPolyBook(token, { asks: v.book.asks, bids: [] });
        books.later(ms, () => v.setPolyBook(token, v.book));
      }
      return { kind, times: 1, marketId: m.marketId, detail: `${ms} ms` };
    }
  }
}

/** Injects 1‥`max` random faults for one cycle. */
export function injectCycleFaults(
  max: number,
  rng: Rng,
  v: CampaignVenues,
  markets: readonly CampaignMarket[],
  tracker: FaultTracker,
  books: BookFaults
): InjectedFault[] {
  const n = rng.int(1, Math.max(1, max));
  return Array.from({ length: n }, () =>
    inject(rng.pick(FAULT_KINDS), rng, v, markets, tracker, books)
  );
}
