/**
 * The campaign's report (also its `--json` output).
 */
import type { BreakerAudit } from './auditBreaker.js';
import type { ExposureAudit } from './auditExposure.js';
import type { FillAudit } from './auditFills.js';
import type { UnresolvedAudit } from './auditUnresolved.js';
import type { CycleRecord } from './cycle.js';
import type { FaultClass } from './faultTracker.js';
import type { LockCheck } from './lockCheck.js';

/** The breaker as restored right after one kill. */
export interface KillCheck {
  readonly cycle: number;
  /** Markets where the killed engine's saved snapshot disagreed with its ledger. */
  readonly savedVsLedger: number;
  /** Markets where the breaker restored the CLI's way differs from the ledger. */
  readonly mismatches: number;
  /** Why the ledger could not be read then (no ledger yet, …). */
  readonly error?: string;
}

/** The clean run after the cycles. */
export interface CleanRun {
  /** `exit 0`, another code, a signal, or why it was stopped. */
  readonly ended: string;
  readonly ms: number;
  /** It stopped by itself with exit 0 once nothing was running. */
  readonly quiesced: boolean;
  /** When it did not stop cleanly: its error line (`twinleg: …`), if it printed one. */
  readonly reason?: string;
  /** Its `--summary-json`, when written. */
  readonly summary: unknown;
}

/** Everything the campaign measured. */
export interface CampaignReport {
  readonly seed: number;
  readonly cyclesAsked: number;
  readonly markets: number;
  /** Ledger, markets file, env file and per-cycle engine logs. */
  readonly dir: string;
  readonly wallMs: number;
  readonly cycles: readonly CycleRecord[];
  readonly kills: readonly KillCheck[];
  /** Fault rules still queued after the cycles, drained before the clean run. */
  readonly drained: Record<FaultClass, number>;
  readonly clean: CleanRun;
  /** The second-writer check (null: no cycle got the engine to hold the ledger). */
  readonly lock: LockCheck | null;
  readonly venueOrders: { readonly kalshi: number; readonly polymarket: number };
  readonly executions: number;
  readonly resultsByCode: Record<string, number>;
  readonly fills: FillAudit;
  readonly unresolved: UnresolvedAudit;
  readonly breaker: BreakerAudit;
  readonly exposure: ExposureAudit;
}
