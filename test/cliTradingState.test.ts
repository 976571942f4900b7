/**
 * A run whose total limit fills up says so once, with the numbers, and `status` afterwards
 * reports LIMIT_REACHED with the capacity used and left (the run used to go silent: each
 * refusal was a debug line and `status` said "not halted").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, twinleg } from './cliSupport.js';

const MARKETS = 'examples/markets.example.json';

describe('trading state in the CLI', () => {
  it('logs the limit once and status shows it', async () => {
    const dir = tempDir();
    const db = join(dir, 'twinleg.db');
    const sum = join(dir, 'summary.json');
    // three clean 3-contract arbs on three markets: 3 + 2 (capped) use the 5 allowed
    const feed = join(dir, 'feed.jsonl');
    const arb = (t: number, marketId: number, arbType: string) =>
      JSON.stringify({
        t,
        marketId,
        arbType,
        yesPrice: 400_000,
        noPrice: 500_000,
        yesSize: 3_000_000,
        noSize: 3_000_000
      });
    writeFileSync(
      feed,
      [
        arb(0, 0, 'PolyYesKalshiNo'),
        arb(10, 1, 'PolyYesKalshiNo'),
        arb(20, 2, 'KalshiYesPolyNo')
      ].join('\n')
    );
    const env = { CB_MAX_TOTAL_POSITION: '5', CB_MAX_POSITION_PER_MARKET: '5' };
    const run = await twinleg(
      [
        'run',
        '--db',
        db,
        '--markets',
        MARKETS,
        '--feed',
        feed,
        '--pace',
        'asap',
        '--log-level',
        'info',
        '--json-logs',
        '--summary-json',
        sum
      ],
      { env }
    );
    expect(run.code, run.stderr).toBe(0);
    // every change is logged once: a pause, then (a close frees capacity) trading again, …
    const changes = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((l) => l.includes('[CB] ⚠️ total position limit') || l.includes('[CB] ✅ trading'))
      .map((l) => (l.includes('⚠️') ? 'paused' : 'trading'));
    expect(changes[0]).toBe('paused');
    expect(changes.every((c, i) => i === 0 || c !== changes[i - 1])).toBe(true);
    expect(run.stdout).toContain(
      'total position limit reached: 5/5 contracts; new entries paused until positions settle or close'
    );
    const summary = JSON.parse(readFileSync(sum, 'utf8')) as {
      breaker: { trading: { mode: string; contracts: { left: number } } };
    };
    expect(summary.breaker.trading.contracts.left).toBeLessThan(5_000_000);
    const status = await twinleg(['status', '--db', db, '--markets', MARKETS], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(
      /^trading: LIMIT_REACHED: total position limit reached: 5\/5 contracts$/m
    );
    expect(status.stdout).toMatch(/^capacity: 5 of 5 contracts used, 0 left; /m);
    const json = await twinleg(['status', '--db', db, '--markets', MARKETS, '--json'], { env });
    const parsed = JSON.parse(json.stdout) as { trading: { mode: string } };
    expect(parsed.trading.mode).toBe('LIMIT_REACHED');
  }, 60_000);
});
