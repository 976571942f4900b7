/**
 * `CB_*` environment variables → {@link BreakerConfig}. Every variable is optional (unset →
 * schema default); a set but bad value (empty, NaN, negative, `12abc`, out of range) throws a
 * {@link BreakerConfigError} naming the variable — never a silent default.
 */
import { parseMicro } from '../../core/index.js';
import {
  parseBreakerConfig,
  BreakerConfigError,
  type BreakerConfig,
  type BreakerField
} from './breakerConfig.js';

type Kind = 'bool' | 'count' | 'secs' | 'dollars' | 'contracts' | 'hhmm';

/** Each environment variable, the field it sets and how its text is read. */
export const BREAKER_ENV: Readonly<Record<string, { field: BreakerField; kind: Kind }>> = {
  CB_ENABLED: { field: 'enabled', kind: 'bool' },
  CB_MAX_CONSECUTIVE_ERRORS: { field: 'maxConsecutiveErrors', kind: 'count' },
  CB_COOLDOWN_SECS: { field: 'cooldownMs', kind: 'secs' },
  CB_MAX_DAILY_LOSS: { field: 'maxDailyLoss', kind: 'dollars' },
  CB_MAX_POSITION_PER_MARKET: { field: 'maxPositionPerMarket', kind: 'contracts' },
  CB_MAX_TOTAL_POSITION: { field: 'maxTotalPosition', kind: 'contracts' },
  CB_MAX_POSITION_PER_MARKET_USD: { field: 'maxPositionPerMarketUsd', kind: 'dollars' },
  CB_MAX_TOTAL_POSITION_USD: { field: 'maxTotalPositionUsd', kind: 'dollars' },
  CB_MARKET_BLACKLIST_THRESHOLD: { field: 'blacklistThreshold', kind: 'count' },
  CB_MARKET_BLACKLIST_SECS: { field: 'blacklistMs', kind: 'secs' },
  CB_DAILY_RESET_UTC: { field: 'dailyResetUtc', kind: 'hhmm' }
};

const UINT = /^\d+$/;
/** Accepted spellings of an environment boolean (shared with the CLI's config). */
export const ENV_BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  false: false,
  '0': false,
  no: false,
  off: false
};

function uint(name: string, text: string): number {
  if (!UINT.test(text))
    throw new BreakerConfigError(name, `${JSON.stringify(text)} is not a non-negative integer`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new BreakerConfigError(name, `${text} is out of range`);
  return n;
}

function decimal(name: string, text: string): number {
  let v: number;
  try {
    v = parseMicro(text);
  } catch (e) {
    throw new BreakerConfigError(name, e instanceof Error ? e.message : String(e));
  }
  if (v < 0) throw new BreakerConfigError(name, `${text} is negative`);
  return v;
}

function read(name: string, kind: Kind, raw: string): boolean | number | string {
  const text = raw.trim();
  if (text === '') throw new BreakerConfigError(name, 'is set but empty');
  switch (kind) {
    case 'bool': {
      const b = ENV_BOOLEANS[text.toLowerCase()];
      if (b === undefined)
        throw new BreakerConfigError(name, `${JSON.stringify(text)} is not true/false`);
      return b;
    }
    case 'count':
      return uint(name, text);
    case 'secs': {
      const s = uint(name, text);
      if (s > Number.MAX_SAFE_INTEGER / 1_000)
        throw new BreakerConfigError(name, `${text} is out of range`);
      return s * 1_000;
    }
    case 'dollars':
    case 'contracts':
      return decimal(name, text); // dollars → micro-dollars, contracts → micro-contracts
    case 'hhmm':
      return text;
  }
}

/**
 * Reads the `CB_*` variables of `env` (e.g. `process.env`) into a validated configuration.
 * Units: `CB_*_SECS` whole seconds; `CB_MAX_DAILY_LOSS` and `*_USD` dollars as exact decimals
 * (`"50"`, `"12.50"`); `CB_MAX_POSITION_PER_MARKET` / `CB_MAX_TOTAL_POSITION` contracts;
 * `CB_ENABLED` true/false (also 1/0, yes/no, on/off); `CB_DAILY_RESET_UTC` `HH:MM`.
 */
export function breakerConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>
): BreakerConfig {
  const input: Record<string, boolean | number | string> = {};
  const envOf = new Map<string, string>();
  for (const [name, { field, kind }] of Object.entries(BREAKER_ENV)) {
    envOf.set(field, name);
    const raw = env[name];
    if (raw !== undefined) input[field] = read(name, kind, raw);
  }
  return parseBreakerConfig(input, (f) => envOf.get(f) ?? f);
}
