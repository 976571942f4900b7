/**
 * The in-sim journal: a durable, in-memory record of every `Journal` call the engine makes
 * (the write-ahead contract of `core/ports.ts`), which survives a simulated crash, and the
 * recovery that rebuilds each unfinished execution's {@link ResumeState} from it — what the
 * SQLite ledger's `recover()` does in production.
 */
import type { ResumeRequest } from '../actors/supervisor.js';
import {
  isTerminal,
  addMicros,
  addQty,
  ZERO_MICROS,
  ZERO_QTY,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Journal,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type OrderRole
} from '../core/index.js';
import type { ResumeClose, ResumeLeg } from '../machines/executionTypes.js';

/** One journal record. */
export type JournalEntry =
  | { readonly k: 'start'; readonly id: string; readonly req: FastExecutionRequest }
  | { readonly k: 'intent'; readonly order: OrderRequest; readonly role: OrderRole }
  | { readonly k: 'outcome'; readonly ref: OrderRef; readonly outcome: OrderOutcome }
  | { readonly k: 'fill'; readonly fill: FillRecord }
  | { readonly k: 'finish'; readonly result: ExecutionResult };

/** Records every journal call in order. */
export class SimJournal implements Journal {
  readonly entries: JournalEntry[] = [];

  executionStarted(id: string, req: FastExecutionRequest): void {
    this.entries.push({ k: 'start', id, req });
  }
  orderIntent(order: OrderRequest, role: OrderRole): void {
    this.entries.push({ k: 'intent', order, role });
  }
  orderOutcome(ref: OrderRef, outcome: OrderOutcome): void {
    this.entries.push({ k: 'outcome', ref, outcome });
  }
  fill(fill: FillRecord): void {
    this.entries.push({ k: 'fill', fill });
  }
  executionFinished(result: ExecutionResult): void {
    this.entries.push({ k: 'finish', result });
  }
}

/** What recovery found. */
export interface Recovery {
  /** Unfinished executions that sent orders: resume them. */
  readonly resume: ResumeRequest[];
  /** Unfinished executions that never sent an order (nothing to resume, nothing exposed). */
  readonly abandoned: string[];
}

/** The best outcome known per client order id: a terminal one wins, else the last one. */
function outcomesById(entries: readonly JournalEntry[]): Map<string, OrderOutcome> {
  const out = new Map<string, OrderOutcome>();
  for (const e of entries) {
    if (e.k !== 'outcome') continue;
    const prev = out.get(e.ref.clientOrderId);
    if (prev && isTerminal(prev.status)) continue;
    out.set(e.ref.clientOrderId, e.outcome);
  }
  return out;
}

const leg = (order: OrderRequest | undefined, known: Map<string, OrderOutcome>): ResumeLeg => {
  if (!order) return { order: null, outcome: null };
  const outcome = known.get(order.clientOrderId) ?? null;
  return outcome?.orderId === undefined
    ? { order, outcome }
    : { order, outcome, orderId: outcome.orderId };
};

function closeOf(
  closes: readonly OrderRequest[],
  known: Map<string, OrderOutcome>
): ResumeClose | null {
  const last = closes[closes.length - 1];
  if (!last) return null;
  let closed = ZERO_QTY;
  let proceeds = ZERO_MICROS;
  let hedged = ZERO_QTY;
  let hedgeCost = ZERO_MICROS;
  let fee = ZERO_MICROS;
  for (const c of closes) {
    const o = known.get(c.clientOrderId);
    if (!o || !isTerminal(o.status)) continue;
    closed = addQty(closed, o.filledQty);
    // a close buy is a hedge (the other side bought at a cost), as the ledger recovers it
    if (c.action === 'buy') {
      hedged = addQty(hedged, o.filledQty);
      hedgeCost = addMicros(hedgeCost, o.notional);
    } else proceeds = addMicros(proceeds, o.notional);
    fee = addMicros(fee, o.fee);
  }
  const lastOutcome = known.get(last.clientOrderId);
  const pending = lastOutcome && isTerminal(lastOutcome.status) ? null : last;
  const base = {
    ...{ closed, hedged, hedgeCost, proceeds, fee },
    ...{ attempts: closes.length, price: last.limitPrice, pending },
    lastOrder: { venue: last.venue, action: last.action }
  };
  return pending && lastOutcome?.orderId !== undefined
    ? { ...base, pendingOrderId: lastOutcome.orderId }
    : base;
}

/** Rebuilds the unfinished executions from the journal. */
export function recover(journal: SimJournal): Recovery {
  const { entries } = journal;
  const finished = new Set<string>();
  for (const e of entries) if (e.k === 'finish') finished.add(e.result.executionId);
  const known = outcomesById(entries);
  const resume: ResumeRequest[] = [];
  const abandoned: string[] = [];
  for (const e of entries) {
    if (e.k !== 'start' || finished.has(e.id)) continue;
    const orders = entries.flatMap((x) =>
      x.k === 'intent' && x.order.executionId === e.id ? [x] : []
    );
    const entry = (side: 'yes' | 'no') =>
      orders.find((x) => x.role === 'entry' && x.order.side === side)?.order;
    const yes = entry('yes');
    const no = entry('no');
    const qty = (yes ?? no)?.qty;
    if (qty === undefined) {
      abandoned.push(e.id);
      continue;
    }
    const closes = orders.filter((x) => x.role === 'close').map((x) => x.order);
    resume.push({
      executionId: e.id,
      req: e.req,
      state: {
        qty,
        legs: { yes: leg(yes, known), no: leg(no, known) },
        close: closeOf(closes, known)
      }
    });
  }
  return { resume, abandoned };
}
