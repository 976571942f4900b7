/**
 * Each venue's cash as last read, less what this run spent since (buys: notional + fee) and
 * what executions in flight may still spend (reserved at `assess`, released at their result).
 * Sells add nothing until the next read (conservative). Below the minimum a venue places a
 * global `balance_low` hold: new entries stop, closes go on. Crossing the minimum is logged
 * once each way at info (the trading watch logs the hold itself at warn).
 */
import {
  addMicros,
  formatUsd,
  maxMicros,
  subMicros,
  ZERO_MICROS,
  type FillRecord,
  type Logger,
  type Micros,
  type Venue
} from '../../core/index.js';
import type { TradingHold } from '../tradingState/index.js';
import type { VenueCash } from './affordable.js';

const NAME: Record<Venue, string> = { kalshi: 'Kalshi', polymarket: 'Polymarket' };
const VENUES = ['kalshi', 'polymarket'] as const;

/** Cash per venue, as read and as left for new entries. */
export class BalanceBook {
  private readonly read: Record<Venue, Micros | null> = { kalshi: null, polymarket: null };
  private readonly spent: Record<Venue, Micros> = { kalshi: ZERO_MICROS, polymarket: ZERO_MICROS };
  private readonly reserved = new Map<number, Record<Venue, Micros>>();
  /** The hold's detail per venue below the minimum (fixed at the crossing). */
  private readonly below: Record<Venue, string | null> = { kalshi: null, polymarket: null };

  constructor(
    /** Per venue; below it a global hold stops new entries. */
    readonly minimum: Micros,
    private readonly log: Logger
  ) {}

  /** A fresh read of `venue`'s cash: replaces the estimate (spending since is forgotten). */
  set(venue: Venue, cash: Micros): void {
    this.read[venue] = cash;
    this.spent[venue] = ZERO_MICROS;
    this.check(venue);
  }

  /** Cash last read, null before the first read. */
  lastRead(venue: Venue): Micros | null {
    return this.read[venue];
  }

  /** Read cash less spending since (null: never read). */
  estimate(venue: Venue): Micros | null {
    const r = this.read[venue];
    return r === null ? null : maxMicros(subMicros(r, this.spent[venue]), ZERO_MICROS);
  }

  /** What new entries may spend per venue: the estimate less reservations (null: unknown). */
  available(): VenueCash {
    const out: Record<Venue, Micros | null> = { kalshi: null, polymarket: null };
    for (const v of VENUES) {
      const e = this.estimate(v);
      if (e === null) continue;
      let left = e;
      for (const r of this.reserved.values()) left = subMicros(left, r[v]);
      out[v] = maxMicros(left, ZERO_MICROS);
    }
    return out;
  }

  /** Reserves what an execution on `marketId` may spend (replaces its previous reservation). */
  reserve(marketId: number, cost: Record<Venue, Micros>): void {
    this.reserved.set(marketId, cost);
  }

  /** Drops the reservation of `marketId` (its result arrived). */
  release(marketId: number): void {
    this.reserved.delete(marketId);
  }

  /** A fill: a buy spends its notional and fee. */
  onFill(f: FillRecord): void {
    if (f.action !== 'buy') return;
    this.spent[f.platform] = addMicros(this.spent[f.platform], addMicros(f.notional, f.fee));
    this.check(f.platform);
  }

  /** The global holds of venues below the minimum. */
  holds(): TradingHold[] {
    const out: TradingHold[] = [];
    for (const v of VENUES) {
      const detail = this.below[v];
      if (detail !== null) out.push({ kind: 'balance_low', marketId: null, detail });
    }
    return out;
  }

  private check(venue: Venue): void {
    const e = this.estimate(venue);
    if (e === null) return;
    const min = formatUsd(this.minimum);
    const was = this.below[venue];
    if (e < this.minimum && was === null) {
      const detail = `${NAME[venue]} balance ${formatUsd(e)} below the ${min} minimum`;
      this.below[venue] = detail; // the trading watch logs the hold once ('[CB] ⚠️ …')
      this.log.info({ venue, balance: e, minimum: this.minimum }, `balances: ${detail}`);
    } else if (e >= this.minimum && was !== null) {
      this.below[venue] = null;
      this.log.info(
        { venue, balance: e, minimum: this.minimum },
        `[CB] ✅ ${NAME[venue]} balance ${formatUsd(e)} back above the ${min} minimum`
      );
    }
  }
}
