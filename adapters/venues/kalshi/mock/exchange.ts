import { randomUUID } from 'node:crypto';
import {
  addMicros,
  addQty,
  complementPrice,
  CONTRACT,
  dollars,
  KALSHI_STANDARD_FEES,
  kalshiReduced,
  kalshiTakerFee,
  maxQty,
  minQty,
  mulDiv,
  negQty,
  notional,
  payout,
  subMicros,
  subQty,
  sumMicros,
  sumQty,
  ZERO_MICROS,
  NO_HOLDINGS,
  ZERO_QTY,
  type Micros,
  type Qty,
  type VenueHoldings
} from '../../../../core/index.js';
import { OrderBooks } from '../../simulated/book.js';
import type {
  KalshiMockOptions,
  MockBook,
  MockFill,
  MockMarketInput,
  MockOrder,
  PriceLevelStructure
} from './types.js';
import { onGrid, type MockError, type ParsedCreate } from './validate.js';
import { KalshiMockLife } from './lifecycle.js';

interface Market {
  readonly index: number;
  readonly structure: PriceLevelStructure;
  readonly fractional: boolean;
}

const err = (status: number, code: string, message: string): MockError => ({
  status,
  code,
  message
});

/**
 * The mock's matching engine and account: one YES book per ticker (reusing the simulated
 * venue's book walk: a `bid` takes asks ≤ price, an `ask` takes bids ≥ price, at the book's
 * prices), one signed net position per ticker as the real venue keeps it (an opposite buy nets
 * against it at once and each netted pair pays $1 into cash), cash, orders and fills. Immediate orders only: IOC fills what
 * crosses and cancels the rest (`executed` when full, else `canceled`), FoK all or nothing.
 * Fee per order: `ceil_to_cent(0.07 × C × P × (1 − P))` at the order's average price.
 */
export class MockExchange {
  private readonly books = new OrderBooks();
  private readonly markets = new Map<string, Market>();
  private readonly pos = new Map<string, Qty>();
  private readonly nettedPairs = new Map<string, Qty>();
  private readonly list: MockOrder[] = [];
  private readonly byClient = new Map<string, MockOrder>();
  private readonly fillList: MockFill[] = [];
  /** Cash, micro-dollars. */
  cash: Micros;
  /** The markets' recurring lifecycle, when configured. */
  readonly life: KalshiMockLife | undefined;
  private readonly watchers = new Set<(ticker: string) => void>();

  constructor(private readonly opts: KalshiMockOptions) {
    this.cash = opts.balance ?? dollars(10_000);
    this.life = opts.lifecycle ? new KalshiMockLife(opts.lifecycle, opts.now) : undefined;
    for (const [t, m] of Object.entries(opts.markets ?? {})) this.addMarket(t, m);
    for (const [t, q] of Object.entries(opts.positions ?? {})) this.pos.set(t, q);
  }

  /**
   * Pays and clears the positions of markets finalized by now (the lifecycle's clock): cash
   * credited at once. Every request and read catches up first.
   */
  catchUp(): void {
    if (this.life) this.cash = addMicros(this.cash, this.life.catchUp(this.pos));
  }

  /** Whether the ticker is listed. */
  lists(ticker: string): boolean {
    return this.markets.has(ticker);
  }

  /** Lists (or replaces) a market. */
  addMarket(ticker: string, m: MockMarketInput): void {
    const index = this.markets.get(ticker)?.index ?? this.markets.size + 1;
    this.markets.set(ticker, {
      index,
      structure: m.structure ?? 'linear_cent',
      fractional: m.fractional ?? false
    });
    if (m.book) this.setBook(ticker, m.book);
  }

  /** Replaces a market's YES book (listing the market if needed). */
  setBook(ticker: string, book: MockBook): void {
    if (!this.markets.has(ticker)) this.addMarket(ticker, {});
    const m = this.markets.get(ticker);
    if (m) this.books.set(m.index, 'yes', { asks: book.asks, bids: book.bids });
    this.changed(ticker);
  }

  /**
   * Calls `fn(ticker)` after every change of a YES book (a replaced book, a fill taking
   * levels); returns the unsubscribe. The WebSocket feed streams from here.
   */
  watchBooks(fn: (ticker: string) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /** The tickers listed. */
  tickers(): string[] {
    return [...this.markets.keys()];
  }

  private changed(ticker: string): void {
    for (const w of this.watchers) w(ticker);
  }

  /** The YES book now. */
  book(ticker: string): MockBook {
    const m = this.markets.get(ticker);
    return m ? this.books.get(m.index, 'yes') : { bids: [], asks: [] };
  }

  /**
   * Read-only: the signed net position of a ticker (`position_fp`: YES > 0, NO < 0), the one
   * number Kalshi keeps per market — an opposite buy nets against it at once.
   */
  position(ticker: string): Qty {
    this.catchUp();
    return this.pos.get(ticker) ?? ZERO_QTY;
  }

  /**
   * Read-only: what the mock holds of a ticker in core's `VenueHoldings` shape
   * (`kalshiNet` = {@link position}; the Polymarket fields are 0), so it adds up with the
   * other venue's holdings to a market's real cross-venue exposure (`netExposure`).
   */
  holdings(ticker: string): VenueHoldings {
    return { ...NO_HOLDINGS, kalshiNet: this.position(ticker) };
  }

  /**
   * Read-only: pairs netted so far on a ticker — every contract that went against the
   * opposite side of the net (V2 has one YES book: a sell of YES is an `ask`, i.e. a NO buy
   * netting the YES held), each credited $1 to cash at once.
   */
  netted(ticker: string): Qty {
    return this.nettedPairs.get(ticker) ?? ZERO_QTY;
  }

  /** Sets a signed position. */
  setPosition(ticker: string, q: Qty): void {
    this.pos.set(ticker, q);
  }

  /** All positions. */
  positions(): [string, Qty][] {
    this.catchUp();
    return [...this.pos.entries()];
  }

  /** Orders, oldest first. */
  orders(): readonly MockOrder[] {
    return [...this.list];
  }

  /** Fills, oldest first. */
  fills(): readonly MockFill[] {
    return [...this.fillList];
  }

  /** Executes a validated V2 create at wall time `nowMs`. */
  create(p: ParsedCreate, nowMs: number): MockOrder | MockError {
    this.catchUp();
    const m = this.markets.get(p.ticker);
    if (!m) return err(404, 'market_not_found', 'market not found');
    if (this.life && !this.life.isOpen(p.ticker))
      return err(409, 'market_closed', 'market is closed');
    if (!onGrid(p.price, m.structure))
      return err(400, 'invalid_price', 'price is not on the market price grid');
    if (!m.fractional && p.count % CONTRACT !== 0)
      return err(400, 'invalid_parameters', 'fractional counts are not enabled');
    if (p.timeInForce === 'good_till_canceled' || p.postOnly) {
      return err(400, 'invalid_parameters', 'the mock supports immediate orders only');
    }
    if (p.clientOrderId !== undefined && this.byClient.has(p.clientOrderId)) {
      return err(409, 'order_already_exists', 'order already exists');
    }
    const position = this.pos.get(p.ticker) ?? ZERO_QTY;
    const reducible = maxQty(ZERO_QTY, p.side === 'bid' ? negQty(position) : position);
    const effective = p.reduceOnly ? minQty(p.count, reducible) : p.count;
    if (p.reduceOnly) {
      // the real venue refuses a reduce-only sell above the position (captured 400)
      if (reducible === 0 || (p.count > reducible && this.opts.reduceOnlyExcess !== 'cap')) {
        return err(400, 'insufficient_balance', 'insufficient balance');
      }
    } else {
      const opening = maxQty(ZERO_QTY, subQty(p.count, reducible));
      const unit = p.side === 'bid' ? p.price : complementPrice(p.price);
      const worst = sumMicros(
        notional(opening, unit),
        kalshiTakerFee(opening, p.price, KALSHI_STANDARD_FEES)
      );
      if (worst > this.cash) return err(400, 'insufficient_balance', 'insufficient balance');
    }
    const action = p.side === 'bid' ? 'buy' : 'sell';
    const avail = this.books.get(m.index, 'yes')[p.side === 'bid' ? 'asks' : 'bids'];
    const crossing = sumQty(
      ...avail
        .filter((l) => (p.side === 'bid' ? l.price <= p.price : l.price >= p.price))
        .map((l) => l.qty)
    );
    const cap = p.timeInForce === 'fill_or_kill' && crossing < effective ? ZERO_QTY : effective;
    const levels = this.books.take(m.index, 'yes', action, p.price, cap);
    const filled = sumQty(...levels.map((l) => l.qty));
    const yesValue = sumMicros(...levels.map((l) => notional(l.qty, l.price)));
    const avg = filled > 0 ? mulDiv(yesValue, CONTRACT, filled, 'half-up') : ZERO_MICROS;
    const fee = kalshiTakerFee(filled, avg, KALSHI_STANDARD_FEES);
    // netting: each contract against the opposite side settles a pair that pays out $1
    const delta = p.side === 'bid' ? filled : negQty(filled);
    const closing = kalshiReduced(position, delta);
    // an ask buys NO at the complement: count × $1 − YES value
    const paid = p.side === 'bid' ? yesValue : subMicros(payout(filled), yesValue);
    this.cash = subMicros(sumMicros(this.cash, payout(closing)), sumMicros(paid, fee));
    this.pos.set(p.ticker, addQty(position, delta));
    if (closing > 0) {
      this.nettedPairs.set(p.ticker, addQty(this.netted(p.ticker), closing));
    }
    const o: MockOrder = {
      orderId: randomUUID(),
      clientOrderId: p.clientOrderId ?? randomUUID(),
      ticker: p.ticker,
      side: p.side,
      price: p.price,
      requested: p.count,
      initial: effective,
      filled,
      yesValue,
      fee,
      reduceOnly: p.reduceOnly,
      timeInForce: p.timeInForce,
      status: filled === effective ? 'executed' : 'canceled',
      createdMs: nowMs
    };
    this.list.push(o);
    this.byClient.set(o.clientOrderId, o);
    if (filled > 0) {
      this.fillList.push({
        fillId: randomUUID(),
        orderId: o.orderId,
        ticker: o.ticker,
        side: o.side,
        qty: filled,
        yesPrice: avg,
        fee,
        createdMs: nowMs
      });
      this.changed(p.ticker);
    }
    return o;
  }
}
