/**
 * Breaker limits against the truth: the venues' fills are replayed in time order into a
 * position book (the breaker's own `ExposureBook` rules: contracts = max(YES, NO) per market,
 * cost basis with average-cost reduction) and every limit is checked after every fill.
 * Fills of orders the engine flagged as unresolved are left out (it never learned them).
 * A close that hedges (buys the other side, client order id `<exec>-c<n>`) adds cost basis but
 * lowers what is at risk (the pair it makes pays $1): only the contract limits apply to it.
 */
import { parseBreakerConfig, type BreakerConfigInput } from '../actors/circuitBreaker/index.js';
import { ExposureBook, contractsOf } from '../actors/circuitBreaker/exposure.js';
import type { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import { ZERO_MICROS, type FillRecord, type MarketPair, type Venue } from '../core/index.js';
import { venueFills } from './endChecks.js';
import type { Monitor } from './monitor.js';

/** Checks the four position limits after every venue fill. `stepAt` maps a time to its step. */
export function checkLimits(
  mon: Monitor,
  venues: Readonly<Record<Venue, SimulatedVenue>>,
  markets: readonly MarketPair[],
  input: BreakerConfigInput,
  unresolved: ReadonlySet<string>,
  stepAt: (ms: number) => number
): void {
  const cfg = parseBreakerConfig(input);
  const book = new ExposureBook();
  const byId = new Map(markets.map((m) => [m.marketId, m]));
  for (const f of venueFills(venues)) {
    if (unresolved.has(f.clientOrderId)) continue;
    const m = byId.get(f.marketId);
    const rec: FillRecord = {
      pairId: m?.pairId ?? '',
      marketId: f.marketId,
      description: '',
      platform: f.venue,
      side: f.side,
      action: f.action,
      contracts: f.qty,
      avgPrice: ZERO_MICROS,
      notional: f.notional,
      fee: f.fee,
      orderId: f.orderId,
      clientOrderId: f.clientOrderId,
      executionId: '',
      timestampNs: 0,
      wallTimeMs: 0
    };
    book.applyFill(rec);
    const e = book.heldOf(f.marketId);
    const t = book.totals();
    const broke: string[] = [];
    if (contractsOf(e) > cfg.maxPositionPerMarket)
      broke.push(`market contracts ${contractsOf(e)} > ${cfg.maxPositionPerMarket}`);
    const hedge = f.action === 'buy' && /-c\d+$/.test(f.clientOrderId);
    if (!hedge && e.cost > cfg.maxPositionPerMarketUsd)
      broke.push(`market cost ${e.cost} > ${cfg.maxPositionPerMarketUsd}`);
    if (t.contracts > cfg.maxTotalPosition)
      broke.push(`total contracts ${t.contracts} > ${cfg.maxTotalPosition}`);
    if (!hedge && t.cost > cfg.maxTotalPositionUsd)
      broke.push(`total cost ${t.cost} > ${cfg.maxTotalPositionUsd}`);
    if (broke.length > 0) {
      mon.violations.push({
        invariant: 'breaker-limits',
        step: stepAt(f.atMs),
        atMs: f.atMs,
        detail: `after fill of ${f.clientOrderId} on market ${f.marketId}: ${broke.join(', ')}`
      });
      return;
    }
  }
}
