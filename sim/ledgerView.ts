/**
 * What the engine's records say, compared with the truth: a fill against the venue's, which
 * orders the engine flagged as unresolved (it gave up learning their outcome and said so), and
 * which executions were flagged (order_unresolved, or contracts left unhedged).
 */
import type { SimFill } from '../adapters/venues/simulated/index.js';
import { isTerminal, type ExecutionResult, type FillRecord } from '../core/index.js';
import type { SimJournal } from './journal.js';

/** Whether a result flags open exposure (the engine said: a human must look). */
export function flags(r: ExecutionResult): boolean {
  return r.error === 'order_unresolved' || r.unhedgedContracts > 0;
}

/**
 * Client order ids of orders sent by flagged executions whose outcome the engine never
 * learned: their fills may legitimately be missing from the engine's record.
 */
export function unresolvedOrders(
  journal: SimJournal,
  results: ReadonlyMap<string, ExecutionResult>
): Set<string> {
  const terminal = new Set<string>();
  for (const e of journal.entries) {
    if (e.k === 'outcome' && isTerminal(e.outcome.status)) terminal.add(e.ref.clientOrderId);
  }
  const out = new Set<string>();
  for (const e of journal.entries) {
    if (e.k !== 'intent' || terminal.has(e.order.clientOrderId)) continue;
    const r = results.get(e.order.executionId);
    if (r && flags(r)) out.add(e.order.clientOrderId);
  }
  return out;
}

/** Why an engine fill is not the venue's fill of that order (null: it is, exactly). */
export function fillProblem(f: FillRecord, truth: SimFill | undefined): string | null {
  if (!truth) return `engine recorded a fill of ${f.clientOrderId} that ${f.platform} never made`;
  const same =
    truth.qty === f.contracts &&
    truth.notional === f.notional &&
    truth.fee === f.fee &&
    truth.side === f.side &&
    truth.action === f.action;
  if (same) return null;
  const mine = `${f.contracts}/${f.notional}/${f.fee}`;
  return `fill of ${f.clientOrderId} differs from the venue's (${mine} vs ${truth.qty}/${truth.notional}/${truth.fee})`;
}
