import { describe, expect, it } from 'vitest';
import {
  copyRequest,
  invalidRequestReason,
  cents,
  contracts,
  type FastExecutionRequest
} from '../core/index.js';

const good: FastExecutionRequest = {
  marketId: 7,
  yesPrice: cents(45),
  noPrice: cents(52),
  yesSize: contracts(10),
  noSize: contracts(5),
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

describe('copyRequest', () => {
  it('returns a frozen plain copy of a good request, extra fields dropped', () => {
    const raw = { ...good, extra: 'x', secret: 42 };
    const out = copyRequest(raw, 512);
    expect(out).toEqual({ ok: true, req: good });
    if (!out.ok) return;
    expect(out.req).not.toBe(raw);
    expect(Object.isFrozen(out.req)).toBe(true);
    expect(Object.keys(out.req).sort()).toEqual(Object.keys(good).sort());
  });

  it('reads each field once: a getter answering 6 then 7 yields 6, and it stays 6', () => {
    let reads = 0;
    const raw = Object.defineProperty({ ...good }, 'marketId', {
      get: () => (++reads === 1 ? 6 : 7),
      enumerable: true
    });
    const out = copyRequest(raw, 512);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.req.marketId).toBe(6);
    expect(out.req.marketId).toBe(6);
    expect(reads).toBe(1);
  });

  it('refuses what cannot be read: throwing getter, revoked Proxy, throwing get trap', () => {
    const getter = Object.defineProperty({ ...good }, 'noSize', {
      get() {
        throw new Error('boom');
      }
    });
    expect(copyRequest(getter, 512)).toEqual({
      ok: false,
      reason: 'request could not be read: boom',
      marketId: 7 // read before noSize threw
    });
    const { proxy, revoke } = Proxy.revocable({ ...good }, {});
    revoke();
    const revoked = copyRequest(proxy, 512);
    expect(revoked).toMatchObject({ ok: false, marketId: -1 });
    expect(!revoked.ok && revoked.reason).toMatch(/^request could not be read: /);
    const trap = new Proxy(
      { ...good },
      {
        get() {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- hostile: not an Error
          throw Proxy.revocable({}, {}).proxy;
        }
      }
    );
    expect(copyRequest(trap, 512)).toMatchObject({
      ok: false,
      reason: 'request could not be read: object',
      marketId: -1
    });
  });

  it('refuses a non-object and an invalid copy, keeping a usable marketId', () => {
    for (const v of [null, undefined, 42, 'req']) {
      expect(copyRequest(v, 512)).toEqual({
        ok: false,
        reason: 'request could not be read: not an object',
        marketId: -1
      });
    }
    expect(copyRequest({ ...good, yesPrice: NaN }, 512)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/yesPrice/) as unknown,
      marketId: 7
    });
    expect(copyRequest({ ...good, marketId: 1.5 }, 512)).toMatchObject({ ok: false, marketId: -1 });
    expect(copyRequest({ ...good, marketId: 600 }, 512)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/past the in-flight capacity/) as unknown,
      marketId: 600
    });
  });
});
