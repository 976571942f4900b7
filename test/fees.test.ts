import { describe, expect, it } from 'vitest';
import {
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  arbEconomics,
  cents,
  contracts,
  kalshiTakerFee,
  polymarketTakerFee,
  takerFee,
  CENT,
  ZERO_QTY,
  type FastExecutionRequest,
  type FeeParams,
  type MarketPair
} from '../core/index.js';

const K = KALSHI_STANDARD_FEES;
const poly = (rate: number, exponent = 1): FeeParams => ({
  rateMicros: rate,
  exponent,
  multiplierMicros: 1_000_000
});

const market = (polyFees: FeeParams = POLYMARKET_NO_FEES): MarketPair => ({
  marketId: 3,
  pairId: 'nba-2026-sas',
  description: 'Spurs win',
  kalshiTicker: 'KXNBA-SAS',
  polyYesTokenId: '1',
  polyNoTokenId: '2',
  tickSize: { kalshi: CENT, polymarket: CENT },
  fees: { kalshi: K, polymarket: polyFees }
});

describe('Kalshi taker fee', () => {
  it('matches the production captures', () => {
    expect(kalshiTakerFee(contracts(114), cents(9), K)).toBe(cents(66));
    expect(kalshiTakerFee(contracts(1), cents(9), K)).toBe(cents(1));
    expect(kalshiTakerFee(contracts(7), cents(84), K)).toBe(cents(7));
    expect(kalshiTakerFee(contracts(1), cents(8), K)).toBe(cents(1));
  });

  it('rounds up per order, not per contract', () => {
    const perOrder = kalshiTakerFee(contracts(114), cents(9), K);
    const perContract = 114 * kalshiTakerFee(contracts(1), cents(9), K);
    expect(perOrder).toBe(cents(66));
    expect(perContract).toBe(cents(114));
  });

  it('does not bump an exact cent amount', () => {
    // 0.07 × 100 × 0.25 = $1.75 exactly
    expect(kalshiTakerFee(contracts(100), cents(50), K)).toBe(cents(175));
  });

  it('is symmetric in P and 1 − P', () => {
    for (const [qty, c] of [
      [1, 9],
      [114, 9],
      [7, 16],
      [33, 37],
      [1_000, 0.5]
    ] as const) {
      expect(kalshiTakerFee(contracts(qty), cents(c), K)).toBe(
        kalshiTakerFee(contracts(qty), cents(100 - c), K)
      );
    }
  });

  it('applies the series fee multiplier', () => {
    const half = { ...K, multiplierMicros: 500_000 };
    const double = { ...K, multiplierMicros: 2_000_000 };
    expect(kalshiTakerFee(contracts(114), cents(9), half)).toBe(cents(33)); // 32.68¢ → 33¢
    expect(kalshiTakerFee(contracts(114), cents(9), double)).toBe(cents(131)); // 130.71¢
  });

  it('handles sub-cent prices (0.5¢ tick)', () => {
    // 0.07 × 100 × 0.005 × 0.995 = $0.034825 → 4¢
    expect(kalshiTakerFee(contracts(100), cents(0.5), K)).toBe(cents(4));
    expect(kalshiTakerFee(contracts(100), cents(99.5), K)).toBe(cents(4));
  });

  it('is zero for no contracts or a zero rate', () => {
    expect(kalshiTakerFee(ZERO_QTY, cents(50), K)).toBe(0);
    expect(kalshiTakerFee(contracts(10), cents(50), { ...K, rateMicros: 0 })).toBe(0);
  });

  it('handles huge sizes exactly', () => {
    // 0.07 × 1e6 × 0.25 = $17,500
    expect(kalshiTakerFee(contracts(1_000_000), cents(50), K)).toBe(17_500_000_000);
  });
});

describe('Polymarket taker fee', () => {
  it('is zero on fee-free markets', () => {
    expect(polymarketTakerFee(contracts(100), cents(40), POLYMARKET_NO_FEES)).toBe(0);
  });

  it('matches a hand computation: 100 × 0.03 × 0.4 × 0.6 = $0.72', () => {
    expect(polymarketTakerFee(contracts(100), cents(40), poly(30_000))).toBe(720_000);
    expect(polymarketTakerFee(contracts(100), cents(40), poly(30_000), 'floor')).toBe(720_000);
  });

  it('raises P(1 − P) to the exponent', () => {
    // 100 × 0.25 × (0.25)^2 = $1.5625
    expect(polymarketTakerFee(contracts(100), cents(50), poly(250_000, 2))).toBe(1_562_500);
  });

  it('rounds to $0.00001: floor is the venue charge, ceil the conservative estimate', () => {
    // 1 × 0.03 × 0.33 × 0.67 = $0.006633
    expect(polymarketTakerFee(contracts(1), cents(33), poly(30_000), 'floor')).toBe(6_630);
    expect(polymarketTakerFee(contracts(1), cents(33), poly(30_000), 'ceil')).toBe(6_640);
    expect(polymarketTakerFee(contracts(1), cents(33), poly(30_000))).toBe(6_640);
  });

  it('handles huge sizes without overflow', () => {
    // 1e6 × 0.03 × 0.24 = $7,200
    expect(polymarketTakerFee(contracts(1_000_000), cents(40), poly(30_000))).toBe(7_200_000_000);
    const e3 = polymarketTakerFee(contracts(1_000_000), cents(40), poly(30_000, 3), 'floor');
    expect(e3).toBe(414_720_000); // 1e6 × 0.03 × 0.24^3 = $414.72
  });

  it('takerFee dispatches per venue with conservative rounding', () => {
    const m = market(poly(30_000));
    expect(takerFee('kalshi', m, contracts(114), cents(9))).toBe(cents(66));
    expect(takerFee('polymarket', m, contracts(1), cents(33))).toBe(6_640);
  });
});

describe('arbEconomics', () => {
  const req = (over: Partial<FastExecutionRequest> = {}): FastExecutionRequest => ({
    marketId: 3,
    yesPrice: cents(45),
    noPrice: cents(52),
    yesSize: contracts(100),
    noSize: contracts(100),
    arbType: 'PolyYesKalshiNo',
    detectedNs: 0,
    ...over
  });

  it('YES 45¢ on fee-free Poly + NO 52¢ on Kalshi, 10 contracts: $0.12, 1.2¢ each', () => {
    // $10 − $9.70 − ceil(0.07 × 10 × 0.52 × 0.48 = $0.17472) = 18¢
    const e = arbEconomics(req(), market(), contracts(10));
    expect(e.fees).toBe(cents(18));
    expect(e.profit).toBe(cents(12));
    expect(e.profitPerContract).toBe(cents(1.2));
    expect(e.qty).toBe(contracts(10));
  });

  it('charges both legs on Kalshi for KalshiOnly', () => {
    // YES fee ceil(0.07 × 10 × 0.45 × 0.55 = 0.17325) = 18¢, NO 18¢
    const e = arbEconomics(req({ arbType: 'KalshiOnly' }), market(), contracts(10));
    expect(e.fees).toBe(cents(36));
    expect(e.profit).toBe(cents(-6));
    expect(e.profitPerContract).toBe(cents(-0.6));
  });

  it('is zero-sized for qty 0', () => {
    const e = arbEconomics(req(), market(), ZERO_QTY);
    expect(e).toEqual({ qty: 0, profit: 0, profitPerContract: 0, fees: 0 });
  });
});
