/**
 * `twinleg mock-venues` and `twinleg run --live` against it (real adapters, signed requests,
 * loopback only), plus `doctor --live` reachability and clock skew.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exited, start, tempDir, twinleg, waitFor } from './cliSupport.js';
import type { ChildProcess } from 'node:child_process';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const MARKETS = 'examples/markets.example.json';
const dir = tempDir();
const loadEnv = join(dir, 'mock.env');
let mocks: ChildProcess;

beforeAll(async () => {
  // flat books: the JSONL feed's quotes are not the moving books' prices
  mocks = start(['mock-venues', '--write-env', loadEnv, '--markets', MARKETS, '--books', 'flat']);
  await waitFor(mocks, /ready \(Ctrl-C to stop\)/, 60_000);
});

afterAll(async () => {
  mocks.kill('SIGINT');
  expect(await exited(mocks)).toBe(0);
});

describe('twinleg --live against the mock venues', () => {
  it('writes a 0600 env file with loopback URLs and test credentials', () => {
    expect(statSync(loadEnv).mode & 0o777).toBe(0o600);
    const text = readFileSync(loadEnv, 'utf8');
    expect(text).toMatch(/^KALSHI_API_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/m);
    expect(text).toMatch(/^TWINLEG_VENUES_POLYMARKET_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/m);
    expect(text).toMatch(/^POLY_API_SECRET=/m);
  });

  it('runs --live with a markets file and a JSONL feed, and fills on both venues', async () => {
    const sum = join(dir, 'live.json');
    const r = await twinleg([
      'run',
      '--live',
      '--i-accept-real-money',
      '--load-env',
      loadEnv,
      '--markets',
      MARKETS,
      '--feed',
      'examples/opportunities.sample.jsonl',
      '--pace',
      'asap',
      '--duration',
      '20',
      '--summary-json',
      sum,
      '--log-level',
      'warn',
      '--json-logs'
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(sum, 'utf8')) as {
      mode: string;
      fills: number;
      resultsByCode: Record<string, number>;
    };
    expect(s.mode).toBe('live');
    expect(s.fills).toBeGreaterThan(0);
    expect(s.resultsByCode.success ?? 0).toBeGreaterThan(0);
  });

  it('doctor --live checks credentials, reachability and clock skew without printing secrets', async () => {
    const env = readFileSync(loadEnv, 'utf8');
    const secret = /^POLY_API_SECRET=(.*)$/m.exec(env)?.[1] ?? 'missing';
    const pk = /^POLY_PRIVATE_KEY=(.*)$/m.exec(env)?.[1] ?? 'missing';
    const r = await twinleg(['doctor', '--live', '--load-env', loadEnv, '--markets', MARKETS]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^✓ kalshi credentials: key id set, RSA 2048-bit/m);
    expect(r.stdout).toMatch(/^✓ polymarket credentials: signer 0x[0-9a-fA-F]{40}/m);
    expect(r.stdout).toMatch(/^✓ kalshi reachability: .*clock skew -?\d+ ms/m);
    expect(r.stdout).toMatch(/^✓ polymarket reachability: .*clock skew -?\d+ ms/m);
    expect(r.stdout).not.toContain(secret);
    expect(r.stdout).not.toContain(pk.slice(2));
    expect(r.stdout).toMatch(/"POLY_API_SECRET": "\*{6} \(set, \d+ chars\)"/);
  });
});

describe('twinleg --live: startup failures said once', () => {
  it('a Polymarket CLOB of another version stops the run naming the code once', async () => {
    const { createServer } = await import('node:http');
    const clob = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/version' ? '{"version":1}' : '{}');
    });
    await new Promise<void>((r) => clob.listen(0, '127.0.0.1', () => r()));
    const { port } = clob.address() as { port: number };
    try {
      const r = await twinleg(
        [
          'run',
          '--live',
          '--i-accept-real-money',
          '--load-env',
          loadEnv,
          '--markets',
          MARKETS,
          '--feed',
          'stdin',
          '--log-level',
          'silent'
        ],
        { env: { TWINLEG_VENUES_POLYMARKET_BASE_URL: `http://127.0.0.1:${port}` } }
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^twinleg: venue_protocol: Polymarket at .* reports version 1/m);
      expect(r.stderr.match(/venue_protocol/g)).toHaveLength(1);
    } finally {
      await new Promise<void>((r) => clob.close(() => r()));
    }
  });
});
