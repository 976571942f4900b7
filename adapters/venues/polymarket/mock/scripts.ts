import type { MockMode, MockScript } from './types.js';

/** FIFO of scripted behaviours; each applies to the next `times` requests of its kind. */
export class ScriptQueue {
  private readonly rules: { on: 'order' | 'lookup'; left: number; mode: MockMode }[] = [];

  /** Queues a rule. */
  push(s: MockScript): void {
    this.rules.push({ on: s.on ?? 'order', left: s.times ?? 1, mode: s.mode });
  }

  /** The mode for the next request of kind `on` (consumes one use), if any. */
  take(on: 'order' | 'lookup'): MockMode | undefined {
    const i = this.rules.findIndex((r) => r.on === on);
    const r = this.rules[i];
    if (!r) return undefined;
    r.left -= 1;
    if (r.left <= 0) this.rules.splice(i, 1);
    return r.mode;
  }

  /** Rules not used up yet. */
  size(): number {
    return this.rules.length;
  }
}
