/**
 * `twinleg watch`: the live book feeds and the detector, without trading. A terminal table
 * that refreshes (top of book per venue and outcome, staleness, the last opportunity), or JSON
 * lines (`book` snapshots each refresh, `opportunity` as detected).
 */
import { NanoClock } from '../../actors/nanoClock.js';
import { detectorStats } from '../../actors/detector/index.js';
import {
  formatCents,
  formatQty,
  type FastExecutionRequest,
  type MarketPair
} from '../../core/index.js';
import type { TwinlegConfig } from '../config/schema.js';
import type { Logger } from '../../core/index.js';
import { renderTable } from '../table.js';
import { detectedRequests, startBookFeeds } from './bookFeed.js';
import { marketTop, topRows } from './bookView.js';
import { waitForStop } from './waitForStop.js';

/** Options of {@link runWatch}. */
export interface WatchOptions {
  readonly config: TwinlegConfig;
  readonly markets: readonly MarketPair[];
  readonly log: Logger;
  readonly json: boolean;
  readonly intervalMs: number;
  readonly durationSec?: number | undefined;
  /** Where the output goes (default stdout). */
  readonly write?: (text: string) => void;
}

/** An opportunity as `watch` prints it (prices and sizes in micro units, as the engine has them). */
function opportunityLine(r: FastExecutionRequest, wallMs: number): Record<string, unknown> {
  return {
    type: 'opportunity',
    wallMs,
    marketId: r.marketId,
    arbType: r.arbType,
    yesPrice: r.yesPrice,
    noPrice: r.noPrice,
    yesSize: r.yesSize,
    noSize: r.noSize
  };
}

/** Runs until `--duration` or Ctrl-C; resolves with the opportunities seen. */
export async function runWatch(o: WatchOptions): Promise<number> {
  const write = o.write ?? ((t: string) => void process.stdout.write(t));
  const clock = new NanoClock();
  const changedAt = new Map<number, number>();
  const last = new Map<number, { r: FastExecutionRequest; wallMs: number }>();
  let lastAny: { r: FastExecutionRequest; wallMs: number } | undefined;
  let seen = 0;
  const f = startBookFeeds({ config: o.config, markets: o.markets, clock, log: o.log });
  const offChange = f.books.onChange((id) => changedAt.set(id, clock.wallMs()));
  const stats = detectorStats();
  const sub = detectedRequests({
    books: f.books,
    markets: o.markets,
    clock,
    stats,
    engine: o.config.engine
  }).subscribe((r) => {
    seen++;
    const wallMs = clock.wallMs();
    lastAny = { r, wallMs };
    last.set(r.marketId, lastAny);
    if (o.json) write(JSON.stringify(opportunityLine(r, wallMs)) + '\n');
  });
  const render = (): void => {
    const now = clock.wallMs();
    if (o.json) {
      for (const m of o.markets) {
        const top = marketTop(f.books, m.marketId);
        const at = changedAt.get(m.marketId);
        write(
          JSON.stringify({
            type: 'book',
            wallMs: now,
            marketId: m.marketId,
            pairId: m.pairId,
            changedWallMs: at ?? null,
            ...top
          }) + '\n'
        );
      }
      return;
    }
    const rows: string[][] = [];
    for (const m of o.markets) {
      const top = marketTop(f.books, m.marketId);
      const at = changedAt.get(m.marketId);
      if (top)
        rows.push(...topRows(m.pairId, top, at === undefined ? undefined : (now - at) / 1e3));
    }
    const opp = lastAny
      ? `last opportunity: market ${lastAny.r.marketId} ${lastAny.r.arbType} YES ${formatCents(lastAny.r.yesPrice)} + NO ${formatCents(lastAny.r.noPrice)} × ${formatQty(lastAny.r.yesSize)}, ${((now - lastAny.wallMs) / 1e3).toFixed(1)} s ago`
      : 'last opportunity: none yet';
    write(
      '\x1b[2J\x1b[H' +
        renderTable(['market', 'venue', 'side', 'bid', 'ask ×size', 'book', 'changed'], rows) +
        `\n\n${opp} (${seen} detected, ${stats.updates} book updates). Ctrl-C to stop.\n`
    );
  };
  const timer = setInterval(render, o.intervalMs);
  try {
    await waitForStop({ durationSec: o.durationSec, feedEnded: undefined, idle: () => true });
    render(); // the last state, before the feeds close (closing marks every book stale)
  } finally {
    clearInterval(timer);
    sub.unsubscribe();
    offChange();
    f.stop();
  }
  return seen;
}
