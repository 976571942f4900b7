/**
 * What `twinleg watch` shows of the local books: the top of book per venue and outcome, and
 * whether each book may be used, as JSON-ready values and as table cells.
 */
import {
  bestAsk,
  bestBid,
  formatCents,
  type BookStore,
  type Micros,
  type OutcomeBook,
  type Side,
  type Venue
} from '../../core/index.js';

/** One outcome book's top: prices in micro-dollars (null: no level), stale reason or null. */
export interface OutcomeTop {
  readonly bid: Micros | null;
  readonly ask: Micros | null;
  /** Contracts×1e6 at the best ask (0 when there is no ask). */
  readonly askSize: number;
  readonly stale: string | null;
  /** The venue's timestamp of the last message applied (Unix ms), or null (unknown). */
  readonly venueTsMs: number | null;
}

/** Both venues' tops of one market. */
export type MarketTop = Record<Venue, Record<Side, OutcomeTop>>;

const VENUES: readonly Venue[] = ['kalshi', 'polymarket'];
const SIDES: readonly Side[] = ['yes', 'no'];

function topOf(o: OutcomeBook): OutcomeTop {
  const i = o.asks.bestAskIndex();
  return {
    bid: bestBid(o),
    ask: bestAsk(o),
    askSize: i < 0 ? 0 : o.asks.sizeAt(i),
    stale: o.staleReason,
    venueTsMs: o.venueTsMs
  };
}

/** The tops of a market's books, or undefined for an id not in the store. */
export function marketTop(books: BookStore, marketId: number): MarketTop | undefined {
  const m = books.get(marketId);
  if (!m) return undefined;
  const out = {} as Record<Venue, Record<Side, OutcomeTop>>;
  for (const v of VENUES) out[v] = { yes: topOf(m[v].yes), no: topOf(m[v].no) };
  return out;
}

const price = (p: Micros | null): string => (p === null ? '—' : formatCents(p));

/**
 * Table rows of one market: one per venue and outcome (`bid / ask (size)`, the stale reason
 * or `ok`, seconds since the market's books last changed).
 */
export function topRows(name: string, top: MarketTop, ageSec: number | undefined): string[][] {
  const rows: string[][] = [];
  for (const v of VENUES)
    for (const s of SIDES) {
      const t = top[v][s];
      rows.push([
        name,
        v,
        s.toUpperCase(),
        price(t.bid),
        t.ask === null ? '—' : `${price(t.ask)} ×${(t.askSize / 1e6).toString()}`,
        t.stale ?? 'ok',
        ageSec === undefined ? '—' : `${ageSec.toFixed(1)} s`
      ]);
    }
  return rows;
}
