/**
 * The source design's log lines, in one place: `[EXEC] 📡` detected, `🏃` dry run, `✅` success,
 * `⚠️` warning (mismatch, capped), `🚫` blacklisted, `❌` error, `🔄` auto-close, and the circuit
 * breaker's `[CB]` lines (written by the breaker). Objects carry ids, prices and sizes only.
 */
import {
  ERRORS,
  formatCents,
  formatQty,
  formatUsd,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Logger
} from '../core/index.js';
import type { ExecutionEmitted } from '../machines/executionTypes.js';

/** Logs a claimed opportunity. */
export function logDetected(log: Logger, id: string, req: FastExecutionRequest): void {
  log.info(
    {
      executionId: id,
      marketId: req.marketId,
      arbType: req.arbType,
      yes: req.yesPrice,
      no: req.noPrice
    },
    `[EXEC] 📡 arb detected market=${req.marketId} ${req.arbType} YES ${formatCents(req.yesPrice)} + NO ${formatCents(req.noPrice)}`
  );
}

/** Logs a progress event emitted by an execution. */
export function logEmitted(log: Logger, id: string, marketId: number, ev: ExecutionEmitted): void {
  const base = { executionId: id, marketId };
  switch (ev.type) {
    case 'capped':
      log.warn(
        { ...base, wanted: ev.wanted, capacity: ev.capacity, qty: ev.qty },
        `[EXEC] ⚠️ capped market=${marketId} ${formatQty(ev.wanted)} → ${formatQty(ev.qty)} contracts`
      );
      return;
    case 'mismatch':
      log.warn(
        { ...base, yesFilled: ev.yesFilled, noFilled: ev.noFilled, excess: ev.excess },
        `[EXEC] ⚠️ fill mismatch market=${marketId} YES ${formatQty(ev.yesFilled)} vs NO ${formatQty(ev.noFilled)}; auto-closing ${formatQty(ev.excess)} ${ev.side.toUpperCase()} on ${ev.venue}`
      );
      return;
    case 'closeAttempt':
      log.info(
        { ...base, attempt: ev.attempt, price: ev.price, qty: ev.qty, venue: ev.venue },
        `[EXEC] 🔄 auto-close #${ev.attempt} ${ev.action === 'buy' ? 'hedge buy' : 'sell'} ${formatQty(ev.qty)} ${ev.side.toUpperCase()} @ ${formatCents(ev.price)} on ${ev.venue}`
      );
      return;
    case 'legUnknown':
      log.warn(
        { ...base, side: ev.side, venue: ev.venue, reason: ev.reason },
        `[EXEC] ⚠️ ${ev.side.toUpperCase()} leg on ${ev.venue} outcome unknown (${ev.reason}); reconciling`
      );
      return;
    case 'orderLate':
      log.warn(
        { ...base, of: ev.of, venue: ev.venue, clientOrderId: ev.clientOrderId },
        `[EXEC] ⚠️ ${ev.of === 'close' ? 'close' : `${ev.of.toUpperCase()} leg`} order ${ev.clientOrderId} on ${ev.venue} still unknown after ${ev.afterMs / 1000} s; looking it up until ${ev.deadlineMs / 1000} s`
      );
      return;
    case 'fill':
      return;
  }
}

/** Logs one fill. */
export function logFill(log: Logger, f: FillRecord): void {
  log.info(
    {
      executionId: f.executionId,
      marketId: f.marketId,
      platform: f.platform,
      side: f.side,
      action: f.action,
      contracts: f.contracts,
      avgPrice: f.avgPrice,
      fee: f.fee,
      orderId: f.orderId
    },
    `[EXEC] fill ${f.action} ${formatQty(f.contracts)} ${f.side.toUpperCase()} @ ${formatCents(f.avgPrice)} on ${f.platform} fee ${formatUsd(f.fee)}`
  );
}

/** Logs a finished execution with the prefix its outcome calls for. */
export function logResult(log: Logger, r: ExecutionResult): void {
  const obj = {
    executionId: r.executionId,
    marketId: r.marketId,
    error: r.error,
    matched: r.matchedContracts,
    profit: r.realizedProfit,
    unhedged: r.unhedgedContracts,
    latencyUs: Math.round(r.latencyNs / 1_000)
  };
  const tail = r.detail ? ` (${r.detail})` : '';
  if (r.error === null) {
    log.info(
      obj,
      `[EXEC] ✅ executed market=${r.marketId} ${formatQty(r.matchedContracts)} matched, profit ${formatUsd(r.realizedProfit)}`
    );
    return;
  }
  switch (r.error) {
    case 'dry_run':
      log.info(obj, `[EXEC] 🏃 dry run market=${r.marketId}: validated and sized, no orders sent`);
      return;
    case 'blacklisted':
      log.info(obj, `[EXEC] 🚫 BLACKLISTED market=${r.marketId} skipped${tail}`);
      return;
    case 'partial_fill':
      if (r.unhedgedContracts > 0) {
        log.error(
          obj,
          `[EXEC] ❌ auto-close incomplete market=${r.marketId}: ${formatQty(r.unhedgedContracts)} contracts UNHEDGED${tail}`
        );
      } else {
        log.warn(
          obj,
          `[EXEC] ⚠️ mismatch closed market=${r.marketId}: ${formatQty(r.matchedContracts)} matched, ${formatQty(r.closedContracts)} closed, P&L ${formatUsd(r.realizedProfit)}`
        );
      }
      return;
    default:
      if (ERRORS[r.error].severity === 'failure') {
        log.error(obj, `[EXEC] ❌ ${r.error} market=${r.marketId}${tail}`);
      } else {
        log.debug(obj, `[EXEC] ❌ ${r.error} market=${r.marketId}${tail}`);
      }
  }
}
