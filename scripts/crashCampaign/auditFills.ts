/**
 * Fills: every fill a mock venue executed must appear exactly once in the ledger, with the
 * venue's quantity, and every ledger fill must have a venue trade behind it. A ledger fill is
 * tied to its venue order by the client order id (Kalshi keeps it) or by the venue order id
 * (the Polymarket order hash, written ahead when the order is signed).
 */
import type { LedgerFill } from '../../adapters/ledger/index.js';
import type { LedgerOrderFact } from './ledgerFacts.js';
import type { VenueOrder } from './venueFacts.js';

/** One finding. */
export interface FillIssue {
  readonly venue: 'kalshi' | 'polymarket';
  readonly orderId: string | null;
  readonly clientOrderId: string | null;
  readonly executionId: string | null;
  /** Contracts ×1e6 the venue filled / the ledger holds for that order. */
  readonly venueQty: number;
  readonly ledgerQty: number;
  /** What the ledger knows of the order (its status), when anything. */
  readonly note: string;
}

/** The fill figures. */
export interface FillAudit {
  /** Venue orders that filled something. */
  readonly venueFills: number;
  readonly ledgerFills: number;
  /** Venue fills with no ledger fill. */
  readonly lost: FillIssue[];
  /** Venue fills stored in more than one ledger fill. */
  readonly doubled: FillIssue[];
  /** Ledger fills with no venue trade. */
  readonly phantom: FillIssue[];
  /** Stored once, with another quantity than the venue's. */
  readonly qtyDiffers: FillIssue[];
}

const key = (venue: string, orderId: string): string => `${venue}:${orderId}`;

/** Compares the venues' fills with the ledger's. */
export function auditFills(
  venueOrders: readonly VenueOrder[],
  ledgerFills: readonly LedgerFill[],
  ledgerOrders: readonly LedgerOrderFact[]
): FillAudit {
  const byVenueKey = new Map(venueOrders.map((o) => [key(o.venue, o.orderId), o]));
  const kalshiByCid = new Map(
    venueOrders.filter((o) => o.clientOrderId !== undefined).map((o) => [o.clientOrderId, o])
  );
  const orderByCid = new Map(ledgerOrders.map((o) => [o.clientOrderId, o]));
  const stored = new Map<string, LedgerFill[]>();
  const phantom: FillIssue[] = [];
  for (const f of ledgerFills) {
    const vid =
      f.venue === 'kalshi'
        ? (kalshiByCid.get(f.clientOrderId)?.orderId ?? f.venueOrderId)
        : (f.venueOrderId ?? orderByCid.get(f.clientOrderId)?.venueOrderId ?? null);
    const v = vid === null ? undefined : byVenueKey.get(key(f.venue, vid));
    if (vid === null || !v || v.filled === 0) {
      phantom.push({
        venue: f.venue,
        orderId: vid,
        clientOrderId: f.clientOrderId,
        executionId: f.executionId,
        venueQty: v?.filled ?? 0,
        ledgerQty: f.contracts,
        note:
          vid === null ? 'no venue order id' : v ? 'venue filled nothing' : 'unknown to the venue'
      });
      continue;
    }
    const k = key(f.venue, vid);
    stored.set(k, [...(stored.get(k) ?? []), f]);
  }
  const lost: FillIssue[] = [];
  const doubled: FillIssue[] = [];
  const qtyDiffers: FillIssue[] = [];
  let venueFills = 0;
  for (const o of venueOrders) {
    if (o.filled === 0) continue;
    venueFills += 1;
    const fills = stored.get(key(o.venue, o.orderId)) ?? [];
    const ledgerQty = fills.reduce((s, f) => s + f.contracts, 0);
    const cid =
      o.clientOrderId ??
      fills[0]?.clientOrderId ??
      ledgerOrders.find((l) => l.venueOrderId === o.orderId)?.clientOrderId ??
      null;
    const order = cid === null ? undefined : orderByCid.get(cid);
    const issue: FillIssue = {
      venue: o.venue,
      orderId: o.orderId,
      clientOrderId: cid,
      executionId: order?.executionId ?? fills[0]?.executionId ?? null,
      venueQty: o.filled,
      ledgerQty,
      note: order
        ? `ledger order ${order.status}${order.terminal ? '' : ' (not final)'}`
        : 'no ledger order'
    };
    if (fills.length === 0) lost.push(issue);
    else if (fills.length > 1) doubled.push(issue);
    else if (ledgerQty !== o.filled) qtyDiffers.push(issue);
  }
  return { venueFills, ledgerFills: ledgerFills.length, lost, doubled, phantom, qtyDiffers };
}
