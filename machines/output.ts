/**
 * The execution's output (its result without latency), built from its final context: matched
 * contracts, realized P&L after fees and closes, what is left unhedged, and a summary per leg.
 */
import { mulDiv, type Qty } from '../core/index.js';
import { legFilled } from './executionLogic.js';
import type { ExecutionContext, ExecutionOutput, LegState } from './executionTypes.js';

function matchedCost(l: LegState, matched: Qty): number {
  const filled = legFilled(l);
  if (filled === 0 || matched === 0) return 0;
  return mulDiv(l.outcome?.notional ?? 0, matched, filled, 'half-up');
}

/** Builds the execution's output from its final context. */
export function buildOutput(ctx: ExecutionContext): ExecutionOutput {
  const { yes, no } = ctx.legs;
  const y = legFilled(yes);
  const n = legFilled(no);
  const unresolved = yes.unresolved || no.unresolved;
  const matched = unresolved ? 0 : Math.min(y, n);
  const entryFees = (yes.outcome?.fee ?? 0) + (no.outcome?.fee ?? 0);
  const c = ctx.close;
  const closePnl =
    c && c.closed > 0
      ? c.proceeds - mulDiv(c.basisNotional, c.closed, c.basisQty, 'half-up') - c.fee
      : (c?.proceeds ?? 0) - (c?.fee ?? 0);
  const realizedProfit =
    matched - matchedCost(yes, matched) - matchedCost(no, matched) - entryFees + closePnl;
  const unhedged = unresolved ? Math.max(y, n) : c ? c.remaining : Math.abs(y - n);
  const legSummary = (l: LegState) => ({
    venue: l.venue,
    requested: l.order?.qty ?? 0,
    filled: legFilled(l),
    notional: l.outcome?.notional ?? 0,
    fee: l.outcome?.fee ?? 0,
    status: l.unresolved
      ? 'unresolved'
      : (l.outcome?.status ?? (l.order ? 'awaiting_answer' : 'not_sent'))
  });
  const base = {
    executionId: ctx.executionId,
    marketId: ctx.req.marketId,
    success: ctx.error === null,
    error: ctx.error,
    matchedContracts: matched,
    realizedProfit,
    unhedgedContracts: unhedged,
    closedContracts: c?.closed ?? 0,
    legs: { yes: legSummary(yes), no: legSummary(no) }
  };
  return ctx.detail !== null ? { ...base, detail: ctx.detail } : base;
}
