/**
 * Executions left unresolved (result `order_unresolved`, or still unfinished after the clean
 * run) and, among them, those with an order that never existed at its venue: an order the
 * venue never saw has a provable outcome (nothing filled), so such an execution must not stay
 * unresolved. "Existed" is judged by the venue: Kalshi by the client order id among its
 * orders, Polymarket by the order hash among its orders (no hash: never signed, never sent).
 */
import type { LedgerExecution } from '../../adapters/ledger/index.js';
import type { LedgerOrderFact } from './ledgerFacts.js';
import type { VenueOrder } from './venueFacts.js';

/** An unresolved execution with orders the venues never saw. */
export interface UnresolvedAtNoVenue {
  readonly executionId: string;
  readonly marketId: number;
  /** Its result code, or null when still unfinished. */
  readonly error: string | null;
  readonly orders: { clientOrderId: string; venue: string; role: string; status: string }[];
}

/** The unresolved figures. */
export interface UnresolvedAudit {
  /** Executions with no result after the clean run. */
  readonly unfinished: number;
  /** Executions that ended `order_unresolved`. */
  readonly unresolved: number;
  /** Of both, those with a non-final order that never existed at its venue (must be 0). */
  readonly neverAtVenue: UnresolvedAtNoVenue[];
  /** Non-final orders anywhere in the ledger that the venue never saw. */
  readonly unknownOrdersNeverSent: number;
}

/** Whether the venue ever had this order. */
export function existedAtVenue(o: LedgerOrderFact, venueOrders: readonly VenueOrder[]): boolean {
  return venueOrders.some((v) =>
    o.venue === 'kalshi'
      ? v.venue === 'kalshi' && v.clientOrderId === o.clientOrderId
      : v.venue === 'polymarket' && o.venueOrderId !== null && v.orderId === o.venueOrderId
  );
}

/** Finds unresolved executions whose orders never reached a venue. */
export function auditUnresolved(
  executions: readonly LedgerExecution[],
  orders: readonly LedgerOrderFact[],
  venueOrders: readonly VenueOrder[]
): UnresolvedAudit {
  const open = orders.filter((o) => !o.terminal && !existedAtVenue(o, venueOrders));
  const stuck = executions.filter(
    (e) => e.finishedWallMs === null || e.error === 'order_unresolved'
  );
  const neverAtVenue = stuck.flatMap((e) => {
    const mine = open.filter((o) => o.executionId === e.executionId);
    if (mine.length === 0) return [];
    return [
      {
        executionId: e.executionId,
        marketId: e.marketId,
        error: e.finishedWallMs === null ? null : e.error,
        orders: mine.map((o) => ({
          clientOrderId: o.clientOrderId,
          venue: o.venue,
          role: o.role,
          status: o.status
        }))
      }
    ];
  });
  return {
    unfinished: executions.filter((e) => e.finishedWallMs === null).length,
    unresolved: executions.filter((e) => e.error === 'order_unresolved').length,
    neverAtVenue,
    unknownOrdersNeverSent: open.length
  };
}
