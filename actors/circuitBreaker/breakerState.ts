/**
 * The breaker's protection state and its transitions, as pure functions: (state, facts) →
 * (state, notices). No clock, no logger; the caller passes the time and turns notices into
 * log lines. Expiries are checked by {@link tick} on the next opportunity (no timers).
 */
import {
  addMicros,
  negMicros,
  ZERO_MICROS,
  type Micros,
  type RiskBlock
} from '../../core/index.js';
import type { BreakerConfig } from './breakerConfig.js';

/** Protection state (immutable; every transition returns a new one). */
export interface BreakerState {
  readonly consecutiveErrors: number;
  /** End of the consecutive-error halt (engine clock, ns), or null. */
  readonly cooldownUntilNs: number | null;
  /** Halts by consecutive errors since start. */
  readonly trips: number;
  /** Operator halt reason, or null. */
  readonly manualHalt: string | null;
  readonly day: number;
  /** Realized P&L of the trading day, micro-dollars. */
  readonly dailyPnl: Micros;
  /** The daily loss limit tripped this day (sticky until the next day). */
  readonly dailyLimitHit: boolean;
  /** Consecutive mismatches per market (markets below the blacklist threshold). */
  readonly mismatches: ReadonlyMap<number, number>;
  /** Blacklisted markets → end of blacklist (ns). */
  readonly blacklist: ReadonlyMap<number, number>;
}

/** Something worth a log line, produced by a transition. */
export type Notice =
  | { readonly type: 'mismatch'; readonly marketId: number; readonly count: number }
  | { readonly type: 'blacklisted'; readonly marketId: number; readonly count: number }
  | { readonly type: 'reenabled'; readonly marketId: number }
  | { readonly type: 'halted'; readonly errors: number }
  | { readonly type: 'cooldownLifted' }
  | { readonly type: 'dailyLimit'; readonly pnl: Micros }
  | { readonly type: 'newDay'; readonly previousPnl: Micros; readonly wasHit: boolean }
  | { readonly type: 'manualHalt'; readonly reason: string }
  | { readonly type: 'resumed' };

/** A transition's result. */
export interface Step {
  readonly state: BreakerState;
  readonly notices: readonly Notice[];
}

/** What the breaker takes from one execution result. */
export interface ResultFacts {
  readonly marketId: number;
  /** Both legs filled equally (a matched fill): resets both counters. */
  readonly success: boolean;
  /** The code counts as an error (registry's `countsAsError`). */
  readonly countsAsError: boolean;
  /** Legs filled unequally (`partial_fill`) or contracts left unhedged. */
  readonly mismatch: boolean;
}

/** The state at start-up for trading day `day`. */
export function initialState(day: number): BreakerState {
  return {
    consecutiveErrors: 0,
    cooldownUntilNs: null,
    trips: 0,
    manualHalt: null,
    day,
    dailyPnl: ZERO_MICROS,
    dailyLimitHit: false,
    mismatches: new Map(),
    blacklist: new Map()
  };
}

const MS = 1_000_000;

/** Lifts expired halts and blacklists, and rolls the trading day forward (never back). */
export function tick(s: BreakerState, nowNs: number, day: number): Step {
  const notices: Notice[] = [];
  let next = s;
  if (s.cooldownUntilNs !== null && nowNs >= s.cooldownUntilNs) {
    next = { ...next, cooldownUntilNs: null };
    notices.push({ type: 'cooldownLifted' });
  }
  const expired = [...s.blacklist].filter(([, until]) => nowNs >= until).map(([id]) => id);
  if (expired.length > 0) {
    const blacklist = new Map(s.blacklist);
    for (const id of expired) {
      blacklist.delete(id);
      notices.push({ type: 'reenabled', marketId: id });
    }
    next = { ...next, blacklist };
  }
  if (day > s.day) {
    notices.push({ type: 'newDay', previousPnl: s.dailyPnl, wasHit: s.dailyLimitHit });
    next = { ...next, day, dailyPnl: ZERO_MICROS, dailyLimitHit: false };
  }
  return { state: next, notices };
}

/** Adds realized P&L to the day; trips the daily limit when it falls below `−maxDailyLoss`. */
export function addPnl(s: BreakerState, delta: Micros, cfg: BreakerConfig): Step {
  if (delta === 0) return { state: s, notices: [] };
  const dailyPnl = addMicros(s.dailyPnl, delta);
  const trip = !s.dailyLimitHit && dailyPnl < negMicros(cfg.maxDailyLoss);
  return {
    state: { ...s, dailyPnl, dailyLimitHit: s.dailyLimitHit || trip },
    notices: trip ? [{ type: 'dailyLimit', pnl: dailyPnl }] : []
  };
}

/**
 * Records one result: a matched fill resets the error count and the market's mismatch count
 * (an active blacklist stays); a counted error or mismatch increments the error count and may
 * halt; a mismatch increments the market's count and may blacklist it.
 */
export function recordResult(
  s: BreakerState,
  r: ResultFacts,
  nowNs: number,
  cfg: BreakerConfig
): Step {
  const notices: Notice[] = [];
  let next = s;
  if (r.success) {
    const mismatches = new Map(s.mismatches);
    mismatches.delete(r.marketId);
    return { state: { ...s, consecutiveErrors: 0, mismatches }, notices };
  }
  if (r.mismatch) {
    const count = (s.mismatches.get(r.marketId) ?? 0) + 1;
    const mismatches = new Map(s.mismatches);
    if (count >= cfg.blacklistThreshold) {
      mismatches.delete(r.marketId);
      const blacklist = new Map(s.blacklist);
      const until = Math.max(s.blacklist.get(r.marketId) ?? 0, nowNs + cfg.blacklistMs * MS);
      blacklist.set(r.marketId, until);
      next = { ...next, mismatches, blacklist };
      notices.push({ type: 'blacklisted', marketId: r.marketId, count });
    } else {
      mismatches.set(r.marketId, count);
      next = { ...next, mismatches };
      notices.push({ type: 'mismatch', marketId: r.marketId, count });
    }
  }
  if (r.countsAsError || r.mismatch) {
    const errors = s.consecutiveErrors + 1;
    if (errors >= cfg.maxConsecutiveErrors) {
      const until = Math.max(s.cooldownUntilNs ?? 0, nowNs + cfg.cooldownMs * MS);
      next = { ...next, consecutiveErrors: 0, cooldownUntilNs: until, trips: s.trips + 1 };
      notices.push({ type: 'halted', errors });
    } else {
      next = { ...next, consecutiveErrors: errors };
    }
  }
  return { state: next, notices };
}

/** Operator halt (stays until {@link resume}). */
export function halt(s: BreakerState, reason: string): Step {
  return { state: { ...s, manualHalt: reason }, notices: [{ type: 'manualHalt', reason }] };
}

/**
 * Operator resume: lifts the manual halt and an error cooldown and clears the error count.
 * Blacklists and the daily loss limit stay (they expire on their own).
 */
export function resume(s: BreakerState): Step {
  return {
    state: { ...s, manualHalt: null, cooldownUntilNs: null, consecutiveErrors: 0 },
    notices: [{ type: 'resumed' }]
  };
}

/** Why a market is blocked now (first of: blacklist, cooldown, manual halt, daily loss). */
export function blockOf(
  s: BreakerState,
  marketId: number
): { readonly blocked: RiskBlock; readonly detail: string } | null {
  if (s.blacklist.has(marketId)) {
    return { blocked: 'blacklisted', detail: 'market blacklisted after consecutive mismatches' };
  }
  if (s.cooldownUntilNs !== null) {
    return { blocked: 'cooldown', detail: 'halted after consecutive errors; cooldown active' };
  }
  if (s.manualHalt !== null)
    return { blocked: 'circuit_breaker', detail: `manual halt: ${s.manualHalt}` };
  if (s.dailyLimitHit) {
    return {
      blocked: 'circuit_breaker',
      detail: 'daily loss limit reached; blocked until next trading day'
    };
  }
  return null;
}
