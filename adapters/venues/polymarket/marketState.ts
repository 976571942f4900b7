/**
 * A Polymarket market's life, read from the CLOB (public reads):
 * - `GET /markets-by-token/{tokenId}` → `condition_id` (the route the official SDK calls
 *   `getMarketByToken`; the same one exchange discovery uses, see `marketInfo.ts`);
 * - `GET /markets/{conditionId}` → `active`, `closed`, `accepting_orders`, `end_date_iso` and
 *   `tokens[]` of `{ token_id, outcome, price, winner }` [docs.polymarket.com CLOB market
 *   objects; nautilus_polymarket `ClobMarketResponse`].
 *
 * Open while `active`, not `closed` and accepting orders. Resolved once closed with a winning
 * token: the market's YES token winning pays $1 per YES, the NO token winning pays $1 per NO.
 * Closed without a winner is closed (awaiting resolution). Both of the pair's tokens must be
 * listed by the answer, and at most one may be the winner; anything else proves nothing and
 * throws. Winnings are paid only when the tokens are redeemed on chain (the engine records
 * them as resolved-awaiting-redemption).
 */
import { z } from 'zod';
import {
  TwinlegError,
  USD,
  ZERO_MICROS,
  type MarketPair,
  type VenueMarketState
} from '../../../core/index.js';

/** A GET that answers status and body text (public: no signature needed). */
export type PublicGet = (
  path: string,
  signal: AbortSignal
) => Promise<{ status: number; text: string }>;

const ByTokenSchema = z.object({ condition_id: z.string().min(1) });

const MarketSchema = z.object({
  condition_id: z.string(),
  active: z.boolean().optional(),
  closed: z.boolean(),
  accepting_orders: z.boolean().optional(),
  end_date_iso: z.string().nullish(),
  tokens: z.array(z.object({ token_id: z.string(), winner: z.boolean().optional() }))
});

function parse<T>(schema: z.ZodType<T>, status: number, text: string, what: string): T {
  if (status !== 200) throw new TwinlegError('venue_protocol', `${what}: HTTP ${status}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TwinlegError('venue_protocol', `${what}: not JSON`);
  }
  const r = schema.safeParse(json);
  if (!r.success) throw new TwinlegError('venue_protocol', `${what}: unexpected body`);
  return r.data;
}

/** Reads market states, remembering each pair's condition id after the first lookup. */
export class PolymarketMarketStates {
  private readonly conditions = new Map<string, string>();

  constructor(private readonly get: PublicGet) {}

  /** The market's state on Polymarket; throws `venue_protocol` when the answer proves nothing. */
  async read(m: MarketPair, signal: AbortSignal): Promise<VenueMarketState> {
    const cid = await this.conditionOf(m.polyYesTokenId, signal);
    const a = await this.get(`/markets/${encodeURIComponent(cid)}`, signal);
    const r = parse(MarketSchema, a.status, a.text, `market ${cid}`);
    const yes = r.tokens.find((t) => t.token_id === m.polyYesTokenId);
    const no = r.tokens.find((t) => t.token_id === m.polyNoTokenId);
    if (r.condition_id !== cid || !yes || !no)
      throw new TwinlegError('venue_protocol', `market ${cid} does not list the pair's tokens`);
    const end = r.end_date_iso ? Date.parse(r.end_date_iso) : NaN;
    const closeWallMs = Number.isSafeInteger(end) ? end : null;
    if (yes.winner === true && no.winner === true)
      throw new TwinlegError('venue_protocol', `market ${cid} names both tokens winners`);
    if (r.closed && (yes.winner === true || no.winner === true))
      return {
        venue: 'polymarket',
        phase: 'resolved',
        closeWallMs,
        yesPayout: yes.winner === true ? USD : ZERO_MICROS
      };
    const open = !r.closed && r.active !== false && r.accepting_orders !== false;
    return { venue: 'polymarket', phase: open ? 'open' : 'closed', closeWallMs, yesPayout: null };
  }

  private async conditionOf(tokenId: string, signal: AbortSignal): Promise<string> {
    const known = this.conditions.get(tokenId);
    if (known !== undefined) return known;
    const a = await this.get(`/markets-by-token/${encodeURIComponent(tokenId)}`, signal);
    const cid = parse(ByTokenSchema, a.status, a.text, `markets-by-token ${tokenId}`).condition_id;
    this.conditions.set(tokenId, cid);
    return cid;
  }
}
