import { SILENT_LOGGER, type Logger, type Venue } from '../../core/index.js';
import { Backoff } from './backoff.js';
import {
  NO_FEED_METRICS,
  type FeedDownReason,
  type FeedEvent,
  type FeedMetricsSink
} from './feedEvents.js';
import type { BookFeedCommonOptions } from './feedOptions.js';
import { FEED_SOCKET_DEFAULTS, FeedSocket } from './feedSocket.js';
import type WebSocket from 'ws';

/** What differs between the venues' sockets. */
export interface VenueSocketSpec {
  readonly url: string;
  /** Handshake headers, built afresh for every attempt (Kalshi re-signs each time). */
  readonly headers?: () => Record<string, string>;
  /** Sends one heartbeat on an open socket (Kalshi: a WS ping; Polymarket: the text `PING`). */
  readonly heartbeat: (ws: WebSocket) => void;
}

/**
 * The connection handling every venue book feed shares: one {@link FeedSocket} built from the
 * common options (backoff, tuning, logger), reconnects counted in the metrics, every raw frame
 * handed to `onRawFrame` before it is applied, listener errors contained, and the
 * start/stop/connected surface. A venue feed supplies only its URL, handshake and heartbeat
 * ({@link VenueSocketSpec}) and what it does on open, on a frame and when the link ends.
 */
export abstract class SocketBookFeed {
  protected readonly socket: FeedSocket;
  protected readonly log: Logger;
  protected readonly metrics: FeedMetricsSink;

  protected constructor(
    private readonly venue: Venue,
    private readonly common: BookFeedCommonOptions,
    spec: VenueSocketSpec
  ) {
    this.log = common.logger ?? SILENT_LOGGER;
    this.metrics = common.metrics ?? NO_FEED_METRICS;
    this.socket = new FeedSocket({
      url: spec.url,
      clock: common.clock,
      backoff: new Backoff(common.backoff),
      tuning: { ...FEED_SOCKET_DEFAULTS, ...common.tuning },
      logger: this.log,
      ...(spec.headers ? { headers: spec.headers } : {}),
      heartbeat: spec.heartbeat,
      onReconnect: (reason) => this.metrics.reconnect(venue, reason),
      handler: {
        open: () => this.onOpen(),
        frame: (text, recv) => {
          common.onRawFrame?.(venue, text, recv);
          this.onFrame(text, recv);
        },
        down: (reason) => this.onDown(reason)
      }
    });
  }

  /** Connects and keeps the books live until {@link stop}. */
  start(): void {
    this.socket.start();
  }

  /** Closes the connection; every book of the feed is left stale (`disconnected`). */
  stop(): void {
    this.socket.stop();
  }

  /** True while the socket is open. */
  get connected(): boolean {
    return this.socket.isOpen;
  }

  /** Reports one event to the host's `onEvent` (a throwing listener is logged, not raised). */
  protected emit(e: FeedEvent): void {
    try {
      this.common.onEvent?.(e);
    } catch (err) {
      this.log.warn({ err }, `${this.venue} feed: event listener threw`);
    }
  }

  /** The connection is open: subscribe. */
  protected abstract onOpen(): void;
  /** One text frame read from the socket, with its receipt time (Unix ms). */
  protected abstract onFrame(text: string, recvWallMs: number): void;
  /** The connection ended: mark the books stale. */
  protected abstract onDown(reason: FeedDownReason): void;
}
