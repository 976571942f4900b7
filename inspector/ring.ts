/** A fixed-capacity ring buffer: pushing onto a full ring overwrites the oldest item. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  /** Number of items held. */
  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the item it overwrote, if any. */
  push(item: T): T | undefined {
    const i = (this.start + this.count) % this.capacity;
    const old = this.items[i];
    this.items[i] = item;
    if (this.count < this.capacity) {
      this.count++;
      return undefined;
    }
    this.start = (this.start + 1) % this.capacity;
    return old;
  }

  /** Items oldest first (a copy). */
  toArray(): T[] {
    const out: T[] = [];
    for (let k = 0; k < this.count; k++)
      out.push(this.items[(this.start + k) % this.capacity] as T);
    return out;
  }
}
