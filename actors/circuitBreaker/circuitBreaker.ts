/**
 * The circuit breaker: twinleg's {@link RiskPort}. It halts everything after consecutive
 * errors (cooldown), after the daily loss limit, or on an operator's request; it blacklists a
 * market after consecutive mismatches; and it caps every execution to the capacity the
 * per-market and total position limits (contracts and dollars at risk) leave.
 *
 * A plain class rather than an XState actor: `RiskPort.assess` is synchronous and must answer
 * from the latest state, it owns no timers (expiries are checked on the next call) and no
 * async work, so an actor would only add a send/snapshot round trip. The decisions live in
 * pure transitions (`breakerState.ts`) that an actor could host unchanged.
 */
import {
  CONTRACT,
  ERRORS,
  floorToContracts,
  formatMicro,
  formatQty,
  SILENT_LOGGER,
  absQty,
  addMicros,
  asQty,
  minQty,
  subMicros,
  ZERO_MICROS,
  ZERO_QTY,
  type Clock,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Logger,
  type MarketPair,
  type Micros,
  type Qty,
  type RiskPort,
  type RiskVerdict,
  type VenueHoldings
} from '../../core/index.js';
import {
  parseBreakerConfig,
  type BreakerConfig,
  type BreakerConfigInput
} from './breakerConfig.js';
import { breakerConfigFromEnv } from './breakerEnv.js';
import { logNotices } from './breakerLog.js';
import * as T from './breakerState.js';
import { buildStatus, type BreakerStatus } from './breakerStatus.js';
import { capacityFor, describeLimit, type Capacity } from './capacity.js';
import { DailyClock } from './dailyClock.js';
import { ExposureBook, fillPnl, type Holding } from './exposure.js';
import { NOT_ASSESSED, replayLedger, type BreakerLedgerView } from './ledgerReplay.js';
import {
  holdingsOf,
  parseBreakerSnapshot,
  snapshotOf,
  stateOf,
  type BreakerSnapshot
} from './persistence.js';

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** The engine's shared clock: `nowNs` for cooldowns and blacklists, `wallMs` for the day. */
  readonly clock: Clock;
  /** Receives the `[CB]` lines (default: silent). */
  readonly logger?: Logger;
  /** Any subset of the configuration; defaults fill the rest (see `BreakerConfigSchema`). */
  readonly config?: BreakerConfigInput;
}

const UNLIMITED: RiskVerdict = { blocked: null, capacity: asQty(Number.MAX_SAFE_INTEGER) };

/** The circuit breaker (see the module comment). */
export class CircuitBreaker implements RiskPort {
  /** The resolved configuration. */
  readonly config: BreakerConfig;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly daily: DailyClock;
  private readonly book = new ExposureBook();
  /** Close P&L already added per execution, from its sell fills (settled by its result). */
  private readonly fed = new Map<string, Micros>();
  private state: T.BreakerState;

  /** Validates the configuration (throws `BreakerConfigError` naming the field). */
  constructor(opts: CircuitBreakerOptions) {
    this.config = parseBreakerConfig(opts.config);
    this.clock = opts.clock;
    this.log = opts.logger ?? SILENT_LOGGER;
    this.daily = new DailyClock(this.config.dailyResetUtc);
    this.state = T.initialState(this.daily.dayOf(this.clock.wallMs()));
  }

  /** A breaker configured from `CB_*` variables; throws naming a bad variable. */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>>,
    opts: Omit<CircuitBreakerOptions, 'config'>
  ): CircuitBreaker {
    return new CircuitBreaker({ ...opts, config: breakerConfigFromEnv(env) });
  }

  /**
   * Before an execution: blocked (blacklist, cooldown, manual halt, daily loss, or no whole
   * contract of capacity left), or the pair capacity the position limits leave. The capacity
   * the execution can use is reserved until its result arrives, so concurrent executions on
   * other markets cannot together overshoot the totals.
   */
  assess(req: FastExecutionRequest, market: MarketPair): RiskVerdict {
    this.tick();
    const id = market.marketId;
    this.book.release(id); // one execution per market (in-flight bit): any old one is stale
    if (!this.config.enabled) return UNLIMITED;
    const block = T.blockOf(this.state, id);
    if (block) return { ...block, capacity: ZERO_QTY };
    const pairCost = addMicros(req.yesPrice, req.noPrice);
    const cap = this.capacityAt(id, pairCost);
    if (cap.qty < CONTRACT) {
      return {
        blocked: 'circuit_breaker',
        detail: `no capacity: ${describeLimit(cap.binding)} reached`,
        capacity: cap.qty
      };
    }
    const wanted = floorToContracts(minQty(req.yesSize, req.noSize));
    this.book.reserve(id, minQty(wanted, floorToContracts(cap.qty)), pairCost);
    return { blocked: null, capacity: cap.qty };
  }

  /**
   * The pairs (micro-contracts) a new entry on `marketId` would be allowed now, as a function of
   * the pair cost, reserving nothing: 0 while the market or the engine is blocked. What
   * {@link assess} would answer as capacity (the book's totals are cached per change, so each
   * question is cheap); a detector sizes with it so it does not offer what the limits refuse.
   */
  capacityNow(marketId: number): (pairCost: Micros) => Qty {
    this.tick(); // an expired cooldown or blacklist lifts here too, as in assess
    if (!this.config.enabled) return () => UNLIMITED.capacity;
    if (T.blockOf(this.state, marketId)) return () => ZERO_QTY;
    return (pairCost) => this.capacityAt(marketId, pairCost).qty;
  }

  private capacityAt(marketId: number, pairCost: Micros): Capacity {
    const market = this.book.exposureOf(marketId);
    return capacityFor({ market, totals: this.book.totals(), pairCost, config: this.config });
  }

  /**
   * A resumed execution reserves its worst case (`qty` pairs at the request's prices) until
   * its result, since it never passed {@link assess}; fills learned late stay inside limits.
   */
  onResume(req: FastExecutionRequest, market: MarketPair, qty: Qty): void {
    this.tick();
    this.book.reserve(market.marketId, qty, addMicros(req.yesPrice, req.noPrice));
  }

  /**
   * Every fill: positions move the way the venue holds them; what the fill realizes counts at
   * once — a sell's proceeds − cost basis − fee, and the $1 of each pair a Kalshi buy netted
   * against the opposite side − both contracts' cost (see {@link fillPnl}).
   */
  onFill(fill: FillRecord): void {
    this.tick();
    const pnl = fillPnl(fill, this.book.applyFill(fill));
    if (pnl === null) return;
    this.fed.set(fill.executionId, addMicros(this.fed.get(fill.executionId) ?? ZERO_MICROS, pnl));
    this.apply(T.addPnl(this.state, pnl, this.config));
  }

  /**
   * What the venues hold of a market, as the fills tell (Kalshi net, Polymarket tokens): the
   * executions' auto-close sells from it. Only one execution runs per market at a time.
   */
  holdings(marketId: number): VenueHoldings {
    return this.book.venueHoldings(marketId);
  }

  /** Every result: settles its P&L, ends its reservation, counts errors and mismatches. */
  onResult(result: ExecutionResult): void {
    this.tick();
    if (result.error !== null && NOT_ASSESSED.has(result.error)) return;
    this.book.release(result.marketId);
    const pnl = subMicros(result.realizedProfit, this.fed.get(result.executionId) ?? ZERO_MICROS);
    this.fed.delete(result.executionId);
    this.apply(T.addPnl(this.state, pnl, this.config));
    const facts: T.ResultFacts = {
      marketId: result.marketId,
      success: result.success && result.error === null,
      countsAsError: result.error !== null && ERRORS[result.error].countsAsError,
      mismatch: result.error === 'partial_fill' || result.unhedgedContracts > 0
    };
    this.apply(T.recordResult(this.state, facts, this.clock.nowNs(), this.config));
  }

  /** Operator halt: blocks every market (`circuit_breaker`) until {@link resume}. */
  halt(reason: string): void {
    this.apply(T.halt(this.state, reason));
  }

  /** Lifts a manual halt and an error cooldown; blacklists and the daily limit stay. */
  resume(): void {
    this.apply(T.resume(this.state));
  }

  /** Drops a market's position (resolved and paid out, or flattened outside the engine). */
  settle(marketId: number): void {
    this.book.settle(marketId);
  }

  /** A JSON-able snapshot of everything the breaker knows. */
  status(): BreakerStatus {
    this.tick();
    const now = { ns: this.clock.nowNs(), wallMs: this.clock.wallMs() };
    return buildStatus(this.state, this.book, this.config, this.daily, now);
  }

  /** Everything to persist across a restart, expiries as wall-clock ms (JSON-able). */
  snapshot(): BreakerSnapshot {
    this.tick();
    const now = { ns: this.clock.nowNs(), wallMs: this.clock.wallMs() };
    return snapshotOf(this.state, this.book.holdings(), this.fed, now);
  }

  /**
   * Restores a {@link snapshot} as it stands (positions included) on this process's clock —
   * for reports; a run with a ledger starts with {@link restoreFromLedger} instead:
   * expired cooldowns and blacklists are dropped and a past trading day rolls over. Accepts
   * the parsed JSON; returns false (changing nothing) when it is not a valid snapshot.
   */
  restore(s: unknown): boolean {
    const snap = parseBreakerSnapshot(s);
    if (!snap) {
      this.log.warn({}, '[CB] ⚠️ saved breaker state ignored: not a valid snapshot');
      return false;
    }
    const now = { ns: this.clock.nowNs(), wallMs: this.clock.wallMs() };
    this.state = stateOf(snap, now);
    this.book.restoreHoldings(holdingsOf(snap));
    this.fed.clear();
    for (const f of snap.closePnlFed) this.fed.set(f.executionId, f.pnl);
    this.tick();
    return true;
  }

  /**
   * Start-up from the ledger, the one truth: positions per market and side, the close P&L fed
   * by unfinished executions and the day's realized P&L are replayed from its fills and
   * results. A saved snapshot (`saved`, the parsed JSON or null) only supplies what fills do
   * not record — halts, cooldown, errors, mismatches, blacklists, a tripped daily limit — and
   * is checked: a position or daily P&L that differs is logged as a warning naming the market
   * and both values, and the ledger wins. Call before resumed executions reserve
   * ({@link onResume}); returns the markets whose saved position disagreed.
   */
  restoreFromLedger(view: BreakerLedgerView, saved: unknown): { readonly disagreed: number[] } {
    const now = { ns: this.clock.nowNs(), wallMs: this.clock.wallMs() };
    const today = this.daily.dayOf(now.wallMs);
    const snap = saved == null ? null : parseBreakerSnapshot(saved);
    if (saved != null && !snap) {
      this.log.warn({}, '[CB] ⚠️ saved breaker state ignored: not a valid snapshot');
    }
    const derived = replayLedger(view, (ms) => this.daily.dayOf(ms), today);
    const disagreed = snap ? this.checkPositions(holdingsOf(snap), derived.holdings) : [];
    this.state = snap ? stateOf(snap, now) : T.initialState(today);
    this.tick();
    if (snap && snap.day === this.state.day && snap.dailyPnl !== derived.dailyPnl) {
      this.log.warn(
        { saved: snap.dailyPnl, ledger: derived.dailyPnl },
        `[CB] ⚠️ saved daily P&L ${formatMicro(snap.dailyPnl)} differs from the ledger's ` +
          `${formatMicro(derived.dailyPnl)}; the ledger wins`
      );
    }
    this.state = { ...this.state, dailyPnl: ZERO_MICROS };
    this.apply(T.addPnl(this.state, derived.dailyPnl, this.config));
    this.book.restoreHoldings(derived.holdings);
    this.fed.clear();
    for (const [id, pnl] of derived.fed) this.fed.set(id, pnl);
    return { disagreed };
  }

  private checkPositions(
    saved: readonly { readonly marketId: number; readonly holding: Holding }[],
    ledger: readonly { readonly marketId: number; readonly holding: Holding }[]
  ): number[] {
    const of = (list: typeof saved, id: number): string => {
      const h = list.find((x) => x.marketId === id)?.holding;
      return h
        ? `Kalshi ${h.kalshiNet < 0 ? 'NO' : 'YES'} ${formatQty(absQty(h.kalshiNet))} ` +
            `(${formatMicro(h.kalshiBasis)}) ` +
            `Polymarket YES ${formatQty(h.polyYes)} (${formatMicro(h.polyYesBasis)}) ` +
            `NO ${formatQty(h.polyNo)} (${formatMicro(h.polyNoBasis)})`
        : 'flat';
    };
    const ids = [...new Set([...saved, ...ledger].map((x) => x.marketId))].sort((a, b) => a - b);
    const disagreed = ids.filter((id) => of(saved, id) !== of(ledger, id));
    for (const id of disagreed) {
      const values = { saved: of(saved, id), ledger: of(ledger, id) };
      this.log.warn(
        { marketId: id, ...values },
        `[CB] ⚠️ market ${id}: saved position ${values.saved} differs from the ledger's ` +
          `${values.ledger}; the ledger wins`
      );
    }
    return disagreed;
  }

  private tick(): void {
    const day = this.daily.dayOf(this.clock.wallMs());
    this.apply(T.tick(this.state, this.clock.nowNs(), day));
  }

  private apply(step: T.Step): void {
    this.state = step.state;
    if (step.notices.length > 0) logNotices(this.log, step.notices, this.config);
  }
}
