import type { Micros, Qty } from './money.js';
import type { OrderAction, OrderOutcome, OrderRequest } from './order.js';
import type { Venue } from './market.js';
import type { FastExecutionRequest } from './request.js';

/** A recovered entry leg: the order if its intent was recorded, its outcome if known. */
export interface ResumeLeg {
  readonly order: OrderRequest | null;
  readonly outcome: OrderOutcome | null;
  /** Venue order id recorded before sending (Polymarket: the EIP-712 hash), if any. */
  readonly orderId?: string;
}

/** Recovered auto-close progress. */
export interface ResumeClose {
  /** Contracts closed: sold, and hedged (bought on the other side). */
  readonly closed: Qty;
  /** Of `closed`, those hedged by a close buy, and what the buys cost. */
  readonly hedged?: Qty;
  readonly hedgeCost?: Micros;
  /** Proceeds of the close sells. */
  readonly proceeds: Micros;
  readonly fee: Micros;
  readonly attempts: number;
  /** Price of the last attempt (the walk continues from it). */
  readonly price: Micros;
  /**
   * Venue and action of the last attempt: a close buy means the close was hedging, and a
   * resumed close goes on hedging there instead of selling again. Absent: a sell.
   */
  readonly lastOrder?: { readonly venue: Venue; readonly action: OrderAction };
  /** A close order whose intent was recorded but whose outcome was not. */
  readonly pending: OrderRequest | null;
  /** Venue order id of `pending`, if it was recorded before sending. */
  readonly pendingOrderId?: string;
}

/**
 * What the ledger knew of an unfinished execution at restart. The machine resumes at
 * reconcile: unknown outcomes are looked up, then any mismatch is closed from where it was.
 */
export interface ResumeState {
  readonly qty: Qty;
  readonly legs: { readonly yes: ResumeLeg; readonly no: ResumeLeg };
  readonly close: ResumeClose | null;
}

/** An unfinished execution recovered from the ledger, to be resumed by the supervisor. */
export interface ResumeRequest {
  readonly executionId: string;
  readonly req: FastExecutionRequest;
  readonly state: ResumeState;
}
