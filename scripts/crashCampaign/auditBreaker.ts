/**
 * The breaker against the ledger, two ways:
 * - restored exactly as `twinleg run` restores it (`restoreFromLedger` over the ledger's fills
 *   and results; see cli/runtime/ledgerWiring.ts and actors/circuitBreaker/ledgerReplay.ts), it
 *   must hold per market what the ledger's fills fold to through core's holdings model;
 * - the snapshot the engine itself saved last (its own breaker's positions) against the same:
 *   after a kill a difference is the crash window between a fill's commit and the save (the
 *   next start repairs it); after the clean run's graceful exit there must be none. A snapshot
 *   with venue holdings is compared venue by venue; an older one (per-side totals only) by its
 *   net exposure, YES − NO, which does not depend on how a venue nets.
 */
import { CircuitBreaker } from '../../actors/circuitBreaker/index.js';
import { NanoClock } from '../../actors/nanoClock.js';
import {
  applyHoldingFill,
  asQty,
  NO_HOLDINGS,
  type Qty,
  type VenueHoldings
} from '../../core/index.js';
import { exposureOf } from './auditExposure.js';
import type { LedgerFacts } from './ledgerFacts.js';
import { WIDE_BREAKER } from './venues.js';

/** A market where a breaker and the ledger differ. */
export interface BreakerMismatch {
  readonly marketId: number;
  /** Venue holdings, or only the net exposure (YES − NO) for an older snapshot. */
  readonly breaker: VenueHoldings | { readonly exposure: Qty };
  readonly ledger: VenueHoldings;
}

/** The breaker figures. */
export interface BreakerAudit {
  /** Markets where the breaker restored the CLI's way differs from the ledger. */
  readonly mismatches: BreakerMismatch[];
  /** Markets where the engine's last saved snapshot differs from the ledger. */
  readonly savedVsLedger: BreakerMismatch[];
}

/** The ledger's fills folded per market through core's holdings model. */
export function ledgerHoldings(facts: Pick<LedgerFacts, 'fills'>): Map<number, VenueHoldings> {
  const out = new Map<number, VenueHoldings>();
  for (const f of facts.fills)
    out.set(f.marketId, applyHoldingFill(out.get(f.marketId) ?? NO_HOLDINGS, f));
  return out;
}

const same = (a: VenueHoldings, b: VenueHoldings): boolean =>
  a.kalshiNet === b.kalshiNet && a.polyYes === b.polyYes && a.polyNo === b.polyNo;

interface SavedPosition {
  marketId: number;
  yes: number;
  no: number;
  venues?: { kalshiNet: number; polyYes: number; polyNo: number };
}

/** A saved snapshot's positions, read loosely (any snapshot version); [] when none. */
export function savedPositions(state: unknown): SavedPosition[] {
  const p = (state as { positions?: unknown } | null)?.positions;
  return Array.isArray(p) ? (p as SavedPosition[]) : [];
}

/** The saved snapshot against the ledger's holdings. */
function compareSaved(state: unknown, ledger: Map<number, VenueHoldings>): BreakerMismatch[] {
  const saved = new Map(savedPositions(state).map((p) => [p.marketId, p]));
  const out: BreakerMismatch[] = [];
  if (state === null) return out;
  for (const marketId of new Set([...ledger.keys(), ...saved.keys()])) {
    const l = ledger.get(marketId) ?? NO_HOLDINGS;
    const s = saved.get(marketId);
    if (s?.venues) {
      const b = {
        kalshiNet: asQty(s.venues.kalshiNet),
        polyYes: asQty(s.venues.polyYes),
        polyNo: asQty(s.venues.polyNo)
      };
      if (!same(b, l)) out.push({ marketId, breaker: b, ledger: l });
      continue;
    }
    const exposure = asQty((s?.yes ?? 0) - (s?.no ?? 0));
    if (exposure !== exposureOf(l)) out.push({ marketId, breaker: { exposure }, ledger: l });
  }
  return out;
}

/** Restores a breaker from `facts` the CLI's way and compares both breakers with the ledger. */
export function auditBreaker(facts: LedgerFacts): BreakerAudit {
  const breaker = CircuitBreaker.fromEnv(WIDE_BREAKER, { clock: new NanoClock() });
  breaker.restoreFromLedger({ fills: facts.fills, results: facts.executions }, facts.breakerState);
  const ledger = ledgerHoldings(facts);
  const mismatches: BreakerMismatch[] = [];
  for (const marketId of ledger.keys()) {
    const l = ledger.get(marketId) ?? NO_HOLDINGS;
    const b = breaker.holdings(marketId);
    if (!same(l, b)) mismatches.push({ marketId, breaker: b, ledger: l });
  }
  return { mismatches, savedVsLedger: compareSaved(facts.breakerState, ledger) };
}
