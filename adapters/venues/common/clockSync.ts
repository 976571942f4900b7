import { SILENT_LOGGER, type Clock, type Logger, type Venue } from '../../../core/index.js';
import { ClockOffset, type ClockSample } from './clockOffset.js';

/** Default interval between venue clock measurements, ms. */
export const DEFAULT_CLOCK_SYNC_MS = 60_000;

/** Options of {@link ClockSync}. */
export interface ClockSyncOptions {
  readonly venue: Venue;
  /** Monotonic clock that times the interval. */
  readonly clock: Clock;
  /** The local wall clock the offset is measured against and applied to. */
  readonly wallMs: () => number;
  /** Measures once (e.g. `GET /time`); undefined when the venue gave no usable time. */
  readonly probe: () => Promise<ClockSample | undefined>;
  /** Interval between measurements, ms; `0` turns measuring and correcting off. */
  readonly intervalMs: number;
  readonly logger?: Logger;
}

/**
 * The venue's clock as seen from here: local wall time plus the measured offset, used for
 * every timestamp the venue checks (signatures, order timestamps). Measured at start
 * ({@link sync}), from any answer that carries the venue's time ({@link sample}), and again
 * in the background whenever the last measurement is older than the interval and a timestamp
 * is needed (no timer of its own, so an idle adapter holds nothing open).
 */
export class ClockSync {
  private readonly offset = new ClockOffset();
  private lastNs: number | undefined;
  private inflight: Promise<void> | undefined;
  private readonly log: Logger;

  constructor(private readonly opts: ClockSyncOptions) {
    this.log = opts.logger ?? SILENT_LOGGER;
  }

  /** Whether offsets are measured and applied. */
  get enabled(): boolean {
    return this.opts.intervalMs > 0;
  }

  /** The venue's wall time now, ms (local time while nothing was measured). */
  nowMs(): number {
    this.maybeSync();
    return this.opts.wallMs() + (this.enabled ? (this.offset.offsetMs() ?? 0) : 0);
  }

  /** The measured offset venue − local, ms (undefined before a measurement or when off). */
  offsetMs(): number | undefined {
    return this.enabled ? this.offset.offsetMs() : undefined;
  }

  /** Adds a reading taken by the caller (e.g. a `Date` header). */
  sample(s: ClockSample): void {
    if (!this.enabled) return;
    const before = this.offset.offsetMs();
    const after = this.offset.add(s);
    this.lastNs = this.opts.clock.nowNs();
    if (after !== undefined && (before === undefined || Math.abs(after - before) >= 1_000)) {
      this.log.info({ venue: this.opts.venue, clockOffsetMs: after }, '[CLOCK] venue clock offset');
    }
  }

  /** Measures now (one probe at a time); never throws. */
  sync(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.inflight ??= this.opts
      .probe()
      .then(
        (s) => {
          if (s) this.sample(s);
        },
        (e: unknown) => {
          this.log.warn({ venue: this.opts.venue, err: e }, '[CLOCK] venue time probe failed');
        }
      )
      .finally(() => {
        this.lastNs = this.opts.clock.nowNs();
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private maybeSync(): void {
    if (!this.enabled || this.inflight) return;
    const age = this.lastNs === undefined ? Infinity : this.opts.clock.nowNs() - this.lastNs;
    if (age >= this.opts.intervalMs * 1e6) void this.sync();
  }
}

/** Reads an HTTP `Date` header as a {@link ClockSample} (undefined when absent or bad). */
export function dateHeaderSample(
  date: string | string[] | undefined,
  sentMs: number,
  receivedMs: number
): ClockSample | undefined {
  const v = Array.isArray(date) ? date[0] : date;
  if (v === undefined) return undefined;
  const serverMs = Date.parse(v);
  if (Number.isNaN(serverMs)) return undefined;
  return { serverMs, resolutionMs: 1_000, sentMs, receivedMs };
}
