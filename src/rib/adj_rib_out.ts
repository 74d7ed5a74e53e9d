/**
 * Adj-RIB-Out of one peer and family: what the peer should hold (one attribute set per prefix
 * slot) and what still has to be sent. Announcements queue in buckets keyed by attribute set,
 * so a flush emits prefixes grouped for packed UPDATEs; withdrawals queue in one list.
 *
 * An entry is either "lazy" (the Loc-RIB best path's own set: the standard per-peer rewrite runs
 * once per bucket at flush time, so a full table does not cost a second set of attribute
 * objects per peer) or "final" (already rewritten and through export policy, interned).
 *
 * Each slot carries three bits: FINAL, QUEUED (a queue entry is pending) and ADVERTISED (the
 * peer holds the prefix on the wire), so duplicates and stale queue entries are skipped at flush
 * and a withdrawal is sent only for what was announced.
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import type { AttrSet, RouteAttributes } from "./attributes.ts";
import type { AttrTable } from "./attr_table.ts";

export const OutFlag = { FINAL: 1, QUEUED: 2, ADVERTISED: 4 } as const;

/** The slot owner (LocRib): keeps slots alive while referenced. */
export interface SlotHolder<K extends PrefixKey = PrefixKey> {
  retain(slot: number): void;
  release(slot: number): void;
  keyAt(slot: number): K;
  /** Allocated length of per-slot arrays. */
  readonly slotCapacity: number;
  /** One past the highest slot in use. */
  readonly highWater: number;
}

/** A flushed group: prefixes sharing one attribute set. */
export interface OutGroup<K extends PrefixKey = PrefixKey> {
  readonly set: AttrSet;
  /** false: the per-peer rewrite still has to be applied to `set`. */
  readonly final: boolean;
  readonly prefixes: K[];
}

export interface OutFlush<K extends PrefixKey = PrefixKey> {
  readonly withdrawn: K[];
  readonly groups: OutGroup<K>[];
  /** RFC 4724 §2: the initial table has been sent; send End-of-RIB now. */
  readonly endOfRib: boolean;
}

const DENSE_MIN = 4096;
const NIL = -1;

/**
 * Queue storage without a JS object per entry: entries are (slot, next) pairs in typed arrays,
 * chained per bucket; buckets are chained in arrival order. One free list serves both.
 */
class Queue {
  slot = new Int32Array(1024);
  next = new Int32Array(1024);
  #free = NIL;
  #high = 0;

  alloc(slot: number): number {
    let e = this.#free;
    if (e !== NIL) this.#free = this.next[e]!;
    else {
      e = this.#high++;
      if (e === this.slot.length) {
        const s = new Int32Array(e * 2);
        s.set(this.slot);
        this.slot = s;
        const n = new Int32Array(e * 2);
        n.set(this.next);
        this.next = n;
      }
    }
    this.slot[e] = slot;
    this.next[e] = NIL;
    return e;
  }

  free(e: number): void {
    this.next[e] = this.#free;
    this.#free = e;
  }
}

export class AdjRibOut<K extends PrefixKey = PrefixKey> {
  readonly peerId: number;
  readonly #holder: SlotHolder<K>;
  readonly #table: AttrTable;
  // sparse form (few prefixes) ...
  #sEntries: Map<number, AttrSet> | undefined = new Map();
  #sFlags: Map<number, number> | undefined = new Map();
  // ... or dense form (many), indexed by slot
  #dEntries: (AttrSet | undefined)[] | undefined;
  #dFlags: Uint8Array | undefined;
  #count = 0;

  readonly #q = new Queue();
  /** Bucket id per attribute set, for lazy (index 0) and final (index 1) entries. */
  readonly #bucketOf = [new Map<AttrSet, number>(), new Map<AttrSet, number>()] as const;
  #bSet: (AttrSet | undefined)[] = [];
  #bFinal: boolean[] = [];
  #bHead: number[] = [];
  #bTail: number[] = [];
  #bNext: number[] = [];
  #bFree: number[] = [];
  #bFirst = NIL;
  #bLast = NIL;
  #wHead = NIL;
  #wTail = NIL;
  #queued = 0;

  /** Set when the initial dump finished; cleared when End-of-RIB is handed out. */
  eorPending = false;
  /**
   * Memo of the last export computation, keyed by (best path's set, source peer id): the
   * prefixes of one UPDATE share them. `memoDecided` says whether the policy outcome
   * (memoReject / memoOut, undefined = lazy) may be reused (prefix-independent policy).
   */
  memoIn: AttrSet | undefined;
  memoSource = -1;
  memoRewritten: RouteAttributes | undefined;
  memoDecided = false;
  memoReject = false;
  memoOut: AttrSet | undefined;

  constructor(peerId: number, holder: SlotHolder<K>, table: AttrTable) {
    this.peerId = peerId;
    this.#holder = holder;
    this.#table = table;
  }

  /** Number of prefixes the peer should hold. */
  get size(): number {
    return this.#count;
  }

  /** Queue entries not yet flushed (an upper bound: stale ones are skipped at flush). */
  get queued(): number {
    return this.#queued;
  }

  get hasPending(): boolean {
    return this.#queued > 0 || this.eorPending;
  }

  get(slot: number): AttrSet | undefined {
    return this.#dEntries !== undefined ? this.#dEntries[slot] : this.#sEntries!.get(slot);
  }

  flags(slot: number): number {
    if (this.#dFlags !== undefined) return slot < this.#dFlags.length ? this.#dFlags[slot]! : 0;
    return this.#sFlags!.get(slot) ?? 0;
  }

  #setFlags(slot: number, f: number): void {
    if (this.#dFlags !== undefined) {
      if (slot >= this.#dFlags.length) this.#growDense(slot + 1);
      this.#dFlags[slot] = f;
    } else if (f === 0) this.#sFlags!.delete(slot);
    else this.#sFlags!.set(slot, f);
  }

  /** Desired state: the peer should hold `set` for `slot`. Queues an announcement if new. */
  set(slot: number, set: AttrSet, final: boolean): void {
    const cur = this.get(slot);
    let f = this.flags(slot);
    if (cur === set && ((f & OutFlag.FINAL) !== 0) === final) return;
    this.#table.ref(set);
    if (cur === undefined) {
      this.#holder.retain(slot);
      this.#count++;
      if (this.#dEntries === undefined && this.#count > DENSE_MIN) this.#maybeDensify();
    } else this.#table.unref(cur);
    if (this.#dEntries !== undefined) {
      if (slot >= this.#dEntries.length) this.#growDense(slot + 1);
      this.#dEntries[slot] = set;
    } else this.#sEntries!.set(slot, set);
    f = final ? f | OutFlag.FINAL : f & ~OutFlag.FINAL;
    this.#setFlags(slot, f | OutFlag.QUEUED);
    this.#enqueue(set, final, slot);
  }

  /** Desired state: the peer should not hold `slot`. Queues a withdrawal when needed. */
  withdraw(slot: number): void {
    const cur = this.get(slot);
    if (cur === undefined) return;
    const f = this.flags(slot);
    if ((f & (OutFlag.ADVERTISED | OutFlag.QUEUED)) !== 0) {
      this.#holder.retain(slot);
      const e = this.#q.alloc(slot);
      if (this.#wTail === NIL) this.#wHead = e;
      else this.#q.next[this.#wTail] = e;
      this.#wTail = e;
      this.#queued++;
      this.#setFlags(slot, (f & ~OutFlag.FINAL) | OutFlag.QUEUED);
    } else this.#setFlags(slot, 0);
    if (this.#dEntries !== undefined) this.#dEntries[slot] = undefined;
    else this.#sEntries!.delete(slot);
    this.#count--;
    this.#table.unref(cur);
    this.#holder.release(slot);
  }

  /** Queues the current entry again (ROUTE-REFRESH: resend what the peer should hold). */
  requeue(slot: number): void {
    const cur = this.get(slot);
    if (cur === undefined) return;
    const f = this.flags(slot);
    this.#setFlags(slot, f | OutFlag.QUEUED);
    this.#enqueue(cur, (f & OutFlag.FINAL) !== 0, slot);
  }

  #enqueue(set: AttrSet, final: boolean, slot: number): void {
    const map = this.#bucketOf[final ? 1 : 0];
    let b = map.get(set);
    const e = this.#q.alloc(slot);
    if (b === undefined) {
      b = this.#bFree.pop() ?? this.#bSet.length;
      this.#bSet[b] = set;
      this.#bFinal[b] = final;
      this.#bHead[b] = e;
      this.#bNext[b] = NIL;
      if (this.#bLast === NIL) this.#bFirst = b;
      else this.#bNext[this.#bLast] = b;
      this.#bLast = b;
      map.set(set, b);
    } else this.#q.next[this.#bTail[b]!] = e;
    this.#bTail[b] = e;
    this.#holder.retain(slot);
    this.#queued++;
  }

  /** Slots with an entry, in slot order. */
  *slots(): IterableIterator<number> {
    if (this.#dEntries !== undefined) {
      const d = this.#dEntries;
      for (let s = 0; s < d.length; s++) if (d[s] !== undefined) yield s;
    } else yield* [...this.#sEntries!.keys()].sort((a, b) => a - b);
  }

  /**
   * Takes up to about `budget` queued prefixes: withdrawals first, then announcements grouped by
   * attribute set. Entries overtaken by later changes are skipped.
   */
  flush(budget: number): OutFlush<K> {
    const holder = this.#holder, q = this.#q;
    const withdrawn: K[] = [];
    const groups: OutGroup<K>[] = [];
    let work = 0;
    while (this.#wHead !== NIL && work < budget) {
      const e = this.#wHead;
      const slot = q.slot[e]!;
      this.#wHead = q.next[e]!;
      if (this.#wHead === NIL) this.#wTail = NIL;
      q.free(e);
      work++;
      this.#queued--;
      const f = this.flags(slot);
      if (this.get(slot) === undefined && (f & OutFlag.QUEUED) !== 0) {
        if ((f & OutFlag.ADVERTISED) !== 0) withdrawn.push(holder.keyAt(slot));
        this.#setFlags(slot, 0);
      }
      holder.release(slot);
    }
    while (this.#bFirst !== NIL && work < budget) {
      const b = this.#bFirst;
      const set = this.#bSet[b]!, final = this.#bFinal[b]!;
      const prefixes: K[] = [];
      let e = this.#bHead[b]!;
      while (e !== NIL && work < budget) {
        const slot = q.slot[e]!;
        const nx = q.next[e]!;
        q.free(e);
        e = nx;
        work++;
        this.#queued--;
        const f = this.flags(slot);
        if (
          (f & OutFlag.QUEUED) !== 0 && this.get(slot) === set &&
          ((f & OutFlag.FINAL) !== 0) === final
        ) {
          prefixes.push(holder.keyAt(slot));
          this.#setFlags(slot, (f & ~OutFlag.QUEUED) | OutFlag.ADVERTISED);
        }
        holder.release(slot);
      }
      if (prefixes.length > 0) groups.push({ set, final, prefixes });
      if (e === NIL) this.#dropBucket(b);
      else this.#bHead[b] = e;
    }
    let endOfRib = false;
    if (this.eorPending && this.#queued === 0) {
      endOfRib = true;
      this.eorPending = false;
    }
    return { withdrawn, groups, endOfRib };
  }

  #dropBucket(b: number): void {
    this.#bucketOf[this.#bFinal[b]! ? 1 : 0].delete(this.#bSet[b]!);
    this.#bFirst = this.#bNext[b]!;
    if (this.#bFirst === NIL) this.#bLast = NIL;
    this.#bSet[b] = undefined;
    this.#bFree.push(b);
  }

  /** Drops everything (session down): releases entries, queue entries and flags. */
  clear(): void {
    const holder = this.#holder;
    for (const slot of [...this.slots()]) {
      this.#table.unref(this.get(slot)!);
      holder.release(slot);
    }
    const q = this.#q;
    for (let e = this.#wHead; e !== NIL; e = q.next[e]!) holder.release(q.slot[e]!);
    for (let b = this.#bFirst; b !== NIL; b = this.#bNext[b]!) {
      for (let e = this.#bHead[b]!; e !== NIL; e = q.next[e]!) holder.release(q.slot[e]!);
    }
    this.#bucketOf[0].clear();
    this.#bucketOf[1].clear();
    this.#bSet = [];
    this.#bFinal = [];
    this.#bHead = [];
    this.#bTail = [];
    this.#bNext = [];
    this.#bFree = [];
    this.#bFirst =
      this.#bLast =
      this.#wHead =
      this.#wTail =
        NIL;
    this.#queued = 0;
    this.#count = 0;
    this.#sEntries = new Map();
    this.#sFlags = new Map();
    this.#dEntries = undefined;
    this.#dFlags = undefined;
    this.eorPending = false;
    this.resetMemo();
  }

  /** Forgets the export memo (peer or policy changed). */
  resetMemo(): void {
    this.memoIn = undefined;
    this.memoSource = -1;
    this.memoRewritten = undefined;
    this.memoDecided = false;
    this.memoOut = undefined;
  }

  #maybeDensify(): void {
    // Dense costs ~9 bytes per slot of the whole family; worth it past 1/8 of the slots.
    if (this.#count * 8 < this.#holder.highWater) return;
    const cap = this.#holder.slotCapacity;
    const entries = new Array<AttrSet | undefined>(cap);
    const flags = new Uint8Array(cap);
    for (const [s, v] of this.#sEntries!) entries[s] = v;
    for (const [s, f] of this.#sFlags!) flags[s] = f;
    this.#dEntries = entries;
    this.#dFlags = flags;
    this.#sEntries = undefined;
    this.#sFlags = undefined;
  }

  #growDense(min: number): void {
    let n = Math.max(64, this.#dFlags!.length * 2);
    while (n < min) n *= 2;
    const flags = new Uint8Array(n);
    flags.set(this.#dFlags!);
    this.#dFlags = flags;
    this.#dEntries!.length = n;
  }
}
