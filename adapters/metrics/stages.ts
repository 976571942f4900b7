/**
 * Latency per execution stage, derived from the engine's write-ahead journal calls (which
 * arrive synchronously, in order, at the moment each thing happens), timed on the shared
 * clock. No supervisor hook is needed:
 *
 * - `claim_to_sent`: detection (≈ claim) → the first entry leg's order intent (about to send);
 * - `leg_rtt` (per venue): an order's intent → the venue's first answer to the placement;
 * - `reconcile` (per venue): an order's first `pending`/`unknown` answer → its terminal outcome;
 * - `auto_close`: the first close order's intent → the execution's result (time to flat);
 * - `total`: detection → the execution's result.
 */
import {
  isTerminal,
  type Clock,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Journal,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type OrderRole,
  type Venue
} from '../../core/index.js';

/** A measured stage. */
export type Stage = 'claim_to_sent' | 'leg_rtt' | 'reconcile' | 'auto_close' | 'total';

/** Every stage, in pipeline order. */
export const STAGES: readonly Stage[] = [
  'claim_to_sent',
  'leg_rtt',
  'reconcile',
  'auto_close',
  'total'
];

/** Receives one measurement: stage, venue (per-venue stages) and duration in seconds. */
export type StageSink = (stage: Stage, venue: Venue | null, seconds: number) => void;

interface Exec {
  readonly detectedNs: number | null;
  sent: boolean;
  closeStartNs: number | null;
  readonly orders: Set<string>;
}

interface Order {
  readonly venue: Venue;
  readonly sentNs: number;
  answered: boolean;
  uncertainSinceNs: number | null;
}

/** The journal side of the stage timer (see the module comment). */
export class StageTracker implements Journal {
  private readonly execs = new Map<string, Exec>();
  private readonly orders = new Map<string, Order>();
  /** Executions started (entered the machine) since creation. */
  started = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sink: StageSink
  ) {}

  executionStarted(executionId: string, req: FastExecutionRequest): void {
    this.started++;
    this.execs.set(executionId, {
      detectedNs: req.detectedNs,
      sent: false,
      closeStartNs: null,
      orders: new Set()
    });
  }

  orderIntent(order: OrderRequest, role: OrderRole): void {
    const now = this.clock.nowNs();
    const e = this.exec(order.executionId);
    if (role === 'entry' && !e.sent) {
      e.sent = true;
      if (e.detectedNs !== null) this.emit('claim_to_sent', null, now - e.detectedNs);
    }
    if (role === 'close' && e.closeStartNs === null) e.closeStartNs = now;
    e.orders.add(order.clientOrderId);
    this.orders.set(order.clientOrderId, {
      venue: order.venue,
      sentNs: now,
      answered: false,
      uncertainSinceNs: null
    });
  }

  orderOutcome(ref: OrderRef, outcome: OrderOutcome): void {
    const o = this.orders.get(ref.clientOrderId);
    if (!o) return;
    const now = this.clock.nowNs();
    if (!o.answered) {
      o.answered = true;
      this.emit('leg_rtt', o.venue, now - o.sentNs);
    }
    if (isTerminal(outcome.status)) {
      if (o.uncertainSinceNs !== null) this.emit('reconcile', o.venue, now - o.uncertainSinceNs);
      o.uncertainSinceNs = null;
    } else if (o.uncertainSinceNs === null) {
      o.uncertainSinceNs = now;
    }
  }

  fill(_fill: FillRecord): void {}

  executionFinished(result: ExecutionResult): void {
    const now = this.clock.nowNs();
    const e = this.execs.get(result.executionId);
    if (e?.closeStartNs != null) this.emit('auto_close', null, now - e.closeStartNs);
    if (e?.detectedNs != null) this.emit('total', null, now - e.detectedNs);
    for (const cid of e?.orders ?? []) this.orders.delete(cid);
    this.execs.delete(result.executionId);
  }

  private exec(id: string): Exec {
    let e = this.execs.get(id);
    if (!e) {
      e = { detectedNs: null, sent: true, closeStartNs: null, orders: new Set() }; // resumed
      this.execs.set(id, e);
    }
    return e;
  }

  private emit(stage: Stage, venue: Venue | null, ns: number): void {
    this.sink(stage, venue, Math.max(0, ns) / 1e9);
  }
}

/** A journal that forwards every call to each of `journals`, in order. */
export function teeJournal(...journals: readonly Journal[]): Journal {
  return {
    executionStarted: (id, req, wall) => journals.forEach((j) => j.executionStarted(id, req, wall)),
    orderIntent: (o, role, wall) => journals.forEach((j) => j.orderIntent(o, role, wall)),
    orderOutcome: (ref, out, wall) => journals.forEach((j) => j.orderOutcome(ref, out, wall)),
    fill: (f) => journals.forEach((j) => j.fill(f)),
    executionFinished: (r, wall) => journals.forEach((j) => j.executionFinished(r, wall))
  };
}
