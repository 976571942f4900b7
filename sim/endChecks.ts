/**
 * The end-of-scenario invariants: nothing lost (every venue fill is in the engine's record,
 * unless the engine flagged its order unresolved), never silently open (a market that is
 * neither flat nor hedged was flagged with an error alert), and P&L from fills equal to the
 * venues' cash movements to the micro-dollar, per market and per finished execution; with the
 * switch `strictExposure`, the issue-13 end state too (`endExposure.ts`).
 */
import type { SimFill, SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  negMicros,
  subMicros,
  type FillRecord,
  type MarketPair,
  type Micros,
  type Venue
} from '../core/index.js';
import type { CloseMiss } from './exposure.js';
import { checkExposure, checkUnresolvedExisted, type Unclosable } from './endExposure.js';
import type { SimJournal } from './journal.js';
import { flags } from './ledgerView.js';
import type { Monitor } from './monitor.js';

const VENUES: readonly Venue[] = ['kalshi', 'polymarket'];

/** Signed cash of a fill: a buy pays notional + fee, a sell receives notional − fee. */
export const cashOf = (f: { action: string; notional: Micros; fee: Micros }): Micros =>
  f.action === 'buy' ? subMicros(negMicros(f.notional), f.fee) : subMicros(f.notional, f.fee);

/** Every venue fill, tagged with its venue, in venue time order (Kalshi first on ties). */
export function venueFills(
  venues: Readonly<Record<Venue, SimulatedVenue>>
): (SimFill & { venue: Venue })[] {
  return VENUES.flatMap((v) => venues[v].fills().map((f) => ({ ...f, venue: v }))).sort(
    (a, b) => a.atMs - b.atMs || (a.venue < b.venue ? -1 : a.venue > b.venue ? 1 : 0)
  );
}

/** The strict end state of issue 13 (switch `strictExposure`): see `endExposure.ts`. */
export interface StrictEnd {
  readonly journal: SimJournal;
  /** Every close miss the venues recorded; only hedge buys' are proof (`endExposure.ts`). */
  readonly closeMisses: readonly CloseMiss[];
}

/**
 * Runs the end checks (see the module comment), and with `strict` the issue-13 ones
 * (`exposure-closed`, `unresolved-order-existed`); returns the provably unclosable exposure.
 */
export function endChecks(
  mon: Monitor,
  venues: Readonly<Record<Venue, SimulatedVenue>>,
  markets: readonly MarketPair[],
  unresolved: ReadonlySet<string>,
  strict: StrictEnd | null = null
): Unclosable[] {
  const truth = venueFills(venues).filter((f) => !unresolved.has(f.clientOrderId));
  for (const f of truth) {
    if (!mon.fills.has(f.clientOrderId)) {
      mon.violate(
        'fills-match-venue',
        `venue fill of ${f.clientOrderId} (${f.venue} ${f.action} ${f.side} ${f.qty}) missing from the engine's record`
      );
    }
  }
  const results = [...mon.results.values()];
  for (const m of markets) {
    const id = m.marketId;
    const held = (side: 'yes' | 'no') =>
      VENUES.reduce((s, v) => s + venues[v].position(id, side), 0);
    const residual = Math.abs(held('yes') - held('no'));
    const mine = results.filter((r) => r.marketId === id);
    if (residual > 0) {
      const flagged = mine.filter((r) => flags(r) && mon.alerted.has(r.executionId));
      if (flagged.length === 0) {
        mon.violate(
          'residual-flagged',
          `market ${id} left open (${residual} unhedged: YES ${held('yes')} vs NO ${held('no')}) with no flagged result and alert`
        );
      } else if (!flagged.some((r) => r.error === 'order_unresolved')) {
        const reported = flagged.reduce((s, r) => s + r.unhedgedContracts, 0);
        if (residual > reported) {
          mon.violate(
            'residual-flagged',
            `market ${id} open ${residual}, results flag only ${reported}`
          );
        }
      }
    }
    const venueCash = truth.filter((f) => f.marketId === id).reduce((s, f) => s + cashOf(f), 0);
    const engine = [...mon.fills.values()].filter((f) => f.marketId === id);
    const engineCash = engine.reduce((s, f) => s + cashOf(f), 0);
    if (venueCash !== engineCash) {
      mon.violate(
        'pnl-matches-cash',
        `market ${id}: cash from engine fills ${engineCash} ≠ venue cash ${venueCash}`
      );
    }
  }
  resultPnl(mon, results);
  if (!strict) return [];
  checkUnresolvedExisted(mon, strict.journal, venues);
  return checkExposure(mon, venues, markets, strict.closeMisses);
}

/**
 * A finished, fully hedged-or-closed execution's realized P&L is its fills' cash + $1 per pair.
 * Not checked for an execution whose close was sized by what the market already held (its
 * excess ≠ closed + unhedged): part of its excess netted against another execution's contracts
 * (Kalshi pays $1 per netted pair into the account), which no single result accounts for; the
 * per-market cash check and the exposure check cover those markets.
 */
function resultPnl(
  mon: Monitor,
  results: readonly {
    executionId: string;
    error: string | null;
    unhedgedContracts: number;
    matchedContracts: number;
    closedContracts: number;
    realizedProfit: number;
    legs?: { readonly yes: { readonly filled: number }; readonly no: { readonly filled: number } };
  }[]
): void {
  const byExec = new Map<string, FillRecord[]>();
  for (const f of mon.fills.values()) {
    const list = byExec.get(f.executionId) ?? [];
    list.push(f);
    byExec.set(f.executionId, list);
  }
  for (const r of results) {
    if (r.error === 'order_unresolved' || r.unhedgedContracts > 0) continue;
    const excess = r.legs ? Math.abs(r.legs.yes.filled - r.legs.no.filled) : 0;
    if (excess !== r.closedContracts + r.unhedgedContracts) continue;
    const fills = byExec.get(r.executionId) ?? [];
    const cash = fills.reduce((s, f) => s + cashOf(f), 0);
    // a close that hedged (bought the opposite side) made pairs too: $1 each at resolution
    const hedged = fills
      .filter((f) => f.action === 'buy' && f.clientOrderId.startsWith(`${r.executionId}-c`))
      .reduce((s, f) => s + f.contracts, 0);
    const expected = cash + r.matchedContracts + hedged; // $1 per pair: USD === CONTRACT
    if (r.realizedProfit !== expected) {
      mon.violate(
        'pnl-matches-cash',
        `${r.executionId} (${String(r.error ?? 'success')}): realized ${r.realizedProfit} ≠ fills cash + matched ${expected}`
      );
    }
  }
}
