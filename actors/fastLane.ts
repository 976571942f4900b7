/**
 * The fast lane: an execution's happy path in plain code, run by the supervisor.
 *
 * An XState actor costs about 60 µs of CPU even for a three-state machine on the reference
 * machine, and the full execution machine about 470 µs (bench/README.md). Most executions
 * never need more than the straight line claim → validate → size → place both legs → both
 * answers final → decide, so this class runs exactly that line with the machine's own pure
 * functions (`machines/executionLogic.ts`), the same write-ahead placement and the same
 * emitted events. It finishes only where the machine's `decide` would finish without waiting
 * (both legs final and matched, or both empty). Anything else — a leg unknown, pending or
 * timed out, a fill mismatch to close — ends in a handover: the supervisor spawns the
 * execution machine from the context built so far, and the machine continues at reconcile.
 *
 * test/fastLane.diff.test.ts runs generated scenarios through both paths and requires the
 * same results, fills, events and journal records.
 */
import type { ErrorCode, OrderOutcome, Side, TimerHandle } from '../core/index.js';
import {
  belowPolyMinimum,
  cappedEvent,
  initialContext,
  insufficientLiquidity,
  legFilled,
  legResolved,
  noCapacity,
  patchLeg,
  profitBelowThreshold,
  sizedQty,
  unknownOutcome,
  unprofitableAtSize,
  withEntryOrders
} from '../machines/executionLogic.js';
import { hasFill } from '../machines/executionSetup.js';
import type {
  ExecutionContext,
  ExecutionEmitted,
  ExecutionInput
} from '../machines/executionTypes.js';
import { placeJournaled, type ExecutionPorts } from './executionActors.js';
import { legSignals } from './signalPool.js';

/** How a fast-lane run ended. */
export type FastLaneEnd =
  /** Finished; the result is the machine's output for `context`. */
  | { readonly kind: 'done'; readonly context: ExecutionContext }
  /** The machine must continue from `context` (at reconcile). */
  | { readonly kind: 'handover'; readonly context: ExecutionContext }
  /** An unexpected throw in the run itself (a bug): the result is `internal_error`. */
  | { readonly kind: 'fault'; readonly context: ExecutionContext; readonly error: unknown };

/** What the supervisor gives a run: where its events and its end go. */
export interface FastLaneHooks {
  emit(ev: ExecutionEmitted): void;
  end(end: FastLaneEnd): void;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** One execution on the fast lane (see the module comment). */
export class FastLaneRun {
  private ctx: ExecutionContext;
  private ended = false;
  private timer: TimerHandle = undefined;
  /**
   * One controller for both legs (a timeout or shutdown aborts whatever legs are still
   * unanswered, which is exactly what one signal for both does), taken from the pool and given
   * back when both legs answered without an abort (see `signalPool.ts`).
   */
  private legs: AbortController | undefined;

  constructor(
    private readonly ports: ExecutionPorts,
    input: ExecutionInput,
    private readonly hooks: FastLaneHooks
  ) {
    this.ctx = initialContext(input);
  }

  /** The context so far (what shutdown reports for a run still waiting on its legs). */
  get context(): ExecutionContext {
    return this.ctx;
  }

  /** Validates, sizes and places both legs; may end synchronously (a rejection). */
  start(): void {
    this.guarded(() => this.validateAndPlace());
  }

  /** Shutdown: stops waiting, aborts both legs and ignores their answers. */
  abort(): void {
    this.ended = true;
    this.clearTimer();
    this.legs?.abort(new Error('engine stopped'));
  }

  private validateAndPlace(): void {
    const { market, config, req } = this.ctx;
    if (market === undefined) return this.fail('unknown_market');
    let capacity: number;
    try {
      const verdict = this.ports.risk.assess(req, market);
      if (verdict.blocked !== null) {
        return this.fail(verdict.blocked, verdict.detail ?? verdict.blocked);
      }
      capacity = verdict.capacity;
    } catch (e) {
      return this.fail('circuit_breaker', `risk check failed: ${message(e)}`);
    }
    this.ctx = { ...this.ctx, capacity };
    if (profitBelowThreshold(this.ctx)) return this.fail('profit_below_threshold');
    if (insufficientLiquidity(this.ctx)) return this.fail('insufficient_liquidity');
    this.ctx = { ...this.ctx, qty: sizedQty(this.ctx) };
    const capped = cappedEvent(this.ctx);
    if (capped) this.emit(capped);
    if (noCapacity(this.ctx)) return this.fail('circuit_breaker', 'no capacity left');
    if (belowPolyMinimum(this.ctx)) return this.fail('below_venue_minimum');
    if (unprofitableAtSize(this.ctx)) return this.fail('profit_below_threshold', 'at capped size');
    if (config.dryRun) return this.fail('dry_run');
    this.ctx = withEntryOrders(this.ctx);
    this.timer = this.ports.clock.setTimeout(
      () => this.guarded(() => this.onTimeout()),
      config.legTimeoutMs
    );
    this.legs = legSignals.take();
    this.place('yes', this.legs.signal);
    this.place('no', this.legs.signal);
  }

  private place(side: Side, signal: AbortSignal): void {
    placeJournaled(this.ports, this.ctx.legs[side].order!, signal).then(
      (outcome) => this.guarded(() => this.onAnswer(side, outcome)),
      (e: unknown) => this.guarded(() => this.onAdapterError(side, e))
    );
  }

  /** A leg is answered once it has an outcome (an answer, an adapter error or the timeout). */
  private answered(side: Side): boolean {
    return this.ctx.legs[side].outcome !== null;
  }

  private onAnswer(side: Side, outcome: OrderOutcome): void {
    if (this.ended || this.answered(side)) return;
    this.setOutcome(side, outcome);
    if (hasFill(outcome)) {
      const l = this.ctx.legs[side];
      this.emit({ type: 'fill', venue: l.venue, side, action: 'buy', outcome });
    }
    this.maybeDecide();
  }

  private onAdapterError(side: Side, e: unknown): void {
    if (this.ended || this.answered(side)) return;
    this.markUnknown(side, `adapter error: ${message(e)}`, message(e));
    this.maybeDecide();
  }

  private onTimeout(): void {
    this.timer = undefined;
    if (this.ended) return;
    for (const side of ['yes', 'no'] as const) {
      if (this.answered(side)) continue;
      this.markUnknown(side, 'leg timeout', 'leg timeout');
    }
    this.legs?.abort(new Error('leg timeout'));
    this.maybeDecide();
  }

  /** The machine's `decide`, for the cases it finishes without waiting; else a handover. */
  private maybeDecide(): void {
    if (!this.answered('yes') || !this.answered('no')) return;
    this.clearTimer();
    if (this.legs && !this.legs.signal.aborted) legSignals.give(this.legs);
    this.legs = undefined;
    const { yes, no } = this.ctx.legs;
    if (!legResolved(yes) || !legResolved(no)) return this.end('handover');
    const filledYes = legFilled(yes);
    const filledNo = legFilled(no);
    if (filledYes === 0 && filledNo === 0) return this.fail('execution_failed', 'no leg filled');
    if (filledYes === filledNo) return this.end('done');
    this.end('handover'); // a mismatch: the machine auto-closes the excess
  }

  private markUnknown(side: Side, outcomeReason: string, eventReason: string): void {
    const l = this.ctx.legs[side];
    this.setOutcome(side, unknownOutcome(l.order!.clientOrderId, outcomeReason));
    this.emit({ type: 'legUnknown', side, venue: l.venue, reason: eventReason });
  }

  /**
   * Emits like an XState actor does: a listener that throws (a ledger that cannot record a
   * fill) does not end the run; the error is rethrown on its own task, where the process's
   * uncaught-exception policy applies exactly as for an execution actor.
   */
  private emit(ev: ExecutionEmitted): void {
    try {
      this.hooks.emit(ev);
    } catch (err) {
      setTimeout(() => {
        throw err;
      });
    }
  }

  private setOutcome(side: Side, outcome: OrderOutcome): void {
    this.ctx = { ...this.ctx, legs: patchLeg(this.ctx, side, { outcome }) };
  }

  private fail(code: ErrorCode, detail?: string): void {
    this.ctx = { ...this.ctx, error: code, detail: detail ?? null };
    this.end('done');
  }

  private end(kind: 'done' | 'handover'): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimer();
    this.hooks.end({ kind, context: this.ctx });
  }

  private guarded(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (this.ended) return;
      this.abort();
      this.hooks.end({ kind: 'fault', context: this.ctx, error });
    }
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    this.ports.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
