import { SILENT_LOGGER, type Clock, type Logger, type TimerHandle } from '../../core/index.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { PolyBookFetcher } from './polymarketRest.js';

/** Options of a {@link PolyResyncQueue}. */
export interface PolyResyncOptions {
  readonly fetchBook: PolyBookFetcher;
  readonly clock: Clock;
  /** REST requests at once (default 4; the venue allows 1,500 `/book` per 10 s per IP). */
  readonly maxConcurrent?: number;
  readonly backoff?: BackoffOptions;
  readonly logger?: Logger;
  /** An answer for a token still wanted (untrusted JSON). Returns false to retry later. */
  readonly onBook: (tokenId: string, raw: unknown) => boolean;
}

/**
 * REST `/book` resyncs of Polymarket tokens: at most one wanted per token (so the queue is
 * bounded by the number of tokens), `maxConcurrent` in flight, failures retried after a
 * backoff on the injected clock. {@link cancel} forgets a token (its WS `book` arrived, or the
 * connection ended): a late answer for it is discarded.
 */
export class PolyResyncQueue {
  private readonly waiting = new Set<string>();
  private readonly inflight = new Map<string, number>();
  private readonly retry = new Map<string, TimerHandle>();
  private gen = 0;
  private readonly max: number;
  private readonly backoff: Backoff;
  private readonly log: Logger;

  constructor(private readonly o: PolyResyncOptions) {
    this.max = Math.max(1, o.maxConcurrent ?? 4);
    this.backoff = new Backoff(o.backoff);
    this.log = o.logger ?? SILENT_LOGGER;
  }

  /** Tokens wanted, in flight or waiting to retry. */
  get size(): number {
    return this.waiting.size + this.inflight.size + this.retry.size;
  }

  /** Wants a fresh REST book for `tokenId` (no-op when already wanted). */
  request(tokenId: string): void {
    if (this.waiting.has(tokenId) || this.inflight.has(tokenId) || this.retry.has(tokenId)) return;
    this.waiting.add(tokenId);
    this.pump();
  }

  /** Forgets `tokenId`: a late answer is discarded. */
  cancel(tokenId: string): void {
    this.waiting.delete(tokenId);
    this.inflight.delete(tokenId);
    const t = this.retry.get(tokenId);
    if (t !== undefined) this.o.clock.clearTimeout(t);
    this.retry.delete(tokenId);
  }

  /** Forgets every token. */
  cancelAll(): void {
    for (const t of [...this.waiting, ...this.inflight.keys(), ...this.retry.keys()])
      this.cancel(t);
  }

  private pump(): void {
    for (const tokenId of this.waiting) {
      if (this.inflight.size >= this.max) return;
      this.waiting.delete(tokenId);
      const g = ++this.gen;
      this.inflight.set(tokenId, g);
      this.o.fetchBook(tokenId).then(
        (raw) => this.settle(tokenId, g, raw, null),
        (err: unknown) => this.settle(tokenId, g, undefined, err)
      );
    }
  }

  private settle(tokenId: string, g: number, raw: unknown, err: unknown): void {
    if (this.inflight.get(tokenId) !== g) return this.pump();
    this.inflight.delete(tokenId);
    let ok = false;
    if (err === null) {
      try {
        ok = this.o.onBook(tokenId, raw);
      } catch (e) {
        this.log.error({ err: e }, 'polymarket feed: REST book handler threw');
      }
    } else {
      this.log.warn({ err, tokenId }, 'polymarket feed: REST /book failed; retrying');
    }
    if (ok) this.backoff.reset();
    else {
      const t = this.o.clock.setTimeout(() => {
        this.retry.delete(tokenId);
        this.request(tokenId);
      }, this.backoff.next());
      this.retry.set(tokenId, t);
    }
    this.pump();
  }
}
