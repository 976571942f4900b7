/**
 * `twinleg record`: every raw frame both venues' book feeds read, with its receipt time, as
 * JSON lines `{venue, recvWallMs, frame}` (`frame` is the text as received). The feeds run as
 * in `watch` (books applied, resyncs and reconnects as live), so a recording holds what a
 * live run would have seen, including the frames after a resubscribe.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { NanoClock } from '../../actors/nanoClock.js';
import type { Logger, MarketPair, Venue } from '../../core/index.js';
import type { TwinlegConfig } from '../config/schema.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { startBookFeeds } from './bookFeed.js';
import { waitForStop } from './waitForStop.js';

/** One line of a recording. */
export interface RecordedFrame {
  readonly venue: Venue;
  /** Receipt time on the shared clock, Unix ms. */
  readonly recvWallMs: number;
  readonly frame: string;
}

/** Options of {@link runRecord}. */
export interface RecordOptions {
  readonly out: string;
  readonly config: TwinlegConfig;
  readonly markets: readonly MarketPair[];
  readonly log: Logger;
  readonly durationSec?: number | undefined;
  /** Bytes allowed to wait for the disk before the recording stops (default 64 MiB). */
  readonly maxBufferedBytes?: number;
}

/** Bytes a recording may hold in memory waiting for the disk. */
export const RECORD_MAX_BUFFERED = 64 * 1024 * 1024;

/**
 * Lines to `out`, bounded: the feeds cannot be paused, so when more than `maxBuffered` bytes
 * wait for the disk the writer stops writing (a recording with a hole would replay as a
 * market that never moved) and calls `onOverflow` once with what was waiting. Returns false
 * once stopped.
 */
export function boundedLineWriter(
  out: Writable,
  maxBuffered: number,
  onOverflow: (buffered: number) => void
): (line: string) => boolean {
  let stopped = false;
  return (line) => {
    if (stopped) return false;
    if (out.writableLength > maxBuffered) {
      stopped = true;
      onOverflow(out.writableLength);
      return false;
    }
    out.write(line);
    return true;
  };
}

/** Records until `--duration` or Ctrl-C; resolves with the frames written per venue. */
export async function runRecord(o: RecordOptions): Promise<Record<Venue, number>> {
  const out = createWriteStream(o.out, { flags: 'w' });
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', (e) =>
      reject(
        new CliError(
          `cannot write ${o.out}: ${e.message}`,
          'give a writable file path',
          EXIT.usage,
          {
            cause: e
          }
        )
      )
    );
  });
  let failed: Error | undefined;
  // a write error or a disk that does not keep up ends the recording
  let halt = (): void => undefined;
  const halted = new Promise<void>((resolve) => (halt = resolve));
  out.on('error', (e) => {
    failed ??= e;
    o.log.error({ err: e }, 'record: write failed');
    halt();
  });
  const counts: Record<Venue, number> = { kalshi: 0, polymarket: 0 };
  const write = boundedLineWriter(out, o.maxBufferedBytes ?? RECORD_MAX_BUFFERED, (n) => {
    failed ??= new Error(
      `the disk did not keep up (${(n / 1_048_576).toFixed(1)} MiB waiting); the recording stops here rather than have a hole`
    );
    o.log.error({ err: failed }, 'record: stopped');
    halt();
  });
  const f = startBookFeeds({
    config: o.config,
    markets: o.markets,
    clock: new NanoClock(),
    log: o.log,
    onRawFrame: (venue, frame, recvWallMs) => {
      const line: RecordedFrame = { venue, recvWallMs, frame };
      if (write(JSON.stringify(line) + '\n')) counts[venue]++;
    }
  });
  try {
    await waitForStop({ durationSec: o.durationSec, feedEnded: halted, idle: () => true });
  } finally {
    f.stop();
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  if (failed)
    throw new CliError(
      `writing ${o.out} failed: ${failed.message}`,
      'check the disk',
      EXIT.failure
    );
  return counts;
}
