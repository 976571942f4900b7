/**
 * The CLI configuration (file < env < flags), secret masking, and the markets file format.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TWINLEG_ENV } from '../cli/config/env.js';
import { loadConfig } from '../cli/config/load.js';
import { credentialView, maskSecrets } from '../cli/config/mask.js';
import { parseMarkets, readMarketsFile } from '../cli/markets.js';
import { tempDir } from './cliSupport.js';

const file = (doc: unknown): string => {
  const f = join(tempDir(), 'c.json');
  writeFileSync(f, JSON.stringify(doc));
  return f;
};

describe('configuration', () => {
  it('defaults < file < environment', () => {
    const f = file({
      engine: { legTimeoutMs: 1000, reconcile: { deadlineMs: 9000 } },
      metrics: { port: 1111 },
      breaker: { cooldownMs: 60_000 }
    });
    const c = loadConfig({
      file: f,
      env: {
        TWINLEG_ENGINE_LEG_TIMEOUT_MS: '2000',
        TWINLEG_METRICS_PORT: '2222',
        CB_COOLDOWN_SECS: '30'
      }
    });
    expect(c.config.engine.legTimeoutMs).toBe(2000);
    expect(c.config.engine.reconcile.deadlineMs).toBe(9000);
    expect(c.config.engine.reconcile.lookupTimeoutMs).toBe(3000);
    expect(c.config.metrics.port).toBe(2222);
    expect(c.config.breaker.cooldownMs).toBe(30_000);
    expect(c.envVariables).toEqual(
      expect.arrayContaining([
        'TWINLEG_ENGINE_LEG_TIMEOUT_MS',
        'TWINLEG_METRICS_PORT',
        'CB_COOLDOWN_SECS'
      ])
    );
  });

  it('maps every leaf to a TWINLEG_* variable; KALSHI_API_BASE_URL yields to the TWINLEG_ name', () => {
    const names = TWINLEG_ENV.map((b) => b.variable);
    expect(names).toEqual(
      expect.arrayContaining([
        'TWINLEG_ENGINE_RECONCILE_BACKOFF_MS',
        'TWINLEG_PATHS_DB',
        'TWINLEG_VENUES_POLYMARKET_BASE_URL',
        'TWINLEG_LOGGING_LEVEL'
      ])
    );
    expect(names.some((n) => n.startsWith('TWINLEG_BREAKER'))).toBe(false);
    const a = loadConfig({
      env: {
        KALSHI_API_BASE_URL: 'http://127.0.0.1:1/trade-api/v2',
        TWINLEG_ENGINE_RECONCILE_BACKOFF_MS: '10, 20'
      }
    });
    expect(a.config.venues.kalshi.baseUrl).toBe('http://127.0.0.1:1/trade-api/v2');
    expect(a.config.engine.reconcile.backoffMs).toEqual([10, 20]);
    const b = loadConfig({
      env: {
        KALSHI_API_BASE_URL: 'http://a.test/x',
        TWINLEG_VENUES_KALSHI_BASE_URL: 'http://b.test/y'
      }
    });
    expect(b.config.venues.kalshi.baseUrl).toBe('http://b.test/y');
  });

  it('rejects bad values naming the field, file or variable', () => {
    expect(() => loadConfig({ env: { TWINLEG_ENGINE_LEG_TIMEOUT_MS: '12abc' } })).toThrow(
      /TWINLEG_ENGINE_LEG_TIMEOUT_MS: "12abc" is not an integer/
    );
    // Node shrinks a timer above 2³¹−1 ms to 1 ms: such a duration is refused, never run
    expect(() => loadConfig({ env: { TWINLEG_ENGINE_LEG_TIMEOUT_MS: String(2 ** 31) } })).toThrow(
      /TWINLEG_ENGINE_LEG_TIMEOUT_MS/
    );
    expect(() => loadConfig({ env: { TWINLEG_ENGINE_DELAYED_RELEASE_MS: '99999999999' } })).toThrow(
      /TWINLEG_ENGINE_DELAYED_RELEASE_MS/
    );
    expect(
      loadConfig({ env: { TWINLEG_ENGINE_LEG_TIMEOUT_MS: String(2 ** 31 - 1) } })
    ).toBeDefined();
    expect(() => loadConfig({ env: { TWINLEG_METRICS_PORT: '70000' } })).toThrow(
      /TWINLEG_METRICS_PORT/
    );
    expect(() => loadConfig({ env: { CB_MAX_DAILY_LOSS: '-1' } })).toThrow(/CB_MAX_DAILY_LOSS/);
    expect(() => loadConfig({ file: file({ engine: { capacity: 33 } }), env: {} })).toThrow(
      /engine\.capacity \(in .*c\.json\): must be a multiple of 32/
    );
    expect(() =>
      loadConfig({ file: file({ venues: { kalshi: { baseUrl: 'ftp://x' } } }), env: {} })
    ).toThrow(/venues\.kalshi\.baseUrl .*http\(s\) URL/);
    expect(() => loadConfig({ file: file({ engnie: {} }), env: {} })).toThrow(
      /engnie .*unknown key "engnie"; did you mean "engine"\?/
    );
  });

  it('reads YAML files the same way as JSON, with env overrides on top', () => {
    const f = join(tempDir(), 'twinleg.yaml');
    writeFileSync(f, 'engine:\n  capacity: 1024\n  dryRun: true\nlogging:\n  level: debug\n');
    const c = loadConfig({ file: f, env: { TWINLEG_ENGINE_CAPACITY: '2048' } });
    expect(c.config.engine.capacity).toBe(2048);
    expect(c.config.engine.dryRun).toBe(true);
    expect(c.config.logging.level).toBe('debug');
    const bad = join(tempDir(), 'bad.yml');
    writeFileSync(bad, 'engine: [unclosed\n');
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/not valid YAML/);
  });

  it('masks secrets wherever they are nested and shows only presence of credentials', () => {
    const m = maskSecrets({
      a: { apiSecret: 'xyz', privateKeyPath: '/k.pem', passphrase: 'p' },
      port: 1
    }) as Record<string, Record<string, string>>;
    expect(m.a?.apiSecret).toBe('****** (set, 3 chars)');
    expect(m.a?.passphrase).toBe('****** (set, 1 chars)');
    expect(m.a?.privateKeyPath).toBe('/k.pem');
    const v = credentialView({
      POLY_API_KEY: 'key-123',
      POLY_SIGNATURE_TYPE: '0',
      KALSHI_PRIVATE_KEY_PEM_FILE: '/run/secrets/k'
    });
    expect(v.POLY_API_KEY).toBe('****** (set, 7 chars)');
    expect(v.POLY_SIGNATURE_TYPE).toBe('0');
    expect(v.KALSHI_API_KEY_ID).toBe('(not set)');
    expect(JSON.stringify(v)).not.toContain('key-123');
  });
});

describe('markets file', () => {
  const entry = {
    marketId: 0,
    pairId: 'p0',
    description: 'd',
    kalshiTicker: 'KX-0',
    polyYesTokenId: '1',
    polyNoTokenId: '2'
  };

  it('reads the example with defaults, cents ticks and fee parameters', () => {
    const ms = readMarketsFile('examples/markets.example.json');
    expect(ms).toHaveLength(6);
    const m3 = ms.find((m) => m.marketId === 3);
    expect(m3?.tickSize).toEqual({ kalshi: 10_000, polymarket: 1_000 });
    expect(ms.find((m) => m.marketId === 2)?.fees.polymarket.rateMicros).toBe(30_000);
    expect(ms.find((m) => m.marketId === 1)?.polyExchange).toBe('neg-risk');
    const [d] = parseMarkets([entry]);
    expect(d?.fees.kalshi).toEqual({
      rateMicros: 70_000,
      multiplierMicros: 1_000_000,
      exponent: 1
    });
  });

  it('names the entry and the field of an error', () => {
    expect(() =>
      parseMarkets(
        [entry, { ...entry, marketId: 1, pairId: 'p1', tickSize: { kalshi: 0.00001 } }],
        'm.json'
      )
    ).toThrow(/m\.json: entry 1 \("p1"\): tickSize/);
    expect(() => parseMarkets([entry, { ...entry, pairId: 'p2' }], 'm.json')).toThrow(
      /entry 1 \("p2"\): marketId: 0 repeats entry 0/
    );
    expect(() => parseMarkets([{ ...entry, polyExchange: 'negrisk' }], 'm.json')).toThrow(
      /entry 0 \("p0"\): polyExchange/
    );
    expect(() => parseMarkets([{ ...entry, extra: 1 }], 'm.json')).toThrow(
      /entry 0 \("p0"\): extra: /
    );
    expect(() => parseMarkets({}, 'm.json')).toThrow(/must be a JSON array/);
  });
});
