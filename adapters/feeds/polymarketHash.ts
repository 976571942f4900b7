/**
 * The Polymarket REST `GET /book` summary hash, checked locally (PROTOCOLS.md §2.3).
 *
 * **Recipe** (the SDK's, P8, fixed 2026-01-07): SHA-1, lowercase hex, over compact JSON (no
 * spaces: Python's `json.dumps(separators=(",", ":"))`) of the answer with the keys in exactly
 * this order — `market`, `asset_id`, `timestamp`, `hash` (set to `""`), `bids`, `asks`,
 * `min_order_size`, `tick_size`, `neg_risk`, `last_trade_price` — and each level as
 * `{"price","size"}`. Values are written back exactly as received: strings stay strings (with
 * Python's default ASCII escaping, `\u00e9`, which changes nothing for the ASCII ids and decimals
 * the venue sends), booleans `true`/`false`, `null` as `null`; a number cannot be written back exactly
 * (`5` and `5.0` parse alike), so a book holding one is unchecked. Keys the
 * recipe does not name are left out; a level's other keys too.
 *
 * **Unchecked** (`unchecked`), never a mismatch: an answer without a `hash`, or with an empty
 * one (the mock venues send `""`); an answer missing one of the ten fields, or holding a value
 * that cannot be written back exactly (a fraction, an object where a scalar is expected, a
 * level whose price or size is not a string). Such a book is used as before this check.
 *
 * **WS `book` hashes are not checked.** The market channel's `book` event lacks
 * `min_order_size`, `tick_size`, `neg_risk` and `last_trade_price`, and live WS hashes are
 * reported not to reproduce even with them (py-clob-client-v2#117, rs-clob-client#225;
 * PROTOCOLS.md §2.3): failing a WS book on a mismatch would drop good books. Only REST answers
 * go through {@link checkPolyBookHash}.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The recipe's keys, in preimage order. */
export const POLY_HASH_KEYS = [
  'market',
  'asset_id',
  'timestamp',
  'hash',
  'bids',
  'asks',
  'min_order_size',
  'tick_size',
  'neg_risk',
  'last_trade_price'
] as const;

/** What a REST book's hash says: it matches, it does not, or it cannot be checked. */
export type PolyHashCheck = 'match' | 'mismatch' | 'unchecked';

/** A JSON string as Python's `json.dumps` writes it (`ensure_ascii`: non-ASCII as `\uXXXX`). */
function pyString(s: string): string {
  return JSON.stringify(s).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/** A scalar written back exactly as received; null when it cannot be. */
function scalar(v: unknown): string | null {
  if (typeof v === 'string') return pyString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  // a number: how the venue wrote it (`5` or `5.0`) is lost in parsing, so it cannot be
  // written back exactly
  return null;
}

/** A level list as `[{"price":…,"size":…},…]`; null when a level is not two strings. */
function levels(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const l of v as unknown[]) {
    if (typeof l !== 'object' || l === null) return null;
    const { price, size } = l as { price?: unknown; size?: unknown };
    if (typeof price !== 'string' || typeof size !== 'string') return null;
    out.push(`{"price":${pyString(price)},"size":${pyString(size)}}`);
  }
  return `[${out.join(',')}]`;
}

/**
 * The preimage of a raw REST `/book` answer (untrusted JSON), with `hash` set to `""`; null
 * when a field is missing or a value cannot be written back exactly.
 */
export function polyBookHashPreimage(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of POLY_HASH_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(r, k)) return null;
    const v = k === 'hash' ? '""' : k === 'bids' || k === 'asks' ? levels(r[k]) : scalar(r[k]);
    if (v === null) return null;
    parts.push(`"${k}":${v}`);
  }
  return `{${parts.join(',')}}`;
}

/** The recipe's hash of a raw REST `/book` answer (lowercase hex); null when unbuildable. */
export function polyBookHash(raw: unknown): string | null {
  const pre = polyBookHashPreimage(raw);
  return pre === null ? null : bytesToHex(sha1(utf8ToBytes(pre)));
}

/** Checks a raw REST `/book` answer's `hash` against the recipe. */
export function checkPolyBookHash(raw: unknown): PolyHashCheck {
  if (typeof raw !== 'object' || raw === null) return 'unchecked';
  const got = (raw as { hash?: unknown }).hash;
  if (typeof got !== 'string' || got === '') return 'unchecked';
  const want = polyBookHash(raw);
  if (want === null) return 'unchecked';
  return got.toLowerCase() === want ? 'match' : 'mismatch';
}
