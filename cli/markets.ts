/**
 * The markets file: a JSON array of market pairs. Each entry:
 *
 * - `marketId` integer, the in-flight bit (0 ≤ id < `engine.capacity`), unique;
 * - `pairId` stable key (unique), `description`;
 * - `kalshiTicker`, `polyYesTokenId`, `polyNoTokenId` (decimal token ids as strings);
 * - `tickSize` in **cents**: one number for both venues or `{ "kalshi": 1, "polymarket": 0.1 }`
 *   (default 1¢; 0.1 = a tenth of a cent; must be a whole number of micro-dollars);
 * - `polyExchange` `"standard"`, `"neg-risk"` or `"v3"` (optional: discovered from the CLOB's
 *   market data at `run --live` startup; a token it cannot prove stops the start);
 * - `fees` (optional): `{ "kalshi": { "rateMicros": 70000, "multiplierMicros": 1000000 },
 *   "polymarket": { "rateMicros": 0, "exponent": 1 } }` — rates in millionths (0.07 = 70000);
 *   defaults: Kalshi's standard schedule, Polymarket fee-free.
 *
 * Errors name the entry (index and pairId) and the field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  CENT,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  TwinlegError,
  asMicros,
  type MarketPair,
  type Micros
} from '../core/index.js';
import { jsonErrorAt } from './config/jsonError.js';

const cents = z
  .number()
  .positive()
  .max(100)
  .refine(
    (c) => Math.abs(c * CENT - Math.round(c * CENT)) < 1e-6,
    'must be a whole number of micro-dollars'
  );
const nonEmpty = z.string().trim().min(1);
const rate = z.number().int().min(0).max(1_000_000);

const EntrySchema = z
  .object({
    marketId: z
      .number()
      .int()
      .min(0)
      .max((1 << 24) - 1),
    pairId: nonEmpty,
    description: z.string().default(''),
    kalshiTicker: nonEmpty,
    polyYesTokenId: z.string().regex(/^\d+$/, 'must be a decimal token id (a string)'),
    polyNoTokenId: z.string().regex(/^\d+$/, 'must be a decimal token id (a string)'),
    tickSize: z
      .union([cents, z.object({ kalshi: cents.default(1), polymarket: cents.default(1) }).strict()])
      .default(1),
    polyExchange: z.enum(['standard', 'neg-risk', 'v3']).optional(),
    fees: z
      .object({
        kalshi: z
          .object({
            rateMicros: rate.default(KALSHI_STANDARD_FEES.rateMicros),
            multiplierMicros: z.number().int().min(0).max(100_000_000).default(1_000_000)
          })
          .strict()
          .prefault({}),
        polymarket: z
          .object({
            rateMicros: rate.default(POLYMARKET_NO_FEES.rateMicros),
            exponent: z.number().int().min(0).max(8).default(1)
          })
          .strict()
          .prefault({})
      })
      .strict()
      .prefault({})
  })
  .strict();

/** A markets file problem (`invalid_config`): which file, entry and field. */
export class MarketsFileError extends TwinlegError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_config', message, options);
    this.name = 'MarketsFileError';
  }
}

/** A tick in cents (validated: a whole number of micro-dollars) as `Micros`. */
const micro = (c: number): Micros => asMicros(Math.round(c * CENT));

/** Validates a parsed markets document; `source` names it in errors. */
export function parseMarkets(doc: unknown, source = 'markets file'): MarketPair[] {
  if (!Array.isArray(doc))
    throw new MarketsFileError(`${source}: must be a JSON array of market pairs`);
  if (doc.length === 0) throw new MarketsFileError(`${source}: lists no markets`);
  const out: MarketPair[] = [];
  const ids = new Map<number, number>();
  const pairs = new Map<string, number>();
  doc.forEach((raw: unknown, i) => {
    const pid = (raw as { pairId?: unknown } | null)?.pairId;
    const name = `${source}: entry ${i}${typeof pid === 'string' ? ` ("${pid}")` : ''}`;
    const r = EntrySchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
      const field =
        [...(issue?.path ?? []).map(String), ...keys.slice(0, 1)].join('.') || '(entry)';
      throw new MarketsFileError(`${name}: ${field}: ${issue?.message ?? 'invalid'}`);
    }
    const e = r.data;
    const dupId = ids.get(e.marketId);
    if (dupId !== undefined)
      throw new MarketsFileError(`${name}: marketId: ${e.marketId} repeats entry ${dupId}`);
    const dupPair = pairs.get(e.pairId);
    if (dupPair !== undefined)
      throw new MarketsFileError(`${name}: pairId: repeats entry ${dupPair}`);
    ids.set(e.marketId, i);
    pairs.set(e.pairId, i);
    const tick =
      typeof e.tickSize === 'number' ? { kalshi: e.tickSize, polymarket: e.tickSize } : e.tickSize;
    out.push({
      marketId: e.marketId,
      pairId: e.pairId,
      description: e.description,
      kalshiTicker: e.kalshiTicker,
      polyYesTokenId: e.polyYesTokenId,
      polyNoTokenId: e.polyNoTokenId,
      tickSize: { kalshi: micro(tick.kalshi), polymarket: micro(tick.polymarket) },
      fees: {
        kalshi: { ...e.fees.kalshi, exponent: 1 },
        polymarket: { ...e.fees.polymarket, multiplierMicros: 1_000_000 }
      },
      ...(e.polyExchange ? { polyExchange: e.polyExchange } : {})
    });
  });
  return out;
}

/** Reads and validates a markets file. */
export function readMarketsFile(file: string): MarketPair[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MarketsFileError(
      `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      { cause: e }
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new MarketsFileError(
      `${file}: not valid JSON ${jsonErrorAt(text, e instanceof Error ? e.message : String(e))}`,
      { cause: e }
    );
  }
  return parseMarkets(doc, file);
}
