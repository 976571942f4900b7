/**
 * `twinleg record`: every raw frame both venues' book feeds read, with its receipt time, as
 * JSON lines `{venue, recvWallMs, frame}` (`frame` is the text as received). The feeds run as
 * in `watch` (books applied, resyncs and reconnects as live), so a recording holds what a
 * live run would have seen, including the frames after a resubscribe.
 */
import { createWriteStream } from 'node:fs';
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
  out.on('error', (e) => {
    failed ??= e;
    o.log.error({ err: e }, 'record: write failed');
  });
  const counts: Record<Venue, number> = { kalshi: 0, polymarket: 0 };
  const f = startBookFeeds({
    config: o.config,
    markets: o.markets,
    clock: new NanoClock(),
    log: o.log,
    onRawFrame: (venue, frame, recvWallMs) => {
      counts[venue]++;
      const line: RecordedFrame = { venue, recvWallMs, frame };
      out.write(JSON.stringify(line) + '\n');
    }
  });
  try {
    await waitForStop({ durationSec: o.durationSec, feedEnded: undefined, idle: () => true });
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
