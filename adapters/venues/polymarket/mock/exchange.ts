import { randomUUID } from 'node:crypto';
import {
  addMicros,
  addQty,
  asMicros,
  asQty,
  formatMicro,
  minQty,
  notional as notionalOf,
  parseMicros,
  subMicros,
  subQty,
  sumMicros,
  sumQty,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty
} from '../../../../core/index.js';
import { NOT_ENOUGH_BALANCE_MSG, type ExchangeKind } from '../constants.js';
import type { WireOrder } from '../orderBuilder.js';
import type { PolymarketMockLife } from './lifecycle.js';
import { conditionIdOf } from './sdkMarketRoutes.js';
import type { MockBook, MockFill, MockLevel, MockMarket, MockOrder } from './types.js';
import { tradeJson } from './views.js';

/** Why a book changed: resting orders moved, or a trade took levels. */
export type BookChange = 'orders' | 'trade';

/** Resolved listing of one token. */
export interface Listing {
  readonly tick: Micros;
  readonly tickSize: string;
  readonly kind: ExchangeKind;
  readonly minOrderSize: number;
}

const big = BigInt;

/** True when `baseUnits` (a 6-decimal token amount) has at most `dp` decimals. */
const fitsDecimals = (baseUnits: number, dp: number): boolean => baseUnits % 10 ** (6 - dp) === 0;

/** Decimals of a tick given in micro-units (10_000 → 2, 1_000 → 3, 100 → 4). */
const tickDecimals = (tick: number): number => {
  let dp = 0;
  while (dp < 6 && tick % 10 ** (6 - dp) !== 0) dp += 1;
  return dp;
};

/**
 * The mock CLOB's state and rules without transport: listings, books, pUSD balance, share
 * lots (with their buy time, for the settlement lag), orders, trades and fills.
 */
export class MockExchange {
  readonly books = new Map<string, { asks: MockLevel[]; bids: MockLevel[] }>();
  readonly orders = new Map<string, MockOrder>();
  readonly trades = new Map<string, object>();
  readonly fills: MockFill[] = [];
  balance: Micros;
  private readonly lots = new Map<string, { qty: Qty; atMs: number }[]>();
  private readonly listings = new Map<string, MockMarket>();
  /** Pairs and market lifecycle (set by the server); none: one market per token, always open. */
  life: PolymarketMockLife | undefined;
  private readonly watchers = new Set<(tokenId: string, why: BookChange) => void>();

  constructor(
    markets: readonly MockMarket[],
    balance: Micros,
    private readonly settlementLagMs: number,
    private readonly owner: string
  ) {
    for (const m of markets) this.listings.set(m.tokenId, m);
    this.balance = balance;
  }

  /** The condition id of a token's market (its pair's when paired). */
  conditionOf(tokenId: string): string {
    return this.life?.conditionOf(tokenId) ?? conditionIdOf(tokenId);
  }

  /** Pays the resolutions due (the lifecycle's automatic redemption). */
  catchUp(): void {
    this.life?.catchUp(this);
  }

  /** Whether any share of the token is held. */
  holds(tokenId: string): boolean {
    return (this.lots.get(tokenId) ?? []).some((l) => l.qty > 0);
  }

  /** Redeems every share of a token at `perShare` into pUSD and clears them. */
  redeem(tokenId: string, perShare: Micros): void {
    const held = this.position(tokenId).held;
    this.balance = addMicros(this.balance, notionalOf(held, perShare, 'floor'));
    this.lots.delete(tokenId);
  }

  /** Listing of a token (defaults for unlisted tokens). */
  listing(tokenId: string): Listing {
    const m = this.listings.get(tokenId);
    const tickSize = m?.tickSize ?? '0.01';
    return {
      tick: parseMicros(tickSize),
      tickSize,
      kind: m?.kind ?? 'standard',
      minOrderSize: m?.minOrderSize ?? 5
    };
  }

  /** Replaces a token's book (asks sorted up, bids down). */
  setBook(tokenId: string, book: MockBook): void {
    const asks = [...book.asks].sort((a, b) => a.price - b.price);
    const bids = [...book.bids].sort((a, b) => b.price - a.price);
    this.books.set(tokenId, { asks, bids });
    this.changed(tokenId, 'orders');
  }

  /**
   * Calls `fn(tokenId, why)` after every change of a token's book: `orders` (the book
   * replaced: resting orders placed or cancelled) or `trade` (a fill took levels); returns the
   * unsubscribe. The market channel streams from here.
   */
  watchBooks(fn: (tokenId: string, why: BookChange) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private changed(tokenId: string, why: BookChange): void {
    for (const w of this.watchers) w(tokenId, why);
  }

  /** Credits settled shares (bought long ago). */
  setPosition(tokenId: string, qty: Qty): void {
    this.lots.set(tokenId, [{ qty, atMs: 0 }]);
  }

  /** Shares held, and the part sellable now (older than the settlement lag). */
  position(tokenId: string, nowMs = Date.now()): { held: Qty; settled: Qty } {
    let held = ZERO_QTY;
    let settled = ZERO_QTY;
    for (const l of this.lots.get(tokenId) ?? []) {
      held = addQty(held, l.qty);
      if (nowMs - l.atMs >= this.settlementLagMs) settled = addQty(settled, l.qty);
    }
    return { held, settled };
  }

  /** Venue rules before matching; returns the venue's error message or null. */
  validate(o: WireOrder, orderType: string): string | null {
    const L = this.listing(o.tokenId);
    const buy = o.side === 'BUY';
    const shares = Number(buy ? o.takerAmount : o.makerAmount);
    const cash = Number(buy ? o.makerAmount : o.takerAmount);
    const side = buy ? 'buy' : 'sell';
    if (shares <= 0 || cash <= 0) return 'invalid amounts, amounts must be positive';
    const market = orderType === 'FAK' || orderType === 'FOK';
    // Marketable orders: maker ≤ 2 dp, taker ≤ 4 dp on both sides, whatever the tick (a BUY's
    // pUSD and a SELL's shares are the maker). Limit orders: shares ≤ 2 dp, pUSD ≤ tick dp + 2.
    const cashDp = tickDecimals(L.tick) + 2;
    const [mk, tk] = market ? [2, 4] : buy ? [cashDp, 2] : [2, cashDp];
    if (!fitsDecimals(Number(o.makerAmount), mk) || !fitsDecimals(Number(o.takerAmount), tk)) {
      const kind = market ? `market ${side}` : side;
      return `invalid amounts, the ${kind} orders maker amount supports a max accuracy of ${mk} decimals, taker amount a max of ${tk} decimals`;
    }
    const c = big(cash) * 1_000_000n;
    if (c < big(L.tick) * big(shares) || c > big(1_000_000 - L.tick) * big(shares)) {
      return 'order is invalid. Price breaks minimum tick size rules';
    }
    if (!market && c % (big(L.tick) * big(shares)) !== 0n) {
      return 'order is invalid. Price breaks minimum tick size rules';
    }
    if (market && cash < 1_000_000)
      return `invalid amount for a marketable order (${formatMicro(cash)}), min size: $1`;
    if (!market && shares < L.minOrderSize * 1_000_000) {
      return `order is invalid. Size (${formatMicro(shares)}) lower than the minimum: ${L.minOrderSize}`;
    }
    if (this.life && !this.life.isOpen(o.tokenId))
      return 'market is closed: the market is not accepting orders';
    if (buy ? this.balance < cash : this.position(o.tokenId).settled < shares)
      return NOT_ENOUGH_BALANCE_MSG;
    return null;
  }

  /** Stores an accepted order (LIVE until executed or canceled). */
  accept(o: WireOrder, orderId: string, orderType: string): MockOrder {
    const buy = o.side === 'BUY';
    const order: MockOrder = {
      orderId,
      tokenId: o.tokenId,
      side: o.side,
      orderType,
      shares: asQty(Number(buy ? o.takerAmount : o.makerAmount)),
      cash: asMicros(Number(buy ? o.makerAmount : o.takerAmount)),
      createdAtMs: Date.now(),
      status: 'LIVE',
      sizeMatched: ZERO_QTY,
      notional: ZERO_MICROS,
      tradeIds: []
    };
    this.orders.set(orderId, order);
    return order;
  }

  /** Matches against the book (at most `cap` shares), updates balances; FAK rests nothing. */
  execute(order: MockOrder, cap: Qty = asQty(Number.MAX_SAFE_INTEGER)): void {
    const book = this.books.get(order.tokenId) ?? { asks: [], bids: [] };
    const buy = order.side === 'BUY';
    const levels = buy ? book.asks : book.bids;
    const limitNum = big(order.cash) * 1_000_000n;
    let left = minQty(order.shares, cap);
    const taken: MockLevel[] = [];
    while (left > 0 && levels.length > 0) {
      const top = levels[0]!;
      const ok = buy
        ? big(top.price) * big(order.shares) <= limitNum
        : big(top.price) * big(order.shares) >= limitNum;
      if (!ok) break;
      const q = minQty(left, top.qty);
      taken.push({ price: top.price, qty: q });
      left = subQty(left, q);
      if (q === top.qty) levels.shift();
      else levels[0] = { price: top.price, qty: subQty(top.qty, q) };
    }
    order.status =
      order.orderType === 'GTC' || order.orderType === 'GTD' ? order.status : 'CANCELED';
    if (taken.length === 0) return;
    const qty = sumQty(...taken.map((l) => l.qty));
    const notional = sumMicros(...taken.map((l) => notionalOf(l.qty, l.price, 'half-up')));
    order.status = 'MATCHED';
    order.sizeMatched = qty;
    order.notional = notional;
    this.settle(order, qty, notional);
    const tradeId = randomUUID();
    order.tradeIds.push(tradeId);
    this.trades.set(
      tradeId,
      tradeJson(tradeId, order, qty, notional, taken, this.owner, this.conditionOf(order.tokenId))
    );
    this.fills.push({
      orderId: order.orderId,
      tradeId,
      tokenId: order.tokenId,
      side: order.side,
      qty,
      notional,
      levels: taken
    });
    this.changed(order.tokenId, 'trade');
  }

  private settle(order: MockOrder, qty: Qty, notional: Micros): void {
    const lots = this.lots.get(order.tokenId) ?? [];
    if (order.side === 'BUY') {
      this.balance = subMicros(this.balance, notional);
      lots.push({ qty, atMs: Date.now() });
    } else {
      this.balance = addMicros(this.balance, notional);
      let left = qty;
      for (const l of lots) {
        const q = minQty(l.qty, left);
        l.qty = subQty(l.qty, q);
        left = subQty(left, q);
      }
    }
    this.lots.set(
      order.tokenId,
      lots.filter((l) => l.qty > 0)
    );
  }
}
