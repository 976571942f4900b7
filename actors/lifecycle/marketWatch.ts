/**
 * Follows every market to its end on both venues: reads each venue's market state at start and
 * every `pollMs`, holds a market (no new entries) from `guardMs` before its close on either
 * venue, and reports each resolution once per venue and close time (a recurring market
 * resolves once per cycle), with its payout, so the run can record the
 * settlement and free the limits. A read that fails keeps the last state known (and is
 * logged); a market never read is held, since nothing proves it is open.
 */
import {
  closingSoon,
  type Clock,
  type Logger,
  type MarketPair,
  type TimerHandle,
  type Venue,
  type VenueMarketState
} from '../../core/index.js';
import type { TradingHold } from '../tradingState/index.js';

/** Reads one market's state on one venue (the adapters' market-state reads). */
export type MarketStateRead = (
  market: MarketPair,
  venue: Venue,
  signal: AbortSignal
) => Promise<VenueMarketState>;

/** Options of {@link MarketWatch}. */
export interface MarketWatchOptions {
  readonly markets: readonly MarketPair[];
  readonly read: MarketStateRead;
  readonly clock: Clock;
  readonly log: Logger;
  /** Called once per market and venue when the venue resolves it. */
  readonly onResolved: (market: MarketPair, state: VenueMarketState) => void;
  /** Read period (default 60 000 ms). */
  readonly pollMs?: number;
  /** No new entries this long before a close (default 300 000 ms: 5 minutes). */
  readonly guardMs?: number;
  /** Called after every pass (e.g. to retry settlements that were waiting). */
  readonly onPass?: () => void;
}

const VENUES: readonly Venue[] = ['kalshi', 'polymarket'];

/** The watcher; {@link MarketWatch.start} begins the polling. */
export class MarketWatch {
  private readonly states = new Map<number, Map<Venue, VenueMarketState>>();
  private readonly resolved = new Set<string>();
  private readonly ctl = new AbortController();
  private timer: TimerHandle;
  private running = false;

  constructor(private readonly o: MarketWatchOptions) {}

  /** Reads every market now, then every `pollMs`; resolves after the first pass. */
  async start(): Promise<void> {
    this.running = true;
    await this.pass();
    this.schedule();
  }

  /** One pass over every market and venue (the timer runs one every `pollMs`). */
  async pass(): Promise<void> {
    await Promise.all(this.o.markets.flatMap((m) => VENUES.map((v) => this.readOne(m, v))));
    this.o.onPass?.();
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.o.clock.setTimeout(() => {
      void this.pass().then(() => this.schedule());
    }, this.o.pollMs ?? 60_000);
  }

  /** Stops polling and aborts reads in flight. */
  stop(): void {
    this.running = false;
    this.o.clock.clearTimeout(this.timer);
    this.ctl.abort(new Error('market watch stopped'));
  }

  /** The last state known of a market on a venue. */
  stateOf(marketId: number, venue: Venue): VenueMarketState | undefined {
    return this.states.get(marketId)?.get(venue);
  }

  /** Markets on which new entries must stop now (closing soon, closed, resolved, unknown). */
  holds(): TradingHold[] {
    const now = this.o.clock.wallMs();
    const guard = this.o.guardMs ?? 300_000;
    const out: TradingHold[] = [];
    for (const m of this.o.markets) {
      const known = this.states.get(m.marketId);
      if (!known || known.size < VENUES.length) {
        out.push({
          kind: 'market_closing',
          marketId: m.marketId,
          detail: 'market state not known yet'
        });
        continue;
      }
      const s = closingSoon([...known.values()], now, guard);
      if (s) out.push({ kind: 'market_closing', marketId: m.marketId, detail: describe(s, now) });
    }
    return out;
  }

  private async readOne(m: MarketPair, venue: Venue): Promise<void> {
    let s: VenueMarketState;
    try {
      s = await this.o.read(m, venue, this.ctl.signal);
    } catch (err) {
      if (this.ctl.signal.aborted) return;
      this.o.log.warn({ err, marketId: m.marketId, venue }, `[LIFE] market state read failed`);
      return;
    }
    let known = this.states.get(m.marketId);
    if (!known) this.states.set(m.marketId, (known = new Map<Venue, VenueMarketState>()));
    known.set(venue, s);
    const key = `${m.marketId}:${venue}:${s.closeWallMs ?? 0}`;
    if (s.phase === 'resolved' && !this.resolved.has(key)) {
      this.resolved.add(key);
      this.o.onResolved(m, s);
    }
  }
}

function describe(s: VenueMarketState, now: number): string {
  if (s.phase === 'resolved') return `resolved on ${s.venue}`;
  if (s.phase === 'closed') return `closed on ${s.venue}`;
  const left = Math.max(0, (s.closeWallMs ?? now) - now);
  const when = left < 120_000 ? `${Math.ceil(left / 1_000)} s` : `${Math.ceil(left / 60_000)} min`;
  return `closes on ${s.venue} in ${when}`;
}
