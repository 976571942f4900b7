/**
 * Logs every change of the trading state once, with its numbers: a pause at warn, the return
 * to trading at info. Observing the same state again logs nothing, so it can be fed on every
 * result and on a timer without flooding the log.
 */
import { formatQty, formatUsd, type Logger } from '../../core/index.js';
import type { TradingHold, TradingState } from './tradingState.js';

const WHY: Record<Exclude<TradingState['mode'], 'TRADING' | 'DISABLED'>, string> = {
  LIMIT_REACHED: 'new entries paused until positions settle or close',
  HALTED: 'new entries stopped'
};

/** A hold is one per kind and market: its detail may change (a countdown) without a new line. */
const holdKey = (h: TradingHold): string => `${h.kind}:${h.marketId ?? '*'}`;

/** Remembers the last state it saw and logs the difference. */
export class TradingStateAnnouncer {
  private last: { mode: TradingState['mode']; reasons: string } | null = null;
  private holds = new Map<string, TradingHold>();

  constructor(private readonly log: Logger) {}

  /** Logs what changed since the previous call (nothing on the first `TRADING`). */
  observe(s: TradingState): void {
    this.observeMode(s);
    this.observeHolds(s.marketHolds);
  }

  private observeMode(s: TradingState): void {
    const reasons = s.reasons.join('; ');
    const prev = this.last;
    if (prev && prev.mode === s.mode && prev.reasons === reasons) return;
    this.last = { mode: s.mode, reasons };
    const left = `${formatQty(s.contracts.left)} contracts and ${formatUsd(s.dollarsAtRisk.left)} of capacity left`;
    const fields = {
      tradingState: s.mode,
      reasons: s.reasons,
      contractsUsed: s.contracts.used,
      contractsLimit: s.contracts.limit,
      dollarsAtRisk: s.dollarsAtRisk.used,
      dollarsAtRiskLimit: s.dollarsAtRisk.limit
    };
    if (s.mode === 'TRADING') {
      if (prev) this.log.info(fields, `[CB] ✅ trading again: ${left}`);
      return;
    }
    if (s.mode === 'DISABLED') {
      this.log.warn(fields, '[CB] ⚠️ circuit breaker disabled: no limits are enforced');
      return;
    }
    this.log.warn(fields, `[CB] ⚠️ ${reasons}; ${WHY[s.mode]}`);
  }

  private observeHolds(holds: readonly TradingHold[]): void {
    const now = new Map(holds.map((h) => [holdKey(h), h]));
    for (const [k, h] of now) {
      if (this.holds.has(k)) continue;
      const fields = { marketId: h.marketId, hold: h.kind };
      // a market closing is its normal life; a difference or a low balance needs someone
      if (h.kind === 'market_closing')
        this.log.info(fields, `[CB] market ${h.marketId} held: ${h.detail}; no new entries on it`);
      else
        this.log.warn(
          fields,
          `[CB] ⚠️ market ${h.marketId} held: ${h.detail}; no new entries on it`
        );
    }
    for (const [k, h] of this.holds) {
      if (!now.has(k))
        this.log.info(
          { marketId: h.marketId, hold: h.kind },
          `[CB] ✅ market ${h.marketId} released: ${h.detail}`
        );
    }
    this.holds = now;
  }
}
