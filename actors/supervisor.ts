/**
 * The supervisor: the engine's front door and the owner of every live execution.
 *
 * It claims a market's in-flight bit *before* anything else (a duplicate costs one Atomics op
 * and an immediate result), runs the happy path on the fast lane (`fastLane.ts`) and spawns a
 * root XState actor for everything else — every execution when `fastLane` is off or an
 * inspector is attached (actors kept in a Map, so spawn cost does not grow with the number of
 * live executions), turns their emitted
 * events into `fills$`, their outputs into `results$`, and releases each bit per the error
 * registry's policy — immediately, or through one delayed-release timer queue.
 */
import type { Observable, Subscription } from 'rxjs';
import { createActor } from 'xstate';
import {
  marketRegistry,
  parseEngineConfig,
  NULL_JOURNAL,
  PERMISSIVE_RISK,
  SILENT_LOGGER,
  invalidRequestReason,
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
import { buildOutput } from '../machines/executionLogic.js';
import type {
  ExecutionContext,
  ExecutionEmitted,
  ExecutionInput
} from '../machines/executionTypes.js';
import { logDetected } from './execLog.js';
import {
  provideExecutionMachine,
  type ExecutionPorts,
  type ProvidedExecutionMachine
} from './executionActors.js';
import { FastLaneRun, type FastLaneEnd } from './fastLane.js';
import { LiveList } from './liveList.js';
import type { Fast, HandedOver, Live, StopReport, SupervisorOptions } from './supervisorTypes.js';

import { InspectorHub, type InspectFn } from './inspectorHub.js';
import { Outlets } from './outlets.js';
import { finishedResult, interruptedResult } from './results.js';
import { InFlightBitmask } from './inflightBitmask.js';
import { NanoClock } from './nanoClock.js';
import { ReleaseQueue } from './releaseQueue.js';

export type {
  HandedOver,
  ResumeRequest,
  StopReport,
  SupervisorOptions
} from './supervisorTypes.js';

export type { InspectFn } from './inspectorHub.js';

/** The engine's supervisor (see the module comment). */
export class ExecutionSupervisor {
  readonly config: EngineConfig;
  readonly clock: Clock;
  readonly bitmask: InFlightBitmask;
  readonly markets: MarketRegistry;
  /** Every {@link ExecutionResult}, exactly once per opportunity (rejections included). */
  readonly results$: Observable<ExecutionResult>;
  /** Every {@link FillRecord} as it happens (entry legs and auto-close sells). */
  readonly fills$: Observable<FillRecord>;

  private readonly out: Outlets;
  private readonly live = new Map<string, Live>();
  private readonly fast = new LiveList<Fast>();
  private readonly releases: ReleaseQueue;
  private readonly machine: ProvidedExecutionMachine;
  private readonly ports: ExecutionPorts;
  private readonly risk: RiskPort;
  private readonly log: Logger;
  private readonly journal: Journal;
  private readonly inspection = new InspectorHub();
  private readonly prefix: string;
  private readonly feeds = new Set<Subscription>();
  private seq = 0;
  private stopping = false;
  private idle: (() => void) | undefined;

  constructor(opts: SupervisorOptions) {
    this.config = parseEngineConfig(opts.config);
    this.clock = opts.clock ?? new NanoClock();
    this.bitmask = new InFlightBitmask(this.config.capacity);
    this.markets = Array.isArray(opts.markets)
      ? marketRegistry(opts.markets as readonly MarketPair[])
      : (opts.markets as MarketRegistry);
    this.risk = opts.risk ?? PERMISSIVE_RISK;
    this.log = opts.logger ?? SILENT_LOGGER;
    this.journal = opts.journal ?? NULL_JOURNAL;
    if (opts.inspect) {
      const i = opts.inspect;
      this.inspection.attach(typeof i === 'function' ? i : (ev) => i.next?.(ev), () => []);
    }
    this.prefix = opts.idPrefix ?? `x${Math.floor(this.clock.wallMs()).toString(36)}-`;
    this.releases = new ReleaseQueue(this.clock, (id) => this.bitmask.release(id), {
      onError: (e) => this.log.error({ err: String(e) }, '[EXEC] ❌ delayed release failed')
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
    this.ports = {
      venues: opts.venues,
      risk: this.risk,
      clock: this.clock,
      lookupTimeoutMs: this.config.reconcile.lookupTimeoutMs,
      journal: this.journal
    };
    this.machine = provideExecutionMachine(this.ports);
  }

  /** Hands one opportunity to the engine; resolves with its result. */
  submit(req: FastExecutionRequest): Promise<ExecutionResult> {
    return new Promise((resolve) => this.accept(req, resolve));
  }

  /** Feeds an opportunity stream into the engine until it completes or the engine stops. */
  connect(opportunities$: Observable<FastExecutionRequest>): Subscription {
    const sub = opportunities$.subscribe({
      next: (req) => this.accept(req, undefined),
      error: (e: unknown) => this.log.error({ err: String(e) }, '[EXEC] ❌ opportunity feed failed')
    });
    this.feeds.add(sub);
    sub.add(() => this.feeds.delete(sub));
    return sub;
  }

  /** Whether a market's in-flight bit is held (running, or waiting for its delayed release). */
  isInFlight(marketId: number): boolean {
    return this.bitmask.isClaimed(marketId);
  }

  /** Number of executions currently running. */
  liveCount(): number {
    return this.live.size + this.fast.size;
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
    const row = (id: string, req: FastExecutionRequest, state: unknown) => ({
      executionId: id,
      marketId: req.marketId,
      state,
      ageNs: now - req.detectedNs
    });
    return [
      ...[...this.live.values()].map((l) => row(l.id, l.req, l.actor.getSnapshot().value)),
      ...this.fast.values().map((f) => row(f.id, f.req, 'executeLegs'))
    ];
  }

  /**
   * Attaches an inspection observer at runtime: executions spawned from now on report to it,
   * and live ones are attached through their actor system. Returns the detach function; with
   * no inspector attached, executions run without inspection (no cost).
   */
  attachInspector(fn: InspectFn): () => void {
    return this.inspection.attach(fn, () => this.live.values());
  }

  private accept(
    req: FastExecutionRequest,
    resolve: ((r: ExecutionResult) => void) | undefined
  ): void {
    const id = this.prefix + String(++this.seq);
    if (this.stopping)
      return this.out.reject(id, req, 'shutting_down', 'engine is stopping', resolve);
    const bad = invalidRequestReason(req, this.config.capacity);
    if (bad !== null) return this.out.reject(id, req, 'invalid_request', bad, resolve);
    if (!this.bitmask.tryClaim(req.marketId)) {
      return this.out.reject(id, req, 'already_in_flight', '', resolve);
    }
    const market = this.markets.get(req.marketId);
    if (market) logDetected(this.log, id, req);
    this.journal.executionStarted(id, req, this.clock.wallMs());
    if (this.config.fastLane && !this.inspection.active) this.runFast(id, req, market, resolve);
    else this.spawn(id, req, market, resolve, {});
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
      if (
        invalidRequestReason(e.req, this.config.capacity) !== null ||
        !this.bitmask.tryClaim(e.req.marketId)
      ) {
        this.log.error(
          { executionId: e.executionId, marketId: e.req.marketId },
          '[EXEC] ❌ cannot resume execution: market invalid or already claimed'
        );
        continue;
      }
      this.log.warn(
        { executionId: e.executionId, marketId: e.req.marketId },
        `[EXEC] 🔄 resuming execution ${e.executionId} after restart`
      );
      const market = this.markets.get(e.req.marketId);
      if (market) this.out.safely(() => this.risk.onResume?.(e.req, market, e.state.qty));
      this.spawn(e.executionId, e.req, market, undefined, { resume: e.state });
      resumed.push(e.executionId);
    }
    return resumed;
  }

  private runFast(
    id: string,
    req: FastExecutionRequest,
    market: MarketPair | undefined,
    resolve: Live['resolve']
  ): void {
    const run = new FastLaneRun(
      this.ports,
      { executionId: id, req, market, config: this.config },
      {
        emit: (ev) => this.out.emitted(id, req.marketId, market, ev),
        end: (end) => this.endFast(node, market, end) // only after start(): node is set
      }
    );
    const node: Fast = { id, run, req, resolve, prev: null, next: null };
    this.fast.add(node);
    run.start();
  }

  private endFast(node: Fast, market: MarketPair | undefined, end: FastLaneEnd): void {
    const { id, req, resolve } = node;
    this.fast.remove(node);
    if (end.kind === 'handover') {
      this.spawn(id, req, market, resolve, { handover: end.context });
      return;
    }
    const output = end.kind === 'done' ? buildOutput(end.context) : undefined;
    const err = end.kind === 'fault' ? end.error : null;
    const latency = this.clock.nowNs() - req.detectedNs;
    this.complete(req.marketId, finishedResult(output, end.context, err, latency), resolve);
  }

  /** Spawns the execution machine: fresh from claim, resumed, or handed over by the fast lane. */
  private spawn(
    id: string,
    req: FastExecutionRequest,
    market: MarketPair | undefined,
    resolve: Live['resolve'],
    from: Pick<ExecutionInput, 'resume' | 'handover'>
  ): void {
    const inspectedAtSpawn = this.inspection.active;
    const actor = createActor(this.machine, {
      id,
      input: { executionId: id, req, market, config: this.config, ...from },
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

  private finish(l: Live, err: unknown): void {
    if (l.done) return;
    l.done = true;
    this.live.delete(l.id);
    const snap = l.actor.getSnapshot();
    const latency = this.clock.nowNs() - l.req.detectedNs;
    const result = finishedResult(snap.output, snap.context, err, latency);
    l.inspection?.unsubscribe();
    l.actor.stop();
    this.complete(l.req.marketId, result, l.resolve);
  }

  /** Records, releases and delivers a finished execution's result. */
  private complete(marketId: number, result: ExecutionResult, resolve: Live['resolve']): void {
    this.journal.executionFinished(result, this.clock.wallMs());
    this.out.release(marketId, result.error);
    this.out.deliver(result, resolve);
    if (this.liveCount() === 0) this.idle?.();
  }

  /**
   * Stops the engine gracefully: no new opportunities; running executions get `timeoutMs`
   * (engine clock) to finish — auto-closes included. Whatever is still running then is stopped
   * and reported with its open exposure (`handedOver`). All slots are released and the streams
   * complete.
   */
  async stop(opts: { timeoutMs?: number } = {}): Promise<StopReport> {
    this.stopping = true;
    for (const s of [...this.feeds]) s.unsubscribe();
    if (this.liveCount() > 0) {
      await new Promise<void>((resolve) => {
        const timer = this.clock.setTimeout(resolve, opts.timeoutMs ?? 30_000);
        this.idle = () => {
          this.clock.clearTimeout(timer);
          resolve();
        };
      });
    }
    const handedOver: HandedOver[] = [];
    const interrupt = (
      id: string,
      f: Pick<Fast, 'req' | 'resolve'>,
      state: unknown,
      ctx: ExecutionContext
    ) => {
      const result = interruptedResult(ctx, state, this.clock.nowNs() - f.req.detectedNs);
      handedOver.push({ executionId: id, marketId: f.req.marketId, state, result });
      this.journal.executionFinished(result, this.clock.wallMs());
      this.bitmask.release(f.req.marketId);
      this.out.deliver(result, f.resolve);
    };
    for (const f of this.fast.values()) {
      this.fast.remove(f);
      f.run.abort();
      interrupt(f.id, f, 'executeLegs', f.run.context);
    }
    for (const l of [...this.live.values()]) {
      const snap = l.actor.getSnapshot();
      l.done = true;
      this.live.delete(l.id);
      l.inspection?.unsubscribe();
      l.actor.stop();
      interrupt(l.id, l, snap.value, snap.context);
    }
    const releasedDelayed = this.releases.size();
    this.releases.flushAll();
    this.out.complete();
    return { handedOver, releasedDelayed };
  }
}
