/**
 * The ledger's public shapes. The resume shapes are core's (`core/resume.ts`), shared with the
 * execution machine and the supervisor; `test/recovery.test.ts` checks the assignment.
 */
import type {
  Micros,
  Qty,
  ResumeClose,
  ResumeLeg,
  ResumeRequest,
  ResumeState,
  Venue
} from '../../core/index.js';

/** A recovered entry leg (core's `ResumeLeg`). */
export type LedgerResumeLeg = ResumeLeg;
/** Recovered auto-close progress (core's `ResumeClose`). */
export type LedgerResumeClose = ResumeClose;
/** What the ledger knew of an unfinished execution (core's `ResumeState`). */
export type LedgerResumeState = ResumeState;
/** One execution to resume: exactly what `ExecutionSupervisor.resume` takes. */
export type LedgerResumeRequest = ResumeRequest;

/** An unfinished execution that cannot be resumed (its market is no longer configured). */
export interface SkippedExecution {
  readonly executionId: string;
  readonly marketId: number;
  readonly reason: string;
}

/**
 * An order that may have reached its venue and whose outcome was never stored: Kalshi's was
 * handed to the socket at `dispatchedWallMs` (the latest attempt); Polymarket's was signed then
 * (its venue id is the signed order's id).
 */
export interface DispatchedOrder {
  readonly clientOrderId: string;
  readonly executionId: string;
  readonly venue: Venue;
  readonly marketId: number;
  readonly venueOrderId: string | null;
  readonly dispatchedWallMs: number;
}

/** What {@link Ledger.recover} found at start-up. */
export interface Recovery {
  /** Unfinished executions, oldest first: hand to `ExecutionSupervisor.resume`. */
  readonly resume: LedgerResumeRequest[];
  /** Executions started and never finished (resumable or not). */
  readonly unfinished: number;
  /** Orders of those executions whose outcome was never stored (to reconcile with venues). */
  readonly pendingOrders: number;
  /** Of the resumed ones, orders that provably never reached the venue (recovered as `none`). */
  readonly neverSent: number;
  /**
   * Unresolved orders of resumed executions with a dispatch record (oldest first): hand each to
   * its adapter's `recall` before resuming, so the adapter knows when "not found" is final.
   */
  readonly dispatched: DispatchedOrder[];
  /** Σ |YES held − NO held| over markets, from fills. */
  readonly openExposure: Qty;
  /** Fills in the ledger. */
  readonly fills: number;
  /** The last saved breaker state (JSON), or null. */
  readonly breakerState: unknown;
  /** Unfinished executions that cannot be resumed (market missing from the registry). */
  readonly skipped: SkippedExecution[];
  /** One human paragraph: what was recovered. */
  readonly banner: string;
}

/** A venue × side bucket of a position. */
export type HoldingKey = `${Venue}:${'yes' | 'no'}`;

/**
 * A market's position, derived from fills. `realizedPnl` counts sells (proceeds − average-cost
 * basis removed), the locked-in value of hedged pairs (a YES + NO pair pays exactly $1:
 * hedged × $1 − their basis) and subtracts every fee — the same accounting as
 * `ExecutionResult.realizedProfit`, summed per market.
 */
export interface LedgerPosition {
  readonly marketId: number;
  readonly pairId: string;
  readonly description: string;
  readonly held: Record<HoldingKey, Qty>;
  /** YES held − NO held (positive: long YES unhedged). */
  readonly exposure: Qty;
  /** Cost basis of the contracts still held (fees excluded). */
  readonly costBasis: Micros;
  /** Final: sales, Kalshi netting and settlements, minus every fee paid. */
  readonly realizedPnl: Micros;
  /** Hedged pairs held: $1 each at resolution minus their cost. */
  readonly lockedInPnl: Micros;
  /** Cost of the contracts not hedged by the other side (at risk). */
  readonly unhedgedCost: Micros;
  readonly fees: Micros;
}

/** Totals over the whole ledger. */
export interface LedgerSummary {
  readonly executions: number;
  readonly unfinished: number;
  readonly fills: number;
  readonly realizedPnl: Micros;
  readonly lockedInPnl: Micros;
  readonly fees: Micros;
  readonly openExposure: Qty;
  /** Polymarket winnings recorded at resolution, still to redeem on chain. */
  readonly awaitingRedemption: Micros;
  /** Finished executions by error code (`ok` for success). */
  readonly resultsByCode: Record<string, number>;
}

/** One execution row. */
export interface LedgerExecution {
  readonly executionId: string;
  readonly marketId: number;
  readonly arbType: string;
  readonly startedWallMs: number;
  readonly finishedWallMs: number | null;
  readonly error: string | null;
  readonly success: boolean | null;
  readonly matched: Qty;
  readonly realizedProfit: Micros;
  readonly unhedged: Qty;
}

/** One fill row (the position channel as persisted). */
export interface LedgerFill {
  readonly executionId: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  readonly marketId: number;
  readonly venue: Venue;
  readonly side: 'yes' | 'no';
  readonly action: 'buy' | 'sell';
  readonly contracts: Qty;
  readonly notional: Micros;
  readonly fee: Micros;
  readonly wallMs: number;
  /** False when the fill was stored from its order's outcome but never reached `fills$`. */
  readonly reported: boolean;
}

/** Result of {@link Ledger.health}. */
export interface LedgerHealth {
  readonly ok: boolean;
  readonly schemaVersion: number;
  readonly journalMode: string;
  readonly integrity: string;
  readonly file: string;
}

/**
 * Commit durability. `normal` (default): WAL + `synchronous=NORMAL`; `full`: WAL +
 * `synchronous=FULL` (see `Ledger.open`).
 */
export type Durability = 'normal' | 'full';
