/**
 * The one registry of twinleg's stable error codes. A code never changes meaning once
 * released; hosts may switch on it. Each code carries the in-flight slot release policy of
 * the source design's error table, its severity, and whether the circuit breaker counts it.
 *
 * | code | release | counts as error |
 * |---|---|---|
 * | (none: success) | delayed | no (resets) |
 * | already_in_flight | none (someone else holds the slot) | no |
 * | invalid_request | none (never claimed) | no |
 * | shutting_down | none (never claimed) | no |
 * | unknown_market | immediate | no |
 * | blacklisted | immediate | no |
 * | cooldown | immediate | no |
 * | circuit_breaker | immediate | no |
 * | profit_below_threshold | immediate | no |
 * | insufficient_liquidity | delayed | no |
 * | below_venue_minimum | delayed | no |
 * | dry_run | delayed | no |
 * | execution_failed | immediate | yes |
 * | partial_fill | delayed, after auto-close | yes (mismatch) |
 * | order_unresolved | delayed | yes |
 * | shutdown_interrupted | immediate | yes |
 * | internal_error | immediate | yes |
 */

/** How the in-flight slot is released when an execution ends with a code. */
export type ReleasePolicy = 'none' | 'immediate' | 'delayed';

/** `reject`: refused before any order; `info`: not a failure; `failure`: orders went wrong. */
export type Severity = 'reject' | 'info' | 'failure';

/** Registry entry. */
export interface ErrorSpec {
  readonly release: ReleasePolicy;
  readonly severity: Severity;
  /** Counted by the circuit breaker's consecutive-error protection. */
  readonly countsAsError: boolean;
  readonly description: string;
}

const spec = (
  release: ReleasePolicy,
  severity: Severity,
  countsAsError: boolean,
  description: string
): ErrorSpec => ({ release, severity, countsAsError, description });

/** Every stable error code with its policy. */
export const ERRORS = {
  already_in_flight: spec('none', 'reject', false, 'an execution for this market is in flight'),
  invalid_request: spec('none', 'reject', false, 'malformed opportunity (ids, prices, sizes)'),
  shutting_down: spec('none', 'reject', false, 'the engine is stopping'),
  unknown_market: spec('immediate', 'reject', false, 'market id not in the registry'),
  blacklisted: spec('immediate', 'reject', false, 'market blacklisted after repeated mismatches'),
  cooldown: spec('immediate', 'reject', false, 'global halt cooldown active'),
  circuit_breaker: spec('immediate', 'reject', false, 'risk limits leave no capacity'),
  profit_below_threshold: spec('immediate', 'reject', false, 'profit after fees below threshold'),
  insufficient_liquidity: spec('delayed', 'reject', false, 'less than one contract available'),
  below_venue_minimum: spec('delayed', 'reject', false, 'order under a venue minimum (Poly $1)'),
  dry_run: spec('delayed', 'info', false, 'dry run: validated and sized, no orders sent'),
  execution_failed: spec('immediate', 'failure', true, 'no leg filled (rejected or no match)'),
  partial_fill: spec('delayed', 'failure', true, 'legs filled unequally; excess auto-closed'),
  order_unresolved: spec('delayed', 'failure', true, 'a leg outcome stayed unknown'),
  shutdown_interrupted: spec('immediate', 'failure', true, 'stopped before it finished'),
  internal_error: spec('immediate', 'failure', true, 'engine fault; slot released')
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERRORS;

/** Every code, in registry order. */
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** Release policy of a finished execution: its code's, or delayed for a success. */
export function releasePolicyOf(code: ErrorCode | null): ReleasePolicy {
  return code === null ? 'delayed' : ERRORS[code].release;
}

/** Error thrown by the engine's public API, carrying a stable code. */
export class TwinlegError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'TwinlegError';
    this.code = code;
  }
}
