/**
 * `twinleg run`: paper (default) or `--live`.
 */
import { Command, Option } from 'commander';
import type { RunOptions } from '../runtime/runEngine.js';
import { BOOK_FEED } from '../runtime/bookFeed.js';
import { MARKET_FEED } from '../runtime/paperMarketFeed.js';
import { addCommonOptions, DEMO_RATE, integer, port, positiveNumber } from '../options.js';

const optionalPort = (what: string) => (v: string) => port(what)(v);

/** The `run` command. */
export function runCommand(): Command {
  const cmd = new Command('run').description(
    'run the engine until Ctrl-C or --duration: paper mode (simulated venues, the default) or --live (real venues)'
  );
  addCommonOptions(cmd, { db: true, logs: true })
    .option('--live', 'trade on the real venues (needs credentials and --i-accept-real-money)')
    .option('--i-accept-real-money', 'confirm that --live sends real orders with real money')
    .option(
      '--feed <source>',
      "opportunities: books (the venues' order books + detector; --live only, its default), market (simulated markets that move + the same detector; paper only, its default), demo (paper only: generated opportunities, the default with --rate), stdin, or a .jsonl file"
    )
    .addOption(
      new Option(
        '--pace <pace>',
        'JSONL feed pacing: recorded gaps or as fast as read (default: recorded for files, asap for stdin)'
      ).choices(['recorded', 'asap'])
    )
    .option('--dry-run', 'validate and size every opportunity but send no orders')
    .option(
      '--duration <seconds>',
      'stop by itself after this many seconds, finishing in-flight work',
      positiveNumber('--duration')
    )
    .option(
      '--summary-json <file>',
      'write a JSON summary at exit (counts, fills, P&L, exposure, breaker)'
    )
    .option('--seed <n>', 'seed of the demo feed and simulated venues', integer('--seed'), 42)
    .option(
      '--rate <perSecond>',
      `demo feed only: opportunities per second (default: ${DEMO_RATE})`,
      positiveNumber('--rate')
    )
    .option(
      '--inspector [port]',
      'serve the live inspector on 127.0.0.1 (default port: config inspector.port)',
      optionalPort('--inspector')
    )
    .option(
      '--metrics [port]',
      'serve Prometheus /metrics on 127.0.0.1 (default port: config metrics.port, 9464)',
      optionalPort('--metrics')
    )
    .action(async (o: RunOptions) => {
      const { runEngine } = await import('../runtime/runEngine.js');
      // paper: the moving simulated markets, unless --rate asks for the demo feed
      const paper = o.rate === undefined ? MARKET_FEED : 'demo';
      const feed = (o as { feed?: string }).feed ?? (o.live ? BOOK_FEED : paper);
      process.exitCode = await runEngine({ ...o, feed });
    });
  return cmd;
}
