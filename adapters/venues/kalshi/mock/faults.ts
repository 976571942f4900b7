import type { MockFault, MockScriptRule } from './types.js';

interface Entry {
  readonly rule: MockScriptRule;
  left: number;
}

/** Scripted faults, FIFO: the first rule matching a request is consumed for it. */
export class FaultQueue {
  private readonly entries: Entry[] = [];

  /** Queues a rule for the next `times` (default 1) matching requests. */
  push(rule: MockScriptRule): void {
    this.entries.push({ rule, left: rule.times ?? 1 });
  }

  /** Takes the fault for a request, if any rule matches. */
  take(method: string, pathname: string): MockFault | undefined {
    const i = this.entries.findIndex((e) => {
      const m = e.rule.match;
      return (!m?.method || m.method === method) && (!m?.path || pathname.endsWith(m.path));
    });
    const e = this.entries[i];
    if (!e) return undefined;
    e.left -= 1;
    if (e.left <= 0) this.entries.splice(i, 1);
    return e.rule.fault;
  }

  /** Rules not fully consumed. */
  size(): number {
    return this.entries.length;
  }
}
