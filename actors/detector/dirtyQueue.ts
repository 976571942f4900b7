/**
 * The markets waiting for an evaluation: a FIFO of market ids in which each id appears at
 * most once (a flag per id), so a market updated many times before its turn is evaluated
 * once, on its newest book. Bounded by the number of ids: it can never overflow, so nothing
 * is dropped. Preallocated; marking and taking allocate nothing.
 */
export class DirtyQueue {
  private readonly queued: Uint8Array;
  private readonly ring: Int32Array;
  private head = 0;
  private size = 0;

  /** Ids 0 ≤ id < `capacity`. */
  constructor(readonly capacity: number) {
    this.queued = new Uint8Array(capacity);
    this.ring = new Int32Array(capacity);
  }

  /** Queues `id`; false when it was already waiting (the update is coalesced into it). */
  mark(id: number): boolean {
    if (this.queued[id] === 1) return false;
    this.queued[id] = 1;
    this.ring[(this.head + this.size) % this.capacity] = id;
    this.size++;
    return true;
  }

  /** The next id to evaluate (no longer queued), or -1 when none waits. */
  take(): number {
    if (this.size === 0) return -1;
    const id = this.ring[this.head]!;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    this.queued[id] = 0;
    return id;
  }

  /** Ids waiting. */
  get length(): number {
    return this.size;
  }
}
