/**
 * The supervisor refuses, at construction, a configuration that can never work: a market id
 * that no in-flight bit can hold, a duplicate id, or a venue adapter in the other venue's slot.
 */
import { TwinlegError, type EngineConfig, type MarketRegistry, type Venue } from '../core/index.js';
import type { SupervisorOptions } from './supervisorTypes.js';

const VENUES: readonly Venue[] = ['kalshi', 'polymarket'];

/** @throws TwinlegError `invalid_config` naming the first problem found. */
export function checkSupervisorOptions(
  opts: SupervisorOptions,
  markets: MarketRegistry,
  config: EngineConfig
): void {
  const bad = (msg: string) => new TwinlegError('invalid_config', msg);
  const seen = new Set<number>();
  for (const m of markets.all()) {
    const id = m.marketId;
    if (!Number.isSafeInteger(id) || id < 0 || id >= config.capacity) {
      throw bad(
        `market ${String(m.pairId)}: marketId ${String(id)} must be an integer in 0..${config.capacity - 1} (engine.capacity)`
      );
    }
    if (seen.has(id)) throw bad(`duplicate marketId ${id}`);
    seen.add(id);
  }
  for (const v of VENUES) {
    const adapter = (opts.venues as Partial<SupervisorOptions['venues']> | undefined)?.[v];
    if (!adapter) throw bad(`no ${v} adapter in venues.${v}`);
    if (adapter.venue !== v) {
      throw bad(`venues.${v} holds the ${String(adapter.venue)} adapter`);
    }
  }
}
