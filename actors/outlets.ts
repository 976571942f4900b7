/**
 * Where an execution's fills and results go, in order: the log line, the journal, the risk
 * port (guarded: a throwing risk port is logged and never stops delivery), then the public
 * stream and the caller's promise. Also releases a market's bit per the error registry.
 */
import { Subject } from 'rxjs';
import {
  releasePolicyOf,
  type Clock,
  type ErrorCode,
  type ExecutionResult,
  type FillRecord,
  type Journal,
  type Logger,
  type MarketPair,
  type RiskPort
} from '../core/index.js';
import type { ExecutionEmitted } from '../machines/executionTypes.js';
import { logEmitted, logFill, logResult } from './execLog.js';
import { fillRecord } from './fillRecord.js';
import type { InFlightBitmask } from './inflightBitmask.js';
import type { ReleaseQueue } from './releaseQueue.js';
import { rejectionResult } from './results.js';

/** A caller waiting on `submit()`, if any. */
export type Resolve = ((r: ExecutionResult) => void) | undefined;

/** What {@link Outlets} writes to. */
export interface OutletDeps {
  readonly clock: Clock;
  readonly log: Logger;
  readonly journal: Journal;
  readonly risk: RiskPort;
  readonly bitmask: InFlightBitmask;
  readonly releases: ReleaseQueue;
  readonly delayedReleaseMs: number;
}

/** See the module comment. */
export class Outlets {
  readonly results = new Subject<ExecutionResult>();
  readonly fills = new Subject<FillRecord>();

  constructor(private readonly d: OutletDeps) {}

  /** An event an execution emitted: a fill is recorded and published, the rest logged. */
  emitted(id: string, marketId: number, market: MarketPair | undefined, ev: ExecutionEmitted) {
    if (ev.type === 'fill' && market) {
      const f = fillRecord(this.d.clock, market, id, ev.venue, ev.side, ev.action, ev.outcome);
      logFill(this.d.log, f);
      this.d.journal.fill(f);
      this.safely(() => this.d.risk.onFill(f));
      this.fills.next(f);
      return;
    }
    logEmitted(this.d.log, id, marketId, ev);
  }

  /** Releases the market's bit as the result's error code says: now, later or never. */
  release(marketId: number, code: ErrorCode | null): void {
    const policy = releasePolicyOf(code);
    if (policy === 'immediate') this.d.bitmask.release(marketId);
    else if (policy === 'delayed') this.d.releases.schedule(marketId, this.d.delayedReleaseMs);
  }

  /** Delivers the result of an opportunity refused before it ran. */
  reject(
    id: string,
    marketId: number,
    latencyNs: number,
    code: ErrorCode,
    detail: string,
    r: Resolve
  ): void {
    this.deliver(rejectionResult(id, marketId, code, detail, latencyNs), r);
  }

  /** Logs a result, reports it to the risk port, publishes it and resolves the caller. */
  deliver(result: ExecutionResult, resolve: Resolve): void {
    if (result.error !== 'already_in_flight') logResult(this.d.log, result);
    this.safely(() => this.d.risk.onResult(result));
    this.results.next(result);
    resolve?.(result);
  }

  /** Runs a risk-port call; a throw is logged and swallowed. */
  safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.d.log.error({ err: e }, '[EXEC] ❌ risk port threw; continuing');
    }
  }

  /** Completes both streams (engine stopped). */
  complete(): void {
    this.results.complete();
    this.fills.complete();
  }
}
