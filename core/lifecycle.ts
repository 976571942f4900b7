/**
 * A market's life on one venue: open for trading, closed (no more trading, outcome not yet
 * known), resolved (outcome known, positions paid). What the venues say is read by the
 * adapters into {@link VenueMarketState}; the settlement arithmetic lives here so the ledger,
 * the breaker and the simulated venues agree on it.
 * @packageDocumentation
 */
import type { Side, Venue } from './market.js';
import { addMicros, notional, subMicros, USD, type Micros, type Qty } from './money.js';

/** Where a market is in its life on one venue. */
export type MarketPhase = 'open' | 'closed' | 'resolved';

/** What one venue says of one market, checked and in core units. */
export interface VenueMarketState {
  readonly venue: Venue;
  readonly phase: MarketPhase;
  /** When trading stops (wall ms), if the venue says. */
  readonly closeWallMs: number | null;
  /**
   * Payout of one YES contract once resolved, micro-dollars (0..$1): $1 when YES won, 0 when
   * NO won, in between for a scalar or 50-50 settlement. Null until resolved.
   */
  readonly yesPayout: Micros | null;
}

/**
 * A market's resolution on one venue as the engine records it: what the venue pays for the
 * contracts it held there (which are gone with it).
 */
export interface Settlement {
  readonly marketId: number;
  readonly venue: Venue;
  /** The venue's close time of the market: tells a recurring market's cycles apart. */
  readonly closeWallMs: number;
  /** Payout of one YES contract (micro-dollars, 0..$1). */
  readonly yesPayout: Micros;
  /** Contracts the settlement closed (both sides). */
  readonly contracts: Qty;
  /** What it pays (Σ contracts × their payout) and the venue's settlement fee. */
  readonly payout: Micros;
  readonly fee: Micros;
  /** Paid into the account (Kalshi) or still to redeem on chain (Polymarket: false). */
  readonly redeemed: boolean;
  readonly wallMs: number;
}

/** The execution id a settlement's closing fills carry (not an execution: it has no row). */
export function settlementExecutionId(
  s: Pick<Settlement, 'marketId' | 'venue' | 'closeWallMs'>
): string {
  return `settle:${s.marketId}:${s.venue}:${s.closeWallMs}`;
}

/** The client order id of a settlement's closing fill for one side. */
export function settlementOrderId(
  s: Pick<Settlement, 'marketId' | 'venue' | 'closeWallMs'>,
  side: Side
): string {
  return `${settlementExecutionId(s)}:${side}`;
}

/** Whether a fill closes contracts at a settlement rather than trading them. */
export function isSettlementFill(f: { readonly executionId: string }): boolean {
  return f.executionId.startsWith('settle:');
}

/** The winning side of a resolution, or null for a split (scalar, 50-50) payout. */
export function winnerOf(yesPayout: Micros): Side | null {
  if (yesPayout === USD) return 'yes';
  if (yesPayout === 0) return 'no';
  return null;
}

/** Payout of one contract of `side` given the YES payout. */
export function payoutPerContract(side: Side, yesPayout: Micros): Micros {
  return side === 'yes' ? yesPayout : subMicros(USD, yesPayout);
}

/**
 * What a resolution pays for `yes` and `no` contracts held (on one venue): each contract pays
 * its side's payout. Rounded down to the micro-dollar (the venues pay whole cents or better).
 */
export function settlementPayout(held: { yes: Qty; no: Qty }, yesPayout: Micros): Micros {
  const y = notional(held.yes, payoutPerContract('yes', yesPayout), 'floor');
  const n = notional(held.no, payoutPerContract('no', yesPayout), 'floor');
  return addMicros(y, n);
}

/**
 * Whether new entries on a market must stop: it is not open on either venue, or its close is
 * within `guardMs` of `nowWallMs` on either venue.
 */
export function closingSoon(
  states: readonly VenueMarketState[],
  nowWallMs: number,
  guardMs: number
): VenueMarketState | null {
  for (const s of states) {
    if (s.phase !== 'open') return s;
    if (s.closeWallMs !== null && s.closeWallMs - nowWallMs <= guardMs) return s;
  }
  return null;
}
