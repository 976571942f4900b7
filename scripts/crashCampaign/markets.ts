/**
 * The campaign's markets: `count` made-up pairs (Kalshi ticker, Polymarket YES/NO token ids),
 * every third on the neg-risk exchange, written as a `--markets` file the CLI reads.
 */
import { writeFileSync } from 'node:fs';
import type { Rng } from './rng.js';

/** One market as the markets file spells it. */
export interface CampaignMarket {
  readonly marketId: number;
  readonly pairId: string;
  readonly description: string;
  readonly kalshiTicker: string;
  readonly polyYesTokenId: string;
  readonly polyNoTokenId: string;
  readonly tickSize: { readonly kalshi: number; readonly polymarket: number };
  readonly polyExchange: 'standard' | 'neg-risk';
}

/** `count` markets with ids 0‥count−1. */
export function campaignMarkets(count: number, rng: Rng): CampaignMarket[] {
  return Array.from({ length: count }, (_, i) => ({
    marketId: i,
    pairId: `crash-${i}`,
    description: `crash campaign market ${i}`,
    kalshiTicker: `KXCRASH-26-M${i}`,
    polyYesTokenId: rng.digits(77),
    polyNoTokenId: rng.digits(77),
    tickSize: { kalshi: 1, polymarket: 1 },
    polyExchange: i % 3 === 2 ? 'neg-risk' : 'standard'
  }));
}

/** Writes the markets file; returns its path. */
export function writeMarketsFile(path: string, markets: readonly CampaignMarket[]): string {
  writeFileSync(path, `${JSON.stringify(markets, null, 2)}\n`);
  return path;
}
