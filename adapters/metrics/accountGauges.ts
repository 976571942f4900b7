/**
 * The venue accounts as gauges: differences found by the last reconciliation and the cash
 * each venue last reported.
 *
 * | series | type | labels |
 * | --- | --- | --- |
 * | `twinleg_reconciliation_differences` | gauge | `venue` (positions where ledger and venue disagree, unacknowledged or not) |
 * | `twinleg_venue_balance_dollars` | gauge | `venue` (last read cash; absent until read) |
 */
import { Gauge, type Registry } from 'prom-client';
import { USD } from '../../core/index.js';

const VENUES = ['kalshi', 'polymarket'] as const;

/** What the gauges read at scrape time (null balance: not read yet). */
export interface AccountGaugeSource {
  readonly differences: Readonly<Record<(typeof VENUES)[number], number>>;
  readonly balances: Readonly<Record<(typeof VENUES)[number], number | null>>;
}

/** Registers the account gauges in `registry` (as `tradingGauges.ts` does). */
export function registerAccountGauges(
  registry: Registry,
  source: () => AccountGaugeSource | undefined
): void {
  const reg = { registers: [registry] };
  new Gauge({
    name: 'twinleg_reconciliation_differences',
    help: 'Positions (venue and side) where the ledger and the venue disagree, at the last reconciliation',
    labelNames: ['venue'],
    ...reg,
    collect() {
      const s = source();
      if (!s) return;
      for (const v of VENUES) this.set({ venue: v }, s.differences[v]);
    }
  });
  new Gauge({
    name: 'twinleg_venue_balance_dollars',
    help: 'Cash the venue last reported',
    labelNames: ['venue'],
    ...reg,
    collect() {
      const s = source();
      if (!s) return;
      for (const v of VENUES) {
        const b = s.balances[v];
        if (b !== null) this.set({ venue: v }, b / USD);
      }
    }
  });
}
