/**
 * Real unhedged contracts at the end, from what the mock venues hold (never from the engine's
 * books): per market, YES held across venues minus NO held (Kalshi's net position counts as
 * YES when positive, NO when negative; Polymarket's YES and NO tokens separately). Exposure
 * the venue provably could not close — no venue holding the excess side has a bid at or above
 * the auto-close floor — is listed apart; the rest must be 0.
 */
import {
  absQty,
  subQty,
  sumQty,
  ZERO_QTY,
  type Qty,
  type VenueHoldings
} from '../../core/index.js';
import type { VenueHolding } from './venueFacts.js';

/** One market with exposure left. */
export interface MarketExposure {
  readonly marketId: number;
  readonly venue: VenueHoldings;
  /** The market's exposure by the venues: YES − NO (contracts ×1e6; > 0 excess YES). */
  readonly exposure: Qty;
  /** The same from the ledger's fills, for comparison. */
  readonly ledgerExposure: Qty;
  /** No venue holding the excess side can sell it at or above the floor. */
  readonly unclosable: boolean;
}

/** The exposure figures. */
export interface ExposureAudit {
  /** Markets with real exposure left, closable or not. */
  readonly markets: MarketExposure[];
  /** Σ |exposure| over the closable ones (must be 0). */
  readonly unhedgedContracts: Qty;
  /** Σ |exposure| over the provably unclosable ones (listed, allowed). */
  readonly unclosableContracts: Qty;
}

/** YES − NO of a market's holdings. */
export function exposureOf(h: VenueHoldings): Qty {
  return subQty(sumQty(h.kalshiNet, h.polyYes), h.polyNo);
}

/** Whether the excess side of `h` can be sold somewhere it is held. */
function closable(h: VenueHolding, exposure: Qty): boolean {
  if (exposure > 0)
    return (h.kalshiNet > 0 && h.sellable.kalshiYes) || (h.polyYes > 0 && h.sellable.polyYes);
  return (h.kalshiNet < 0 && h.sellable.kalshiNo) || (h.polyNo > 0 && h.sellable.polyNo);
}

/** Real exposure per market at the venues, with the ledger's view beside it. */
export function auditExposure(
  holdings: readonly VenueHolding[],
  ledger: ReadonlyMap<number, VenueHoldings>
): ExposureAudit {
  const markets: MarketExposure[] = [];
  let unhedged = ZERO_QTY;
  let unclosableQty = ZERO_QTY;
  for (const h of holdings) {
    const venue = { kalshiNet: h.kalshiNet, polyYes: h.polyYes, polyNo: h.polyNo };
    const exposure = exposureOf(venue);
    const l = ledger.get(h.marketId);
    const ledgerExposure = l ? exposureOf(l) : ZERO_QTY;
    if (exposure === 0 && ledgerExposure === 0) continue;
    const unclosable = exposure !== 0 && !closable(h, exposure);
    if (unclosable) unclosableQty = sumQty(unclosableQty, absQty(exposure));
    else unhedged = sumQty(unhedged, absQty(exposure));
    markets.push({ marketId: h.marketId, venue, exposure, ledgerExposure, unclosable });
  }
  return { markets, unhedgedContracts: unhedged, unclosableContracts: unclosableQty };
}
