/**
 * How each venue's published book becomes a {@link VenueBook} (facts and sources:
 * adapters/feeds/PROTOCOLS.md §1.5 and §2.2).
 *
 * **Kalshi** publishes one book per ticker and bids only: a `yes` ladder (resting YES bids)
 * and a `no` ladder (resting NO bids). Buying YES at `p` is hitting a NO bid at `1 − p`, and
 * buying NO at `q` is hitting a YES bid at `1 − q`; sizes carry over unchanged. So every bid
 * level is written twice, to its own outcome's bids and, complemented, to the other outcome's
 * asks:
 *
 * | Kalshi level (default `use_yes_price: false`) | written to            | at price |
 * | --------------------------------------------- | --------------------- | -------- |
 * | `yes` bid at `p`                              | `yes.bids`            | `p`      |
 * | `yes` bid at `p`                              | `no.asks` (buy NO)    | `1 − p`  |
 * | `no` bid at `q`                               | `no.bids`             | `q`      |
 * | `no` bid at `q`                               | `yes.asks` (buy YES)  | `1 − q`  |
 *
 * With `use_yes_price: true` ({@link KalshiNoScale} `'yes'`) a `no` level arrives on the YES
 * scale: a level at `x` is a YES ask at `x` (written to `yes.asks` at `x`, `no.bids` at
 * `1 − x`); the `yes` ladder is unchanged. Kalshi's REST order book is always on the NO-leg
 * scale (`'leg'`).
 *
 * **Polymarket** publishes a full book (bids and asks) per token: the YES token's book is the
 * `yes` outcome, the NO token's the `no` outcome, each applied exactly as published (one
 * order shows on both tokens' books, so deriving one from the other would count it twice).
 * `price_change` sizes are new totals (`BUY` → bids, `SELL` → asks).
 */
import type { BookLevel, VenueBook } from './book.js';
import type { Side } from './market.js';
import { USD } from './money.js';

/**
 * The scale of Kalshi's `no` ladder: `'leg'` (NO-leg prices, the WS default and always the
 * REST book) or `'yes'` (YES prices, WS with `use_yes_price: true`).
 */
export type KalshiNoScale = 'leg' | 'yes';

/** The NO-leg price of a Kalshi `no` level as sent on `scale`. */
function noBidPrice(price: number, scale: KalshiNoScale): number {
  return scale === 'yes' ? USD - price : price;
}

const other = (s: Side): Side => (s === 'yes' ? 'no' : 'yes');

/**
 * Replaces a Kalshi book from an `orderbook_snapshot` (`yes_dollars_fp` / `no_dollars_fp`,
 * parsed to core units; an absent key is an empty ladder). Marks the book fresh (a snapshot
 * carries no venue timestamp, so `venueTsMs` becomes null) unless a level was bad: then the
 * book is left empty and stale (`invalid_level`) and the result is false.
 */
export function applyKalshiSnapshot(
  book: VenueBook,
  yesBids: readonly BookLevel[],
  noBids: readonly BookLevel[],
  scale: KalshiNoScale = 'leg'
): boolean {
  book.clear();
  for (const l of yesBids) if (!setKalshiBid(book, 'yes', l.price, l.size)) return bad(book);
  for (const l of noBids) {
    if (!setKalshiBid(book, 'no', noBidPrice(l.price, scale), l.size)) return bad(book);
  }
  book.markFresh(null);
  return true;
}

/**
 * Applies a Kalshi `orderbook_delta`: `delta` (signed, micro-contracts) added to the `side`
 * bid ladder at `price` and to its mirrored ask. A result below zero, or a bad number,
 * changes nothing and marks the whole book stale (`negative_size` / `invalid_level`);
 * the result is then false and the feed must resubscribe. `venueTsMs` is the delta's `ts_ms`
 * when present.
 */
export function applyKalshiDelta(
  book: VenueBook,
  side: Side,
  price: number,
  delta: number,
  scale: KalshiNoScale = 'leg',
  venueTsMs?: number
): boolean {
  const bid = side === 'no' ? noBidPrice(price, scale) : price;
  if (!book.addLevel(side, 'bids', bid, delta)) {
    book.markStale(book.outcome(side).staleReason ?? 'invalid_level');
    return false;
  }
  // the mirror holds the same sizes, so it cannot go negative once the bid did not
  book.addLevel(other(side), 'asks', USD - bid, delta);
  if (venueTsMs !== undefined) book.stamp(venueTsMs);
  return true;
}

/** Writes one Kalshi bid level (NO-leg scale) and its mirrored ask; false on a bad level. */
function setKalshiBid(book: VenueBook, side: Side, bid: number, size: number): boolean {
  return (
    book.setLevel(side, 'bids', bid, size) && book.setLevel(other(side), 'asks', USD - bid, size)
  );
}

function bad(book: VenueBook): false {
  book.clear();
  book.markStale('invalid_level');
  return false;
}

/**
 * Replaces one Polymarket token's book from a `book` message (or a REST `/book` resync) and
 * marks that outcome fresh with the message's `timestamp` (Unix ms). For a REST resync the
 * feed may mark it stale again until a later WS event agrees (PROTOCOLS.md §2.5).
 */
export function applyPolymarketBook(
  book: VenueBook,
  outcome: Side,
  bids: readonly BookLevel[],
  asks: readonly BookLevel[],
  venueTsMs: number | null
): boolean {
  if (!book.replace(outcome, bids, asks)) return false;
  book.markFresh(venueTsMs, outcome);
  return true;
}

/**
 * Applies one element of a Polymarket `price_change`: the new total `size` at `price` on the
 * token's bids (`side: 'BUY'`) or asks (`'SELL'`); 0 removes the level.
 */
export function applyPolymarketChange(
  book: VenueBook,
  outcome: Side,
  side: 'BUY' | 'SELL',
  price: number,
  size: number,
  venueTsMs?: number
): boolean {
  if (!book.setLevel(outcome, side === 'BUY' ? 'bids' : 'asks', price, size)) return false;
  if (venueTsMs !== undefined) book.stamp(venueTsMs, outcome);
  return true;
}
