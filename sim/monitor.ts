/**
 * The step invariants, checked as things happen and after every step: one execution per
 * market, the release policy (bits claimed and released at the right moment), fills equal to
 * the venue's, no order from a halted or stopped engine, no engine error.
 */
import type { ExecutionSupervisor } from '../actors/supervisor.js';
import type { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  type ExecutionResult,
  type FillRecord,
  type OrderRequest,
  type RiskVerdict,
  type Venue
} from '../core/index.js';
import { afterResult, BitModel } from './bits.js';
import { fillProblem } from './ledgerView.js';
import type { Trace } from './trace.js';
import type { InvariantName, Violation } from './types.js';

const REJECTS = new Set(['already_in_flight', 'invalid_request', 'shutting_down']);

/** See the module comment. */
export class Monitor {
  readonly violations: Violation[] = [];
  readonly bits = new BitModel();
  /** Executions started (or resumed) and not finished → market. */
  readonly active = new Map<string, number>();
  readonly results = new Map<string, ExecutionResult>();
  /** Engine fills by client order id. */
  readonly fills = new Map<string, FillRecord>();
  /** Executions with an error-level log line. */
  readonly alerted = new Set<string>();
  /** The supervisor of the live process (null while down). */
  supervisor: ExecutionSupervisor | null = null;
  stopped = false;
  private readonly assessed = new Map<number, { halted: boolean; blocked: boolean }>();

  constructor(
    private readonly trace: Trace,
    private readonly venues: Readonly<Record<Venue, SimulatedVenue>>,
    private readonly delayedReleaseMs: number,
    private readonly nowMs: () => number
  ) {}

  /** Records a violation (and a trace line). */
  violate(invariant: InvariantName, detail: string): void {
    this.violations.push({ invariant, step: this.trace.step, atMs: this.nowMs(), detail });
    this.trace.add(`!! VIOLATION ${invariant}: ${detail}`);
  }

  /** The journal saw `executionStarted`: the bit was just claimed. */
  started(id: string, marketId: number): void {
    for (const [other, m] of this.active) {
      if (m === marketId)
        this.violate(
          'one-execution-per-market',
          `${id} started on market ${marketId} while ${other} is in flight`
        );
    }
    const slot = this.bits.get(marketId, this.nowMs());
    if (slot.state !== 'free') {
      this.violate(
        'release-policy',
        `${id} claimed market ${marketId} while its slot is ${slot.state} (${slot.executionId})`
      );
    }
    this.active.set(id, marketId);
    this.bits.set(marketId, { state: 'running', executionId: id });
  }

  /** Executions resumed after a restart hold their bits again. */
  resumed(id: string, marketId: number): void {
    this.active.set(id, marketId);
    this.bits.set(marketId, { state: 'running', executionId: id });
  }

  /** A result on `results$`. */
  result(r: ExecutionResult): void {
    const m = r.marketId;
    if (!this.active.has(r.executionId)) {
      if (!r.error || !REJECTS.has(r.error)) {
        this.violate(
          'one-result-per-execution',
          `result for unknown or finished execution ${r.executionId} (${String(r.error)})`
        );
      } else if (r.error === 'already_in_flight' && !this.bits.held(m, this.nowMs())) {
        this.violate(
          'release-policy',
          `already_in_flight on market ${m} whose slot should be free (leaked bit)`
        );
      }
      return;
    }
    this.active.delete(r.executionId);
    this.results.set(r.executionId, r);
    if (r.error === 'internal_error')
      this.violate('no-engine-error', `${r.executionId}: ${r.detail ?? ''}`);
    const claimed = this.supervisor?.isInFlight(m) ?? false;
    const after = afterResult(r, claimed, this.nowMs(), this.delayedReleaseMs);
    if (after.problem) this.violate('release-policy', after.problem);
    this.bits.set(m, after.slot);
  }

  /** A fill on `fills$`: it must be a venue fill, exactly, and recorded once. */
  fill(f: FillRecord): void {
    const truth = this.venues[f.platform].fills().find((v) => v.clientOrderId === f.clientOrderId);
    if (this.fills.has(f.clientOrderId)) {
      this.violate('fills-match-venue', `fill of ${f.clientOrderId} recorded twice`);
    }
    this.fills.set(f.clientOrderId, f);
    const problem = fillProblem(f, truth);
    if (problem) this.violate('fills-match-venue', problem);
    if (!this.active.has(f.executionId)) {
      this.violate(
        'one-result-per-execution',
        `fill of ${f.clientOrderId} from finished execution ${f.executionId}`
      );
    }
  }

  /** The risk port answered (`halted` is the breaker's state just before). */
  assessedRisk(marketId: number, halted: boolean, v: RiskVerdict): void {
    if (halted && v.blocked === null) {
      this.violate(
        'halted-places-no-order',
        `breaker halted but market ${marketId} was not blocked`
      );
    }
    this.assessed.set(marketId, { halted, blocked: v.blocked !== null });
  }

  /** An order reached the venue adapter. */
  placing(o: OrderRequest, retry: boolean): void {
    if (this.stopped)
      this.violate('halted-places-no-order', `${o.clientOrderId} placed after stop()`);
    const m = o.market.marketId;
    if (this.active.get(o.executionId) !== m) {
      this.violate(
        'one-execution-per-market',
        `${o.clientOrderId} placed by ${o.executionId}, which is not the execution in flight on market ${m}`
      );
    }
    if (o.action !== 'buy' || retry) return;
    const a = this.assessed.get(m);
    if (!a || a.halted || a.blocked) {
      this.violate(
        'halted-places-no-order',
        `entry ${o.clientOrderId} placed without an unblocked risk verdict (halted: ${String(a?.halted)})`
      );
    }
  }

  /** A log line at error level (and engine-fault lines). */
  logged(level: string, obj: object, msg: string): void {
    const id = (obj as { executionId?: unknown }).executionId;
    if (level === 'error' && typeof id === 'string') this.alerted.add(id);
    if (
      msg.includes('risk port threw') ||
      msg.includes('delayed release failed') ||
      msg.includes('feed failed')
    ) {
      this.violate('no-engine-error', msg);
    }
  }

  /** After every step: the bits match the model; no two live executions share a market. */
  step(): void {
    const sup = this.supervisor;
    if (!sup) return;
    const now = this.nowMs();
    const markets = new Set([...this.bits.markets(), ...sup.bitmask.claimedIds()]);
    for (const m of markets) {
      const want = this.bits.held(m, now);
      if (sup.isInFlight(m) !== want) {
        this.violate(
          'release-policy',
          `market ${m} slot is ${sup.isInFlight(m) ? 'claimed' : 'free'}, policy says ${want ? 'held' : 'free'}`
        );
      }
    }
    const seen = new Set<number>();
    for (const l of sup.liveExecutions()) {
      if (seen.has(l.marketId))
        this.violate('one-execution-per-market', `two live executions on market ${l.marketId}`);
      seen.add(l.marketId);
    }
  }
}
