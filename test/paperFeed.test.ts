/**
 * Paper `twinleg run` of a recorded file agrees with `twinleg replay` of it, and a record for a
 * market whose execution is in flight never re-seeds that market's simulated books.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tap } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { SILENT_LOGGER, type Clock, type ExecutionResult } from '../core/index.js';
import { selectFeed } from '../cli/runtime/feed.js';
import { paperVenues } from '../cli/runtime/venues.js';
import { tempDir, twinleg } from './cliSupport.js';

vi.setConfig({ testTimeout: 90_000 });

const SAMPLE = 'examples/opportunities.sample.jsonl';
const MARKETS = 'examples/markets.example.json';

describe('paper run of a file vs replay', () => {
  it('run --feed <file> --pace asap gives the same results per code and P&L as replay', async () => {
    const dir = tempDir();
    const sum = join(dir, 's.json');
    const out = join(dir, 'rep');
    const [run, rep] = await Promise.all([
      twinleg([
        'run',
        '--markets',
        MARKETS,
        '--feed',
        SAMPLE,
        '--pace',
        'asap',
        '--summary-json',
        sum,
        '--log-level',
        'error',
        '--json-logs'
      ]),
      twinleg(['replay', SAMPLE, '--markets', MARKETS, '--out', out, '--no-progress'])
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(rep.code, rep.stderr).toBe(0);
    const s = JSON.parse(readFileSync(sum, 'utf8')) as {
      resultsByCode: Record<string, number>;
      realizedPnl: number;
      lockedInPnl: number;
      fees: number;
      opportunitiesSeen: number;
    };
    const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      resultsByCode: Record<string, number>;
      realizedPnl: number;
      lockedInPnl: number;
      opportunities: number;
    };
    expect(s.opportunitiesSeen).toBe(r.opportunities);
    expect(s.resultsByCode).toEqual(r.resultsByCode);
    expect(s.realizedPnl).toBe(r.realizedPnl);
    expect(s.lockedInPnl).toBe(r.lockedInPnl);
    expect(s.resultsByCode.success).toBeGreaterThan(0);
    // hedged pairs are held to resolution: their earnings are locked in, not yet realized
    expect(s.lockedInPnl).toBeGreaterThan(0);
  });
});

/** Market 0: poly YES 38¢ × 3, Kalshi NO 56¢ × 3 (a clean arb). */
const FIRST = {
  t: 0,
  marketId: 0,
  arbType: 'PolyYesKalshiNo',
  yesPrice: 380_000,
  noPrice: 560_000,
  yesSize: 3_000_000,
  noSize: 3_000_000
};
/** Market 0 again, other prices and only 0.5 NO: its books would starve the first's NO leg. */
const LATER = { ...FIRST, yesPrice: 570_000, noPrice: 290_000, noSize: 500_000 };

/** Runs records through `selectFeed` (the `run` path) into a supervisor on simulated venues. */
async function paperRun(
  lines: readonly object[],
  clock: Clock,
  drive: () => Promise<void>
): Promise<{ results: ExecutionResult[]; kalshiNoFilled: number }> {
  const file = join(tempDir(), 'feed.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const markets = demoMarkets(6);
  const venues = paperVenues(clock, 42);
  const supervisor = new ExecutionSupervisor({
    markets,
    venues: { kalshi: venues.kalshi, polymarket: venues.polymarket },
    clock,
    logger: SILENT_LOGGER,
    idPrefix: 't-'
  });
  const results: ExecutionResult[] = [];
  supervisor.results$.subscribe((r) => results.push(r));
  const feed = selectFeed({
    feed: file,
    pace: 'asap',
    clock,
    venues,
    markets,
    seed: 42,
    rate: 1,
    log: SILENT_LOGGER,
    inFlight: (m) => supervisor.isInFlight(m)
  });
  let end = (): void => undefined;
  const ended = new Promise<void>((resolve) => (end = resolve));
  supervisor.connect(feed.stream.pipe(tap({ complete: () => end() })));
  await ended;
  await drive();
  await supervisor.stop({ timeoutMs: 30_000 });
  const kalshiNoFilled = venues
    .sim!.kalshi.fills()
    .filter((f) => f.side === 'no' && f.action === 'buy')
    .reduce((a, f) => a + f.qty, 0);
  return { results, kalshiNoFilled };
}

const codes = (rs: readonly ExecutionResult[]): (string | null)[] => rs.map((r) => r.error);

describe('records for a market whose execution is in flight', () => {
  it('real clock (stdin-style feed): a duplicate and a later record do not re-seed the books', async () => {
    // all three are emitted before any venue timer fires; stop() waits for the execution
    const { results, kalshiNoFilled } = await paperRun([FIRST, FIRST, LATER], new NanoClock(), () =>
      Promise.resolve()
    );
    expect(codes(results).sort()).toEqual(['already_in_flight', 'already_in_flight', null]);
    const done = results.find((r) => r.error === null);
    expect(done?.success).toBe(true);
    expect(kalshiNoFilled).toBe(3_000_000);
  });

  it('engine time (file at --pace asap): the same', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const { results, kalshiNoFilled } = await paperRun(
      [FIRST, FIRST, { ...LATER, t: 1_000 }],
      clock,
      () => clock.runUntilIdle().then(() => undefined)
    );
    expect(codes(results).sort()).toEqual(['already_in_flight', 'already_in_flight', null]);
    expect(results.find((r) => r.error === null)?.success).toBe(true);
    expect(kalshiNoFilled).toBe(3_000_000);
  });
});
