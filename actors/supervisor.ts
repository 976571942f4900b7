/**
 * The supervisor: the engine's front door and the owner of every live execution. A plain class
 * that owns one root XState actor per execution (kept in a Map, so spawning does not grow
 * with the number of live executions).
 *
 * At the door it copies each opportunity once into a frozen plain object and checks it; then it
 * claims the market's in-flight bit (a duplicate costs one Atomics op and an immediate result,
 * no actor) and spawns the execution machine, which runs claim to release. It turns the
 * actors' emitted events into `fills$`, their outputs into `results$`, and releases each bit
 * per the error registry — immediately, or through one delayed-release timer queue.
 */
import { randomBytes } from 'node:crypto';
import type { Observable, Subscription } from 'rxjs';
import { createActor } from 'xstate';
import {
  copyRequest,
  marketRegistry,
  parseEngineConfig,
  NULL_JOURNAL,
  PERMISSIVE_RISK,
  SILENT_LOGGER,
  type Clock,
  type EngineConfig,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Journal,
  type Logger,
  type MarketPair,
  type MarketRegistry,
  type ResumeRequest,
  type RiskPort
} from '../core/index.js';
import type { ExecutionEmitted, ExecutionInput } from '../machines/executionTypes.js';
import { checkSupervisorOptions } from './checkOptions.js';
import { logDetected } from './execLog.js';
import { provideExecutionMachine, type ProvidedExecutionMachine } from './executionActors.js';
import { InFlightBitmask } from './inflightBitmask.js';
import { InspectorHub, type InspectFn } from './inspectorHub.js';
import { NanoClock } from './nanoClock.js';
import { Outlets, type Resolve } from './outlets.js';
import { ReleaseQueue } from './releaseQueue.js';
import { finishedResult, interruptedResult, openOrders } from './results.js';
import type { Interrupted, Live, StopReport, SupervisorOptions } from './supervisorTypes.js';

export type {
  Interrupted,
  OpenOrder,
  ResumeRequest,
  StopReport,
  SupervisorOptions
} from './supervisorTypes.js';
export type { InspectFn } from './inspectorHub.js';

/** The engine's supervisor (see the module comment). */
export class ExecutionSupervisor {
  /** The engine configuration, parsed with every default applied. */
  readonly config: EngineConfig;
  /** The shared clock (`detectedNs`, timeouts, latencies). */
  readonly clock: Clock;
  /** The in-flight bitmask; `bitmask.buffer` is a `SharedArrayBuffer` a Worker can read. */
  readonly bitmask: InFlightBitmask;
  /** The markets by id, as given to the constructor. */
  readonly markets: MarketRegistry;
  /** Every {@link ExecutionResult}, exactly once per opportunity (rejections included). */
  readonly results$: Observable<ExecutionResult>;
  /** Every {@link FillRecord} as it happens (entry legs and auto-close sells). */
  readonly fills$: Observable<FillRecord>;

  private readonly out: Outlets;
  private readonly live = new Map<string, Live>();
  private readonly releases: ReleaseQueue;
  private readonly machine: ProvidedExecutionMachine;
  private readonly risk: RiskPort;
  private readonly log: Logger;
  private readonly journal: Journal;
  private readonly inspection = new InspectorHub();
  private readonly prefix: string;
  private readonly feeds = new Set<Subscription>();
  private seq = 0;
  private stopped: Promise<StopReport> | undefined;
  private idle: (() => void) | undefined;

  /**
   * @throws TwinlegError `invalid_config` for a configuration that can never work: a bad
   * engine config, a market id that is not an integer in `0..capacity-1`, a duplicate id, or
   * an adapter in the wrong venue slot.
   */
  constructor(opts: SupervisorOptions) {
    this.config = parseEngineConfig(opts.config);
    this.markets = Array.isArray(opts.markets)
      ? marketRegistry(opts.markets as readonly MarketPair[])
      : (opts.markets as MarketRegistry);
    checkSupervisorOptions(opts, this.markets, this.config);
    this.clock = opts.clock ?? new NanoClock();
    this.bitmask = new InFlightBitmask(this.config.capacity);
    this.risk = opts.risk ?? PERMISSIVE_RISK;
    this.log = opts.logger ?? SILENT_LOGGER;
    this.journal = opts.journal ?? NULL_JOURNAL;
    if (opts.inspect) {
      const i = opts.inspect;
      this.inspection.attach(typeof i === 'function' ? i : (ev) => i.next?.(ev), () => []);
    }
    this.prefix =
      opts.idPrefix ??
      `x${Math.floor(this.clock.wallMs()).toString(36)}${randomBytes(4).toString('hex')}-`;
    this.releases = new ReleaseQueue(this.clock, (id) => this.bitmask.release(id), {
      onError: (err) => this.log.error({ err }, '[EXEC] ❌ delayed release failed')
    });
    this.out = new Outlets({
      clock: this.clock,
      log: this.log,
      journal: this.journal,
      risk: this.risk,
      bitmask: this.bitmask,
      releases: this.releases,
      delayedReleaseMs: this.config.delayedReleaseMs
    });
    this.results$ = this.out.results.asObservable();
    this.fills$ = this.out.fills.asObservable();
    this.machine = provideExecutionMachine({
      venues: opts.venues,
      risk: this.risk,
      clock: this.clock,
      lookupTimeoutMs: this.config.reconcile.lookupTimeoutMs,
      journal: this.journal
    });
  }

  /** Hands one opportunity to the engine; resolves with its result (never rejects). */
  submit(req: FastExecutionRequest): Promise<ExecutionResult> {
    return new Promise((resolve) => this.accept(req, resolve));
  }

  /** Feeds an opportunity stream into the engine until it completes or the engine stops. */
  connect(opportunities$: Observable<FastExecutionRequest>): Subscription {
    const sub = opportunities$.subscribe({
      next: (req) => this.accept(req, undefined),
      error: (err: unknown) => this.log.error({ err }, '[EXEC] ❌ opportunity feed failed')
    });
    this.feeds.add(sub);
    sub.add(() => this.feeds.delete(sub));
    return sub;
  }

  /** Whether a market's in-flight bit is held (running, or waiting for its delayed release). */
  isInFlight(marketId: number): boolean {
    return this.bitmask.isClaimed(marketId);
  }

  /** Number of executions currently running (actors alive; delayed releases not counted). */
  liveCount(): number {
    return this.live.size;
  }

  /** Market ids whose slot is waiting for its delayed release, earliest first. */
  delayedReleaseIds(): readonly number[] {
    return this.releases.pending().map((p) => p.marketId);
  }

  /** Number of slots waiting for a delayed release. */
  pendingReleases(): number {
    return this.releases.size();
  }

  /** Snapshot of live executions: id, market, current state value, age. */
  liveExecutions(): { executionId: string; marketId: number; state: unknown; ageNs: number }[] {
    const now = this.clock.nowNs();
    return [...this.live.values()].map((l) => ({
      executionId: l.id,
      marketId: l.req.marketId,
      state: l.actor.getSnapshot().value,
      ageNs: now - l.req.detectedNs
    }));
  }

  /**
   * Attaches an inspection observer at runtime: executions spawned from now on report to it,
   * and live ones are attached through their actor system. Returns the detach function; with
   * no inspector attached, executions run without inspection (no cost). Watching never
   * changes what the engine does: every execution is the same machine either way.
   */
  attachInspector(fn: InspectFn): () => void {
    return this.inspection.attach(fn, () => this.live.values());
  }

  private accept(raw: FastExecutionRequest, resolve: Resolve): void {
    const id = this.prefix + String(++this.seq);
    const checked = copyRequest(raw, this.config.capacity);
    if (!checked.ok) {
      return this.out.reject(id, checked.marketId, 0, 'invalid_request', checked.reason, resolve);
    }
    const req = checked.req;
    const latency = () => this.clock.nowNs() - req.detectedNs;
    if (this.stopped) {
      return this.out.reject(
        id,
        req.marketId,
        latency(),
        'shutting_down',
        'engine is stopping',
        resolve
      );
    }
    if (!this.bitmask.tryClaim(req.marketId)) {
      return this.out.reject(id, req.marketId, latency(), 'already_in_flight', '', resolve);
    }
    const market = this.markets.get(req.marketId);
    if (market) logDetected(this.log, id, req);
    this.journal.executionStarted(id, req, this.clock.wallMs());
    this.spawn(id, req, market, resolve, undefined);
  }

  /**
   * Resumes executions the ledger found unfinished at startup: each re-claims its market and
   * continues at reconcile (unknown outcomes are looked up, open excess is closed) under its
   * original execution id, so client order ids stay the same. Returns the ids resumed; one
   * whose market is already claimed is skipped and logged.
   */
  resume(entries: readonly ResumeRequest[]): string[] {
    const resumed: string[] = [];
    for (const e of entries) {
      const checked = copyRequest(e.req, this.config.capacity);
      if (!checked.ok || !this.bitmask.tryClaim(checked.req.marketId)) {
        this.log.error(
          { executionId: e.executionId, marketId: checked.ok ? checked.req.marketId : -1 },
          '[EXEC] ❌ cannot resume execution: market invalid or already claimed'
        );
        continue;
      }
      const req = checked.req;
      this.log.warn(
        { executionId: e.executionId, marketId: req.marketId },
        `[EXEC] 🔄 resuming execution ${e.executionId} after restart`
      );
      const market = this.markets.get(req.marketId);
      if (market) this.out.safely(() => this.risk.onResume?.(req, market, e.state.qty));
      this.spawn(e.executionId, req, market, undefined, e.state);
      resumed.push(e.executionId);
    }
    return resumed;
  }

  /** Spawns the execution machine: fresh from claim, or resumed after a restart. */
  private spawn(
    id: string,
    req: FastExecutionRequest,
    market: MarketPair | undefined,
    resolve: Resolve,
    resume: ExecutionInput['resume']
  ): void {
    const inspectedAtSpawn = this.inspection.active;
    const input: ExecutionInput = resume
      ? { executionId: id, req, market, config: this.config, resume }
      : { executionId: id, req, market, config: this.config };
    const actor = createActor(this.machine, {
      id,
      input,
      clock: this.clock,
      ...(inspectedAtSpawn ? { inspect: this.inspection.dispatch } : {})
    });
    const l: Live = {
      id,
      req,
      market,
      actor,
      resolve,
      done: false,
      inspection: undefined,
      inspectedAtSpawn
    };
    this.live.set(id, l);
    actor.on('*', (ev: ExecutionEmitted) => this.out.emitted(id, req.marketId, market, ev));
    actor.subscribe({
      complete: () => this.finish(l, null),
      error: (err: unknown) => this.finish(l, err)
    });
    actor.start();
  }

  /** Takes an execution out of the live set and stops its actor; returns its last snapshot. */
  private retire(l: Live) {
    const snap = l.actor.getSnapshot();
    l.done = true;
    this.live.delete(l.id);
    l.inspection?.unsubscribe();
    l.actor.stop();
    return snap;
  }

  private finish(l: Live, err: unknown): void {
    if (l.done) return;
    const snap = this.retire(l);
    const latency = this.clock.nowNs() - l.req.detectedNs;
    if (err !== null) this.log.error({ err, executionId: l.id }, '[EXEC] ❌ execution faulted');
    const result = finishedResult(snap.output, snap.context, err, latency);
    this.journal.executionFinished(result, this.clock.wallMs());
    this.out.release(l.req.marketId, result.error);
    this.out.deliver(result, l.resolve);
    if (this.live.size === 0) this.idle?.();
  }

  /**
   * Stops the engine gracefully: no new opportunities; running executions get `timeoutMs`
   * (engine clock) to finish — auto-closes included. Whatever is still running then is stopped
   * and reported (`interrupted`, result `shutdown_interrupted`) with every order it sent and
   * that order's real state; it is not written finished to the journal, so a ledger keeps it
   * unfinished and the next start resumes it. All slots are released and the streams
   * complete. Calling it again returns the same report.
   */
  stop(opts: { timeoutMs?: number } = {}): Promise<StopReport> {
    this.stopped ??= this.stopOnce(opts.timeoutMs ?? 30_000);
    return this.stopped;
  }

  private async stopOnce(timeoutMs: number): Promise<StopReport> {
    for (const s of [...this.feeds]) s.unsubscribe();
    if (this.live.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = this.clock.setTimeout(resolve, timeoutMs);
        this.idle = () => {
          this.clock.clearTimeout(timer);
          resolve();
        };
      });
    }
    const interrupted: Interrupted[] = [];
    for (const l of [...this.live.values()]) {
      const snap = this.retire(l);
      const result = interruptedResult(
        snap.context,
        snap.value,
        this.clock.nowNs() - l.req.detectedNs
      );
      const orders = openOrders(snap.context);
      interrupted.push({
        executionId: l.id,
        marketId: l.req.marketId,
        state: snap.value,
        orders,
        result
      });
      // not finished in the journal: the ledger keeps it unfinished and the next start resumes
      // it like a crash (its unknown orders looked up, its excess closed)
      this.bitmask.release(l.req.marketId);
      this.out.deliver(result, l.resolve);
    }
    const releasedDelayed = this.releases.size();
    this.releases.flushAll();
    this.out.complete();
    return { interrupted, releasedDelayed };
  }
}
