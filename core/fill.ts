import type { Side, Venue } from './market.js';
import type { Micros, Qty } from './money.js';
import type { OrderAction } from './order.js';

/**
 * One fill on the position channel (`fills$`): every contract bought or sold, entry legs and
 * auto-close sells alike. Quantities are positive; `action` says which way.
 */
export interface FillRecord {
  readonly pairId: string;
  readonly marketId: number;
  readonly description: string;
  readonly platform: Venue;
  readonly side: Side;
  readonly action: OrderAction;
  readonly contracts: Qty;
  /** Average price per contract, rounded half-up to the micro-dollar. */
  readonly avgPrice: Micros;
  /** Exact total paid or received, before fees. */
  readonly notional: Micros;
  readonly fee: Micros;
  readonly orderId: string | undefined;
  readonly clientOrderId: string;
  readonly executionId: string;
  /** Engine clock time of the fill report (ns). */
  readonly timestampNs: number;
  /** Wall-clock time of the fill report (ms since epoch), for humans and the ledger. */
  readonly wallTimeMs: number;
}
