/**
 * The crash campaign: mock venues in this process, then `cycles` SIGKILL cycles of the real CLI
 * with venue faults, then a clean run to quiescence, then the audits of the ledger against
 * what the venues executed and hold. Bounded by the cycle count and a total wall-time cap;
 * loopback only; every child it starts is killed before it returns.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditBreaker, ledgerHoldings } from './auditBreaker.js';
import { auditExposure } from './auditExposure.js';
import { auditFills } from './auditFills.js';
import { auditUnresolved } from './auditUnresolved.js';
import { runCycle, type CycleRecord, type CycleSettings } from './cycle.js';
import { errorLine, startEngine, type EngineOptions } from './engine.js';
import { BookFaults } from './faults.js';
import { FaultTracker } from './faultTracker.js';
import { readLedger } from './ledgerFacts.js';
import type { LockCheck } from './lockCheck.js';
import { campaignMarkets, writeMarketsFile } from './markets.js';
import type { CampaignReport, CleanRun, KillCheck } from './reportTypes.js';
import { Rng } from './rng.js';
import { readVenues } from './venueFacts.js';
import { startVenues, writeEnvFile } from './venues.js';

/** Options of {@link runCampaign}. */
export interface CampaignOptions extends CycleSettings {
  readonly cycles: number;
  readonly seed: number;
  readonly markets: number;
  /** Total wall-time cap, ms: no cycle starts past it minus {@link cleanCapMs}. */
  readonly wallCapMs: number;
  /** Cap of the clean run, ms (then SIGTERM, then SIGKILL). */
  readonly cleanCapMs: number;
  /** Contracts per level of the mock books. */
  readonly depth: number;
  /** Where to keep the ledger and logs (default: a fresh temp directory). */
  readonly dir?: string;
  /** False: remove the directory (ledger, logs) at the end; by default it is kept as evidence. */
  readonly keep?: boolean;
  /** The checkout whose CLI is crashed (default this one). */
  readonly engineRoot?: string;
  /** Progress lines. */
  readonly progress?: (line: string) => void;
}

/** Defaults of the command. */
export const DEFAULTS: Omit<CampaignOptions, 'cycles' | 'seed'> = {
  markets: 12,
  wallCapMs: 20 * 60_000,
  cleanCapMs: 4 * 60_000,
  depth: 10_000,
  killMs: [300, 12_000],
  gapMs: [50, 400],
  maxFaults: 4
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Longest a delayed Polymarket match can wait (faults.ts), plus slack. */
const DELAYED_MATCH_MS = 7_000;

/** Runs the campaign and audits it. */
export async function runCampaign(o: CampaignOptions): Promise<CampaignReport> {
  const t0 = Date.now();
  const say = o.progress ?? (() => undefined);
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'twinleg-crash-'));
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(o.seed);
  const markets = campaignMarkets(o.markets, rng);
  const marketsFile = writeMarketsFile(join(dir, 'markets.json'), markets);
  const venues = await startVenues(markets, o.depth);
  const books = new BookFaults();
  try {
    const envFile = writeEnvFile(venues, join(dir, 'mock.env'));
    const engine = {
      envFile,
      marketsFile,
      db: join(dir, 'ledger.db'),
      ...(o.engineRoot === undefined ? {} : { engineRoot: o.engineRoot })
    };
    const tracker = new FaultTracker(venues);
    const ctx = { rng, venues, markets, tracker, books, engine, dir, settings: o };
    const cycles: CycleRecord[] = [];
    const kills: KillCheck[] = [];
    let lock: LockCheck | undefined;
    const deadline = t0 + o.wallCapMs - o.cleanCapMs;
    for (let i = 0; i < o.cycles && Date.now() + o.killMs[1] < deadline; i++) {
      const c = await runCycle(i, ctx, lock === undefined);
      lock ??= c.lockCheck;
      cycles.push(c);
      kills.push(killCheck(i, engine.db));
      say(
        `cycle ${i + 1}/${o.cycles}: ${c.faults.map((f) => f.kind).join(', ')}; ` +
          `${c.ended} at ${(c.killAfterMs / 1000).toFixed(1)} s${c.ready ? '' : ' (during startup)'}, ${c.linesSent} opportunities`
      );
    }
    const lastCycleEnd = Date.now();
    books.restoreAll();
    const drained = await tracker.drain();
    say(`clean run (faults left queued and drained: ${JSON.stringify(drained)})`);
    const clean = await cleanRun(
      engine,
      dir,
      Math.min(o.cleanCapMs, t0 + o.wallCapMs - Date.now())
    );
    say(`clean run: ${clean.ended} after ${(clean.ms / 1000).toFixed(1)} s`);
    await sleep(Math.max(0, lastCycleEnd + DELAYED_MATCH_MS - Date.now()));
    const ledger = readLedger(engine.db);
    const venue = readVenues(venues, markets);
    const report: CampaignReport = {
      seed: o.seed,
      cyclesAsked: o.cycles,
      markets: o.markets,
      dir,
      wallMs: Date.now() - t0,
      cycles,
      kills,
      drained,
      clean,
      lock: lock ?? null,
      venueOrders: {
        kalshi: venue.orders.filter((v) => v.venue === 'kalshi').length,
        polymarket: venue.orders.filter((v) => v.venue === 'polymarket').length
      },
      executions: ledger.executions.length,
      resultsByCode: countBy(
        ledger.executions.map(
          (e) => e.error ?? (e.finishedWallMs === null ? 'unfinished' : 'success')
        )
      ),
      fills: auditFills(venue.orders, ledger.fills, ledger.orders),
      unresolved: auditUnresolved(ledger.executions, ledger.orders, venue.orders),
      breaker: auditBreaker(ledger),
      exposure: auditExposure(venue.holdings, ledgerHoldings(ledger))
    };
    return report;
  } finally {
    books.restoreAll();
    await venues.close();
    if (o.dir === undefined && o.keep === false) rmSync(dir, { recursive: true, force: true });
  }
}

/** The breaker restored from the ledger the killed engine left (never throws). */
function killCheck(cycle: number, db: string): KillCheck {
  try {
    const b = auditBreaker(readLedger(db));
    return {
      cycle,
      savedVsLedger: b.savedVsLedger.length,
      mismatches: b.mismatches.length
    };
  } catch (e) {
    return { cycle, savedVsLedger: 0, mismatches: 0, error: String(e) };
  }
}

function countBy(xs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/** The clean run: no new opportunity (stdin closed), until it stops by itself or the cap. */
async function cleanRun(
  engine: Omit<EngineOptions, 'logFile'>,
  dir: string,
  capMs: number
): Promise<CleanRun> {
  const started = Date.now();
  const summaryJson = join(dir, 'clean-summary.json');
  const logFile = join(dir, 'clean.log');
  const run = startEngine({ ...engine, logFile, summaryJson }, () => 0);
  run.endInput();
  let ended = await Promise.race([
    run.exited.then((e) => (e.code === null ? `signal ${e.signal ?? '?'}` : `exit ${e.code}`)),
    sleep(Math.max(0, capMs)).then(() => 'cap')
  ]);
  if (ended === 'cap') {
    run.child.kill('SIGTERM');
    const t = await Promise.race([run.exited.then(() => 'ok'), sleep(35_000).then(() => 'stuck')]);
    if (t === 'stuck') run.kill();
    await run.exited;
    ended = `did not stop within ${Math.round(capMs / 1000)} s (SIGTERM${t === 'stuck' ? ', then SIGKILL' : ''})`;
  }
  let summary: unknown = null;
  try {
    summary = JSON.parse(readFileSync(summaryJson, 'utf8')) as unknown;
  } catch {
    summary = null;
  }
  const quiesced = ended === 'exit 0';
  const reason = quiesced ? {} : { reason: errorLine(logFile) };
  return { ended, ms: Date.now() - started, quiesced, summary, ...reason };
}
