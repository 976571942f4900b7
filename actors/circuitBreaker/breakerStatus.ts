/** The breaker's `status()` snapshot: plain JSON-able data for the inspector and the CLI. */
import {
  addQty,
  addMicros,
  ZERO_QTY,
  ZERO_MICROS,
  type Micros,
  type Qty
} from '../../core/index.js';
import type { BreakerConfig } from './breakerConfig.js';
import type { BreakerState } from './breakerState.js';
import type { DailyClock } from './dailyClock.js';
import { contractsOf, type ExposureBook } from './exposure.js';

/** One active global halt. `until*` are null when it has no fixed end (manual halt). */
export interface HaltStatus {
  readonly kind: 'cooldown' | 'manual' | 'daily_loss';
  readonly detail: string;
  readonly untilNs: number | null;
  readonly untilWallMs: number | null;
}

/** One market's holdings. `contracts` = max(YES, NO); `costBasis` = dollars at risk. */
export interface PositionStatus {
  readonly marketId: number;
  readonly yes: Qty;
  readonly no: Qty;
  readonly contracts: Qty;
  readonly costBasis: Micros;
}

/** A blacklisted market and when it is re-enabled. */
export interface BlacklistStatus {
  readonly marketId: number;
  readonly untilNs: number;
  readonly untilWallMs: number;
  readonly remainingMs: number;
}

/** Everything the breaker knows, at one instant. */
export interface BreakerStatus {
  readonly enabled: boolean;
  /** Some global halt is active (enforced only when `enabled`). */
  readonly halted: boolean;
  /** Why: the first active halt's detail, or null. */
  readonly reason: string | null;
  readonly halts: readonly HaltStatus[];
  readonly consecutiveErrors: number;
  readonly trips: number;
  readonly dailyPnl: Micros;
  readonly dailyLimitHit: boolean;
  readonly tradingDayStartWallMs: number;
  readonly nextResetWallMs: number;
  readonly positions: readonly PositionStatus[];
  readonly totals: { readonly contracts: Qty; readonly costBasis: Micros };
  /** Executions assessed but not finished, with their reserved ceilings. */
  readonly reservations: readonly {
    readonly marketId: number;
    readonly contracts: Qty;
    readonly costBasis: Micros;
  }[];
  readonly mismatches: readonly { readonly marketId: number; readonly count: number }[];
  readonly blacklist: readonly BlacklistStatus[];
  readonly config: BreakerConfig;
}

/** Builds the snapshot (the caller ticks the state first). */
export function buildStatus(
  s: BreakerState,
  book: ExposureBook,
  cfg: BreakerConfig,
  daily: DailyClock,
  now: { readonly ns: number; readonly wallMs: number }
): BreakerStatus {
  const wallOf = (ns: number): number => now.wallMs + Math.ceil((ns - now.ns) / 1_000_000);
  const halts: HaltStatus[] = [];
  if (s.cooldownUntilNs !== null) {
    const untilNs = s.cooldownUntilNs;
    halts.push({
      kind: 'cooldown',
      detail: 'consecutive errors',
      untilNs,
      untilWallMs: wallOf(untilNs)
    });
  }
  if (s.manualHalt !== null)
    halts.push({ kind: 'manual', detail: s.manualHalt, untilNs: null, untilWallMs: null });
  if (s.dailyLimitHit) {
    const next = daily.nextResetAfter(s.day);
    halts.push({
      kind: 'daily_loss',
      detail: 'daily loss limit',
      untilNs: now.ns + (next - now.wallMs) * 1_000_000,
      untilWallMs: next
    });
  }
  const positions = book.positions().map(({ marketId, held }) => ({
    marketId,
    yes: held.yes,
    no: held.no,
    contracts: contractsOf(held),
    costBasis: held.cost
  }));
  return {
    enabled: cfg.enabled,
    halted: halts.length > 0,
    reason: halts[0]?.detail ?? null,
    halts,
    consecutiveErrors: s.consecutiveErrors,
    trips: s.trips,
    dailyPnl: s.dailyPnl,
    dailyLimitHit: s.dailyLimitHit,
    tradingDayStartWallMs: daily.startOf(s.day),
    nextResetWallMs: daily.nextResetAfter(s.day),
    positions,
    totals: {
      contracts: positions.reduce((a, p) => addQty(a, p.contracts), ZERO_QTY),
      costBasis: positions.reduce((a, p) => addMicros(a, p.costBasis), ZERO_MICROS)
    },
    reservations: book.reservations().map(({ marketId, ceiling }) => ({
      marketId,
      contracts: contractsOf(ceiling),
      costBasis: ceiling.cost
    })),
    mismatches: [...s.mismatches].map(([marketId, count]) => ({ marketId, count })),
    blacklist: [...s.blacklist].map(([marketId, untilNs]) => ({
      marketId,
      untilNs,
      untilWallMs: wallOf(untilNs),
      remainingMs: Math.max(0, Math.ceil((untilNs - now.ns) / 1_000_000))
    })),
    config: cfg
  };
}
