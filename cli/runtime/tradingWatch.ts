/**
 * The run's trading state: derived from the breaker and the holds placed by other components,
 * re-derived after every result and on a timer (a cooldown or a day's reset ends by time), and
 * logged once per change. The inspector and the metrics read the same state.
 */
import type { BreakerStatus, CircuitBreaker } from '../../actors/circuitBreaker/index.js';
import {
  TradingStateAnnouncer,
  tradingStateOf,
  type TradingHold,
  type TradingState
} from '../../actors/tradingState/index.js';
import type { Clock, Logger, TimerHandle } from '../../core/index.js';

/** What a run reads of its trading state. */
export interface TradingWatch {
  /** The current state (derived now). */
  state(): TradingState;
  /** The state as last derived (after the last result or tick): cheap, for hot paths. */
  current(): TradingState;
  /** The breaker's status with the trading state beside it (for the inspector). */
  status(): BreakerStatus & { readonly trading: TradingState };
  /** Re-derives and logs a change at once (after a result, a settlement, a new hold). */
  poke(): void;
  /** Stops the timer. */
  close(): void;
}

/** Options of {@link watchTrading}. */
export interface TradingWatchOptions {
  readonly breaker: CircuitBreaker;
  readonly clock: Clock;
  readonly log: Logger;
  /** Holds placed outside the breaker (balances, reconciliation, closing markets). */
  readonly holds?: () => readonly TradingHold[];
  /** Called with every derived state (e.g. to publish it beside the ledger). */
  readonly onState?: (s: TradingState) => void;
  /**
   * How often time-driven changes (a cooldown's end) are looked for, on `clock` (default
   * 1 000 ms; 0: only on {@link TradingWatch.poke}, for a run played in engine time).
   */
  readonly periodMs?: number;
}

/** Starts watching; the first derivation happens at once (a run that starts paused says so). */
export function watchTrading(o: TradingWatchOptions): TradingWatch {
  const announcer = new TradingStateAnnouncer(o.log);
  const derive = (status: BreakerStatus): TradingState => tradingStateOf(status, o.holds?.() ?? []);
  let last: TradingState | undefined;
  const poke = (): void => {
    const s = derive(o.breaker.status());
    last = s;
    announcer.observe(s);
    o.onState?.(s);
  };
  let timer: TimerHandle;
  let running = true;
  const period = o.periodMs ?? 1_000;
  const tick = (): void => {
    poke();
    if (running) timer = o.clock.setTimeout(tick, period);
  };
  if (period > 0) tick();
  else poke();
  return {
    state: () => derive(o.breaker.status()),
    current: () => last ?? derive(o.breaker.status()),
    status: () => {
      const status = o.breaker.status();
      return { ...status, trading: derive(status) };
    },
    poke,
    close: () => {
      running = false;
      o.clock.clearTimeout(timer);
    }
  };
}
