import WebSocket from 'ws';
import { thrownText, type Clock, type Logger, type TimerHandle } from '../../core/index.js';
import type { Backoff } from './backoff.js';
import type { FeedDownReason } from './feedEvents.js';
import { RingQueue } from './ringQueue.js';

/** Timings and bounds of a {@link FeedSocket} (every timer runs on the injected clock). */
export interface FeedSocketTuning {
  /** Heartbeat cadence, ms: the venue's ping (Kalshi: a WS ping; Polymarket: the text `PING`). */
  readonly heartbeatMs: number;
  /** No frame (data, ping, pong) for this long: the link is dead and is dropped, ms. */
  readonly deadAfterMs: number;
  /** The handshake must finish within this, ms. */
  readonly connectTimeoutMs: number;
  /** Frames read but not yet handled; past this the connection is dropped (books resync). */
  readonly queueCapacity: number;
  /** Largest frame accepted, bytes (a larger one ends the connection). */
  readonly maxPayloadBytes: number;
  /** Bytes written but not yet sent; past this the connection is dropped. */
  readonly maxOutboundBytes: number;
}

/** The defaults: 10 s heartbeat, 30 s dead, 10 s handshake, 10,000 frames, 16 MiB frames. */
export const FEED_SOCKET_DEFAULTS: FeedSocketTuning = {
  heartbeatMs: 10_000,
  deadAfterMs: 30_000,
  connectTimeoutMs: 10_000,
  queueCapacity: 10_000,
  maxPayloadBytes: 16 * 1024 * 1024,
  maxOutboundBytes: 1024 * 1024
};

/** What a venue feed does with its socket. No method may throw (each call is guarded). */
export interface FeedSocketHandler {
  /** The connection is open: subscribe. */
  open(): void;
  /** One text frame, with its receipt time on the shared clock (Unix ms). */
  frame(text: string, recvWallMs: number): void;
  /** The connection ended (once per connection): mark the books stale. */
  down(reason: FeedDownReason): void;
}

/** Construction options of a {@link FeedSocket}. */
export interface FeedSocketOptions {
  readonly url: string;
  readonly clock: Clock;
  readonly backoff: Backoff;
  readonly tuning: FeedSocketTuning;
  readonly logger: Logger;
  readonly handler: FeedSocketHandler;
  /** Handshake headers, built afresh for every attempt (Kalshi re-signs each time). */
  readonly headers?: () => Record<string, string>;
  /** Sends one heartbeat on an open socket. */
  readonly heartbeat: (ws: WebSocket) => void;
  /** Called before each reconnect is scheduled, with why the last connection ended. */
  readonly onReconnect?: (reason: FeedDownReason) => void;
}

type TimerKind = 'heartbeat' | 'connect' | 'reconnect';

interface Queued {
  readonly text: string;
  readonly recvWallMs: number;
}

/**
 * One reconnecting WebSocket of a book feed: connects, keeps the link alive, hands text frames
 * to its handler in order, and reconnects with backoff and jitter when the link ends.
 *
 * **Bounded.** Frames go through a fixed-capacity queue, drained in a microtask (a socket
 * chunk's frames are handled together). When the queue is full the connection is dropped
 * (`queue_full`): the handler's `down` marks every book stale and the reconnect resubscribes,
 * so the books come back from fresh snapshots; nothing is silently dropped. Outbound bytes
 * past `maxOutboundBytes` do the same (`outbound_full`).
 *
 * **Liveness.** Every `heartbeatMs` a heartbeat is sent; a link with no frame at all (data,
 * ping, pong) for `deadAfterMs` is terminated (`dead`). All timers run on the injected clock.
 * The backoff starts over only when the feed calls {@link markHealthy}.
 */
export class FeedSocket {
  private ws: WebSocket | null = null;
  private gen = 0;
  private stopped = true;
  /** Pending timers by role (heartbeat, handshake deadline, reconnect). */
  private readonly timers = new Map<TimerKind, TimerHandle>();
  private lastFrameNs = 0;
  private healthy = false;
  private readonly queue: RingQueue<Queued>;
  private draining = false;

  constructor(private readonly o: FeedSocketOptions) {
    this.queue = new RingQueue(o.tuning.queueCapacity);
  }

  /** True while a connection is open. */
  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Connects (and keeps reconnecting until {@link stop}). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the connection and cancels every timer; the handler gets `down('stopped')`. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer('reconnect');
    this.end('stopped');
  }

  /**
   * Sends a text frame; false when not open, or when the outbound buffer is over its bound
   * (then the connection is dropped with `outbound_full`).
   */
  send(text: string): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    if (ws.bufferedAmount > this.o.tuning.maxOutboundBytes) {
      this.end('outbound_full');
      return false;
    }
    ws.send(text);
    return true;
  }

  /**
   * The feed's word that this connection works (its first snapshot arrived): the reconnect
   * backoff starts over. Not reset on open or on any frame, so a venue that accepts the
   * socket and then refuses the subscription is not hammered.
   */
  markHealthy(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.o.backoff.reset();
  }

  /** Drops the current connection (the handler gets `down(reason)`) and reconnects. */
  drop(reason: FeedDownReason): void {
    this.end(reason);
  }

  private connect(): void {
    const gen = ++this.gen;
    this.healthy = false;
    let ws: WebSocket;
    try {
      const headers = this.o.headers?.();
      ws = new WebSocket(this.o.url, {
        maxPayload: this.o.tuning.maxPayloadBytes,
        perMessageDeflate: false,
        ...(headers ? { headers } : {})
      });
    } catch (err) {
      this.o.logger.error({ err }, 'book feed: cannot open a socket');
      this.scheduleReconnect('error');
      return;
    }
    this.ws = ws;
    const alive = () => {
      if (gen === this.gen) this.lastFrameNs = this.o.clock.nowNs();
    };
    this.setTimer('connect', this.o.tuning.connectTimeoutMs, () => {
      if (gen === this.gen && ws.readyState !== WebSocket.OPEN) this.end('connect_timeout');
    });
    ws.on('open', () => {
      if (gen !== this.gen) return;
      this.clearTimer('connect');
      alive();
      this.guard(() => this.o.handler.open());
      this.armHeartbeat(gen);
    });
    ws.on('message', (data, isBinary) => {
      if (gen !== this.gen) return;
      alive();
      const recvWallMs = this.o.clock.wallMs();
      if (isBinary) {
        this.o.logger.warn({ bytes: byteLength(data) }, 'book feed: binary frame ignored');
        return;
      }
      if (!this.queue.push({ text: textOf(data), recvWallMs })) {
        this.o.logger.error(
          { capacity: this.queue.capacity },
          'book feed: inbound queue full; dropping the connection to resync'
        );
        this.end('queue_full');
        return;
      }
      if (!this.draining) {
        this.draining = true;
        queueMicrotask(() => this.drain(gen));
      }
    });
    ws.on('ping', alive);
    ws.on('pong', alive);
    ws.on('error', (err) => {
      if (gen !== this.gen) return;
      this.o.logger.warn({ err }, 'book feed: socket error');
      this.end('error');
    });
    ws.on('close', () => {
      if (gen === this.gen) this.end('closed');
    });
  }

  private drain(gen: number): void {
    this.draining = false;
    if (gen !== this.gen) return;
    for (let q = this.queue.shift(); q !== undefined; q = this.queue.shift()) {
      const { text, recvWallMs } = q;
      this.guard(() => this.o.handler.frame(text, recvWallMs));
      if (gen !== this.gen) return; // the handler dropped the connection
    }
  }

  private armHeartbeat(gen: number): void {
    this.setTimer('heartbeat', this.o.tuning.heartbeatMs, () => {
      if (gen !== this.gen) return;
      const silentMs = (this.o.clock.nowNs() - this.lastFrameNs) / 1e6;
      if (silentMs >= this.o.tuning.deadAfterMs) {
        this.o.logger.warn({ silentMs }, 'book feed: no frame from the venue; reconnecting');
        this.end('dead');
        return;
      }
      const ws = this.ws;
      if (ws && ws.readyState === WebSocket.OPEN) this.guard(() => this.o.heartbeat(ws));
      this.armHeartbeat(gen);
    });
  }

  /** Ends the current connection once: tells the handler, then reconnects unless stopped. */
  private end(reason: FeedDownReason): void {
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    this.gen++;
    this.queue.clear();
    this.draining = false;
    this.clearTimer('heartbeat');
    this.clearTimer('connect');
    ws.removeAllListeners();
    ws.on('error', () => undefined); // a late error on a socket we dropped is not ours
    try {
      ws.terminate();
    } catch (err) {
      this.o.logger.debug({ err }, 'book feed: terminate failed');
    }
    this.guard(() => this.o.handler.down(reason));
    if (!this.stopped) this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: FeedDownReason): void {
    this.guard(() => this.o.onReconnect?.(reason));
    const ms = this.o.backoff.next();
    this.o.logger.info({ reason, ms }, 'book feed: reconnecting');
    this.setTimer('reconnect', ms, () => {
      if (!this.stopped) this.connect();
    });
  }

  private setTimer(k: TimerKind, ms: number, fn: () => void): void {
    this.clearTimer(k);
    this.timers.set(
      k,
      this.o.clock.setTimeout(() => {
        this.timers.delete(k);
        fn();
      }, ms)
    );
  }

  private clearTimer(k: TimerKind): void {
    if (this.timers.has(k)) this.o.clock.clearTimeout(this.timers.get(k));
    this.timers.delete(k);
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.o.logger.error({ err, detail: thrownText(err) }, 'book feed: handler threw');
    }
  }
}

function textOf(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function byteLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}
