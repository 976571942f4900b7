/**
 * `twinleg watch --markets <file>`: live books and detected opportunities, no trading.
 */
import { Command } from 'commander';
import { EXIT } from '../exitCodes.js';
import { addCommonOptions, positiveNumber, type CommonOptions } from '../options.js';

interface WatchCliOptions extends CommonOptions {
  readonly json?: boolean;
  readonly duration?: number;
  readonly interval: number;
}

/** The `watch` command. */
export function watchCommand(): Command {
  const cmd = new Command('watch').description(
    "connect the venues' book feeds and show the books and detected opportunities, without trading (Ctrl-C or --duration to stop)"
  );
  addCommonOptions(cmd, { logs: true })
    .option(
      '--json',
      'JSON lines: a `book` line per market each refresh, an `opportunity` line as detected'
    )
    .option(
      '--duration <seconds>',
      'stop by itself after this many seconds',
      positiveNumber('--duration')
    )
    .option('--interval <ms>', 'refresh period, ms', positiveNumber('--interval'), 1_000);
  return cmd.action(async (o: WatchCliOptions) => {
    const [{ effectiveConfig, loadMarkets, makeLogger }, { runWatch }, { feedMarkets }] =
      await Promise.all([
        import('../context.js'),
        import('../runtime/watcher.js'),
        import('../runtime/bookFeed.js')
      ]);
    const { config } = effectiveConfig({ ...o, logLevel: o.logLevel ?? 'warn' });
    const markets = feedMarkets(config, 'watch', loadMarkets);
    const log = makeLogger(config, 2);
    try {
      await runWatch({
        config,
        markets,
        log,
        json: o.json === true,
        intervalMs: o.interval,
        durationSec: o.duration
      });
    } finally {
      log.flush();
    }
    process.exitCode = EXIT.ok;
  });
}
