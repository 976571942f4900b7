/** The trading day: a 24 h window starting at a configurable UTC time of day. */

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/**
 * Maps wall-clock time (ms since the epoch) to a trading-day number and back. Day `d` runs
 * from `d × DAY_MS + offset` (inclusive) to the next day's start (exclusive).
 */
export class DailyClock {
  /** Offset of the day start from UTC midnight, ms. */
  readonly offsetMs: number;

  /** `resetUtc` is `HH:MM` (already validated by the config schema). */
  constructor(resetUtc: string) {
    const [h = '0', m = '0'] = resetUtc.split(':');
    this.offsetMs = (Number(h) * 60 + Number(m)) * 60_000;
  }

  /** The trading day containing `wallMs`. */
  dayOf(wallMs: number): number {
    return Math.floor((wallMs - this.offsetMs) / DAY_MS);
  }

  /** Wall-clock start of day `day`, ms since the epoch. */
  startOf(day: number): number {
    return day * DAY_MS + this.offsetMs;
  }

  /** Wall-clock time at which day `day` ends and the next begins. */
  nextResetAfter(day: number): number {
    return this.startOf(day + 1);
  }
}
