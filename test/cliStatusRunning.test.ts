/**
 * `twinleg status` shows what only the running engine knows — its trading state and the
 * markets it holds — next to what the ledger says, and says so when no engine runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exited, start, tempDir, twinleg } from './cliSupport.js';

const MARKETS = 'examples/markets.example.json';

describe('status beside a running engine', () => {
  it('shows the running engine (pid, state), then that none runs', async () => {
    const db = join(tempDir(), 'l.db');
    // a tiny limit: the first arb uses it up, so the running engine is LIMIT_REACHED
    const env = { CB_MAX_TOTAL_POSITION: '3', CB_MAX_POSITION_PER_MARKET: '3' };
    const run = start(
      [
        'run',
        '--db',
        db,
        '--markets',
        MARKETS,
        '--feed',
        'stdin',
        '--log-level',
        'warn',
        '--json-logs'
      ],
      { env }
    );
    const arb = {
      marketId: 0,
      arbType: 'PolyYesKalshiNo',
      yesPrice: 400_000,
      noPrice: 500_000,
      yesSize: 3_000_000,
      noSize: 3_000_000
    };
    run.stdin?.write(`${JSON.stringify(arb)}\n`);
    // the engine publishes its state beside the ledger when it changes (its log is buffered)
    const file = `${db}.trading.json`;
    await expect
      .poll(() => (existsSync(file) ? readFileSync(file, 'utf8') : ''), { timeout: 30_000 })
      .toContain('LIMIT_REACHED');
    const live = await twinleg(['status', '--db', db, '--markets', MARKETS], { env });
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toMatch(
      new RegExp(
        `^engine: running \\(pid ${run.pid}\\), LIMIT_REACHED: total position limit reached: 3/3 contracts since `,
        'm'
      )
    );
    const json = JSON.parse(
      (await twinleg(['status', '--db', db, '--markets', MARKETS, '--json'], { env })).stdout
    ) as { running: { pid: number; mode: string } | null };
    expect(json.running).toMatchObject({ pid: run.pid, mode: 'LIMIT_REACHED' });
    run.stdin?.end();
    expect(await exited(run)).toBe(0);
    const after = await twinleg(['status', '--db', db, '--markets', MARKETS], { env });
    expect(after.stdout).toMatch(/^engine: not running on this ledger$/m);
  }, 60_000);
});
