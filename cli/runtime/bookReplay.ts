/**
 * `twinleg replay --books <file>`: a backtest over a recording of `twinleg record`. Every frame
 * is applied, at its receipt time on a manual clock, through the venue feed's `replayFrame`
 * into a {@link BookStore}; the detector runs over the store as it would live, and each request
 * it emits executes on simulated venues whose books for that market are set from the same
 * store just before. Reported like `replay` (engine time, no real time passes).
 */
import { generateKeyPairSync } from 'node:crypto';
import { detectorStats } from '../../actors/detector/index.js';
import { ManualClock } from '../../actors/manualClock.js';
import { KalshiBookFeed } from '../../adapters/feeds/kalshiFeed.js';
import { PolymarketBookFeed } from '../../adapters/feeds/polymarketFeed.js';
import type { ReplayReport } from '../../adapters/report/index.js';
import { BookStore, TwinlegError, type LadderView, type Venue } from '../../core/index.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { detectedRequests } from './bookFeed.js';
import { PLAY_TAIL_MS } from './paperBooks.js';
import type { RecordedFrame } from './recorder.js';
import { readReplayFile, replayRig, type ReplayOptions } from './replayEngine.js';
import type { Venues } from './venues.js';

/** Options of {@link runBookReplay}: those of `replay` (always engine time: `pace` is not read). */
export type BookReplayOptions = ReplayOptions;

/** Parses a recording; a bad line is a usage error naming it. */
export function parseRecording(text: string, source: string): RecordedFrame[] {
  const out: RecordedFrame[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let v: Partial<RecordedFrame> | undefined;
    try {
      v = JSON.parse(line) as Partial<RecordedFrame>;
    } catch {
      v = undefined;
    }
    if (
      !v ||
      (v.venue !== 'kalshi' && v.venue !== 'polymarket') ||
      typeof v.frame !== 'string' ||
      typeof v.recvWallMs !== 'number' ||
      !Number.isFinite(v.recvWallMs)
    )
      throw new CliError(
        `${source}:${i + 1}: not a recorded frame`,
        'replay --books reads the JSON lines {venue, recvWallMs, frame} that `twinleg record` writes',
        EXIT.usage
      );
    out.push({ venue: v.venue, recvWallMs: v.recvWallMs, frame: v.frame });
  }
  return out;
}

const levels = (l: LadderView) => l.toArray().map(([price, qty]) => ({ price, qty }));

/** Sets both simulated venues' books of a market from the store (what the detector saw). */
function seedFromStore(sim: NonNullable<Venues['sim']>, books: BookStore, marketId: number): void {
  for (const venue of ['kalshi', 'polymarket'] as const satisfies readonly Venue[]) {
    const vb = books.venue(marketId, venue);
    if (!vb) continue;
    for (const side of ['yes', 'no'] as const) {
      const o = vb.outcome(side);
      sim[venue].setBook(marketId, side, { asks: levels(o.asks), bids: levels(o.bids) });
    }
  }
}

/** Replays the recording and returns the report. */
export async function runBookReplay(o: BookReplayOptions): Promise<ReplayReport> {
  const text = readReplayFile(o.file, 'give a recording written by `twinleg record --out <file>`');
  const frames = parseRecording(text, o.file);
  const t0 = frames[0]?.recvWallMs;
  if (t0 === undefined)
    throw new CliError(
      `${o.file} holds no frames`,
      'record some with `twinleg record`',
      EXIT.usage
    );
  const clock = new ManualClock(t0);
  const books = new BookStore(o.markets.map((m) => m.marketId));
  // Never connected: the Kalshi feed only needs a key to exist (nothing is signed in replay).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const common = { books, clock, logger: o.log };
  const kalshi = new KalshiBookFeed({
    ...common,
    credentials: { keyId: 'replay', privateKey },
    markets: o.markets.map((m) => ({ marketId: m.marketId, ticker: m.kalshiTicker }))
  });
  const polymarket = new PolymarketBookFeed({
    ...common,
    fetchBook: () =>
      Promise.reject(new TwinlegError('venue_unreachable', 'replay: no REST /book resync')),
    markets: o.markets.map((m) => ({
      marketId: m.marketId,
      yesTokenId: m.polyYesTokenId,
      noTokenId: m.polyNoTokenId
    }))
  });
  let requests = 0;
  const { sim, collector, supervisor, breaker } = replayRig(o, clock, () => requests);
  const stats = detectorStats();
  const sub = detectedRequests({
    books,
    markets: o.markets,
    clock,
    stats,
    engine: o.config.engine,
    isInFlight: (m) => supervisor.isInFlight(m),
    riskCapacity: (m) => breaker.capacityNow(m) // sized as `run` sizes
  }).subscribe((r) => {
    requests++;
    seedFromStore(sim, books, r.marketId);
    void supervisor.submit(r);
  });
  let lastOffset = 0;
  for (const f of frames) {
    const feed = f.venue === 'kalshi' ? kalshi : polymarket;
    lastOffset = Math.max(lastOffset, f.recvWallMs - t0);
    clock.setTimeout(() => feed.replayFrame(f.frame, f.recvWallMs), Math.max(0, f.recvWallMs - t0));
  }
  await clock.runUntilIdle(lastOffset + PLAY_TAIL_MS);
  sub.unsubscribe();
  await supervisor.stop({ timeoutMs: 30_000 });
  o.log.info({ frames: frames.length, detector: stats }, 'replay --books: done');
  return collector.build({ source: o.file, pace: 'fast', records: requests });
}
