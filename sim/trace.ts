/**
 * The step trace: one line per thing that happened (submission, order, fault, fill, result,
 * crash, restart, violation), stamped with the step number and simulated time. Built only
 * from seeded data and the manual clock, so the same seed gives the same text byte for byte.
 */
import { formatCents, formatQty, type Micros, type Qty } from '../core/index.js';

/** Simulated time source of the trace (ms since the clock's origin). */
export interface TraceClock {
  nowMs(): number;
}

/** Collects trace lines; `step` is advanced by the runner. */
export class Trace {
  /** Current step number (0 before the first step). */
  step = 0;
  private readonly lines: string[] = [];

  constructor(private readonly clock: TraceClock) {}

  /** Appends one line for the current step and time. */
  add(text: string): void {
    const t = (this.clock.nowMs() / 1000).toFixed(3).padStart(8);
    this.lines.push(`#${String(this.step).padStart(4, '0')} ${t}s  ${text}`);
  }

  /** The whole trace as text (one line per entry, trailing newline). */
  text(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }
}

/** `5×45¢` style quantity at price. */
export function qtyAt(qty: Qty, price: Micros): string {
  return `${formatQty(qty)}@${formatCents(price)}`;
}
