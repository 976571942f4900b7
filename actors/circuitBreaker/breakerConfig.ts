/**
 * Circuit-breaker configuration: one zod schema with conservative real-money defaults.
 * Internal units: money in micro-dollars, positions in micro-contracts, durations in ms.
 */
import { z } from 'zod';
import { asMicros, asQty, contracts, dollars, TwinlegError } from '../../core/index.js';

/** Largest money or quantity a limit may take ($1e9 or 1e9 contracts): sums stay exact. */
export const MAX_LIMIT = 1_000_000_000_000_000;
/** Longest cooldown or blacklist (7 days), so `nowNs + duration` stays a safe integer. */
export const MAX_DURATION_MS = 7 * 86_400_000;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
/** Money in micro-dollars, 0..{@link MAX_LIMIT}; parses to `Micros`. */
const micros = () => int(0, MAX_LIMIT).transform(asMicros);
/** A quantity in micro-contracts, 0..{@link MAX_LIMIT}; parses to `Qty`. */
const qty = () => int(0, MAX_LIMIT).transform(asQty);
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The breaker's settings. Defaults (chosen for a small real-money account):
 * - `enabled` true; `maxConsecutiveErrors` 5; `cooldownMs` 300 000 (300 s);
 * - `maxDailyLoss` $50; `dailyResetUtc` `"00:00"` (UTC midnight);
 * - `maxPositionPerMarket` 100 contracts and `maxPositionPerMarketUsd` $50;
 * - `maxTotalPosition` 500 contracts and `maxTotalPositionUsd` $250;
 * - `blacklistThreshold` 3 consecutive mismatches, `blacklistMs` 300 000 (300 s).
 */
export const BreakerConfigSchema = z.object({
  /** `false`: keep all accounting and logs, never block, capacity unlimited. */
  enabled: z.boolean().default(true),
  /** Consecutive counted errors (failures and mismatches) that halt everything. */
  maxConsecutiveErrors: int(1, 1_000_000).default(5),
  /** Global halt length after too many consecutive errors. */
  cooldownMs: int(1, MAX_DURATION_MS).default(300_000),
  /** Realized P&L of the trading day below `−maxDailyLoss` blocks until the next day. */
  maxDailyLoss: micros().default(dollars(50)),
  /** Contracts held in one market (max of YES and NO held), micro-contracts. */
  maxPositionPerMarket: qty().default(contracts(100)),
  /** Contracts held over all markets, micro-contracts. */
  maxTotalPosition: qty().default(contracts(500)),
  /** Cost basis of the contracts held in one market, micro-dollars. */
  maxPositionPerMarketUsd: micros().default(dollars(50)),
  /** Cost basis of the contracts held over all markets, micro-dollars. */
  maxTotalPositionUsd: micros().default(dollars(250)),
  /** Consecutive mismatches on one market that blacklist it. */
  blacklistThreshold: int(1, 1_000_000).default(3),
  /** How long a blacklisted market stays skipped. */
  blacklistMs: int(1, MAX_DURATION_MS).default(300_000),
  /** Start of the trading day, `HH:MM` in UTC. */
  dailyResetUtc: z.string().regex(HHMM, 'must be HH:MM (UTC, 00:00–23:59)').default('00:00')
});

/** Fully-resolved breaker configuration. */
export type BreakerConfig = z.infer<typeof BreakerConfigSchema>;
/** What a caller may pass: any subset; defaults fill the rest. */
export type BreakerConfigInput = z.input<typeof BreakerConfigSchema>;
/** A configuration field name. */
export type BreakerField = keyof BreakerConfig;

/** A rejected configuration value; `variable` names the field or environment variable. */
export class BreakerConfigError extends TwinlegError {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super('invalid_config', `invalid circuit-breaker config ${variable}: ${message}`);
    this.name = 'BreakerConfigError';
    this.variable = variable;
  }
}

/**
 * Validates and defaults a configuration. `nameOf` maps a field to the name reported in the
 * error (the environment variable when parsing the environment).
 */
export function parseBreakerConfig(
  input: BreakerConfigInput = {},
  nameOf: (field: string) => string = (f) => f
): BreakerConfig {
  const r = BreakerConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const field = String(first?.path[0] ?? '?');
  throw new BreakerConfigError(nameOf(field), first?.message ?? 'invalid');
}
