/**
 * Per-family route storage: every received or local path (Adj-RIB-In of all peers together)
 * hangs off its prefix slot in a singly linked candidate list, and the best eligible path is kept
 * at the head of that list (the Loc-RIB). Routes live in a typed-array arena, so a route costs
 * about 19 bytes: attribute-set pointer, peer id, path id, next link, flags.
 *
 * A slot stays allocated while anything holds it (routes here, Adj-RIB-Out entries and queued
 * updates there): `retain` / `release` count those holders.
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import type { AttrSet } from "./attributes.ts";
import type { AttrTable } from "./attr_table.ts";
import {
  type BestPathOptions,
  BestPathReason,
  type BestPathReasonCode,
  type Candidate,
  selectBest,
} from "./best_path.ts";
import type { PeerInfo } from "./peer.ts";
import type { PrefixIndex } from "./prefix_index.ts";

/** Route flag bits. */
export const RouteFlag = {
  /** RFC 4724 §4.2: kept from a restarting peer until its End-of-RIB. */
  STALE: 1,
  /** Rejected by import policy; kept only as the pre-policy copy. */
  INELIGIBLE: 2,
} as const;

class ScratchCandidate implements Candidate {
  attrs!: AttrSet;
  peer!: PeerInfo;
  pathId = 0;
}

export class LocRib<K extends PrefixKey = PrefixKey> {
  readonly index: PrefixIndex<K>;
  readonly #attrs: AttrTable;
  readonly #peers: readonly (PeerInfo | undefined)[];
  #opts: BestPathOptions;

  // per slot
  #head: Int32Array;
  #refs: Uint32Array;
  #reason: Uint8Array;

  // per route
  #rAttrs: (AttrSet | undefined)[];
  #rPeer: Uint16Array;
  #rPathId: Uint32Array;
  #rNext: Int32Array;
  #rFlags: Uint8Array;
  #rHigh = 0;
  #rFree = -1;
  #routeCount = 0;
  /** Pre-policy attributes of routes whose peer keeps them, when they differ from the post. */
  readonly #pre = new Map<number, AttrSet>();

  #scratch: ScratchCandidate[] = [];
  #scratchRoute: number[] = [];

  constructor(
    index: PrefixIndex<K>,
    attrs: AttrTable,
    peers: readonly (PeerInfo | undefined)[],
    opts: BestPathOptions,
    expectedPrefixes = 1024,
  ) {
    this.index = index;
    this.#attrs = attrs;
    this.#peers = peers;
    this.#opts = opts;
    const n = Math.max(64, expectedPrefixes);
    this.#head = new Int32Array(n).fill(-1);
    this.#refs = new Uint32Array(n);
    this.#reason = new Uint8Array(n);
    this.#rPeer = new Uint16Array(n);
    this.#rPathId = new Uint32Array(n);
    this.#rNext = new Int32Array(n);
    this.#rFlags = new Uint8Array(n);
    this.#rAttrs = new Array<AttrSet | undefined>(n);
  }

  set options(opts: BestPathOptions) {
    this.#opts = opts;
  }

  /** Number of routes (all peers, including ineligible pre-policy copies). */
  get routeCount(): number {
    return this.#routeCount;
  }

  // ------------------------------------------------------------ slots

  /** Slot of `key`, allocated when new (the caller must retain it or call releaseIfUnused). */
  slotFor(key: K): number {
    const slot = this.index.getOrInsert(key);
    if (slot >= this.#head.length) this.#growSlots(slot + 1);
    return slot;
  }

  slotOf(key: K): number {
    return this.index.get(key);
  }

  retain(slot: number): void {
    this.#refs[slot]!++;
  }

  release(slot: number): void {
    if (--this.#refs[slot]! === 0) this.#freeSlot(slot);
  }

  /** Frees a slot nobody holds (after slotFor when nothing was stored). */
  releaseIfUnused(slot: number): void {
    if (this.#refs[slot] === 0 && this.index.isLive(slot)) this.#freeSlot(slot);
  }

  keyAt(slot: number): K {
    return this.index.keyAt(slot);
  }

  /** One past the highest slot ever used. */
  get highWater(): number {
    return this.index.highWater;
  }

  /** Capacity of per-slot arrays (Adj-RIB-Out sizes its dense arrays from it). */
  get slotCapacity(): number {
    return this.#head.length;
  }

  #freeSlot(slot: number): void {
    this.#head[slot] = -1;
    this.#reason[slot] = 0;
    this.index.free(slot);
  }

  #growSlots(min: number): void {
    let n = this.#head.length * 2;
    while (n < min) n *= 2;
    const head = new Int32Array(n).fill(-1);
    head.set(this.#head);
    this.#head = head;
    const refs = new Uint32Array(n);
    refs.set(this.#refs);
    this.#refs = refs;
    const reason = new Uint8Array(n);
    reason.set(this.#reason);
    this.#reason = reason;
  }

  // ------------------------------------------------------------ routes

  /** First route of the slot's list (the best one when eligible), or -1. */
  head(slot: number): number {
    return this.#head[slot]!;
  }

  next(route: number): number {
    return this.#rNext[route]!;
  }

  /** The best eligible route of `slot`, or -1. */
  best(slot: number): number {
    const h = this.#head[slot]!;
    return h >= 0 && (this.#rFlags[h]! & RouteFlag.INELIGIBLE) === 0 ? h : -1;
  }

  reason(slot: number): BestPathReasonCode {
    return this.#reason[slot] as BestPathReasonCode;
  }

  attrsOf(route: number): AttrSet | undefined {
    return this.#rAttrs[route];
  }

  peerIdOf(route: number): number {
    return this.#rPeer[route]!;
  }

  pathIdOf(route: number): number {
    return this.#rPathId[route]!;
  }

  flagsOf(route: number): number {
    return this.#rFlags[route]!;
  }

  setFlags(route: number, flags: number): void {
    this.#rFlags[route] = flags;
  }

  /** Pre-policy attributes (the post-policy ones when they did not differ). */
  preOf(route: number): AttrSet | undefined {
    return this.#pre.get(route) ?? this.#rAttrs[route];
  }

  /** The route of (peer, path id) at `slot`, or -1. */
  find(slot: number, peerId: number, pathId: number): number {
    for (let r = this.#head[slot]!; r >= 0; r = this.#rNext[r]!) {
      if (this.#rPeer[r] === peerId && this.#rPathId[r] === pathId) return r;
    }
    return -1;
  }

  /**
   * Adds a route (post undefined = rejected by policy, kept as pre-policy copy). References the
   * attribute sets and retains the slot. Call reselect afterwards.
   */
  add(
    slot: number,
    peerId: number,
    pathId: number,
    post: AttrSet | undefined,
    pre?: AttrSet,
  ): number {
    let r = this.#rFree;
    if (r >= 0) this.#rFree = this.#rNext[r]!;
    else {
      r = this.#rHigh++;
      if (r >= this.#rPeer.length) this.#growRoutes();
    }
    this.#rPeer[r] = peerId;
    this.#rPathId[r] = pathId;
    this.#rFlags[r] = 0;
    this.#rAttrs[r] = undefined;
    this.#store(r, post, pre);
    // Link after the head: the head stays the best until reselect says otherwise.
    const h = this.#head[slot]!;
    if (h < 0) {
      this.#rNext[r] = -1;
      this.#head[slot] = r;
    } else {
      this.#rNext[r] = this.#rNext[h]!;
      this.#rNext[h] = r;
    }
    this.#refs[slot]!++;
    this.#routeCount++;
    return r;
  }

  /** Replaces a route's attributes and clears STALE. */
  replace(route: number, post: AttrSet | undefined, pre?: AttrSet): void {
    const oldPost = this.#rAttrs[route];
    const oldPre = this.#pre.get(route);
    this.#store(route, post, pre);
    if (oldPost !== undefined) this.#attrs.unref(oldPost);
    if (oldPre !== undefined) this.#attrs.unref(oldPre);
    this.#rFlags[route]! &= ~RouteFlag.STALE;
  }

  #store(r: number, post: AttrSet | undefined, pre: AttrSet | undefined): void {
    this.#rAttrs[r] = post;
    if (post !== undefined) this.#attrs.ref(post);
    if (pre !== undefined && pre !== post) {
      this.#pre.set(r, pre);
      this.#attrs.ref(pre);
    } else if (this.#pre.size !== 0) this.#pre.delete(r);
    if (post === undefined) this.#rFlags[r]! |= RouteFlag.INELIGIBLE;
    else this.#rFlags[r]! &= ~RouteFlag.INELIGIBLE;
  }

  /** Unlinks and frees a route; drops its references. The slot may be freed: check with keys. */
  remove(slot: number, route: number): void {
    const h = this.#head[slot]!;
    if (h === route) this.#head[slot] = this.#rNext[route]!;
    else {
      let p = h;
      while (this.#rNext[p] !== route) p = this.#rNext[p]!;
      this.#rNext[p] = this.#rNext[route]!;
    }
    const post = this.#rAttrs[route];
    if (post !== undefined) this.#attrs.unref(post);
    if (this.#pre.size !== 0) {
      const pre = this.#pre.get(route);
      if (pre !== undefined) {
        this.#attrs.unref(pre);
        this.#pre.delete(route);
      }
    }
    this.#rAttrs[route] = undefined;
    this.#rNext[route] = this.#rFree;
    this.#rFree = route;
    this.#routeCount--;
    this.release(slot);
  }

  #growRoutes(): void {
    const n = this.#rPeer.length * 2;
    const peer = new Uint16Array(n);
    peer.set(this.#rPeer);
    this.#rPeer = peer;
    const pathId = new Uint32Array(n);
    pathId.set(this.#rPathId);
    this.#rPathId = pathId;
    const next = new Int32Array(n);
    next.set(this.#rNext);
    this.#rNext = next;
    const flags = new Uint8Array(n);
    flags.set(this.#rFlags);
    this.#rFlags = flags;
    this.#rAttrs.length = n;
  }

  // ------------------------------------------------------------ decision

  /** Runs the decision process on the slot, moves the best route to the head; returns it or -1. */
  reselect(slot: number): number {
    const scratch = this.#scratch, routes = this.#scratchRoute;
    let n = 0;
    let only = -1;
    for (let r = this.#head[slot]!; r >= 0; r = this.#rNext[r]!) {
      if ((this.#rFlags[r]! & RouteFlag.INELIGIBLE) !== 0) continue;
      only = r;
      if (n === scratch.length) scratch.push(new ScratchCandidate());
      const c = scratch[n]!;
      c.attrs = this.#rAttrs[r]!;
      c.peer = this.#peers[this.#rPeer[r]!]!;
      c.pathId = this.#rPathId[r]!;
      routes[n++] = r;
    }
    if (n === 0) {
      this.#reason[slot] = BestPathReason.NONE;
      return -1;
    }
    let best = only;
    if (n === 1) this.#reason[slot] = BestPathReason.ONLY_PATH;
    else {
      const sel = selectBest(scratch, this.#opts, n);
      best = routes[sel.index]!;
      this.#reason[slot] = sel.reason;
    }
    const h = this.#head[slot]!;
    if (h !== best) {
      let p = h;
      while (this.#rNext[p] !== best) p = this.#rNext[p]!;
      this.#rNext[p] = this.#rNext[best]!;
      this.#rNext[best] = h;
      this.#head[slot] = best;
    }
    return best;
  }

  /** Eligible candidates of a slot as objects (queries, multipath). */
  candidates(slot: number): { route: number; candidate: Candidate }[] {
    const out: { route: number; candidate: Candidate }[] = [];
    for (let r = this.#head[slot]!; r >= 0; r = this.#rNext[r]!) {
      if ((this.#rFlags[r]! & RouteFlag.INELIGIBLE) !== 0) continue;
      out.push({
        route: r,
        candidate: {
          attrs: this.#rAttrs[r]!,
          peer: this.#peers[this.#rPeer[r]!]!,
          pathId: this.#rPathId[r]!,
        },
      });
    }
    return out;
  }
}
