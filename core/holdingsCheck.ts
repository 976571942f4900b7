/**
 * The risk layer's holdings of a market are checked like its verdict: they are an answer from
 * outside the engine. A throw, a missing answer or one that does not make sense is "not
 * known" (`null`) — the close then plans as if nothing else were held — never "flat".
 */
import type { VenueHoldings } from './holdings.js';
import { asQty } from './money.js';

const qty = (v: unknown): boolean => Number.isSafeInteger(v);

/** Calls `read` and returns a plain frozen copy of sound holdings, or `null` when unknown. */
export function checkHoldings(read: () => unknown): VenueHoldings | null {
  try {
    const raw = read();
    if (typeof raw !== 'object' || raw === null) return null;
    const h = raw as Record<string, unknown>;
    const { kalshiNet, polyYes, polyNo } = h;
    if (!qty(kalshiNet) || !qty(polyYes) || !qty(polyNo)) return null;
    if ((polyYes as number) < 0 || (polyNo as number) < 0) return null;
    return Object.freeze({
      kalshiNet: asQty(kalshiNet as number),
      polyYes: asQty(polyYes as number),
      polyNo: asQty(polyNo as number)
    });
  } catch {
    return null;
  }
}
