import {
  absQty,
  addMicros,
  addQty,
  negMicros,
  subQty,
  sumMicros,
  ZERO_MICROS,
  ZERO_QTY,
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
  /** Net contracts held per venue and side (buys − sells). */
  readonly held: Record<`${Venue}:${Side}`, Qty>;
  /** YES held − NO held across venues: the unhedged exposure (positive = long YES). */
  readonly exposure: Qty;
  /** Cash out for buys − cash in for sells + fees, over the market's life. */
  readonly netCash: Micros;
}

/** Aggregate the CLI summary and the position table are built from. */
export interface BookSummary {
  readonly opportunitiesSeen: number;
  readonly resultsByCode: Record<string, number>;
  readonly fills: number;
  readonly matchedContracts: Qty;
  readonly realizedPnl: Micros;
  readonly fees: Micros;
  /** Σ |exposure| over markets, contracts. */
  readonly openExposure: Qty;
  readonly positions: readonly MarketPosition[];
}

type Mutable = {
  marketId: number;
  pairId: string;
  held: Record<`${Venue}:${Side}`, Qty>;
  netCash: Micros;
};

/**
 * Folds `fills$` and `results$` into positions, P&L and outcome counts. Positions come from
 * fills; realized P&L from results (each execution accounts for its own fills and closes).
 */
export class PositionBook {
  private readonly markets = new Map<number, Mutable>();
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
        held: {
          'kalshi:yes': ZERO_QTY,
          'kalshi:no': ZERO_QTY,
          'polymarket:yes': ZERO_QTY,
          'polymarket:no': ZERO_QTY
        },
        netCash: ZERO_MICROS
      };
      this.markets.set(f.marketId, m);
    }
    const key = `${f.platform}:${f.side}` as const;
    const buy = f.action === 'buy';
    m.held[key] = buy ? addQty(m.held[key], f.contracts) : subQty(m.held[key], f.contracts);
    const cash = buy ? f.notional : negMicros(f.notional);
    m.netCash = sumMicros(m.netCash, cash, f.fee);
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
    const positions = [...this.markets.values()].map((m) => {
      const yes = addQty(m.held['kalshi:yes'], m.held['polymarket:yes']);
      const no = addQty(m.held['kalshi:no'], m.held['polymarket:no']);
      return { ...m, held: { ...m.held }, exposure: subQty(yes, no) };
    });
    return {
      opportunitiesSeen: this.seen,
      resultsByCode: { ...this.byCode },
      fills: this.fillCount,
      matchedContracts: this.matched,
      realizedPnl: this.pnl,
      fees: this.fees,
      openExposure: positions.reduce((s, p) => addQty(s, absQty(p.exposure)), ZERO_QTY),
      positions
    };
  }
}
