/**
 * twinleg's own messages next to the XState protocol: the in-flight bitmask, the circuit
 * breaker's status, counters (state messages, sent when they change and replayed to late
 * clients), and batches of results and fills (one frame per flush, bounded).
 */
import type { Subscription } from 'rxjs';
import type { Coalescer } from './coalesce.js';
import { sanitizeFill, sanitizeResult } from './sanitize.js';
import type {
  BitmaskMessage,
  InspectableSupervisor,
  SafeFill,
  SafeResult,
  StatsMessage,
  TwinlegMessage
} from './types.js';

/** Options of {@link startExtras}. */
export interface ExtrasOptions {
  /** The circuit breaker's `status()` (plain JSON), rendered as is. */
  readonly breakerStatus?: () => unknown;
  /** Period of the bitmask and breaker messages (default 250 ms). */
  readonly stateIntervalMs?: number;
  /** Results or fills per batch frame; older ones are dropped (default 200). */
  readonly maxBatch?: number;
}

/** Transport counters the stats message reports. */
export interface TransportStats {
  clients(): number;
  framesSkipped(): number;
}

/** The bitmask message: claimed ids split into running and delayed-release. */
export function bitmaskMessage(sup: InspectableSupervisor): BitmaskMessage {
  const all = sup.bitmask.claimedIds();
  const live = new Set(sup.liveExecutions().map((l) => l.marketId));
  const delayedIds = sup.delayedReleaseIds?.();
  const delayed = delayedIds
    ? [...delayedIds].sort((a, b) => a - b)
    : all.filter((id) => !live.has(id));
  const delayedSet = new Set(delayed);
  return {
    type: 'twinleg.bitmask',
    capacity: sup.bitmask.capacity,
    claimed: all.filter((id) => !delayedSet.has(id)),
    delayed
  };
}

function batcher<T>(max: number) {
  let items: T[] = [];
  let dropped = 0;
  return {
    push(x: T) {
      items.push(x);
      if (items.length > 2 * max) {
        dropped += items.length - max;
        items = items.slice(-max);
      }
    },
    take(): { items: T[]; dropped: number } | undefined {
      if (items.length === 0 && dropped === 0) return undefined;
      const extra = Math.max(0, items.length - max);
      const out = { items: items.slice(extra), dropped: dropped + extra };
      items = [];
      dropped = 0;
      return out;
    }
  };
}

/** Starts the extra messages; returns the stop function. */
export function startExtras(
  sup: InspectableSupervisor,
  co: Coalescer,
  transport: TransportStats,
  now: () => number,
  opts: ExtrasOptions = {}
): () => void {
  const max = opts.maxBatch ?? 200;
  const results = batcher<SafeResult>(max);
  const fills = batcher<SafeFill>(max);
  const subs: Subscription[] = [
    sup.results$.subscribe((r) => results.push(sanitizeResult(r, now()))),
    sup.fills$.subscribe((f) => fills.push(sanitizeFill(f)))
  ];
  co.flushHooks.push(() => {
    const out: TwinlegMessage[] = [];
    const r = results.take();
    if (r) out.push({ type: 'twinleg.results', ...r });
    const f = fills.take();
    if (f) out.push({ type: 'twinleg.fills', ...f });
    return out;
  });
  let lastBitmask = '';
  let lastBreaker = '';
  const tickState = () => {
    const bm = bitmaskMessage(sup);
    const key = `${bm.claimed.join(',')}|${bm.delayed.join(',')}`;
    if (key !== lastBitmask) {
      lastBitmask = key;
      co.state(bm);
    }
    if (opts.breakerStatus) {
      let status: unknown;
      try {
        status = opts.breakerStatus();
      } catch (e) {
        status = { error: `breaker status failed: ${e instanceof Error ? e.message : String(e)}` };
      }
      const s = JSON.stringify(status ?? null);
      if (s !== lastBreaker) {
        lastBreaker = s;
        co.state({ type: 'twinleg.breaker', status: JSON.parse(s) as unknown });
      }
    }
  };
  const tickStats = () => {
    const c = co.counters;
    const msg: StatsMessage = {
      type: 'twinleg.stats',
      serverTimeMs: now(),
      live: co.liveCount(),
      started: c.started,
      finished: c.finished,
      sampledOut: c.sampledOut,
      eventsDropped: c.eventsDropped,
      framesSent: c.frames,
      framesSkipped: transport.framesSkipped(),
      clients: transport.clients()
    };
    co.state(msg);
  };
  tickState();
  tickStats();
  const t1 = setInterval(tickState, opts.stateIntervalMs ?? 250);
  const t2 = setInterval(tickStats, 1_000);
  t1.unref();
  t2.unref();
  return () => {
    clearInterval(t1);
    clearInterval(t2);
    for (const s of subs) s.unsubscribe();
  };
}
