/**
 * `twinleg doctor` as a child process: good and bad configurations, masked secrets.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir, twinleg } from './cliSupport.js';

vi.setConfig({ testTimeout: 90_000 });

describe('twinleg doctor', () => {
  it('passes a good config and prints the effective config with secrets masked', async () => {
    const dir = tempDir();
    const db = join(dir, 'l.db');
    await twinleg(['run', '--db', db, '--duration', '1', '--log-level', 'silent']);
    const r = await twinleg(
      ['doctor', '--config', 'examples/twinleg.config.example.json', '--db', db],
      {
        env: {
          POLY_API_SECRET: 'c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3Qtc2hvdw==',
          TWINLEG_ENGINE_LEG_TIMEOUT_MS: '4321',
          CB_MAX_DAILY_LOSS: '12.5'
        }
      }
    );
    expect(r.stdout).toMatch(
      /^✓ config: valid \(from examples\/twinleg\.config\.example\.json, TWINLEG_ENGINE_LEG_TIMEOUT_MS, CB_MAX_DAILY_LOSS\)/m
    );
    expect(r.stdout).toMatch(/^✓ markets: 6 market pairs/m);
    expect(r.stdout).toMatch(/^– kalshi credentials: not set/m);
    expect(r.stdout).toMatch(/^✓ ledger: .*schema v\d+, journal wal, integrity ok/m);
    expect(r.stdout).toMatch(/"legTimeoutMs": 4321/);
    expect(r.stdout).toMatch(/"maxDailyLoss": 12500000/);
    expect(r.stdout).not.toContain('c2VjcmV0LXZhbHVl');
    expect(r.stdout).toMatch(/"POLY_API_SECRET": "\*{6} \(set, 44 chars\)"/);
    // a partial Polymarket credential set is a failed check naming what is missing
    expect(r.stdout).toMatch(
      /^✗ polymarket credentials: Polymarket credentials missing: POLY_PRIVATE_KEY/m
    );
    expect(r.code).toBe(4);
  });

  it('fails a bad config naming the field, and bad credentials by format', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ engine: { legTimeoutMs: -5 }, metrics: { port: 9464 } }));
    const pem = join(dir, 'k.pem');
    writeFileSync(pem, 'not a pem');
    const r = await twinleg(['doctor', '--config', cfg], {
      env: { KALSHI_API_KEY_ID: 'abc', KALSHI_PRIVATE_KEY_PATH: pem }
    });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(
      /^✗ config: invalid configuration engine\.legTimeoutMs \(in .*bad\.json\): /m
    );
    expect(r.stdout).toMatch(/^ {2}hint: /m);
    expect(r.stdout).toMatch(/^✗ kalshi credentials: Kalshi private key could not be parsed/m);
    expect(r.stdout).toMatch(/check\(s\) failed/);
  });
});
