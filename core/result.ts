import type { ErrorCode } from './errors.js';
import type { Micros, Qty } from './money.js';

/** Per-leg summary inside an {@link ExecutionResult}. */
export interface LegSummary {
  readonly venue: 'kalshi' | 'polymarket';
  readonly requested: Qty;
  readonly filled: Qty;
  readonly notional: Micros;
  readonly fee: Micros;
  readonly status: string;
}

/** The outcome of one opportunity, emitted on `results$` exactly once. */
export interface ExecutionResult {
  readonly executionId: string;
  readonly marketId: number;
  /** True when both legs filled equally and more than zero. */
  readonly success: boolean;
  /** `null` on success; otherwise a stable code from the registry. */
  readonly error: ErrorCode | null;
  /** Human detail for logs; never contains secrets. */
  readonly detail?: string;
  /** Contracts held on both sides (hedged). */
  readonly matchedContracts: Qty;
  /**
   * Realized P&L: matched × $1 − matched cost of both legs − all entry fees
   * + auto-close proceeds − cost basis of contracts closed − close fees.
   */
  readonly realizedProfit: Micros;
  /** Excess left open after auto-close (floor reached, close failed, or unresolved leg). */
  readonly unhedgedContracts: Qty;
  /** Detection → result, engine clock (ns). */
  readonly latencyNs: number;
  readonly legs?: { readonly yes: LegSummary; readonly no: LegSummary };
  /** Contracts sold by auto-close. */
  readonly closedContracts: Qty;
}
