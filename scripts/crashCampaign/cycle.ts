/**
 * One crash cycle: faults queued at the mocks, the engine started on the campaign's ledger,
 * opportunities written to its stdin once it holds the ledger, then SIGKILL at a random moment
 * counted from the spawn (early moments land in startup and recovery, later ones in trading).
 */
import { join } from 'node:path';
import { opportunityLine } from './feed.js';
import { injectCycleFaults, type BookFaults, type InjectedFault } from './faults.js';
import { requestsOf, type FaultTracker } from './faultTracker.js';
import { secondRun, type LockCheck } from './lockCheck.js';
import type { CampaignMarket } from './markets.js';
import { errorLine, startEngine, type EngineOptions } from './engine.js';
import type { Rng } from './rng.js';
import { venueRequests, type CampaignVenues } from './venues.js';

/** Settings of the cycles. */
export interface CycleSettings {
  /** SIGKILL this long after the spawn: uniform in [min, max] ms. */
  readonly killMs: readonly [number, number];
  /** Gap between opportunity lines: uniform in [min, max] ms. */
  readonly gapMs: readonly [number, number];
  readonly maxFaults: number;
}

/** What a cycle did. */
export interface CycleRecord {
  readonly index: number;
  readonly faults: InjectedFault[];
  /** Planned kill moment after the spawn, ms. */
  readonly killAfterMs: number;
  /** The engine held the ledger before the kill. */
  readonly ready: boolean;
  readonly linesSent: number;
  /** How it ended: `SIGKILL`, or an exit code if it stopped by itself first. */
  readonly ended: string;
  /** When it stopped by itself: its error line (`twinleg: …`), if it printed one. */
  readonly reason?: string;
  /** The ledger_locked check, when run in this cycle. */
  readonly lockCheck?: LockCheck;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs one cycle; `checkLock` also runs the second-writer check while the engine runs (that
 * cycle is killed no earlier than the check's end and the engine's first order).
 */
export async function runCycle(
  index: number,
  ctx: {
    readonly rng: Rng;
    readonly venues: CampaignVenues;
    readonly markets: readonly CampaignMarket[];
    readonly tracker: FaultTracker;
    readonly books: BookFaults;
    readonly engine: Omit<EngineOptions, 'logFile'>;
    readonly dir: string;
    readonly settings: CycleSettings;
  },
  checkLock: boolean
): Promise<CycleRecord> {
  const { rng, settings: s } = ctx;
  const faults = injectCycleFaults(
    s.maxFaults,
    rng,
    ctx.venues,
    ctx.markets,
    ctx.tracker,
    ctx.books
  );
  const killAfterMs = rng.int(s.killMs[0], s.killMs[1]);
  const gaps = Array.from({ length: 200 }, () => rng.int(s.gapMs[0], s.gapMs[1]));
  const lines = gaps.map(() => opportunityLine(rng, ctx.markets.length));
  const started = Date.now();
  const ordersBefore = orders(ctx.venues);
  const logFile = join(ctx.dir, `cycle-${index}.log`);
  const run = startEngine({ ...ctx.engine, logFile }, () => venueRequests(ctx.venues));
  let stop = false;
  let sent = 0;
  let lockCheck: LockCheck | undefined;
  const feeding = (async () => {
    if (!(await run.ready)) return;
    const check = checkLock ? secondRun(ctx.engine).then((c) => (lockCheck = c)) : undefined;
    for (const [i, line] of lines.entries()) {
      if (stop) break;
      run.write(line);
      sent += 1;
      await sleep(gaps[i] ?? 0);
    }
    await check;
  })();
  const killAt = started + killAfterMs;
  const ended = await Promise.race([
    run.exited.then((e) => `exit ${e.code ?? e.signal ?? '?'}`),
    (async () => {
      await sleep(Math.max(0, killAt - Date.now()));
      // the lock cycle also trades: killed once the check is done and an order went out
      if (checkLock && (await run.ready)) {
        const until = Date.now() + 15_000;
        const sent = (): boolean => orders(ctx.venues) > ordersBefore || Date.now() > until;
        while (!(lockCheck && sent()) && !(await settled(run.exited))) await sleep(50);
      }
      return 'SIGKILL';
    })()
  ]);
  stop = true;
  if (ended === 'SIGKILL') run.kill();
  await run.exited;
  await feeding;
  return {
    index,
    faults,
    killAfterMs,
    ready: await run.ready,
    linesSent: sent,
    ended,
    ...(ended === 'SIGKILL' ? {} : { reason: errorLine(logFile) }),
    ...(lockCheck ? { lockCheck } : {})
  };
}

/** Order requests both venues have received so far. */
function orders(v: CampaignVenues): number {
  return requestsOf(v, 'kalshi:create') + requestsOf(v, 'poly:order');
}

/** Whether `p` has settled (checked within one tick). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  return Promise.race([p.then(() => true), sleep(0).then(() => false)]);
}
