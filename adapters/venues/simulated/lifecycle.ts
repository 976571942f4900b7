/**
 * A seeded, recurring market life for the simulated venues and the mock venues: each market
 * is open for `lifetimeMs`, then closed (no trading, outcome not known) for `closedMs`, then
 * resolved with a seeded outcome for `resolvedMs`, and then the next cycle opens with a new
 * close time. Markets are staggered (a seeded phase shift per market) so they do not all
 * close at once. A pure function of (seed, market id, time): both venues of a pair built with
 * the same options agree on close times and outcomes (they are the same question), and no
 * random stream of a venue is drawn from, so a venue's other draws are unchanged.
 * @packageDocumentation
 */
import {
  TwinlegError,
  USD,
  ZERO_MICROS,
  type MarketPhase,
  type Micros
} from '../../../core/index.js';

/** Options of a {@link MarketSchedule}. */
export interface MarketLifecycleOptions {
  /** How long each cycle's market is open, ms of venue time (an integer > 0). */
  readonly lifetimeMs: number;
  /** Closed before it resolves, ms (default `lifetimeMs / 20`, at least 1). */
  readonly closedMs?: number;
  /** Resolved before the next cycle opens, ms (default `lifetimeMs / 10`, at least 1). */
  readonly resolvedMs?: number;
  /** Seed of the outcomes and of the stagger (default 1). The same for both venues of a run. */
  readonly seed?: number;
}

/** One market's cycle at a time, in venue time (ms since the clock's origin). */
export interface CycleState {
  /** Cycle number (0 = the one open at time 0). */
  readonly cycle: number;
  readonly phase: MarketPhase;
  /** When this cycle's trading stops. */
  readonly closeAtMs: number;
  /** When this cycle resolves (its payout becomes known and is paid). */
  readonly resolveAtMs: number;
  /** Payout of one YES contract of this cycle: $1 (YES won) or 0 (NO won). */
  readonly yesPayout: Micros;
}

/** splitmix32-style integer mixer: a fixed, platform-independent hash of 32-bit words. */
function mix(...words: readonly number[]): number {
  let h = 0x2545f491;
  for (const w of words) {
    h = Math.imul(h ^ (w | 0), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const positiveInt = (name: string, v: number): number => {
  if (!Number.isSafeInteger(v) || v <= 0)
    throw new TwinlegError('invalid_config', `market lifecycle: ${name} must be an integer > 0`);
  return v;
};

/** The recurring life of every market (see the module comment). */
export class MarketSchedule {
  /** Open time of a cycle. */
  readonly lifetimeMs: number;
  /** Closed time of a cycle, before it resolves. */
  readonly closedMs: number;
  /** Resolved time of a cycle, before the next one opens. */
  readonly resolvedMs: number;
  /** Length of a whole cycle. */
  readonly periodMs: number;
  private readonly seed: number;

  constructor(o: MarketLifecycleOptions) {
    this.lifetimeMs = positiveInt('lifetimeMs', o.lifetimeMs);
    this.closedMs = positiveInt(
      'closedMs',
      o.closedMs ?? Math.max(1, Math.floor(o.lifetimeMs / 20))
    );
    this.resolvedMs = positiveInt(
      'resolvedMs',
      o.resolvedMs ?? Math.max(1, Math.floor(o.lifetimeMs / 10))
    );
    this.periodMs = this.lifetimeMs + this.closedMs + this.resolvedMs;
    this.seed = Math.trunc(o.seed ?? 1);
  }

  /** The market's phase shift in [0, lifetimeMs): its first close comes this much earlier. */
  private shift(marketId: number): number {
    return mix(this.seed, marketId, 0x51a) % this.lifetimeMs;
  }

  /** The seeded outcome of a market's cycle: $1 per YES contract, or 0. */
  yesPayout(marketId: number, cycle: number): Micros {
    return (mix(this.seed, marketId, cycle, 0x0a7) & 1) === 1 ? USD : ZERO_MICROS;
  }

  /** Close time of a market's cycle. */
  closeAtMs(marketId: number, cycle: number): number {
    return cycle * this.periodMs + this.lifetimeMs - this.shift(marketId);
  }

  /** The market's cycle at venue time `atMs` (≥ 0). */
  at(marketId: number, atMs: number): CycleState {
    const u = Math.floor(atMs) + this.shift(marketId);
    const cycle = Math.floor(u / this.periodMs);
    const r = u - cycle * this.periodMs;
    const closeAtMs = this.closeAtMs(marketId, cycle);
    const phase: MarketPhase =
      r < this.lifetimeMs ? 'open' : r < this.lifetimeMs + this.closedMs ? 'closed' : 'resolved';
    return {
      cycle,
      phase,
      closeAtMs,
      resolveAtMs: closeAtMs + this.closedMs,
      yesPayout: this.yesPayout(marketId, cycle)
    };
  }

  /**
   * The first cycle of a market resolving in `(fromMs, toMs]`, if any (later ones pay nothing
   * more: the first resolution clears what was held).
   */
  firstResolution(marketId: number, fromMs: number, toMs: number): CycleState | null {
    const s = this.at(marketId, fromMs);
    const cycle = s.phase === 'resolved' ? s.cycle + 1 : s.cycle;
    const next = this.at(marketId, this.closeAtMs(marketId, cycle) + this.closedMs);
    return next.resolveAtMs <= toMs ? next : null;
  }
}
