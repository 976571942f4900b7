/**
 * Polymarket account reads: `GET /balance-allowance` (L2) for the funder's pUSD collateral
 * (`asset_type=COLLATERAL`) and its outcome-token balances (`asset_type=CONDITIONAL&token_id=`).
 * The CLOB derives the funding wallet from the API key and `signature_type`; balances are base
 * units with 6 decimals, which are exactly micro-dollars (pUSD) and micro-contracts (tokens).
 * The HMAC signs the path without its query (venue-protocols.md §2.3).
 * @packageDocumentation
 */
import { z } from 'zod';
import {
  asMicros,
  asQty,
  TwinlegError,
  type MarketPair,
  type Micros,
  type Qty
} from '../../../core/index.js';
import type { PolymarketCredentials } from './credentials.js';
import { VenueHttp, type HttpResponse } from './http.js';

/** `{balance, allowances}` of `GET /balance-allowance` (base units as decimal strings). */
export const BalanceAllowanceSchema = z.object({
  balance: z.string().regex(/^\d+$/, 'base units'),
  allowances: z.record(z.string(), z.string()).optional()
});

/** An authenticated GET of the CLOB: `path` is signed, `query` (with `?`) is appended. */
export type PolySignedGet = (
  path: string,
  query: string,
  signal: AbortSignal
) => Promise<HttpResponse>;

const PATH = '/balance-allowance';

/** Base units (6 decimals) as a safe integer; throws `venue_protocol` beyond 2^53. */
function baseUnits(text: string): number {
  const n = Number(BigInt(text));
  if (!Number.isSafeInteger(n))
    throw new TwinlegError('venue_protocol', `polymarket balance ${text} is out of range`);
  return n;
}

async function read(get: PolySignedGet, query: string, signal: AbortSignal): Promise<number> {
  const res = await get(PATH, query, signal);
  if (res.status !== 200)
    throw new TwinlegError('venue_protocol', `polymarket ${PATH}: HTTP ${res.status}`);
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    json = undefined;
  }
  const r = BalanceAllowanceSchema.safeParse(json);
  if (!r.success) throw new TwinlegError('venue_protocol', `polymarket ${PATH}: unexpected body`);
  return baseUnits(r.data.balance);
}

/** The funder's pUSD balance (`asset_type=COLLATERAL`). */
export async function readCollateral(
  get: PolySignedGet,
  signatureType: number,
  signal: AbortSignal
): Promise<Micros> {
  return asMicros(
    await read(get, `?asset_type=COLLATERAL&signature_type=${signatureType}`, signal)
  );
}

/** The funder's balance of one outcome token (`asset_type=CONDITIONAL`). */
export async function readTokenBalance(
  get: PolySignedGet,
  tokenId: string,
  signatureType: number,
  signal: AbortSignal
): Promise<Qty> {
  const q = `?asset_type=CONDITIONAL&token_id=${encodeURIComponent(tokenId)}&signature_type=${signatureType}`;
  return asQty(await read(get, q, signal));
}

/** Options of {@link PolymarketAccount}. */
export interface PolymarketAccountOptions {
  /** CLOB origin. */
  readonly baseUrl: string;
  readonly credentials: PolymarketCredentials;
  /** Timeout of one read (default 2 000 ms). */
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  /** Wall clock for `POLY_TIMESTAMP`, ms (default `Date.now`; give the venue's if measured). */
  readonly wallMs?: () => number;
  /**
   * Pause between two reads of {@link PolymarketAccount.holdings}, ms (default 0). The CLOB
   * throttles authenticated GETs well below its published limits (about 10/s observed), and
   * the order lookups share that budget: a live run spaces its reads.
   */
  readonly paceMs?: number;
}

/**
 * A read-only client of the funder's balances, on its own single connection (never the order
 * pool). Every method throws on a failed read: the caller treats it as unknown, never 0.
 */
export class PolymarketAccount {
  private readonly http: VenueHttp;
  private readonly get: PolySignedGet;

  constructor(private readonly o: PolymarketAccountOptions) {
    this.http = new VenueHttp(o.baseUrl, {
      connections: 1,
      ...(o.maxResponseBytes === undefined ? {} : { maxResponseBytes: o.maxResponseBytes })
    });
    const wall = o.wallMs ?? Date.now;
    this.get = (path, query, signal) =>
      this.http.request(
        'GET',
        path + query,
        o.credentials.l2Headers('GET', path, undefined, Math.floor(wall() / 1000)),
        undefined,
        signal,
        o.timeoutMs ?? 2_000
      );
  }

  /** pUSD available to the funder. */
  balance(signal: AbortSignal = new AbortController().signal): Promise<Micros> {
    return readCollateral(this.get, this.o.credentials.signatureType, signal);
  }

  /** YES and NO token balances of each market, by market id (sequential reads, paced). */
  async holdings(
    markets: readonly MarketPair[],
    signal: AbortSignal = new AbortController().signal
  ): Promise<Map<number, { yes: Qty; no: Qty }>> {
    const st = this.o.credentials.signatureType;
    const out = new Map<number, { yes: Qty; no: Qty }>();
    const pace = this.o.paceMs ?? 0;
    const read = async (token: string, first: boolean): Promise<Qty> => {
      if (!first && pace > 0) await new Promise((r) => setTimeout(r, pace));
      return readTokenBalance(this.get, token, st, signal);
    };
    let first = true;
    for (const m of markets) {
      const yes = await read(m.polyYesTokenId, first);
      const no = await read(m.polyNoTokenId, false);
      first = false;
      out.set(m.marketId, { yes, no });
    }
    return out;
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.http.close();
  }
}
