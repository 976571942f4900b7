/**
 * Whether the engine can open new positions, and why not: one answer derived from the
 * breaker's status and the holds other components place (balance too low, a market held for
 * reconciliation). What the inspector's badge, `twinleg status`, the metrics and the
 * state-change log lines all show, so they never disagree.
 */
import {
  CONTRACT,
  dollars,
  formatQty,
  formatUsd,
  maxMicros,
  maxQty,
  subMicros,
  subQty,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty
} from '../../core/index.js';
import type { BreakerStatus } from '../circuitBreaker/index.js';

/**
 * - `TRADING`: new entries are taken (some markets may still be held; see `marketHolds`).
 * - `LIMIT_REACHED`: a total position limit leaves less than one pair; entries resume as
 *   positions settle or close.
 * - `HALTED`: a halt (cooldown, daily loss, operator) or a global hold (balance too low)
 *   blocks every entry.
 * - `DISABLED`: the breaker is off: entries are taken and no limit is enforced.
 */
export type TradingMode = 'TRADING' | 'LIMIT_REACHED' | 'HALTED' | 'DISABLED';

/** A stop placed outside the breaker, for every market (`marketId` null) or one. */
export interface TradingHold {
  readonly kind: 'balance_low' | 'reconciliation' | 'market_closing';
  readonly marketId: number | null;
  readonly detail: string;
}

/** Capacity of one total limit. */
export interface LimitUse<T> {
  readonly used: T;
  readonly limit: T;
  readonly left: T;
}

/** The engine's trading state at one instant. */
export interface TradingState {
  readonly mode: TradingMode;
  /** Why entries are paused (empty when `TRADING` or `DISABLED`); the first is the headline. */
  readonly reasons: readonly string[];
  /** Holds that block single markets only (trading goes on elsewhere). */
  readonly marketHolds: readonly TradingHold[];
  readonly contracts: LimitUse<Qty>;
  readonly dollarsAtRisk: LimitUse<Micros>;
}

/** The most one pair can cost: below this much dollar capacity no pair fits. */
const PAIR_CEILING = dollars(1);

/** Derives the trading state; pure. */
export function tradingStateOf(b: BreakerStatus, holds: readonly TradingHold[] = []): TradingState {
  const contracts = {
    used: b.totals.contracts,
    limit: b.config.maxTotalPosition,
    left: maxQty(subQty(b.config.maxTotalPosition, b.totals.contracts), ZERO_QTY)
  };
  const usdLeft = subMicros(b.config.maxTotalPositionUsd, b.totals.costBasis);
  const dollarsAtRisk = {
    used: b.totals.costBasis,
    limit: b.config.maxTotalPositionUsd,
    left: maxMicros(usdLeft, ZERO_MICROS)
  };
  const marketHolds = holds.filter((h) => h.marketId !== null);
  const global = holds.filter((h) => h.marketId === null).map((h) => h.detail);
  const base = { marketHolds, contracts, dollarsAtRisk };
  if (!b.enabled) return { ...base, mode: global.length ? 'HALTED' : 'DISABLED', reasons: global };
  const halts = b.halts.map((h) => h.detail);
  if (halts.length || global.length)
    return { ...base, mode: 'HALTED', reasons: [...halts, ...global] };
  const limits: string[] = [];
  if (contracts.left < CONTRACT)
    limits.push(
      `total position limit reached: ${formatQty(contracts.used)}/${formatQty(contracts.limit)} contracts`
    );
  if (dollarsAtRisk.left < PAIR_CEILING)
    limits.push(
      `total dollars-at-risk limit reached: ${formatUsd(dollarsAtRisk.used)}/${formatUsd(dollarsAtRisk.limit)}`
    );
  if (limits.length) return { ...base, mode: 'LIMIT_REACHED', reasons: limits };
  return { ...base, mode: 'TRADING', reasons: [] };
}

/**
 * Whether new entries on `marketId` can be taken in state `s`: trading (or the breaker off)
 * and the market not held. A detector asks it so it does not offer what the engine refuses.
 */
export function takesEntries(s: TradingState, marketId: number): boolean {
  if (s.mode !== 'TRADING' && s.mode !== 'DISABLED') return false;
  return !s.marketHolds.some((h) => h.marketId === marketId);
}

/** A one-line summary (`LIMIT_REACHED: total position limit reached: 500/500 contracts`). */
export function describeTradingState(s: TradingState): string {
  const cap = `${formatQty(s.contracts.left)} contracts and ${formatUsd(s.dollarsAtRisk.left)} left`;
  if (s.mode === 'TRADING') return `TRADING (${cap})`;
  if (s.mode === 'DISABLED') return 'DISABLED (breaker off: no limits enforced)';
  return `${s.mode}: ${s.reasons.join('; ')}`;
}
