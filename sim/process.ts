/**
 * One engine "process": a supervisor with its circuit breaker, on a clock, venues and journal
 * that are gated so that a simulated crash is abrupt. {@link EngineProcess.kill} cancels every
 * timer the process armed and silences every answer still on its way back (venue replies,
 * lookups): the old actors never run again, nothing they started is finished or reported —
 * exactly as if the process had died. The venues and the journal live on in the world.
 */
import { CircuitBreaker, type BreakerConfigInput } from '../actors/circuitBreaker/index.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import type {
  Clock,
  ExecutionResult,
  FastExecutionRequest,
  FillRecord,
  Journal,
  Logger,
  MarketPair,
  OrderOutcome,
  OrderRef,
  OrderRequest,
  RiskPort,
  RiskVerdict,
  TimerHandle,
  Venue,
  VenueAdapter
} from '../core/index.js';
import type { Plant } from './types.js';

/** A clock view whose timers all die with the process. */
export class ProcessClock implements Clock {
  private readonly handles = new Set<TimerHandle>();
  private dead = false;

  constructor(private readonly world: Clock) {}

  nowNs(): number {
    return this.world.nowNs();
  }
  wallMs(): number {
    return this.world.wallMs();
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    if (this.dead) return undefined;
    const h: TimerHandle = this.world.setTimeout(() => {
      this.handles.delete(h);
      if (!this.dead) fn();
    }, ms);
    this.handles.add(h);
    return h;
  }
  clearTimeout(handle: TimerHandle): void {
    if (this.handles.delete(handle)) this.world.clearTimeout(handle);
  }
  /** Timers this process has armed and not seen fire. */
  pending(): number {
    return this.handles.size;
  }
  /** Cancels every timer; later ones are never armed. */
  kill(): void {
    this.dead = true;
    for (const h of this.handles) this.world.clearTimeout(h);
    this.handles.clear();
  }
}

/** Sees every risk decision (for the "halted engine places no order" invariant). */
export interface RiskObserver {
  assessed(marketId: number, haltedBefore: boolean, verdict: RiskVerdict): void;
}

/** What a process is built from. */
export interface ProcessDeps {
  readonly index: number;
  readonly clock: Clock;
  readonly markets: readonly MarketPair[];
  readonly venues: Readonly<Record<Venue, VenueAdapter>>;
  readonly journal: Journal;
  readonly breaker: BreakerConfigInput;
  readonly logger: Logger;
  readonly risk: RiskObserver;
  readonly plant?: Plant | undefined;
}

/** See the module comment. */
export class EngineProcess {
  readonly index: number;
  readonly clock: ProcessClock;
  readonly breaker: CircuitBreaker;
  readonly supervisor: ExecutionSupervisor;
  private dead = false;

  constructor(d: ProcessDeps) {
    this.index = d.index;
    this.clock = new ProcessClock(d.clock);
    this.breaker = new CircuitBreaker({ clock: this.clock, config: d.breaker, logger: d.logger });
    d.plant?.patchBreaker?.(this.breaker);
    const gate = <T>(p: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        p.then(
          (v) => (this.dead ? undefined : resolve(v)),
          (e: unknown) =>
            this.dead ? undefined : reject(e instanceof Error ? e : new Error(String(e)))
        );
      });
    const venue = (v: VenueAdapter): VenueAdapter => {
      const inner = d.plant?.wrapVenue ? d.plant.wrapVenue(v.venue, v) : v;
      return {
        venue: v.venue,
        placeOrder: (o: OrderRequest, s: AbortSignal): Promise<OrderOutcome> =>
          this.dead ? new Promise(() => undefined) : gate(inner.placeOrder(o, s)),
        lookupOrder: (r: OrderRef, s: AbortSignal): Promise<OrderOutcome> =>
          this.dead ? new Promise(() => undefined) : gate(inner.lookupOrder(r, s))
      };
    };
    const j = d.journal;
    const alive =
      <A extends unknown[]>(fn: (...a: A) => void) =>
      (...a: A) => {
        if (!this.dead) fn(...a);
      };
    const journal: Journal = {
      executionStarted: alive((id: string, r: FastExecutionRequest, w: number) =>
        j.executionStarted(id, r, w)
      ),
      orderIntent: alive((o, role, w) => j.orderIntent(o, role, w)),
      orderOutcome: alive((r, o, w) => j.orderOutcome(r, o, w)),
      fill: alive((f: FillRecord) => j.fill(f)),
      executionFinished: alive((r: ExecutionResult, w: number) => j.executionFinished(r, w))
    };
    const breaker = this.breaker;
    const risk: RiskPort = {
      assess(req, market) {
        const st = breaker.status();
        const halted = st.halted || st.blacklist.some((b) => b.marketId === market.marketId);
        const verdict = breaker.assess(req, market);
        d.risk.assessed(market.marketId, halted, verdict);
        return verdict;
      },
      onFill: (f) => breaker.onFill(f),
      onResult: (r) => breaker.onResult(r),
      onResume: (req, market, qty) => breaker.onResume(req, market, qty),
      holdings: (marketId) => breaker.holdings(marketId)
    };
    this.supervisor = new ExecutionSupervisor({
      markets: d.markets,
      venues: { kalshi: venue(d.venues.kalshi), polymarket: venue(d.venues.polymarket) },
      clock: this.clock,
      risk,
      logger: d.logger,
      journal,
      idPrefix: `p${d.index}-`
    });
    d.plant?.patchSupervisor?.(this.supervisor);
  }

  /** Whether {@link kill} was called. */
  get killed(): boolean {
    return this.dead;
  }

  /** The crash: see the module comment. */
  kill(): void {
    this.dead = true;
    this.clock.kill();
  }
}
