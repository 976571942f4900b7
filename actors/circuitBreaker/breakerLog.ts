/**
 * The breaker's `[CB]` log lines: `⚠️` mismatch recorded, `🚫` market blacklisted, `✅`
 * re-enabled / resumed, `🛑` halt, `📅` new trading day. A disabled breaker logs the same
 * lines with "(not enforced: CB disabled)".
 */
import { formatUsd, type Logger } from '../../core/index.js';
import type { BreakerConfig } from './breakerConfig.js';
import type { Notice } from './breakerState.js';

const secs = (ms: number): string => `${ms / 1_000}s`;

/** Writes one log line per notice. */
export function logNotices(log: Logger, notices: readonly Notice[], cfg: BreakerConfig): void {
  const off = cfg.enabled ? '' : ' (not enforced: CB disabled)';
  for (const n of notices) {
    switch (n.type) {
      case 'mismatch':
        log.warn(
          { marketId: n.marketId, mismatches: n.count, threshold: cfg.blacklistThreshold },
          `[CB] ⚠️ mismatch recorded market=${n.marketId} (${n.count}/${cfg.blacklistThreshold} before blacklist)${off}`
        );
        break;
      case 'blacklisted':
        log.error(
          { marketId: n.marketId, mismatches: n.count, blacklistMs: cfg.blacklistMs },
          `[CB] 🚫 market=${n.marketId} BLACKLISTED for ${secs(cfg.blacklistMs)} after ${n.count} consecutive mismatches${off}`
        );
        break;
      case 'reenabled':
        log.info(
          { marketId: n.marketId },
          `[CB] ✅ market=${n.marketId} re-enabled (blacklist expired)`
        );
        break;
      case 'halted':
        log.error(
          { consecutiveErrors: n.errors, cooldownMs: cfg.cooldownMs },
          `[CB] 🛑 HALT: ${n.errors} consecutive errors; all markets in cooldown for ${secs(cfg.cooldownMs)}${off}`
        );
        break;
      case 'cooldownLifted':
        log.info({}, '[CB] ✅ cooldown expired; trading resumed');
        break;
      case 'dailyLimit':
        log.error(
          { dailyPnl: n.pnl, maxDailyLoss: cfg.maxDailyLoss },
          `[CB] 🛑 HALT: daily loss limit hit (P&L ${formatUsd(n.pnl)} below -${formatUsd(cfg.maxDailyLoss)}); blocked until the next trading day${off}`
        );
        break;
      case 'newDay':
        log.info(
          { previousPnl: n.previousPnl, limitWasHit: n.wasHit },
          `[CB] 📅 new trading day: daily P&L reset (was ${formatUsd(n.previousPnl)})${n.wasHit ? '; daily loss halt lifted' : ''}`
        );
        break;
      case 'manualHalt':
        log.warn({ reason: n.reason }, `[CB] 🛑 manual HALT: ${n.reason}${off}`);
        break;
      case 'resumed':
        log.info({}, '[CB] ✅ resumed by operator (manual halt and cooldown cleared)');
        break;
    }
  }
}
