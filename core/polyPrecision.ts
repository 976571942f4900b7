/**
 * Polymarket amount precision for marketable (FAK/FOK) orders: which share and pUSD amounts
 * the CLOB accepts, so the engine can size an order the venue will take as asked before it
 * sends, and the adapter can sign exactly that. Pure integer arithmetic, no I/O.
 *
 * The venue's rules (docs/venue-protocols.md §2.5, corrected 2026-11-29):
 * - **Precision.** A marketable order's maker amount has at most 2 decimals and its taker
 *   amount at most 4, whatever the market's tick. A BUY gives pUSD (maker, ≤ 2 dp) for shares
 *   (taker, ≤ 4 dp); a SELL gives shares (maker, ≤ 2 dp) for pUSD (taker, ≤ 4 dp). The CLOB's
 *   400s say so: "the market buy orders maker amount supports a max accuracy of 2 decimals,
 *   taker amount a max of 4 decimals" (py-clob-client-v2 #99, live on 0.001-tick markets) and
 *   "the sell orders maker amount supports a max accuracy of 2 decimals, taker amount a max of
 *   4 decimals" (py-clob-client #121). The official TS SDK (`@polymarket/clob-client-v2`
 *   `getMarketOrderRawAmounts` with `ROUNDING_CONFIG`) rounds sell shares to 2 dp too, but
 *   lets the taker amount reach 5–6 dp on ticks finer than 0.01, which the CLOB refuses.
 * - **Price.** The exchange prices the order from the signed amounts (pUSD ÷ shares) and
 *   matches a resting level the price crosses; fills execute at the resting level's price
 *   (Polymarket/py-sdk #291, #292). So a BUY whose implied price is in [limit, limit + tick)
 *   lifts asks at the limit and never one a tick above; a SELL whose implied price is in
 *   (limit − tick, limit] hits bids at the limit and never one a tick below. Rounding a BUY's
 *   shares up (implied price under the limit) would never match an ask at the limit.
 *
 * Amounts are 6-decimal base units: pUSD and shares both have 6 decimals, so a {@link Qty} is
 * shares in base units and a {@link Micros} is pUSD in base units.
 *
 * @packageDocumentation
 */
import { CENT, CONTRACT, mulDiv, USD, ZERO_QTY, type Micros, type Qty } from './money.js';

/** Base units of the maker amount's last allowed decimal (0.01, 2 dp). */
export const POLY_MAKER_UNIT = 10_000;
/** Base units of the taker amount's last allowed decimal (0.0001, 4 dp). */
export const POLY_TAKER_UNIT = 100;
/** The finest tick Polymarket lists (0.0001): the taker unit. */
const FINEST_TICK = POLY_TAKER_UNIT;

/** The two amounts of one marketable order, in base units. */
export interface PolyAmounts {
  /** Shares: the taker amount of a BUY, the maker amount of a SELL. */
  readonly shares: Qty;
  /** pUSD: the maker amount of a BUY, the taker amount of a SELL. */
  readonly cash: Micros;
}

/** A tick the venue could list (a multiple of 0.0001) and a price strictly inside (0, 1). */
function usable(price: Micros, tick: Micros): boolean {
  return (
    Number.isSafeInteger(price) &&
    Number.isSafeInteger(tick) &&
    tick >= FINEST_TICK &&
    tick % FINEST_TICK === 0 &&
    price > 0 &&
    price < USD
  );
}

/** True when `cash / shares` lies in [price, price + tick): a BUY at `price`, no worse. */
function buyPriceOk(shares: Qty, cash: Micros, price: Micros, tick: Micros): boolean {
  // cash ≥ shares × price and cash < shares × (price + tick), exactly (integer cash)
  return (
    cash >= mulDiv(shares, price, CONTRACT, 'ceil') &&
    cash < mulDiv(shares, price + tick, CONTRACT, 'ceil')
  );
}

/**
 * Amounts of a BUY of exactly `qty` shares at limit `price`, or null when the venue's rules
 * admit none: the shares (taker) must have ≤ 4 dp, the pUSD (maker) ≤ 2 dp, and the implied
 * price pUSD ÷ shares must lie in [price, price + tick). The pUSD is `qty × price` rounded up
 * to the cent; a full match at the limit yields `qty` shares for `qty × price`.
 */
export function polyBuyAmounts(qty: Qty, price: Micros, tick: Micros): PolyAmounts | null {
  if (!usable(price, tick) || !Number.isSafeInteger(qty) || qty <= 0) return null;
  if (qty % POLY_TAKER_UNIT !== 0) return null;
  const cash = (mulDiv(price, qty, CONTRACT * POLY_MAKER_UNIT, 'ceil') * POLY_MAKER_UNIT) as Micros;
  return buyPriceOk(qty, cash, price, tick) ? { shares: qty, cash } : null;
}

/**
 * The largest multiple of `step` (default one contract) not above `qty` that
 * {@link polyBuyAmounts} accepts at `price` (0 when none is). The engine sizes both legs to
 * this before sending, so a full match on Polymarket yields the quantity the other leg buys.
 *
 * Whole contracts at a 0.01 tick are always accepted; at a finer tick `q × price` may need
 * more than 2 dp, and rounding the pUSD up to the cent may move the implied price a tick
 * (7 @ 0.123: $0.87 for 7 shares is 0.1243, so 7 is refused and 6 is the answer, $0.74). From
 * `0.01 / tick` shares up every quantity is accepted, which bounds the search. `step` must be a
 * positive multiple of 0.0001 share (the taker unit).
 */
export function polyBuyableQty(qty: Qty, price: Micros, tick: Micros, step: Qty = CONTRACT): Qty {
  if (!usable(price, tick) || !Number.isSafeInteger(qty) || !Number.isSafeInteger(step)) {
    return ZERO_QTY;
  }
  if (step <= 0 || step % POLY_TAKER_UNIT !== 0 || qty < step) return ZERO_QTY;
  const top = (Math.floor(qty / step) * step) as Qty;
  if (polyBuyAmounts(top, price, tick)) return top;
  // Each cent of pUSD below the one `top` needs, highest first: the largest quantity that
  // cent buys at the limit is the only candidate (smaller ones only move the price further
  // above the limit), and candidates shrink with the cents, so the first hit is the largest.
  const topCash = mulDiv(price, top, CONTRACT * POLY_MAKER_UNIT, 'ceil') * POLY_MAKER_UNIT;
  for (let c = topCash - CENT; c > 0; c -= CENT) {
    const cash = c as Micros;
    const shares = (mulDiv(cash, CONTRACT, price * step, 'floor') * step) as Qty;
    if (shares <= 0) break;
    if (buyPriceOk(shares, cash, price, tick)) return shares;
  }
  return ZERO_QTY;
}

/** The part of `qty` a SELL can carry: shares rounded down to 0.01 (the maker's 2 dp). */
export function polySellableQty(qty: Qty): Qty {
  return (Math.floor(qty / POLY_MAKER_UNIT) * POLY_MAKER_UNIT) as Qty;
}

/**
 * Amounts of a SELL of `qty` shares at limit `price`: the shares rounded down to 2 dp (what
 * {@link polySellableQty} leaves; the rest cannot be sold), the pUSD `shares × price` rounded
 * down to 4 dp, so the implied price lies in (price − tick, price]: the order hits bids at the
 * limit, never one a tick below, and fills at the bids' prices (never under the limit). Null
 * when no share is left after rounding, or when the pUSD rounding would cross a tick (a
 * fraction of a share on a 0.0001 tick).
 */
export function polySellAmounts(qty: Qty, price: Micros, tick: Micros): PolyAmounts | null {
  if (!usable(price, tick) || !Number.isSafeInteger(qty) || qty <= 0) return null;
  const shares = polySellableQty(qty);
  if (shares <= 0) return null;
  const cash = (mulDiv(price, shares, CONTRACT * POLY_TAKER_UNIT, 'floor') *
    POLY_TAKER_UNIT) as Micros;
  const worse = mulDiv(shares, price - tick, CONTRACT, 'floor');
  return cash > 0 && cash > worse ? { shares, cash } : null;
}
