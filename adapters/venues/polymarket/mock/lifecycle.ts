/**
 * The Polymarket mock's pairs and recurring market lifecycle. A pair is one question with a
 * YES and a NO token: the CLOB lists them as ONE market (one condition id, both tokens in
 * `GET /markets/{conditionId}` with outcomes Yes/No). With a lifecycle (the simulated venues'
 * {@link MarketSchedule} on the lifecycle's wall clock from `originWallMs`) a pair's market is
 * open until its close time (`end_date_iso`), then `closed` with no winner, then resolved
 * (`closed`, the seeded outcome's token `winner: true`), then open again with a new end date.
 * Orders on a market not open are refused. At resolution the mock redeems the funder's tokens
 * automatically (a paper run has no chain): the winning shares pay $1 each into pUSD and both
 * tokens' balances go to 0 — the real venue keeps them until a redemption on chain. Payouts
 * happen lazily at the next request after the resolution.
 */
import { USD, ZERO_MICROS, type Micros } from '../../../../core/index.js';
import {
  MarketSchedule,
  type CycleState,
  type MarketLifecycleOptions
} from '../../simulated/lifecycle.js';
import { conditionIdOf } from './sdkMarketRoutes.js';

/** One question's tokens on the mock. */
export interface MockPair {
  /** The schedule's key (stagger and outcome): the twinleg market id. */
  readonly marketId: number;
  readonly yesTokenId: string;
  readonly noTokenId: string;
}

/** The Polymarket mock's lifecycle option. */
export interface PolymarketMockLifecycle extends MarketLifecycleOptions {
  /** Wall ms of the schedule's time 0 (give both mocks the same one). */
  readonly originWallMs: number;
  /** The lifecycle's wall clock, ms (default the mock's `now`, else `Date.now`). */
  readonly now?: () => number;
}

/** A pair's market now, in the CLOB's terms. */
export interface MockPairStatus {
  readonly closed: boolean;
  readonly acceptingOrders: boolean;
  readonly endMs: number | null;
  /** The winning token once resolved. */
  readonly winner: 'yes' | 'no' | null;
}

/** What the lifecycle needs of the exchange to pay a resolution. */
export interface Redeemer {
  /** Clears a token's shares, crediting `perShare` for each; returns nothing. */
  redeem(tokenId: string, perShare: Micros): void;
  /** Whether anything of the token is held. */
  holds(tokenId: string): boolean;
}

/** See the module comment. */
export class PolymarketMockLife {
  private readonly byToken = new Map<string, MockPair>();
  private readonly byCondition = new Map<string, MockPair>();
  private readonly schedule: MarketSchedule | undefined;
  private readonly originWallMs: number;
  private lastMs: number;
  /** The lifecycle's clock (wall ms). */
  readonly now: () => number;

  constructor(
    pairs: readonly MockPair[],
    life: PolymarketMockLifecycle | undefined,
    fallbackNow: () => number = Date.now
  ) {
    for (const p of pairs) {
      this.byToken.set(p.yesTokenId, p);
      this.byToken.set(p.noTokenId, p);
      this.byCondition.set(conditionIdOf(p.yesTokenId), p);
    }
    this.schedule = life ? new MarketSchedule(life) : undefined;
    this.originWallMs = life?.originWallMs ?? 0;
    this.lastMs = this.originWallMs;
    this.now = life?.now ?? fallbackNow;
  }

  /** The condition id of a token's market: its pair's (the YES token's), else its own. */
  conditionOf(tokenId: string): string {
    const p = this.byToken.get(tokenId);
    return conditionIdOf(p ? p.yesTokenId : tokenId);
  }

  /** The pair a condition id names, if it is one. */
  pairOf(conditionId: string): MockPair | undefined {
    return this.byCondition.get(conditionId);
  }

  /** The outcome name of a token (`Yes` unless it is a pair's NO token). */
  outcomeOf(tokenId: string): 'Yes' | 'No' {
    return this.byToken.get(tokenId)?.noTokenId === tokenId ? 'No' : 'Yes';
  }

  private cycle(p: MockPair, nowMs: number): CycleState | null {
    return this.schedule ? this.schedule.at(p.marketId, nowMs - this.originWallMs) : null;
  }

  /** A pair's market now (open for ever without a lifecycle). */
  status(p: MockPair): MockPairStatus {
    const c = this.cycle(p, this.now());
    if (!c) return { closed: false, acceptingOrders: true, endMs: null, winner: null };
    const endMs = this.originWallMs + c.closeAtMs;
    if (c.phase === 'open') return { closed: false, acceptingOrders: true, endMs, winner: null };
    const winner = c.phase === 'resolved' ? (c.yesPayout === USD ? 'yes' : 'no') : null;
    return { closed: true, acceptingOrders: false, endMs, winner };
  }

  /** Whether orders on the token are taken now. */
  isOpen(tokenId: string): boolean {
    const p = this.byToken.get(tokenId);
    return !p || this.status(p).acceptingOrders;
  }

  /** Redeems every pair resolved since the last call (see the module comment). */
  catchUp(ex: Redeemer): void {
    const schedule = this.schedule;
    if (!schedule) return;
    const nowMs = this.now();
    if (nowMs <= this.lastMs) return;
    const from = this.lastMs - this.originWallMs;
    this.lastMs = nowMs;
    const seen = new Set<MockPair>(this.byToken.values());
    for (const p of seen) {
      if (!ex.holds(p.yesTokenId) && !ex.holds(p.noTokenId)) continue;
      const r = schedule.firstResolution(p.marketId, from, nowMs - this.originWallMs);
      if (!r) continue;
      const yesWon = r.yesPayout === USD;
      ex.redeem(p.yesTokenId, yesWon ? USD : ZERO_MICROS);
      ex.redeem(p.noTokenId, yesWon ? ZERO_MICROS : USD);
    }
  }
}
