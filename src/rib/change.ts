/**
 * Loc-RIB deltas, recorded without an object per change: parallel arrays that a caller reuses
 * (clear() between batches keeps their storage, so a steady stream allocates nothing). Entries
 * [0, size) are valid. `at(i)` and iteration build objects on demand for the API and logs.
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import type { AttrSet, RouteAttributes } from "./attributes.ts";
import { type BestPathReasonCode, bestPathReasonText } from "./best_path.ts";
import type { PeerInfo } from "./peer.ts";

/** One best-path change, as an object. */
export interface RibChange {
  readonly prefix: PrefixKey;
  /** The previous best path; undefined when the prefix was not reachable. */
  readonly old: BestPathRef | undefined;
  /** The new best path; undefined when the prefix is no longer reachable. */
  readonly best: BestPathRef | undefined;
  readonly reason: BestPathReasonCode;
  readonly reasonText: string;
}

export interface BestPathRef {
  readonly attrs: RouteAttributes;
  readonly peer: PeerInfo;
  readonly pathId: number;
}

export class ChangeSet {
  readonly prefixes: PrefixKey[] = [];
  readonly oldAttrs: (AttrSet | undefined)[] = [];
  readonly oldPeers: (PeerInfo | undefined)[] = [];
  readonly oldPathIds: number[] = [];
  readonly newAttrs: (AttrSet | undefined)[] = [];
  readonly newPeers: (PeerInfo | undefined)[] = [];
  readonly newPathIds: number[] = [];
  readonly reasons: BestPathReasonCode[] = [];

  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Forgets the entries (storage is kept; stale references beyond size are dropped lazily). */
  clear(): void {
    this.#size = 0;
  }

  push(
    prefix: PrefixKey,
    oldAttrs: AttrSet | undefined,
    oldPeer: PeerInfo | undefined,
    oldPathId: number,
    newAttrs: AttrSet | undefined,
    newPeer: PeerInfo | undefined,
    newPathId: number,
    reason: BestPathReasonCode,
  ): void {
    const i = this.#size++;
    this.prefixes[i] = prefix;
    this.oldAttrs[i] = oldAttrs;
    this.oldPeers[i] = oldPeer;
    this.oldPathIds[i] = oldPathId;
    this.newAttrs[i] = newAttrs;
    this.newPeers[i] = newPeer;
    this.newPathIds[i] = newPathId;
    this.reasons[i] = reason;
  }

  /** Drops the storage too (after a very large batch). */
  reset(): void {
    this.#size = 0;
    for (
      const a of [
        this.prefixes,
        this.oldAttrs,
        this.oldPeers,
        this.oldPathIds,
        this.newAttrs,
        this.newPeers,
        this.newPathIds,
        this.reasons,
      ]
    ) a.length = 0;
  }

  /** The i-th change as an object. */
  at(i: number): RibChange {
    const oa = this.oldAttrs[i], op = this.oldPeers[i];
    const na = this.newAttrs[i], np = this.newPeers[i];
    const reason = this.reasons[i]!;
    return {
      prefix: this.prefixes[i]!,
      old: oa && op ? { attrs: oa.attrs, peer: op, pathId: this.oldPathIds[i]! } : undefined,
      best: na && np ? { attrs: na.attrs, peer: np, pathId: this.newPathIds[i]! } : undefined,
      reason,
      reasonText: bestPathReasonText(reason),
    };
  }

  *[Symbol.iterator](): IterableIterator<RibChange> {
    for (let i = 0; i < this.#size; i++) yield this.at(i);
  }
}
