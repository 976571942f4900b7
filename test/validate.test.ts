import { describe, expect, it } from 'vitest';
import { invalidRequestReason, type FastExecutionRequest } from '../core/index.js';

const good: FastExecutionRequest = {
  marketId: 7,
  yesPrice: 450_000,
  noPrice: 520_000,
  yesSize: 10_000_000,
  noSize: 5_000_000,
  arbType: 'PolyYesKalshiNo',
  detectedNs: 123
};
const check = (over: Record<string, unknown>, capacity = 512): string | null =>
  invalidRequestReason({ ...good, ...over }, capacity);

describe('invalidRequestReason', () => {
  it('accepts a good request', () => {
    expect(invalidRequestReason(good, 512)).toBeNull();
    expect(check({ marketId: 0, yesSize: 0 })).toBeNull();
    expect(check({ marketId: 511, yesPrice: 1, noPrice: 999_999 })).toBeNull();
    for (const arbType of ['KalshiYesPolyNo', 'PolyOnly', 'KalshiOnly']) {
      expect(check({ arbType })).toBeNull();
    }
  });

  it('rejects a non-object', () => {
    for (const v of [null, undefined, 42, 'req', true]) {
      expect(invalidRequestReason(v, 512)).toMatch(/not an object/);
    }
  });

  it('rejects bad market ids, including ids past the capacity', () => {
    expect(check({ marketId: -1 })).toMatch(/marketId/);
    expect(check({ marketId: 1.5 })).toMatch(/marketId/);
    expect(check({ marketId: NaN })).toMatch(/marketId/);
    expect(check({ marketId: '7' })).toMatch(/marketId/);
    expect(check({ marketId: 512 })).toMatch(/past the in-flight capacity 512/);
    expect(check({ marketId: 600 }, 1024)).toBeNull();
  });

  it('rejects bad prices: NaN, 0, $1 and beyond, floats', () => {
    expect(check({ yesPrice: NaN })).toMatch(/yesPrice/);
    expect(check({ yesPrice: 0 })).toMatch(/yesPrice/);
    expect(check({ yesPrice: 1_000_000 })).toMatch(/yesPrice/);
    expect(check({ yesPrice: 0.45 })).toMatch(/yesPrice/);
    expect(check({ noPrice: NaN })).toMatch(/noPrice/);
    expect(check({ noPrice: 0 })).toMatch(/noPrice/);
    expect(check({ noPrice: 1_000_000 })).toMatch(/noPrice/);
    expect(check({ noPrice: -10_000 })).toMatch(/noPrice/);
  });

  it('rejects negative and non-integer sizes', () => {
    expect(check({ yesSize: -1 })).toMatch(/yesSize/);
    expect(check({ yesSize: 1.5 })).toMatch(/yesSize/);
    expect(check({ noSize: -1_000_000 })).toMatch(/noSize/);
    expect(check({ noSize: 2.25 })).toMatch(/noSize/);
    expect(check({ noSize: Infinity })).toMatch(/noSize/);
  });

  it('rejects an unknown arb type and a bad detection time', () => {
    expect(check({ arbType: 'PolyYesPolyNo' })).toMatch(/arbType/);
    expect(check({ arbType: undefined })).toMatch(/arbType/);
    expect(check({ detectedNs: NaN })).toMatch(/detectedNs/);
    expect(check({ detectedNs: '1' })).toMatch(/detectedNs/);
  });

  it('never throws on hostile input', () => {
    const hostile = Object.create(null) as object;
    expect(() => invalidRequestReason(hostile, 512)).not.toThrow();
    expect(invalidRequestReason([], 512)).toMatch(/marketId/);
  });
});
