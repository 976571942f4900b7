/**
 * `twinleg` commands as real child processes on temp directories: help, paper runs, live
 * refusals, usage errors, and positions/status on a ledger produced by a run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir, twinleg } from './cliSupport.js';

const MARKETS = 'examples/markets.example.json';

vi.setConfig({ testTimeout: 90_000 });

describe('twinleg CLI', () => {
  it('prints --help for the program and every command (exit 0)', async () => {
    const cmds = ['', 'run', 'replay', 'positions', 'status', 'doctor', 'mock-venues'];
    const runs = await Promise.all(cmds.map((c) => twinleg(c ? [c, '--help'] : ['--help'])));
    runs.forEach((r, i) => {
      expect(r.code, cmds[i]).toBe(0);
      expect(r.stdout).toMatch(/Usage: twinleg/);
    });
    expect(runs[0]?.stdout).toMatch(/Exit codes: 0 ok/);
    expect(runs[1]?.stdout).toMatch(/--i-accept-real-money/);
    expect(runs[1]?.stdout).toMatch(/--metrics \[port\]/);
  });

  it('rejects a bad flag with exit 2 and a hint', async () => {
    const r = await twinleg(['run', '--duration', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--duration must be a positive number/);
    expect(r.stderr).toMatch(/--help/);
  });

  it('runs paper mode for --duration 2 and writes the summary JSON', async () => {
    const dir = tempDir();
    const file = join(dir, 'summary.json');
    const r = await twinleg([
      'run',
      '--duration',
      '2',
      '--summary-json',
      file,
      '--json-logs',
      '--log-level',
      'warn'
    ]);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(s.mode).toBe('paper');
    expect(s.opportunitiesSeen).toBeGreaterThan(0);
    expect(s).toHaveProperty('resultsByCode');
    expect(s).toHaveProperty('breaker.enabled', true);
  });

  it('refuses --live without the confirmation flag, then without credentials (exit 3)', async () => {
    const [noFlag, noCreds] = await Promise.all([
      twinleg(['run', '--live', '--markets', MARKETS, '--feed', 'stdin']),
      twinleg(['run', '--live', '--i-accept-real-money', '--markets', MARKETS, '--feed', 'stdin'])
    ]);
    expect(noFlag.code).toBe(3);
    expect(noFlag.stderr).toMatch(/refusing to start --live without --i-accept-real-money/);
    expect(noFlag.stderr).toMatch(/^hint: /m);
    expect(noCreds.code).toBe(3);
    expect(noCreds.stderr).toMatch(/missing Kalshi credentials: set KALSHI_API_KEY_ID/);
    expect(noCreds.stderr).toMatch(/^hint: .*doctor --live/m);
  });

  it('rejects a bad markets file and a bad feed line naming the entry / line (exit 2)', async () => {
    const dir = tempDir();
    const bad = join(dir, 'markets.json');
    const m = JSON.parse(readFileSync(MARKETS, 'utf8')) as Record<string, unknown>[];
    m[2] = { ...m[2], polyNoTokenId: 42 };
    writeFileSync(bad, JSON.stringify(m));
    const feed = join(dir, 'feed.jsonl');
    (await import('node:fs')).writeFileSync(
      feed,
      '{"marketId":0,"arbType":"PolyOnly","yesPrice":1,"noPrice":2,"yesSize":3}\n'
    );
    const [r1, r2] = await Promise.all([
      twinleg(['run', '--markets', bad, '--duration', '1']),
      twinleg(['run', '--feed', feed, '--duration', '1'])
    ]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/entry 2 \("btc-150k-2026"\): polyNoTokenId:/);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/feed\.jsonl:1: noSize:/);
  });

  it('runs a JSONL feed with --db, then positions and status read that ledger', async () => {
    const dir = tempDir();
    const db = join(dir, 'twinleg.db');
    const sum = join(dir, 's.json');
    const run = await twinleg([
      'run',
      '--db',
      db,
      '--markets',
      MARKETS,
      '--feed',
      'examples/opportunities.sample.jsonl',
      '--pace',
      'asap',
      '--summary-json',
      sum,
      '--log-level',
      'warn',
      '--json-logs'
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/ledger: /);
    const s = JSON.parse(readFileSync(sum, 'utf8')) as { fills: number; feed: string };
    expect(s.feed).toMatch(/opportunities\.sample\.jsonl/);
    expect(s.fills).toBeGreaterThan(0);
    const [pos, posJson, status] = await Promise.all([
      twinleg(['positions', '--db', db]),
      twinleg(['positions', '--db', db, '--json']),
      twinleg(['status', '--db', db, '--markets', MARKETS])
    ]);
    expect(pos.code, pos.stderr).toBe(0);
    expect(pos.stdout).toMatch(
      /market\s+K yes\s+K no\s+P yes\s+P no\s+exposure\s+cost basis\s+realized\s+locked-in\s+unhedged cost/
    );
    expect(pos.stdout).toMatch(/total: \d+ executions/);
    const pj = JSON.parse(posJson.stdout) as { summary: { fills: number } };
    expect(pj.summary.fills).toBe(s.fills);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^breaker: /m);
    expect(status.stdout).toMatch(
      /^P&L: realized -?\$[\d.]+, locked-in -?\$[\d.]+ \(paid at resolution\); unhedged [\d.]+ contracts/m
    );
    expect(status.stdout).toMatch(/executions: \d+, unfinished: 0/);
  });

  it('positions without --db is a usage error with a hint', async () => {
    const r = await twinleg(['positions']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no ledger given/);
    expect(r.stderr).toMatch(/hint: pass --db/);
  });
});
