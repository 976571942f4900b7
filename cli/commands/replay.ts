/**
 * `twinleg replay <file.jsonl>`: recorded opportunities through the engine against simulated
 * venues, then a report (`report.json`, `report.html`) in `--out`.
 */
import { Command, Option } from 'commander';
import { addCommonOptions, integer, type CommonOptions } from '../options.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';

interface ReplayCliOptions extends CommonOptions {
  readonly pace: 'fast' | 'recorded';
  readonly out: string;
  readonly seed: number;
  readonly progress: boolean;
  readonly books?: string;
}

/** The `replay` command. */
export function replayCommand(): Command {
  const cmd = new Command('replay')
    .description(
      'replay recorded opportunities (JSON lines) against simulated venues and write a JSON + HTML report'
    )
    .argument('[file]', 'recorded opportunities, one JSON object per line');
  addCommonOptions(cmd, { logs: true })
    .addOption(
      new Option(
        '--pace <pace>',
        'fast: engine time only (default); recorded: real time at the recorded gaps'
      )
        .choices(['fast', 'recorded'])
        .default('fast')
    )
    .option('--out <dir>', 'directory for report.json and report.html', './replay-report')
    .option('--seed <n>', 'seed of the simulated venues', integer('--seed'), 42)
    .option(
      '--books <file>',
      'instead: a `twinleg record` recording, through the detector and the engine'
    )
    .option('--no-progress', 'no progress bar (it only shows on a terminal anyway)');
  return cmd.action(async (fileArg: string | undefined, o: ReplayCliOptions) => {
    const file = o.books ?? fileArg;
    if (file === undefined || (o.books !== undefined && fileArg !== undefined))
      throw new CliError(
        'give one of <file> or --books <file>',
        'twinleg replay --help',
        EXIT.usage
      );
    const [{ default: cliProgress }, { writeReport }, { formatUsd }, ctx, { runReplay }] =
      await Promise.all([
        import('cli-progress'),
        import('../../adapters/report/index.js'),
        import('../../core/index.js'),
        import('../context.js'),
        import('../runtime/replayEngine.js')
      ]);
    const { effectiveConfig, loadMarkets, makeLogger } = ctx;
    const { config } = effectiveConfig({ ...o, logLevel: o.logLevel ?? 'warn' });
    const { markets } = loadMarkets(config, false);
    const log = makeLogger(config, 2);
    const bar =
      o.progress && process.stderr.isTTY
        ? new cliProgress.SingleBar(
            {
              stream: process.stderr,
              format: 'replay [{bar}] {value}/{total} {percentage}% eta {eta}s'
            },
            cliProgress.Presets.shades_classic
          )
        : undefined;
    let started = false;
    const replayer = o.books ? (await import('../runtime/bookReplay.js')).runBookReplay : runReplay;
    const report = await replayer({
      file,
      pace: o.pace,
      seed: o.seed,
      config,
      markets,
      log,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      }
    }).finally(() => bar?.stop());
    log.flush();
    const paths = writeReport(o.out, report);
    const outcomes = Object.entries(report.resultsByCode)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const total = report.latency.total;
    console.log(
      `replayed ${report.opportunities} opportunities from ${file} (${report.pace}): ${outcomes}`
    );
    console.log(
      `executions ${report.executions}, fills ${report.fills.total}, P&L realized ${formatUsd(report.realizedPnl)}, locked-in ${formatUsd(report.lockedInPnl)}, fees ${formatUsd(report.fees)}, mismatches ${report.mismatches}, closes ${report.closes.fills}`
    );
    if (total)
      console.log(
        `latency detection→result: p50 ${total.p50Ms} ms, p90 ${total.p90Ms} ms, p99 ${total.p99Ms} ms, max ${total.maxMs} ms`
      );
    console.log(`report: ${paths.json}`);
    console.log(`report: ${paths.html}`);
  });
}
