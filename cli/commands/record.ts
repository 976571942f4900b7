/**
 * `twinleg record --out <file>`: the venues' raw book-feed frames with receipt times.
 */
import { Command } from 'commander';
import { EXIT } from '../exitCodes.js';
import { addCommonOptions, positiveNumber, type CommonOptions } from '../options.js';

interface RecordCliOptions extends CommonOptions {
  readonly out: string;
  readonly duration?: number;
}

/** The `record` command. */
export function recordCommand(): Command {
  const cmd = new Command('record').description(
    "record the venues' raw book-feed frames as JSON lines {venue, recvWallMs, frame} (for replay --books); Ctrl-C or --duration to stop"
  );
  addCommonOptions(cmd, { logs: true })
    .requiredOption('--out <file>', 'the recording to write (JSON lines; replaced if it exists)')
    .option(
      '--duration <seconds>',
      'stop by itself after this many seconds',
      positiveNumber('--duration')
    );
  return cmd.action(async (o: RecordCliOptions) => {
    const [{ effectiveConfig, loadMarkets, makeLogger }, { runRecord }, { feedMarkets }] =
      await Promise.all([
        import('../context.js'),
        import('../runtime/recorder.js'),
        import('../runtime/bookFeed.js')
      ]);
    const { config } = effectiveConfig({ ...o, logLevel: o.logLevel ?? 'warn' });
    const markets = feedMarkets(config, 'record', loadMarkets);
    const log = makeLogger(config, 2);
    try {
      const n = await runRecord({ out: o.out, config, markets, log, durationSec: o.duration });
      console.error(
        `recorded ${n.kalshi} Kalshi and ${n.polymarket} Polymarket frames to ${o.out}`
      );
    } finally {
      log.flush();
    }
    process.exitCode = EXIT.ok;
  });
}
