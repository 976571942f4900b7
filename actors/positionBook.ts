import {
  absQty,
  addMicros,
  addQty,
  heldBy,
  negMicros,
  netExposure,
  payout,
  PnlBook,
  quantitiesOf,
  subMicros,
  sumMicros,
  ZERO_MICROS,
  ZERO_QTY,
  type VenueHoldings,
  type ExecutionResult,
  type FillRecord,
  type Micros,
  type Qty,
  type Side,
  type Venue
} from '../core/index.js';

/** Net holdings of one market, derived from fills only (never a second truth). */
export interface MarketPosition {
  readonly marketId: number;
  readonly pairId: string;
  /** Contracts held per venue and side, as the venue holds them (Kalshi: its net's side). */
  readonly held: Record<`${Venue}:${Side}`, Qty>;
  /** The holdings as the venues keep them (Kalshi signed net, Polymarket tokens). */
  readonly venues: VenueHoldings;
  /** Real net exposure across venues (`kalshiNet + polyYes − polyNo`; positive = long YES). */
  readonly exposure: Qty;
  /**
   * Cash out for buys − cash in for sells + fees − $1 per pair Kalshi netted, over the
   * market's life.
   */
  readonly netCash: Micros;
}

/** Aggregate the CLI summary and the position table are built from. */
export interface BookSummary {
  readonly opportunitiesSeen: number;
  readonly resultsByCode: Record<string, number>;
  readonly fills: number;
  readonly matchedContracts: Qty;
  /** Final P&L: sales, Kalshi netting and settlements, minus every fee (see core `pnlOf`). */
  readonly realizedPnl: Micros;
  /** Hedged pairs held: $1 each at resolution minus their cost. */
  readonly lockedInPnl: Micros;
  /** Cost of the contracts not hedged by the other side. */
  readonly unhedgedCost: Micros;
  /** What the executions expected to earn (Σ results' profit at their prices, after fees). */
  readonly executionsPnl: Micros;
  readonly fees: Micros;
  /** Σ |exposure| over markets, contracts. */
  readonly openExposure: Qty;
  readonly positions: readonly MarketPosition[];
}

type Mutable = {
  marketId: number;
  pairId: string;
  netCash: Micros;
};

/**
 * Folds `fills$` and `results$` into positions, P&L and outcome counts. Positions and the
 * P&L split (realized, locked-in, unhedged) come from fills; the executions' expected P&L and
 * the outcome counts from results.
 */
export class PositionBook {
  private readonly markets = new Map<number, Mutable>();
  private readonly book = new PnlBook();
  private readonly byCode: Record<string, number> = {};
  private seen = 0;
  private fillCount = 0;
  private matched = ZERO_QTY;
  private pnl = ZERO_MICROS;
  private fees = ZERO_MICROS;

  /** Records one fill. */
  onFill(f: FillRecord): void {
    let m = this.markets.get(f.marketId);
    if (!m) {
      m = {
        marketId: f.marketId,
        pairId: f.pairId,
        netCash: ZERO_MICROS
      };
      this.markets.set(f.marketId, m);
    }
    const step = this.book.apply({ ...f, venue: f.platform });
    const cash = f.action === 'buy' ? f.notional : negMicros(f.notional);
    m.netCash = subMicros(sumMicros(m.netCash, cash, f.fee), payout(step.netted));
    this.fillCount++;
    this.fees = addMicros(this.fees, f.fee);
  }

  /** Records one result. */
  onResult(r: ExecutionResult): void {
    this.seen++;
    const code = r.error ?? 'success';
    this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    this.matched = addQty(this.matched, r.matchedContracts);
    this.pnl = addMicros(this.pnl, r.realizedProfit);
  }

  /** Current summary. */
  summary(): BookSummary {
    const positions = [...this.markets.values()].map((m): MarketPosition => {
      const h = this.book.holdings(m.marketId);
      return {
        marketId: m.marketId,
        pairId: m.pairId,
        held: {
          'kalshi:yes': heldBy(h, 'kalshi', 'yes'),
          'kalshi:no': heldBy(h, 'kalshi', 'no'),
          'polymarket:yes': heldBy(h, 'polymarket', 'yes'),
          'polymarket:no': heldBy(h, 'polymarket', 'no')
        },
        venues: quantitiesOf(h),
        exposure: netExposure(h),
        netCash: m.netCash
      };
    });
    const pnl = this.book.total();
    return {
      opportunitiesSeen: this.seen,
      resultsByCode: { ...this.byCode },
      fills: this.fillCount,
      matchedContracts: this.matched,
      realizedPnl: pnl.realized,
      lockedInPnl: pnl.lockedIn,
      unhedgedCost: pnl.unhedgedCost,
      executionsPnl: this.pnl,
      fees: this.fees,
      openExposure: positions.reduce((s, p) => addQty(s, absQty(p.exposure)), ZERO_QTY),
      positions
    };
  }
}
