/**
 * A fixed-capacity FIFO (a ring over a preallocated array). {@link push} refuses, rather than
 * grows, when full: the caller decides what a full queue means (for a book feed: the books
 * go stale and are resynced, see `FeedSocket`).
 */
export class RingQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private n = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(Math.max(1, capacity));
  }

  /** Items waiting. */
  get length(): number {
    return this.n;
  }

  /** Appends; false (and nothing changes) when full. */
  push(item: T): boolean {
    if (this.n === this.items.length) return false;
    this.items[(this.head + this.n) % this.items.length] = item;
    this.n++;
    return true;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.n === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.n--;
    return item;
  }

  /** Drops everything. */
  clear(): void {
    while (this.n > 0) this.shift();
  }
}
