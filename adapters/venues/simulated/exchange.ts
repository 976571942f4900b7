import {
  asQty,
  minQty,
  ZERO_QTY,
  type Clock,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Qty,
  type RejectKind,
  type Venue
} from '../../../core/index.js';
import { OrderBooks } from './book.js';
import { OrderIds } from './ids.js';
import { Positions } from './positions.js';
import { admit } from './admission.js';
import type { MarketSchedule } from './lifecycle.js';
import { MarketLife } from './marketLife.js';
import { CLOSED_MSG, NO_FILL_MSG, emptyOutcome, notFound, rejected } from './outcomes.js';
import type { SimBehaviour, SimFill, SimFillSpec, SimOrderView } from './types.js';
import { recordAmounts, venueRecord, type VenueRecord } from './wire.js';

interface OrderState {
  readonly orderId: string;
  readonly request: OrderRequest;
  readonly placedAtMs: number;
  /** Most this order may fill (a Kalshi reduce-only sell is capped at the position). */
  readonly maxQty: Qty;
  readonly note: string | undefined;
  /** Undefined while a `pending` order waits for its match. */
  record: VenueRecord | undefined;
  /** Whether, right after its match, the book had no level left at or through its price. */
  bookDry: boolean;
}

/** Settings of a {@link SimExchange}. */
export interface ExchangeConfig {
  readonly venue: Venue;
  readonly clock: Clock;
  readonly seed: number;
  readonly settlementLagMs: number;
  readonly lookupNullMs: number;
  /** The markets' recurring lifecycle (absent: markets never close). */
  readonly schedule?: MarketSchedule;
}

/**
 * The venue itself, without transport: receives orders, matches them against the books,
 * keeps orders, fills and positions. Synchronous; latency and aborts live in
 * {@link SimulatedVenue}. A client order id seen before returns that order, never a new one.
 */
export class SimExchange {
  /** Resting liquidity. */
  readonly books = new OrderBooks();
  /** Holdings from the venue's own fills (Kalshi: one signed net per market). */
  readonly positions: Positions;
  private readonly ids: OrderIds;
  private readonly byClient = new Map<string, OrderState>();
  private readonly byId = new Map<string, OrderState>();
  private readonly list: OrderState[] = [];
  private readonly fillLog: SimFill[] = [];
  /** Market states and payouts at resolution; undefined when markets never close. */
  readonly life: MarketLife | undefined;

  constructor(private readonly cfg: ExchangeConfig) {
    this.ids = new OrderIds(cfg.venue, cfg.seed);
    this.positions = new Positions(cfg.venue === 'kalshi');
    // wall ms of venue time 0, fixed once so that a cycle's close time never moves
    const anchor = (): number => Math.round(cfg.clock.wallMs() - cfg.clock.nowNs() / 1_000_000);
    this.life = cfg.schedule
      ? new MarketLife(cfg.venue, cfg.schedule, this.positions, anchor())
      : undefined;
  }

  /** Venue time in ms since the clock's origin. */
  nowMs(): number {
    return this.cfg.clock.nowNs() / 1_000_000;
  }

  /** Whether an order with this client order id exists at the venue. */
  knows(clientOrderId: string): boolean {
    return this.byClient.has(clientOrderId);
  }

  /** An order reaches the venue: the placement answer (a hang's true outcome included). */
  receive(order: OrderRequest, behaviour: SimBehaviour | undefined): OrderOutcome {
    this.life?.catchUp(this.nowMs());
    const existing = this.byClient.get(order.clientOrderId);
    if (existing) return this.outcome(existing);
    const preId = this.cfg.venue === 'polymarket' ? this.ids.next() : undefined;
    const rej = (kind: RejectKind, reason: string, retryAfterMs?: number): OrderOutcome => ({
      ...rejected(order, kind, reason, retryAfterMs),
      ...(preId === undefined ? {} : { orderId: preId })
    });
    if (behaviour?.kind === 'reject') {
      const reason = behaviour.reason ?? `simulated ${behaviour.rejectKind}`;
      return rej(behaviour.rejectKind, reason, behaviour.retryAfterMs);
    }
    const { venue, settlementLagMs } = this.cfg;
    const life = this.life;
    if (life && !life.isOpen(order.market.marketId, this.nowMs()))
      return rej('market_closed', CLOSED_MSG[venue]);
    const a = admit(order, {
      venue,
      positions: this.positions,
      nowMs: this.nowMs(),
      settlementLagMs
    });
    if (!a.ok) return rej(a.rejectKind, a.reason);
    const state: OrderState = {
      orderId: preId ?? this.ids.next(),
      request: order,
      placedAtMs: this.nowMs(),
      maxQty: a.maxQty,
      note: a.note,
      record: undefined,
      bookDry: false
    };
    this.byClient.set(order.clientOrderId, state);
    this.byId.set(state.orderId, state);
    this.list.push(state);
    if (behaviour?.kind === 'pending') {
      const spec = behaviour.fill;
      this.cfg.clock.setTimeout(() => this.execute(state, spec), behaviour.resolveAfterMs);
    } else if (behaviour?.kind === 'fillQty') {
      this.execute(state, { qty: behaviour.qty, raced: behaviour.raced === true });
    } else this.execute(state, behaviour?.kind === 'hang' ? behaviour.fill : 'book');
    return this.outcome(state);
  }

  /** What the venue says about an order now (by venue id first, then client order id). */
  lookup(ref: OrderRef): OrderOutcome {
    const s =
      (ref.orderId === undefined ? undefined : this.byId.get(ref.orderId)) ??
      this.byClient.get(ref.clientOrderId);
    if (!s) return notFound(ref);
    if (this.nowMs() - s.placedAtMs < this.cfg.lookupNullMs) {
      return emptyOutcome(s.request, s.orderId, 'unknown', 'lookup returned null');
    }
    return this.outcome(s);
  }

  /** The venue's own record of an order (by client order id or venue id). */
  record(id: string): VenueRecord | undefined {
    return (this.byClient.get(id) ?? this.byId.get(id))?.record;
  }

  /** Every fill, in order. */
  fills(): readonly SimFill[] {
    return [...this.fillLog];
  }

  /** Every accepted order as it stands now, in arrival order. */
  orders(): readonly SimOrderView[] {
    return this.list.map((s) => {
      const o = this.outcome(s);
      const r = s.request;
      return {
        orderId: s.orderId,
        clientOrderId: r.clientOrderId,
        marketId: r.market.marketId,
        side: r.side,
        action: r.action,
        qty: r.qty,
        limitPrice: r.limitPrice,
        reduceOnly: r.reduceOnly,
        status: o.status,
        filledQty: o.filledQty,
        notional: o.notional,
        fee: o.fee,
        placedAtMs: s.placedAtMs,
        bookDry: s.bookDry
      };
    });
  }

  private execute(s: OrderState, spec: SimFillSpec): void {
    this.life?.catchUp(this.nowMs());
    const o = s.request;
    const { marketId } = o.market;
    let cap = s.maxQty;
    if (o.action === 'sell') cap = minQty(cap, this.positions.held(marketId, o.side));
    if (spec === 'none') cap = ZERO_QTY;
    else if (typeof spec === 'object') cap = minQty(cap, spec.qty);
    const levels = this.books.take(marketId, o.side, o.action, o.limitPrice, cap);
    s.record = venueRecord(o, levels);
    if (typeof spec === 'object' && spec.raced) {
      this.books.take(marketId, o.side, o.action, o.limitPrice, asQty(Number.MAX_SAFE_INTEGER));
    }
    const left = this.books.get(marketId, o.side);
    s.bookDry =
      o.action === 'sell'
        ? !left.bids.some((b) => b.qty > 0 && b.price >= o.limitPrice)
        : !left.asks.some((x) => x.qty > 0 && x.price <= o.limitPrice);
    const a = recordAmounts(s.record);
    if (a.filledQty <= 0) return;
    const at = this.nowMs();
    if (o.action === 'buy') this.positions.add(marketId, o.side, a.filledQty, at);
    else this.positions.remove(marketId, o.side, a.filledQty);
    this.fillLog.push({
      marketId,
      side: o.side,
      action: o.action,
      qty: a.filledQty,
      notional: a.notional,
      fee: a.fee,
      orderId: s.orderId,
      clientOrderId: o.clientOrderId,
      atMs: at
    });
  }

  private outcome(s: OrderState): OrderOutcome {
    if (!s.record) return emptyOutcome(s.request, s.orderId, 'pending');
    const a = recordAmounts(s.record);
    const status = a.filledQty === s.request.qty ? 'filled' : a.filledQty > 0 ? 'partial' : 'none';
    const reason = status === 'none' ? (s.note ?? NO_FILL_MSG[this.cfg.venue]) : undefined;
    return {
      status,
      clientOrderId: s.request.clientOrderId,
      orderId: s.orderId,
      ...a,
      ...(reason === undefined ? {} : { reason })
    };
  }
}
