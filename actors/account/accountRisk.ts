/**
 * The risk port with the accounts in front of it: a market held (reconciliation, a global
 * `balance_low`, …) is answered `circuit_breaker` with the hold's detail before the breaker
 * is asked; otherwise the breaker's capacity is capped by what each venue's cash pays for
 * (leg price + taker fee per contract), and that spending is reserved until the result.
 * Closes never pass `assess`, so no hold and no balance ever blocks one.
 */
import {
  CONTRACT,
  floorToContracts,
  formatUsd,
  minQty,
  ZERO_MICROS,
  ZERO_QTY,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type MarketPair,
  type Qty,
  type RiskPort,
  type RiskVerdict,
  type VenueHoldings
} from '../../core/index.js';
import type { TradingHold } from '../tradingState/index.js';
import { affordable, legCost } from './affordable.js';
import type { BalanceBook } from './balanceBook.js';

/** Options of {@link AccountRisk}. */
export interface AccountRiskOptions {
  /** Every hold now (global ones have `marketId` null). */
  readonly holds: () => readonly TradingHold[];
  /** Cash per venue; absent: no balance cap. */
  readonly balances?: BalanceBook;
}

/**
 * A {@link RiskPort} decorator: holds and balances first, then `inner` (the breaker). Fills,
 * results, resumes and holdings reach `inner` unchanged.
 */
export function accountRisk(inner: RiskPort, o: AccountRiskOptions): RiskPort {
  const book = o.balances;
  const assess = (req: FastExecutionRequest, market: MarketPair): RiskVerdict => {
    const id = market.marketId;
    const hold = o.holds().find((h) => h.marketId === null || h.marketId === id);
    if (hold) return { blocked: 'circuit_breaker', detail: hold.detail, capacity: ZERO_QTY };
    const cash = book?.available();
    const wanted = floorToContracts(minQty(req.yesSize, req.noSize));
    const afford = cash ? affordable(req, market, cash, wanted) : null;
    if (afford && afford.qty !== null && afford.qty < CONTRACT) {
      const v = afford.venue ?? 'kalshi';
      const left = cash?.[v] ?? ZERO_MICROS;
      return {
        blocked: 'circuit_breaker',
        detail: `${v} balance ${formatUsd(left)} pays for no contract at these prices`,
        capacity: ZERO_QTY
      };
    }
    const verdict = inner.assess(req, market);
    if (verdict.blocked !== null || !afford || afford.qty === null || !book) return verdict;
    const capacity = minQty(verdict.capacity, afford.qty);
    const q: Qty = floorToContracts(minQty(capacity, wanted));
    book.reserve(
      id,
      q === wanted
        ? afford.costOfWanted
        : {
            kalshi: legCost(req, market, 'kalshi', q),
            polymarket: legCost(req, market, 'polymarket', q)
          }
    );
    return { ...verdict, capacity };
  };
  const port: RiskPort = {
    assess,
    onFill: (fill: FillRecord) => {
      inner.onFill(fill);
      book?.onFill(fill);
    },
    onResult: (result: ExecutionResult) => {
      inner.onResult(result);
      book?.release(result.marketId);
    }
  };
  const resume = inner.onResume?.bind(inner);
  const holdings = inner.holdings?.bind(inner);
  return {
    ...port,
    ...(resume ? { onResume: resume } : {}),
    ...(holdings ? { holdings: (id: number): VenueHoldings | null => holdings(id) } : {})
  };
}
