/** Breaker configuration: documented defaults, `CB_*` parsing, bad values named, never defaulted. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import {
  BREAKER_ENV,
  BreakerConfigError,
  breakerConfigFromEnv,
  CircuitBreaker,
  parseBreakerConfig
} from '../actors/circuitBreaker/index.js';
import { contracts, dollars } from '../core/index.js';

describe('circuit breaker config', () => {
  it('defaults: 5 errors / 300 s, $50 a day, 100 / $50 per market, 500 / $250 total, 3 / 300 s, on, 00:00', () => {
    expect(parseBreakerConfig()).toEqual({
      enabled: true,
      maxConsecutiveErrors: 5,
      cooldownMs: 300_000,
      maxDailyLoss: dollars(50),
      maxPositionPerMarket: contracts(100),
      maxTotalPosition: contracts(500),
      maxPositionPerMarketUsd: dollars(50),
      maxTotalPositionUsd: dollars(250),
      blacklistThreshold: 3,
      blacklistMs: 300_000,
      dailyResetUtc: '00:00'
    });
    expect(breakerConfigFromEnv({})).toEqual(parseBreakerConfig());
  });

  it('reads every CB_* variable in its unit (decimals exact)', () => {
    const cfg = breakerConfigFromEnv({
      CB_ENABLED: 'false',
      CB_MAX_CONSECUTIVE_ERRORS: '7',
      CB_COOLDOWN_SECS: '60',
      CB_MAX_DAILY_LOSS: '12.345678',
      CB_MAX_POSITION_PER_MARKET: '250',
      CB_MAX_TOTAL_POSITION: '1000.5',
      CB_MAX_POSITION_PER_MARKET_USD: '0.10',
      CB_MAX_TOTAL_POSITION_USD: '1000000',
      CB_MARKET_BLACKLIST_THRESHOLD: '2',
      CB_MARKET_BLACKLIST_SECS: '900',
      CB_DAILY_RESET_UTC: '23:59',
      UNRELATED: 'x'
    });
    expect(cfg).toEqual({
      enabled: false,
      maxConsecutiveErrors: 7,
      cooldownMs: 60_000,
      maxDailyLoss: 12_345_678,
      maxPositionPerMarket: contracts(250),
      maxTotalPosition: 1_000_500_000,
      maxPositionPerMarketUsd: 100_000,
      maxTotalPositionUsd: dollars(1_000_000),
      blacklistThreshold: 2,
      blacklistMs: 900_000,
      dailyResetUtc: '23:59'
    });
    expect(Object.keys(BREAKER_ENV)).toHaveLength(11);
  });

  const bad: [string, string][] = [];
  for (const [name, { kind }] of Object.entries(BREAKER_ENV)) {
    const common = ['', ' ', 'NaN', 'abc', '12abc', '-1', '1e3', 'Infinity'];
    const specific: Record<string, string[]> = {
      bool: ['maybe', '2'],
      count: ['1.5', '0', '2000000'],
      secs: ['1.5', '0', '604801'],
      dollars: ['1.0000001', '$5', '1000000001', '-0.01'],
      contracts: ['0.0000001', '1000000001'],
      hhmm: ['24:00', '7:30', '12:60', '1230']
    };
    for (const v of [
      ...(kind === 'hhmm' ? ['', 'abc', '12abc'] : common),
      ...(specific[kind] ?? [])
    ]) {
      bad.push([name, v]);
    }
  }
  it.each(bad)('%s=%j is rejected naming the variable', (name, value) => {
    const parse = () => breakerConfigFromEnv({ [name]: value });
    expect(parse).toThrow(BreakerConfigError);
    expect(parse).toThrow(name);
    try {
      parse();
    } catch (e) {
      expect((e as BreakerConfigError).variable).toBe(name);
    }
  });

  it('CircuitBreaker.fromEnv builds a breaker; a bad value stops it', () => {
    const clock = new ManualClock();
    expect(CircuitBreaker.fromEnv({ CB_COOLDOWN_SECS: '5' }, { clock }).config.cooldownMs).toBe(
      5_000
    );
    expect(() => CircuitBreaker.fromEnv({ CB_MAX_DAILY_LOSS: 'fifty' }, { clock })).toThrow(
      'CB_MAX_DAILY_LOSS'
    );
  });

  it('programmatic config errors name the field', () => {
    expect(() => parseBreakerConfig({ maxDailyLoss: -1 })).toThrow('maxDailyLoss');
    expect(() => parseBreakerConfig({ maxPositionPerMarket: Number.NaN })).toThrow(
      'maxPositionPerMarket'
    );
  });
});
