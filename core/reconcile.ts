/**
 * Venue reconciliation, pure: what the ledger says each venue holds of a market against what
 * the venue itself reports (Kalshi's signed net `position_fp`, Polymarket's YES and NO token
 * balances). A venue whose read failed is `null` (unknown), never 0: its slots are not
 * compared. A market with an execution in flight is skipped: its fills are not all known yet.
 *
 * Differences are measured as offsets `reported − ledger` on the linear model
 * ({@link VenueHoldings}): an offset does not change when both sides record the same later
 * fills, so an acknowledged offset stays acknowledged while trading goes on.
 * @packageDocumentation
 */
import { NO_HOLDINGS, type VenueHoldings } from './holdings.js';
import type { Side, Venue } from './market.js';
import { subQty, type Qty } from './money.js';

/** One compared position: Kalshi's signed net, or a Polymarket token side. */
export type ReconcileSlot = 'kalshi:net' | 'polymarket:yes' | 'polymarket:no';

/** Every slot, in display order. */
export const RECONCILE_SLOTS: readonly ReconcileSlot[] = [
  'kalshi:net',
  'polymarket:yes',
  'polymarket:no'
];

/** What the venues report of one market; a venue whose read failed is null (unknown). */
export interface ReportedHoldings {
  /** Kalshi `position_fp` (> 0 YES, < 0 NO); 0 when the market is absent from a good read. */
  readonly kalshiNet: Qty | null;
  /** Polymarket token balances of the funder. */
  readonly poly: { readonly yes: Qty; readonly no: Qty } | null;
}

/** One slot of one market: the ledger's number, the venue's, and their difference. */
export interface ReconcileLine {
  readonly slot: ReconcileSlot;
  readonly venue: Venue;
  /** `net` for Kalshi (signed: > 0 YES, < 0 NO). */
  readonly side: Side | 'net';
  readonly ledger: Qty;
  /** Null: the venue's read failed (unknown). */
  readonly venueQty: Qty | null;
  /** `venueQty − ledger`; null when unknown. */
  readonly difference: Qty | null;
}

/** One market's comparison. */
export interface MarketReconciliation {
  readonly marketId: number;
  /**
   * Not compared: `in_flight` (an execution is running on it: its fills are not all known) or
   * `resolved` (settled in the ledger while the venue may still hold the tokens until they are
   * redeemed on chain).
   */
  readonly skipped: SkipReason | null;
  readonly lines: readonly ReconcileLine[];
  /** Offsets `reported − ledger` (0 for an unknown venue). */
  readonly offset: VenueHoldings;
  /** True when some known slot differs. */
  readonly differs: boolean;
}

/** Why a market is not compared. */
export type SkipReason = 'in_flight' | 'resolved';

/** Inputs of {@link reconcileMarkets}. */
export interface ReconcileInput {
  /** The markets to compare (the configured ones). */
  readonly marketIds: readonly number[];
  /** The ledger's holdings per market (absent: nothing held). */
  readonly ledger: (marketId: number) => VenueHoldings | undefined;
  /** What the venues report per market (absent: both venues unknown). */
  readonly reported: (marketId: number) => ReportedHoldings | undefined;
  /** True for a market with an execution in flight. */
  readonly inFlight: (marketId: number) => boolean;
  /** True for a market resolved and not redeemed (absent: none). */
  readonly resolved?: (marketId: number) => boolean;
}

const UNKNOWN: ReportedHoldings = { kalshiNet: null, poly: null };

function line(slot: ReconcileSlot, ledger: Qty, venueQty: Qty | null): ReconcileLine {
  const [venue, side] = slot.split(':') as [Venue, Side | 'net'];
  return {
    slot,
    venue,
    side,
    ledger,
    venueQty,
    difference: venueQty === null ? null : subQty(venueQty, ledger)
  };
}

/** The comparison of one market (pure); `skip` set: shown, not compared. */
export function reconcileMarket(
  marketId: number,
  ledger: VenueHoldings,
  reported: ReportedHoldings,
  skip: SkipReason | null = null
): MarketReconciliation {
  const lines = [
    line('kalshi:net', ledger.kalshiNet, reported.kalshiNet),
    line('polymarket:yes', ledger.polyYes, reported.poly?.yes ?? null),
    line('polymarket:no', ledger.polyNo, reported.poly?.no ?? null)
  ];
  if (skip !== null) return { marketId, skipped: skip, lines, offset: NO_HOLDINGS, differs: false };
  const d = (l: ReconcileLine): Qty => l.difference ?? (0 as Qty);
  const [k, y, n] = lines as [ReconcileLine, ReconcileLine, ReconcileLine];
  const offset = { kalshiNet: d(k), polyYes: d(y), polyNo: d(n) };
  return { marketId, skipped: null, lines, offset, differs: !sameOffset(offset, NO_HOLDINGS) };
}

/** Compares every market of `input` (pure; ascending market id). */
export function reconcileMarkets(input: ReconcileInput): MarketReconciliation[] {
  return [...new Set(input.marketIds)]
    .sort((a, b) => a - b)
    .map((id) =>
      reconcileMarket(
        id,
        input.ledger(id) ?? NO_HOLDINGS,
        input.reported(id) ?? UNKNOWN,
        input.resolved?.(id) ? 'resolved' : input.inFlight(id) ? 'in_flight' : null
      )
    );
}

/** True when two offsets are equal slot by slot. */
export function sameOffset(a: VenueHoldings, b: VenueHoldings): boolean {
  return a.kalshiNet === b.kalshiNet && a.polyYes === b.polyYes && a.polyNo === b.polyNo;
}

/** Number of differing slots per venue over `markets` (skipped markets count nothing). */
export function differenceCounts(markets: readonly MarketReconciliation[]): Record<Venue, number> {
  const out: Record<Venue, number> = { kalshi: 0, polymarket: 0 };
  for (const m of markets) {
    if (m.skipped) continue;
    for (const l of m.lines) if (l.difference !== null && l.difference !== 0) out[l.venue] += 1;
  }
  return out;
}
