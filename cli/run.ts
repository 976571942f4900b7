/**
 * `twinleg run` in paper mode: simulated venues, the demo opportunity feed, logs to the
 * terminal, until Ctrl-C or `--duration`. Composition root: the only place that wires
 * adapters into the engine.
 */
import { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import { NanoClock } from '../actors/nanoClock.js';
import { PositionBook } from '../actors/positionBook.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import { createDemoFeed } from '../adapters/feeds/demoFeed.js';
import { demoMarkets } from '../adapters/feeds/demoMarkets.js';
import { createLogger } from '../adapters/logging/logger.js';
import { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { EXIT } from './exitCodes.js';
import { runSummary, writeSummary } from './summary.js';

/** Parsed options of `twinleg run`. */
export interface RunOptions {
  readonly duration?: number;
  readonly summaryJson?: string;
  readonly dryRun: boolean;
  readonly seed: number;
  readonly rate: number;
  readonly logLevel: string;
  readonly pretty?: boolean;
}

/** Runs the engine in paper mode; resolves with the process exit code. */
export async function runPaper(opts: RunOptions): Promise<number> {
  const clock = new NanoClock();
  const log = createLogger({
    level: opts.logLevel,
    ...(opts.pretty !== undefined ? { pretty: opts.pretty } : {})
  });
  const kalshi = new SimulatedVenue({
    venue: 'kalshi',
    clock,
    seed: opts.seed,
    latencyMs: { min: 20, max: 80 }
  });
  const polymarket = new SimulatedVenue({
    venue: 'polymarket',
    clock,
    seed: opts.seed + 1,
    latencyMs: { min: 10, max: 50 },
    settlementLagMs: 1_500
  });
  const markets = demoMarkets();
  const breaker = CircuitBreaker.fromEnv(process.env, { clock, logger: log });
  const supervisor = new ExecutionSupervisor({
    markets,
    venues: { kalshi, polymarket },
    clock,
    logger: log,
    risk: breaker,
    config: { dryRun: opts.dryRun }
  });
  const book = new PositionBook();
  supervisor.fills$.subscribe((f) => book.onFill(f));
  supervisor.results$.subscribe((r) => book.onResult(r));
  const started = Date.now();
  log.info(
    {
      mode: 'paper',
      dryRun: opts.dryRun,
      seed: opts.seed,
      markets: markets.length,
      rate: opts.rate
    },
    `twinleg paper mode: simulated venues, demo feed (${markets.length} markets, ~${opts.rate}/s)${opts.dryRun ? ', DRY RUN' : ''}. Ctrl-C to stop.`
  );
  supervisor.connect(
    createDemoFeed({
      clock,
      seed: opts.seed,
      venues: { kalshi, polymarket },
      markets,
      ratePerSec: opts.rate
    })
  );

  await new Promise<void>((resolve) => {
    const timer =
      opts.duration !== undefined ? setTimeout(resolve, opts.duration * 1_000) : undefined;
    const onSignal = () => {
      if (timer) clearTimeout(timer);
      process.once('SIGINT', () => process.exit(EXIT.forced));
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  log.info(
    { live: supervisor.liveCount() },
    'stopping: no new opportunities; finishing in-flight executions'
  );
  const report = await supervisor.stop({ timeoutMs: 30_000 });
  const summary = runSummary(
    book.summary(),
    report,
    Date.now() - started,
    opts.dryRun,
    breaker.status()
  );
  if (opts.summaryJson) writeSummary(opts.summaryJson, summary);
  log.info(
    { summary: summary.display, results: summary.resultsByCode },
    `stopped: ${summary.opportunitiesSeen} opportunities, ${summary.fills} fills, P&L ${summary.display.realizedPnl ?? ''}`
  );
  log.flush();
  return EXIT.ok;
}
