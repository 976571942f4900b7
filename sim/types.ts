/**
 * Shared vocabulary of the deterministic simulation: fault kinds, violations, scenario
 * outcomes, and the hooks a planted-bug build uses to break the engine on purpose.
 * @packageDocumentation
 */
import type { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import type { ExecutionSupervisor } from '../actors/supervisor.js';
import type { WriterLock } from '../adapters/ledger/lock.js';
import type { Venue, VenueAdapter } from '../core/index.js';

/** Every fault the world can inject, in a fixed order (report keys follow it). */
export const FAULT_KINDS = [
  'timeoutFilled',
  'timeoutPartial',
  'timeoutNone',
  'delayedFilled',
  'delayedCanceled',
  'delayedLate',
  'partialFill',
  'legRejected',
  'rateLimited',
  'unavailable',
  'serverError',
  'connDropAfterSend',
  'connDropBeforeSend',
  'bookAway',
  'settlement',
  'lookupNull',
  'lookupFail',
  'lookupHang',
  'crash',
  'crashAtIntent',
  'crashAtFillCommit',
  'stopTimeout',
  'secondWriter',
  'oppositeMismatch'
] as const;

/** One kind of injected fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Fault counts of one scenario or a batch. */
export type FaultCounts = Partial<Record<FaultKind, number>>;

/** The invariants the simulation checks (names are stable: they appear in reports). */
export type InvariantName =
  | 'one-execution-per-market'
  | 'release-policy'
  | 'fills-match-venue'
  | 'residual-flagged'
  | 'breaker-limits'
  | 'halted-places-no-order'
  | 'pnl-matches-cash'
  | 'no-engine-error'
  | 'clean-shutdown'
  | 'one-result-per-execution'
  | 'exposure-closed'
  | 'unresolved-order-existed'
  | 'breaker-matches-ledger'
  | 'one-writer';

/** A broken invariant: which, at which step and simulated time, and why. */
export interface Violation {
  readonly invariant: InvariantName;
  readonly step: number;
  readonly atMs: number;
  readonly detail: string;
}

/**
 * Hooks that turn the real engine into a deliberately broken one (planted bugs). The harness
 * must find a violation when either is used; the real engine runs with neither.
 */
export interface Plant {
  readonly name: string;
  /** Wraps each venue adapter the engine sees (inside the fault-injecting world). */
  readonly wrapVenue?: (venue: Venue, adapter: VenueAdapter) => VenueAdapter;
  /** Mutates every supervisor right after it is built (also after a restart). */
  readonly patchSupervisor?: (supervisor: ExecutionSupervisor) => void;
  /** Mutates every circuit breaker right after it is built (before it is restored). */
  readonly patchBreaker?: (breaker: CircuitBreaker) => void;
  /** Replaces the ledger's writer lock (`adapters/ledger/lock.ts` acquireWriterLock). */
  readonly writerLock?: (file: string, wallMs: number) => WriterLock;
  /** False: the engine does not track dispatch (no proof that an order was never sent). */
  readonly trackDispatch?: boolean;
}

/** What one scenario produced. */
export interface ScenarioOutcome {
  readonly seed: number;
  /** Number of steps run (submissions, clock advances, crash, restart, stop). */
  readonly steps: number;
  readonly violations: readonly Violation[];
  readonly faults: FaultCounts;
  /** Exposure left that the venue provably could not close (signed contracts, long YES > 0). */
  readonly unclosable: readonly { readonly marketId: number; readonly contracts: number }[];
  /** The readable step trace (identical for identical seeds, byte for byte). */
  readonly trace: string;
}
