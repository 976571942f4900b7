/**
 * The breaker's state as a JSON-able snapshot that survives a restart. Expiries are stored as
 * wall-clock ms (engine-clock nanoseconds mean nothing in the next process) and converted back
 * to the new process's clock on restore; whatever expired in between is dropped.
 */
import { z } from 'zod';
import {
  asMicros,
  asQty,
  sideTotals,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros
} from '../../core/index.js';
import type { BreakerState } from './breakerState.js';
import type { Holding } from './exposure.js';

const int = z.number().int();
const micros = int.transform(asMicros);
const qty = int.transform(asQty);

/** Zod schema of {@link BreakerSnapshot} (a saved state is untrusted input). */
export const BreakerSnapshotSchema = z.object({
  version: z.literal(1),
  savedWallMs: int,
  consecutiveErrors: int.min(0),
  trips: int.min(0),
  cooldownUntilWallMs: int.nullable(),
  manualHalt: z.string().nullable(),
  day: int,
  dailyPnl: micros,
  dailyLimitHit: z.boolean(),
  mismatches: z.array(z.object({ marketId: int, count: int.min(1) })),
  blacklist: z.array(z.object({ marketId: int, untilWallMs: int })),
  /**
   * Per market: contracts and basis per side across venues, and (since venue holdings) the
   * holdings as the venues keep them; a snapshot without `venues` is read as Polymarket tokens.
   */
  positions: z.array(
    z.object({
      marketId: int,
      yes: qty,
      no: qty,
      yesCost: micros,
      noCost: micros,
      venues: z
        .object({
          kalshiNet: qty,
          kalshiBasis: micros,
          polyYes: qty,
          polyYesBasis: micros,
          polyNo: qty,
          polyNoBasis: micros
        })
        .optional()
    })
  ),
  /** Close P&L already counted per unfinished execution (settled by its result). */
  closePnlFed: z.array(z.object({ executionId: z.string(), pnl: micros }))
});

/** Everything the breaker must remember across a restart (see the module comment). */
export type BreakerSnapshot = z.infer<typeof BreakerSnapshotSchema>;

/** Parses a saved snapshot; null when absent, unknown or malformed. */
export function parseBreakerSnapshot(value: unknown): BreakerSnapshot | null {
  const r = BreakerSnapshotSchema.safeParse(value);
  return r.success ? r.data : null;
}

/** The engine-clock and wall-clock "now" a conversion is relative to. */
export interface ClockNow {
  readonly ns: number;
  readonly wallMs: number;
}

const toWall = (ns: number, now: ClockNow): number =>
  now.wallMs + Math.ceil((ns - now.ns) / 1_000_000);
const toNs = (wallMs: number, now: ClockNow): number => now.ns + (wallMs - now.wallMs) * 1_000_000;

/** Builds a snapshot from the live state. */
export function snapshotOf(
  s: BreakerState,
  holdings: readonly { readonly marketId: number; readonly holding: Readonly<Holding> }[],
  fed: ReadonlyMap<string, Micros>,
  now: ClockNow
): BreakerSnapshot {
  return {
    version: 1,
    savedWallMs: now.wallMs,
    consecutiveErrors: s.consecutiveErrors,
    trips: s.trips,
    cooldownUntilWallMs: s.cooldownUntilNs === null ? null : toWall(s.cooldownUntilNs, now),
    manualHalt: s.manualHalt,
    day: s.day,
    dailyPnl: s.dailyPnl,
    dailyLimitHit: s.dailyLimitHit,
    mismatches: [...s.mismatches].map(([marketId, count]) => ({ marketId, count })),
    blacklist: [...s.blacklist].map(([marketId, ns]) => ({
      marketId,
      untilWallMs: toWall(ns, now)
    })),
    positions: holdings.map(({ marketId, holding: h }) => {
      const t = sideTotals(h);
      return {
        marketId,
        ...{ yes: t.yes, no: t.no, yesCost: t.yesBasis, noCost: t.noBasis },
        venues: {
          ...{ kalshiNet: h.kalshiNet, kalshiBasis: h.kalshiBasis },
          ...{ polyYes: h.polyYes, polyYesBasis: h.polyYesBasis },
          ...{ polyNo: h.polyNo, polyNoBasis: h.polyNoBasis }
        }
      };
    }),
    closePnlFed: [...fed].map(([executionId, pnl]) => ({ executionId, pnl }))
  };
}

/** The breaker state a snapshot stands for now; expired cooldown and blacklists are dropped. */
export function stateOf(snap: BreakerSnapshot, now: ClockNow): BreakerState {
  const cd = snap.cooldownUntilWallMs;
  return {
    consecutiveErrors: snap.consecutiveErrors,
    cooldownUntilNs: cd !== null && cd > now.wallMs ? toNs(cd, now) : null,
    trips: snap.trips,
    manualHalt: snap.manualHalt,
    day: snap.day,
    dailyPnl: snap.dailyPnl,
    dailyLimitHit: snap.dailyLimitHit,
    mismatches: new Map(snap.mismatches.map((m) => [m.marketId, m.count])),
    blacklist: new Map(
      snap.blacklist
        .filter((b) => b.untilWallMs > now.wallMs)
        .map((b) => [b.marketId, toNs(b.untilWallMs, now)])
    )
  };
}

/** The holdings of a snapshot, in the exposure book's shape. */
export function holdingsOf(snap: BreakerSnapshot): { marketId: number; holding: Holding }[] {
  return snap.positions.map((p) => ({
    marketId: p.marketId,
    holding: p.venues ?? {
      ...{ kalshiNet: ZERO_QTY, kalshiBasis: ZERO_MICROS },
      ...{ polyYes: p.yes, polyYesBasis: p.yesCost, polyNo: p.no, polyNoBasis: p.noCost }
    }
  }));
}
