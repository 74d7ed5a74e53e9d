/**
 * Prefix key -> dense slot number. Every per-prefix table of one family (Loc-RIB candidates,
 * Adj-RIB-Out entries) is an array indexed by slot, so a prefix costs a few bytes in typed arrays
 * instead of a Map entry per table.
 *
 * IPv4 keys (numbers up to 2^38) live in an open-addressing hash with linear probing: each cell
 * is an Int32 holding slot + 1 (24 bits) and 7 bits of the hash, so most probes never touch the
 * key, which sits once in a Float64Array by slot. IPv6 keys (strings) use a Map.
 * Freed slots are reused; a slot is freed by its owner only when no table refers to it.
 */
import type { PrefixKey } from "../common/prefix_key.ts";

export interface PrefixIndex<K extends PrefixKey = PrefixKey> {
  /** Slot of `key`, or -1. */
  get(key: K): number;
  /** Slot of `key`, allocating one when new. */
  getOrInsert(key: K): number;
  /** Forgets the key of `slot` and makes the slot reusable. */
  free(slot: number): void;
  /** Key stored at a live slot. */
  keyAt(slot: number): K;
  /** Whether `slot` is allocated. */
  isLive(slot: number): boolean;
  /** Live keys. */
  readonly size: number;
  /** One past the highest slot ever handed out (iteration bound). */
  readonly highWater: number;
}

function hashIpv4Key(key: number): number {
  const addr = (key / 64) >>> 0;
  const len = key - addr * 64;
  let h = Math.imul(addr ^ Math.imul(len + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const FREE_KEY = -1;
const SLOT_MASK = 0xffffff;
/** Slots fit 24 bits (16.7 million prefixes per family). */
const MAX_SLOTS = SLOT_MASK - 1;

/** IPv4 prefix keys (addr * 64 + len). */
export class Ipv4PrefixIndex implements PrefixIndex<number> {
  /** (hash tag << 24) | (slot + 1); 0 empty, -1 deleted. */
  #table: Int32Array;
  #mask: number;
  #used = 0; // live + deleted cells
  #size = 0;
  #keys: Float64Array;
  #high = 0;
  #free: number[] = [];

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 1.6) cap *= 2;
    this.#table = new Int32Array(cap);
    this.#mask = cap - 1;
    this.#keys = new Float64Array(Math.max(16, expected)).fill(FREE_KEY);
  }

  get size(): number {
    return this.#size;
  }

  get highWater(): number {
    return this.#high;
  }

  get(key: number): number {
    const t = this.#table, keys = this.#keys, mask = this.#mask;
    const h = hashIpv4Key(key);
    const tag = (h >>> 25) << 24;
    let i = h & mask;
    for (;;) {
      const e = t[i]!;
      if (e === 0) return -1;
      if (e > 0 && (e & ~SLOT_MASK) === tag && keys[(e & SLOT_MASK) - 1] === key) {
        return (e & SLOT_MASK) - 1;
      }
      i = (i + 1) & mask;
    }
  }

  getOrInsert(key: number): number {
    const t = this.#table, keys = this.#keys, mask = this.#mask;
    const h = hashIpv4Key(key);
    const tag = (h >>> 25) << 24;
    let i = h & mask;
    let tomb = -1;
    for (;;) {
      const e = t[i]!;
      if (e === 0) break;
      if (e > 0) {
        if ((e & ~SLOT_MASK) === tag && keys[(e & SLOT_MASK) - 1] === key) {
          return (e & SLOT_MASK) - 1;
        }
      } else if (tomb < 0) tomb = i;
      i = (i + 1) & mask;
    }
    const slot = this.#allocSlot();
    this.#keys[slot] = key;
    if (tomb >= 0) {
      t[tomb] = tag | (slot + 1);
    } else {
      t[i] = tag | (slot + 1);
      this.#used++;
    }
    this.#size++;
    if (this.#used * 4 > t.length * 3) this.#rehash();
    return slot;
  }

  free(slot: number): void {
    const key = this.#keys[slot]!;
    if (key === FREE_KEY) return;
    const t = this.#table, mask = this.#mask;
    let i = hashIpv4Key(key) & mask;
    for (;;) {
      const e = t[i]!;
      if (e === 0) return;
      if (e > 0 && (e & SLOT_MASK) === slot + 1) {
        // A cell followed by an empty one can go back to empty: no probe chain passes it.
        t[i] = t[(i + 1) & mask] === 0 ? 0 : -1;
        if (t[i] === 0) this.#used--;
        break;
      }
      i = (i + 1) & mask;
    }
    this.#keys[slot] = FREE_KEY;
    this.#free.push(slot);
    this.#size--;
  }

  keyAt(slot: number): number {
    return this.#keys[slot]!;
  }

  isLive(slot: number): boolean {
    return slot < this.#high && this.#keys[slot] !== FREE_KEY;
  }

  #allocSlot(): number {
    const s = this.#free.pop();
    if (s !== undefined) return s;
    if (this.#high >= MAX_SLOTS) throw new RangeError("more than 16.7 million IPv4 prefixes");
    if (this.#high === this.#keys.length) {
      const k = new Float64Array(this.#keys.length * 2).fill(FREE_KEY);
      k.set(this.#keys);
      this.#keys = k;
    }
    return this.#high++;
  }

  #rehash(): void {
    // Grow when mostly live; otherwise the same size just clears deleted cells.
    const cap = this.#size * 2 > this.#table.length ? this.#table.length * 2 : this.#table.length;
    const t = new Int32Array(cap);
    const mask = cap - 1;
    const keys = this.#keys;
    for (let s = 0; s < this.#high; s++) {
      const key = keys[s]!;
      if (key === FREE_KEY) continue;
      const h = hashIpv4Key(key);
      let i = h & mask;
      while (t[i] !== 0) i = (i + 1) & mask;
      t[i] = ((h >>> 25) << 24) | (s + 1);
    }
    this.#table = t;
    this.#mask = mask;
    this.#used = this.#size;
  }
}

/** IPv6 prefix keys ("32hex/len" strings). */
export class Ipv6PrefixIndex implements PrefixIndex<string> {
  #map = new Map<string, number>();
  #keys: (string | undefined)[] = [];
  #free: number[] = [];

  get size(): number {
    return this.#map.size;
  }

  get highWater(): number {
    return this.#keys.length;
  }

  get(key: string): number {
    return this.#map.get(key) ?? -1;
  }

  getOrInsert(key: string): number {
    const s = this.#map.get(key);
    if (s !== undefined) return s;
    const slot = this.#free.pop() ?? this.#keys.length;
    this.#keys[slot] = key;
    this.#map.set(key, slot);
    return slot;
  }

  free(slot: number): void {
    const key = this.#keys[slot];
    if (key === undefined) return;
    this.#map.delete(key);
    this.#keys[slot] = undefined;
    this.#free.push(slot);
  }

  keyAt(slot: number): string {
    return this.#keys[slot]!;
  }

  isLive(slot: number): boolean {
    return this.#keys[slot] !== undefined;
  }
}
