import { TwinlegError } from './errors.js';
import type { Micros } from './money.js';

/** The two venues twinleg trades on. */
export type Venue = 'kalshi' | 'polymarket';

/** Which outcome of a binary market. */
export type Side = 'yes' | 'no';

/**
 * Taker-fee parameters of one market on one venue.
 *
 * - Kalshi: `fee = ceil_to_cent(multiplier × 0.07 × C × P × (1 − P))` per order.
 *   `rateMicros` is the 0.07 coefficient in millionths (70_000); `multiplierMicros` the series'
 *   `fee_multiplier` in millionths (1_000_000 = ×1).
 * - Polymarket: `fee = C × rate × (P × (1 − P))^exponent`; `rateMicros` in millionths
 *   (0 for fee-free markets), `exponent` a small non-negative integer.
 */
export interface FeeParams {
  readonly rateMicros: number;
  readonly exponent: number;
  readonly multiplierMicros: number;
}

/** Kalshi's standard taker schedule (0.07, ×1). */
export const KALSHI_STANDARD_FEES: FeeParams = {
  rateMicros: 70_000,
  exponent: 1,
  multiplierMicros: 1_000_000
};

/** A fee-free Polymarket market (many are). */
export const POLYMARKET_NO_FEES: FeeParams = {
  rateMicros: 0,
  exponent: 1,
  multiplierMicros: 1_000_000
};

/**
 * One cross-venue market pair: the same binary question listed on Kalshi and Polymarket.
 * `marketId` is the dense integer id used as the in-flight bit index (0 ≤ id < capacity).
 */
export interface MarketPair {
  readonly marketId: number;
  /** Stable human/ledger key, e.g. `"nba-2026-sas"`. */
  readonly pairId: string;
  readonly description: string;
  readonly kalshiTicker: string;
  readonly polyYesTokenId: string;
  readonly polyNoTokenId: string;
  /** Price grid per venue, in micro-dollars (1¢ = 10_000; 0.1¢ = 1_000). */
  readonly tickSize: { readonly kalshi: Micros; readonly polymarket: Micros };
  readonly fees: { readonly kalshi: FeeParams; readonly polymarket: FeeParams };
  /**
   * Polymarket exchange contract the market trades on: CTF Exchange V2 (`standard`), Neg Risk
   * V2 (`neg-risk`) or ExchangeV3 (`v3`, Protocol V2 markets). Absent: the adapter asks the CLOB.
   */
  readonly polyExchange?: 'standard' | 'neg-risk' | 'v3';
}

/** Read-only lookup of markets by id, the shape the engine needs. */
export interface MarketRegistry {
  get(marketId: number): MarketPair | undefined;
  all(): readonly MarketPair[];
}

/** Builds an in-memory {@link MarketRegistry}; rejects duplicate ids or pair ids. */
export function marketRegistry(markets: readonly MarketPair[]): MarketRegistry {
  const byId = new Map<number, MarketPair>();
  const pairIds = new Set<string>();
  for (const m of markets) {
    if (byId.has(m.marketId))
      throw new TwinlegError('invalid_config', `duplicate marketId ${m.marketId}`);
    if (pairIds.has(m.pairId))
      throw new TwinlegError('invalid_config', `duplicate pairId ${m.pairId}`);
    byId.set(m.marketId, m);
    pairIds.add(m.pairId);
  }
  const list = [...byId.values()];
  return { get: (id) => byId.get(id), all: () => list };
}
