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

/**
 * Codes of thrown errors (faults), beside the result codes of {@link ERRORS}: what went wrong
 * when twinleg throws instead of returning a result. Stable like {@link ERRORS}.
 */
export const FAULTS = {
  invalid_config: 'a configuration that can never work (engine, breaker, markets, options)',
  invalid_input: 'an input record that cannot be parsed (an opportunity line)',
  not_integer: 'money or quantity math got a value that is not a safe integer',
  invalid_amount: 'an amount with no exact form (decimals, tick grid, range, division by 0)',
  credentials: 'venue credentials missing or unusable',
  venue_unreachable: 'a venue request got no answer (timeout, refused, network)',
  venue_protocol: 'a venue answered with an error or a body twinleg cannot use',
  ledger_unavailable: 'the ledger cannot be opened, migrated or written',
  ledger_locked: 'another process holds the ledger',
  port_in_use: 'a server port (inspector, metrics) is taken',
  usage: 'a command line that cannot run (flags, files)',
  refused: 'live trading refused without its explicit consent'
} as const satisfies Record<string, string>;

/** A thrown-error code. */
export type FaultCode = keyof typeof FAULTS;

/** Any stable code a {@link TwinlegError} carries: a result code or a fault code. */
export type TwinlegCode = ErrorCode | FaultCode;

/**
 * The base of every error twinleg throws, carrying a stable {@link TwinlegCode}. A plain
 * `TwinlegError`'s message starts with its code; the named subclasses (`ConfigError`,
 * `KalshiTransportError`, …) keep their own messages and fix their code.
 */
export class TwinlegError extends Error {
  readonly code: TwinlegCode;
  constructor(code: TwinlegCode, message: string, options?: { cause?: unknown }) {
    super(new.target === TwinlegError ? `${code}: ${message}` : message, options);
    this.name = 'TwinlegError';
    this.code = code;
  }
}

/** Whether `e` is a {@link TwinlegError} with `code` (any code when omitted). */
export function isTwinlegError(e: unknown, code?: TwinlegCode): e is TwinlegError {
  return e instanceof TwinlegError && (code === undefined || e.code === code);
}
