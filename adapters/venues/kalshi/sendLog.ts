/** What the adapter remembers about one placement (for lookups). */
export interface SentRecord {
  readonly ticker: string;
  /** Wall-clock ms when the first attempt was sent (for the orders list `min_ts`). */
  readonly firstSentWallMs: number;
  /** Engine-clock ns when the last attempt ended without a provable answer. */
  lastUncertainNs: number | undefined;
  orderId: string | undefined;
  /**
   * Recalled after a restart: wall ms from which "not found" in the orders list is final (the
   * last dispatch plus the consistency window). Undefined for orders sent by this process.
   */
  notFoundFinalWallMs?: number;
}

/**
 * Bounded memory of recent placements by client order id: the venue order id once known (so
 * a lookup is one `GET /portfolio/orders/{id}`), and when the order was sent (so a lookup by
 * client order id can page from `min_ts`, and an order not found just after an uncertain send
 * stays `unknown` for a grace period instead of becoming "never placed").
 */
export class SendLog {
  private readonly map = new Map<string, SentRecord>();

  constructor(private readonly capacity = 10_000) {}

  /** Record (or re-use) the entry of a placement attempt. */
  sent(clientOrderId: string, ticker: string, wallMs: number): SentRecord {
    const have = this.map.get(clientOrderId);
    if (have) return have;
    const r: SentRecord = {
      ticker,
      firstSentWallMs: wallMs,
      lastUncertainNs: undefined,
      orderId: undefined
    };
    this.map.set(clientOrderId, r);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    return r;
  }

  /**
   * Seeds the record of an order a previous process dispatched at `dispatchedWallMs` (from its
   * ledger): lookups page the orders list from then, and "not found" is final only from
   * `dispatchedWallMs + windowMs` on. Replaces what this process remembered of it.
   */
  recall(
    clientOrderId: string,
    ticker: string,
    dispatchedWallMs: number,
    windowMs: number,
    orderId?: string
  ): SentRecord {
    this.map.delete(clientOrderId);
    const r = this.sent(clientOrderId, ticker, dispatchedWallMs);
    r.orderId = orderId;
    r.notFoundFinalWallMs = dispatchedWallMs + windowMs;
    return r;
  }

  /** The record of a client order id, if remembered. */
  get(clientOrderId: string): SentRecord | undefined {
    return this.map.get(clientOrderId);
  }
}
