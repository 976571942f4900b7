import { parseMicros, parseQty, type BookLevel } from '../../core/index.js';

/**
 * Venue price levels as core {@link BookLevel}s, parsed exactly (no floats); null when any
 * price or size is not a plain decimal with at most 6 decimals. Range checks (a price in
 * (0, $1), a size ≥ 0) are the book's: its write returns false.
 */
export function parseLevels(
  raw: readonly (readonly [string, string])[] | undefined
): BookLevel[] | null {
  const out: BookLevel[] = [];
  if (!raw) return out;
  try {
    for (const [p, s] of raw) out.push({ price: parseMicros(p), size: parseQty(s) });
  } catch {
    return null;
  }
  return out;
}

/** A Polymarket decimal as written (`".48"` has no leading zero, PROTOCOLS.md §2.2). */
export function polyDecimal(s: string): string {
  return s.startsWith('.') ? `0${s}` : s;
}

/** {@link parseLevels} of Polymarket `{price, size}` objects (`".48"` accepted). */
export function parseLevelObjects(
  raw: readonly { readonly price: string; readonly size: string }[]
): BookLevel[] | null {
  const out: BookLevel[] = [];
  try {
    for (const l of raw) {
      out.push({ price: parseMicros(polyDecimal(l.price)), size: parseQty(polyDecimal(l.size)) });
    }
  } catch {
    return null;
  }
  return out;
}

/** One exact decimal as a number of micro-units, or null when it is not one. */
export function parseMicroOrNull(s: string): number | null {
  try {
    return parseMicros(polyDecimal(s));
  } catch {
    return null;
  }
}
