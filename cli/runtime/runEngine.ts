/**
 * `twinleg run`: the composition root. Paper (simulated venues) or `--live` (real adapters),
 * any feed, optional ledger, metrics and inspector; stops on `--duration`, Ctrl-C, or when a
 * finite feed has ended and nothing is running.
 */
import { tap } from 'rxjs';
import { CircuitBreaker } from '../../actors/circuitBreaker/index.js';
import { PositionBook } from '../../actors/positionBook.js';
import { ExecutionSupervisor } from '../../actors/supervisor.js';
import { parseOpportunities } from '../../adapters/feeds/jsonlFeed.js';
import { EngineMetrics, startMetricsServer, teeJournal } from '../../adapters/metrics/index.js';
import {
  isTwinlegError,
  marketRegistry,
  type FillRecord,
  type Journal,
  type CapacityAt
} from '../../core/index.js';
import { effectiveConfig, loadMarkets, makeLogger } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { DEMO_RATE, type CommonOptions } from '../options.js';
import { runSummary, summaryPathProblem, writeSummary } from '../summary.js';
import { selectFeed } from './feed.js';
import { BOOK_FEED, bookRunFeed } from './bookFeed.js';
import { MARKET_FEED, paperMarketFeed } from './paperMarketFeed.js';
import { playsInEngineTime, runClock } from './paperBooks.js';
import { startInspector } from './inspectorHook.js';
import { openLedgerSession, type LedgerSession } from './ledgerWiring.js';
import { portInUse } from './portInUse.js';
import { liveVenues, paperVenues, type Venues } from './venues.js';
import { startLifecycle, type Lifecycle } from './lifecycleWiring.js';
import { tradingPublisher } from './tradingFile.js';
import { watchTrading, type TradingWatch } from './tradingWatch.js';
import { takesEntries } from '../../actors/tradingState/index.js';
import { waitForStop } from './waitForStop.js';
import { wireAccounts } from './accountWiring.js';
import { readFileSync } from 'node:fs';

/** Parsed options of `twinleg run`. */
export interface RunOptions extends CommonOptions {
  readonly live?: boolean;
  readonly iAcceptRealMoney?: boolean;
  readonly feed: string;
  readonly pace?: 'recorded' | 'asap';
  readonly dryRun?: boolean;
  readonly duration?: number;
  readonly summaryJson?: string;
  readonly seed: number;
  /** Demo feed only (default {@link DEMO_RATE}); with another feed it is a usage error. */
  readonly rate?: number;
  /** `true`: the configured port. */
  readonly inspector?: number | true;
  readonly metrics?: number | true;
}

const note = (line: string): void => console.error(line);

/** Flag combinations and paths that would fail later, rejected before anything starts. */
function checkUsage(o: RunOptions): void {
  if (o.rate !== undefined && o.feed !== 'demo')
    throw new CliError(
      `--rate only paces the demo feed, not --feed ${o.feed}`,
      'drop --rate: a file keeps its recorded gaps (or --pace asap), stdin runs as lines arrive',
      EXIT.usage
    );
  const problem = o.summaryJson === undefined ? undefined : summaryPathProblem(o.summaryJson);
  if (problem)
    throw new CliError(
      `--summary-json ${o.summaryJson}: ${problem}`,
      'give a file path in an existing, writable directory',
      EXIT.usage
    );
}

/** Paper feeds whose markets live (open, close, resolve, reopen): the demo and the market feed. */
const paperLives = (feed: string): boolean => feed === 'demo' || feed === MARKET_FEED;

/** The P&L split of the run so far, as the metrics and the inspector show it. */
function pnlOf(book: PositionBook): { realized: number; lockedIn: number; unhedgedCost: number } {
  const b = book.summary();
  return { realized: b.realizedPnl, lockedIn: b.lockedInPnl, unhedgedCost: b.unhedgedCost };
}

/** Runs the engine; resolves with the process exit code. */
export async function runEngine(o: RunOptions): Promise<number> {
  const live = o.live === true;
  if (live && !o.iAcceptRealMoney) {
    throw new CliError(
      'refusing to start --live without --i-accept-real-money',
      'live mode sends real orders with real money; add the flag if you mean it (or drop --live for paper mode)',
      EXIT.refused
    );
  }
  checkUsage(o);
  const { config } = effectiveConfig(o);
  const { markets, source } = loadMarkets(config, live);
  if (![BOOK_FEED, MARKET_FEED, 'demo', 'stdin', '-'].includes(o.feed)) {
    let text: string;
    try {
      text = readFileSync(o.feed, 'utf8');
    } catch (e) {
      throw new CliError(
        `cannot read the feed file ${o.feed}`,
        'use --feed demo, --feed stdin or a path to a .jsonl file',
        EXIT.usage,
        { cause: e }
      );
    }
    parseOpportunities(text, o.feed); // fail fast, before any venue or ledger
  }
  const clock = runClock({ live, feed: o.feed, pace: o.pace });
  const log = makeLogger(config);
  const registry = marketRegistry(markets);
  const lc = config.lifecycle;
  const breaker = new CircuitBreaker({ clock, logger: log, config: config.breaker });
  const closers: (() => Promise<void> | void)[] = [];
  let session: LedgerSession | undefined;
  let venues: Venues | undefined;
  try {
    if (config.paths.db) {
      session = await openLedgerSession(config.paths.db, {
        clock,
        log,
        markets: registry,
        breaker,
        // The ledger logs its banner at info; print it only when that line is not shown.
        banner: log.isLevelEnabled('info') ? () => undefined : note
      });
      const s = session;
      closers.push(() => s.close());
    }
    // live with a ledger: dispatch records write-ahead, dispatched orders recalled before resuming
    venues = live
      ? await liveVenues(config, markets, clock, log, session ? session.liveHooks() : {})
      : paperVenues(clock, o.seed, paperLives(o.feed) ? lc.paperLifetimeMs : undefined);
    const v = venues;
    closers.push(() => v.close());
    const book = new PositionBook();
    const ref: {
      supervisor?: ExecutionSupervisor;
      trading?: TradingWatch;
      lifecycle?: Lifecycle;
    } = {};
    const metrics =
      o.metrics !== undefined
        ? new EngineMetrics(clock, {
            liveExecutions: () => ref.supervisor?.liveCount() ?? 0,
            openExposure: () => book.summary().openExposure,
            pnl: () => pnlOf(book),
            breaker: () => breaker.status(),
            trading: () => ref.trading?.state(),
            venues: () => v.health?.() ?? []
          })
        : undefined;
    const accounts = await wireAccounts({
      live,
      config,
      markets,
      clock,
      log,
      breaker,
      venues: v,
      inFlight: (m) => ref.supervisor?.isInFlight(m) ?? false,
      poke: () => ref.trading?.poke(),
      otherHolds: () => ref.lifecycle?.holds() ?? [],
      resolved: (m) => ref.lifecycle?.resolved(m) ?? false,
      ...(metrics ? { registry: metrics.registry } : {})
    });
    closers.push(() => accounts.close());
    const journals: Journal[] = [];
    if (session) journals.push(session.ledger);
    if (metrics) journals.push(metrics.journal);
    const supervisor = new ExecutionSupervisor({
      markets: registry,
      venues: { kalshi: venues.kalshi, polymarket: venues.polymarket },
      clock,
      logger: log,
      risk: accounts.risk,
      config: config.engine,
      ...(journals.length > 0
        ? { journal: journals.length === 1 ? journals[0]! : teeJournal(...journals) }
        : {})
    });
    ref.supervisor = supervisor;
    const engineTime = playsInEngineTime({ live, feed: o.feed, pace: o.pace });
    const trading = watchTrading({
      breaker,
      clock,
      log,
      periodMs: engineTime ? 0 : 1_000,
      holds: accounts.holds,
      ...(config.paths.db
        ? { onState: tradingPublisher(config.paths.db, () => clock.wallMs()) }
        : {})
    });
    closers.push(() => trading.close());
    ref.trading = trading;
    const onFill = (f: FillRecord): void => {
      book.onFill(f);
      metrics?.onFill(f);
      session?.onChange();
    };
    supervisor.fills$.subscribe(onFill);
    supervisor.results$.subscribe((r) => {
      book.onResult(r);
      metrics?.onResult(r);
      session?.onChange();
      trading.poke();
    });
    if (metrics) {
      const port = o.metrics === true ? config.metrics.port : (o.metrics ?? config.metrics.port);
      const { host, allowRemote, user, password } = config.metrics;
      const server = await startMetricsServer(metrics.registry, {
        host,
        port,
        allowRemote,
        ...(user !== '' || password !== '' ? { auth: { user, password } } : {}),
        warn: (m) => log.warn(m)
      }).catch((e: unknown) => {
        throw isTwinlegError(e, 'port_in_use') ? portInUse('--metrics', host, port, e) : e;
      });
      closers.push(() => server.close());
      note(`metrics: ${server.url}`);
    }
    if (o.inspector !== undefined) {
      const port = o.inspector === true ? config.inspector.port : o.inspector;
      const insp = await startInspector(supervisor, {
        host: config.inspector.host,
        port,
        breakerStatus: () => ({ ...trading.status(), pnl: pnlOf(book) })
      });
      closers.push(() => insp.close());
      note(`inspector: ${insp.url}`);
    }
    // Resumed only once the servers asked for are up: a busy port stops before any trading.
    const resumed = session ? supervisor.resume(session.recovery.resume) : [];
    if (venues.lifecycle) {
      const paper = !live;
      ref.lifecycle = await startLifecycle({
        markets,
        ...venues.lifecycle,
        clock,
        log,
        breaker,
        inFlight: (m) => supervisor.isInFlight(m),
        ...(session ? { ledger: session.ledger } : {}),
        onFill,
        pollMs: paper ? lc.paperPollMs : lc.pollMs,
        autoRedeem: paper,
        guardMs: paper ? lc.paperNoEntryBeforeCloseMs : lc.noEntryBeforeCloseMs
      });
      const life = ref.lifecycle;
      closers.push(() => life.stop());
      trading.poke();
    }
    await accounts.start(); // balances and the first reconciliation, before any new entry
    // the detectors skip a market the engine would refuse (held, or no entries taken now)
    const busy = (m: number): boolean =>
      supervisor.isInFlight(m) || !takesEntries(trading.current(), m);
    // and size to what the limits take, so a capped size under a venue minimum is not offered
    const riskCapacity = (m: number): CapacityAt => breaker.capacityNow(m);
    const feed = selectFeed({
      feed: o.feed,
      pace: o.pace,
      clock,
      venues,
      markets,
      seed: o.seed,
      rate: o.rate ?? DEMO_RATE,
      log,
      inFlight: (m) => supervisor.isInFlight(m),
      ...(venues.lifecycle && !live ? { closeGuardMs: lc.paperNoEntryBeforeCloseMs } : {}),
      market: () =>
        paperMarketFeed({
          engine: config.engine,
          markets,
          clock,
          log,
          venues: v,
          seed: o.seed,
          isInFlight: busy,
          riskCapacity,
          ...(v.lifecycle && !live ? { closeGuardMs: lc.paperNoEntryBeforeCloseMs } : {})
        }),
      books: () =>
        bookRunFeed({
          live,
          config,
          markets,
          clock,
          log,
          isInFlight: busy,
          riskCapacity,
          ...(metrics ? { registry: metrics.registry } : {})
        })
    });
    if (feed.stop) closers.push(feed.stop);
    let endFeed = (): void => undefined;
    const feedEnded = feed.finite ? new Promise<void>((r) => (endFeed = r)) : undefined;
    const stream = feed.finite ? feed.stream.pipe(tap({ complete: () => endFeed() })) : feed.stream;
    const started = Date.now();
    const mode = live ? 'LIVE' : 'paper';
    log.info(
      {
        mode: mode.toLowerCase(),
        dryRun: config.engine.dryRun,
        markets: markets.length,
        feed: feed.label,
        ledger: config.paths.db ?? null,
        resumed: resumed.length
      },
      `twinleg ${mode} mode: ${live ? 'real venues' : 'simulated venues'}, ${source} (${markets.length}), feed ${feed.label}${config.engine.dryRun ? ', DRY RUN' : ''}. Ctrl-C to stop.`
    );
    supervisor.connect(stream);
    const cause = await waitForStop({
      durationSec: o.duration,
      feedEnded,
      idle: () => supervisor.liveCount() === 0
    });
    log.info(
      { cause, live: supervisor.liveCount() },
      'stopping: no new opportunities; finishing in-flight executions'
    );
    const report = await supervisor.stop({ timeoutMs: 30_000 });
    const summary = runSummary(
      book.summary(),
      report,
      Date.now() - started,
      config.engine.dryRun,
      trading.status(),
      { mode: live ? 'live' : 'paper', feed: feed.label, resumed: resumed.length }
    );
    log.info(
      { summary: summary.display, results: summary.resultsByCode },
      `stopped: ${summary.opportunitiesSeen} opportunities, ${summary.fills} fills, P&L realized ${summary.display.realizedPnl ?? ''}, locked-in ${summary.display.lockedInPnl ?? ''}, unhedged ${summary.display.openExposure ?? ''} contracts`
    );
    if (o.summaryJson) writeSummary(o.summaryJson, summary);
    return EXIT.ok;
  } finally {
    for (const c of closers.reverse())
      await Promise.resolve()
        .then(c)
        .catch((e: unknown) => log.error({ err: e }, 'shutdown step failed'));
    log.flush();
  }
}
