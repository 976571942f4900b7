/**
 * The trading state as gauges: which mode the engine is in (one series per mode, 1 for the
 * current one), the total capacity left, and how many markets are held.
 *
 * | series | type | labels |
 * | --- | --- | --- |
 * | `twinleg_trading_state` | gauge | `state` (`TRADING`, `LIMIT_REACHED`, `HALTED`, `DISABLED`) |
 * | `twinleg_capacity_left_contracts` | gauge | — |
 * | `twinleg_capacity_left_dollars` | gauge | — |
 * | `twinleg_markets_held` | gauge | — (markets with a hold: reconciliation, closing, …) |
 */
import { Gauge, type Registry } from 'prom-client';
import { CONTRACT, USD } from '../../core/index.js';

/** The trading-state facts the gauges show (structurally the actors' `TradingState`). */
export interface TradingGaugeSource {
  readonly mode: string;
  readonly contracts: { readonly left: number };
  readonly dollarsAtRisk: { readonly left: number };
  readonly marketHolds: readonly unknown[];
}

/** The modes a `twinleg_trading_state` series exists for. */
export const TRADING_MODES = ['TRADING', 'LIMIT_REACHED', 'HALTED', 'DISABLED'] as const;

/** Registers the trading gauges, read from `source` at scrape time. */
export function registerTradingGauges(
  registry: Registry,
  source: () => TradingGaugeSource | undefined
): void {
  const reg = { registers: [registry] };
  new Gauge({
    name: 'twinleg_trading_state',
    help: 'Trading state: 1 for the current state, 0 for the others',
    labelNames: ['state'],
    ...reg,
    collect() {
      const s = source();
      if (!s) return;
      for (const m of TRADING_MODES) this.set({ state: m }, Number(s.mode === m));
    }
  });
  const g = (name: string, help: string, f: (s: TradingGaugeSource) => number): void => {
    new Gauge({
      name,
      help,
      ...reg,
      collect() {
        const s = source();
        if (s) this.set(f(s));
      }
    });
  };
  g(
    'twinleg_capacity_left_contracts',
    'Contracts the total limit still allows',
    (s) => s.contracts.left / CONTRACT
  );
  g(
    'twinleg_capacity_left_dollars',
    'Dollars at risk the total limit still allows',
    (s) => s.dollarsAtRisk.left / USD
  );
  g('twinleg_markets_held', 'Markets held (no new entries on them)', (s) => s.marketHolds.length);
}
