/**
 * The breaker against the ledger: a breaker restored exactly as `twinleg run` restores it
 * (`restoreFromLedger` over the ledger's fills and results, the saved snapshot only checked;
 * see cli/runtime/ledgerWiring.ts and actors/circuitBreaker/ledgerReplay.ts) must hold, per
 * market, what the ledger's fills fold to through core's holdings model. Also reports the
 * markets where the snapshot the killed engine had saved disagreed with its ledger (the crash
 * window between a fill's commit and the snapshot save, repaired at start).
 */
import { CircuitBreaker } from '../../actors/circuitBreaker/index.js';
import { NanoClock } from '../../actors/nanoClock.js';
import { applyHoldingFill, NO_HOLDINGS, type VenueHoldings } from '../../core/index.js';
import type { LedgerFacts } from './ledgerFacts.js';
import { WIDE_BREAKER } from './venues.js';

/** A market where the restored breaker and the ledger differ. */
export interface BreakerMismatch {
  readonly marketId: number;
  readonly breaker: VenueHoldings;
  readonly ledger: VenueHoldings;
}

/** The breaker figures. */
export interface BreakerAudit {
  /** Markets where the restored breaker's holdings differ from the ledger's (must be 0). */
  readonly mismatches: BreakerMismatch[];
  /** Markets where the saved snapshot disagreed with the ledger (repaired by the restore). */
  readonly snapshotDisagreed: number[];
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

/** Restores a breaker from `facts` the CLI's way and compares it with the ledger. */
export function auditBreaker(facts: LedgerFacts): BreakerAudit {
  const breaker = CircuitBreaker.fromEnv(WIDE_BREAKER, { clock: new NanoClock() });
  const { disagreed } = breaker.restoreFromLedger(
    { fills: facts.fills, results: facts.executions },
    facts.breakerState
  );
  const ledger = ledgerHoldings(facts);
  const mismatches: BreakerMismatch[] = [];
  for (const marketId of new Set([...ledger.keys(), ...disagreed])) {
    const l = ledger.get(marketId) ?? NO_HOLDINGS;
    const b = breaker.holdings(marketId);
    if (!same(l, b)) mismatches.push({ marketId, breaker: b, ledger: l });
  }
  return { mismatches, snapshotDisagreed: [...disagreed] };
}
