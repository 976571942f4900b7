/**
 * The execution's output (its result without latency), built from its final context: matched
 * contracts, realized P&L after fees and closes, what is left unhedged, and a summary per leg.
 */
import {
  absQty,
  maxQty,
  minQty,
  mulDiv,
  payout,
  subMicros,
  subQty,
  sumMicros,
  type Micros,
  type Qty,
  ZERO_MICROS,
  ZERO_QTY
} from '../core/index.js';
import { legFilled } from './executionLogic.js';
import type { ExecutionContext, ExecutionOutput, LegState } from './executionTypes.js';

/** The leg's cost of its `matched` contracts: its notional pro rata. */
function matchedCost(l: LegState, matched: Qty): Micros {
  const filled = legFilled(l);
  if (filled === 0 || matched === 0) return ZERO_MICROS;
  return mulDiv(l.outcome?.notional ?? ZERO_MICROS, matched, filled, 'half-up');
}

/** Builds the execution's output from its final context. */
export function buildOutput(ctx: ExecutionContext): ExecutionOutput {
  const { yes, no } = ctx.legs;
  const y = legFilled(yes);
  const n = legFilled(no);
  const unresolved = yes.unresolved || no.unresolved;
  const matched = unresolved ? ZERO_QTY : minQty(y, n);
  const entryFees = sumMicros(yes.outcome?.fee ?? ZERO_MICROS, no.outcome?.fee ?? ZERO_MICROS);
  const c = ctx.close;
  // each closed contract gives up its basis: a sold one for the sale's proceeds, a hedged one
  // for the $1 its pair pays (netted at once on Kalshi, else at resolution) minus the hedge cost
  const closePnl = c
    ? subMicros(
        sumMicros(c.proceeds, subMicros(payout(c.hedged), c.hedgeCost)),
        sumMicros(
          c.closed > 0 && c.basisQty > 0
            ? mulDiv(c.basisNotional, c.closed, c.basisQty, 'half-up')
            : ZERO_MICROS,
          c.fee
        )
      )
    : ZERO_MICROS;
  // matched pairs pay $1 a contract at settlement, whichever side wins
  const realizedProfit = sumMicros(
    subMicros(payout(matched), sumMicros(matchedCost(yes, matched), matchedCost(no, matched))),
    subMicros(closePnl, entryFees)
  );
  const unhedged = unresolved ? maxQty(y, n) : c ? c.remaining : absQty(subQty(y, n));
  const legSummary = (l: LegState) => ({
    venue: l.venue,
    requested: l.order?.qty ?? ZERO_QTY,
    filled: legFilled(l),
    notional: l.outcome?.notional ?? ZERO_MICROS,
    fee: l.outcome?.fee ?? ZERO_MICROS,
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
    closedContracts: c?.closed ?? ZERO_QTY,
    legs: { yes: legSummary(yes), no: legSummary(no) }
  };
  return ctx.detail !== null ? { ...base, detail: ctx.detail } : base;
}
