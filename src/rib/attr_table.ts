/**
 * The intern table: one AttrSet per distinct attribute combination, found by a hash computed
 * once per UPDATE (not per prefix) and confirmed by exact equality. Sets are reference counted
 * by the routes and Adj-RIB-Out entries holding them, and leave the table at zero.
 */
import { attributesEqual, AttrSet, hashAttributes, type RouteAttributes } from "./attributes.ts";

export class AttrTable {
  #buckets = new Map<number, AttrSet>();
  #size = 0;

  /** Number of distinct sets held (including ones interned but not yet referenced). */
  get size(): number {
    return this.#size;
  }

  /**
   * The shared set equal to `attrs`, created when new. A set nobody references must be handed
   * back with `release` (or referenced with `ref`), or it stays in the table.
   */
  intern(attrs: RouteAttributes, local = false): AttrSet {
    const h = hashAttributes(attrs, local);
    const head = this.#buckets.get(h);
    for (let s = head; s !== undefined; s = s.chain) {
      if (s.local === local && attributesEqual(s.attrs, attrs)) return s;
    }
    const set = new AttrSet(attrs, local, h);
    set.chain = head;
    this.#buckets.set(h, set);
    this.#size++;
    return set;
  }

  /** Adds `n` references. */
  ref(set: AttrSet, n = 1): void {
    set.refs += n;
  }

  /** Drops one reference; the set leaves the table when none is left. */
  unref(set: AttrSet): void {
    if (--set.refs <= 0) this.#remove(set);
  }

  /** Removes `set` if nothing references it (after an intern whose result went unused). */
  release(set: AttrSet): void {
    if (set.refs <= 0) this.#remove(set);
  }

  /** Whether `set` is the live entry of this table. */
  has(set: AttrSet): boolean {
    for (let s = this.#buckets.get(set.hash); s !== undefined; s = s.chain) {
      if (s === set) return true;
    }
    return false;
  }

  #remove(set: AttrSet): void {
    set.refs = 0;
    const head = this.#buckets.get(set.hash);
    if (head === set) {
      if (set.chain === undefined) this.#buckets.delete(set.hash);
      else this.#buckets.set(set.hash, set.chain);
    } else {
      let p = head;
      while (p !== undefined && p.chain !== set) p = p.chain;
      if (p === undefined) return; // not in the table (already removed)
      p.chain = set.chain;
    }
    set.chain = undefined;
    this.#size--;
  }
}
