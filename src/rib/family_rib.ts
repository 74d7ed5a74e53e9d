/**
 * One address family end to end: received and local paths in, best path per prefix, and each
 * established peer's Adj-RIB-Out kept in step with every best-path change.
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import type { FamilyKey } from "../wire/types.ts";
import { AdjRibOut } from "./adj_rib_out.ts";
import type { AttrSet, RouteAttributes } from "./attributes.ts";
import type { AttrTable } from "./attr_table.ts";
import type { BestPathOptions } from "./best_path.ts";
import type { ChangeSet } from "./change.ts";
import { exportBlock, isReflection, rewriteForPeer } from "./export.ts";
import { type RibJob, SlotScanJob } from "./job.ts";
import { LocRib, RouteFlag } from "./loc_rib.ts";
import type { PeerInfo } from "./peer.ts";
import type { PrefixIndex } from "./prefix_index.ts";
import { applyIngressOtc } from "./receive.ts";

export class FamilyRib<K extends PrefixKey = PrefixKey> {
  readonly family: FamilyKey;
  readonly ipv6: boolean;
  readonly loc: LocRib<K>;
  readonly #table: AttrTable;
  readonly #peers: readonly (PeerInfo | undefined)[];
  #outs: (AdjRibOut<K> | undefined)[] = [];
  #active: AdjRibOut<K>[] = [];
  /** Per peer id: routes held (including policy-rejected pre-policy copies) and eligible ones. */
  readonly received: number[] = [];
  readonly accepted: number[] = [];

  constructor(
    family: FamilyKey,
    index: PrefixIndex<K>,
    table: AttrTable,
    peers: readonly (PeerInfo | undefined)[],
    opts: BestPathOptions,
    expectedPrefixes?: number,
  ) {
    this.family = family;
    this.ipv6 = family.startsWith("2/");
    this.#table = table;
    this.#peers = peers;
    this.loc = new LocRib(index, table, peers, opts, expectedPrefixes);
  }

  // ------------------------------------------------------------ import

  /**
   * Import processing of received attributes: RFC 9234 ingress OTC, then the peer's import
   * policy. Returns the post-policy set (`pre` itself when unchanged) or undefined if rejected.
   */
  importAttrs(peer: PeerInfo, key: K, pre: AttrSet): AttrSet | undefined {
    let a: RouteAttributes | undefined = applyIngressOtc(pre.attrs, peer);
    const f = peer.importFilter;
    if (f !== undefined) a = f.evaluate(key, a, peer, peer);
    if (a === undefined) return undefined;
    return a === pre.attrs ? pre : this.#table.intern(a, pre.local);
  }

  /**
   * Stores (peer, key, pathId) with post-policy attributes `post` (undefined: rejected). `pre`
   * is kept when the peer keeps pre-policy routes.
   */
  announce(
    peer: PeerInfo,
    key: K,
    pathId: number,
    post: AttrSet | undefined,
    pre: AttrSet | undefined,
    changes: ChangeSet,
  ): void {
    const loc = this.loc;
    const slot = loc.slotFor(key);
    const pid = peer.id;
    const r = loc.find(slot, pid, pathId);
    if (post === undefined && pre === undefined) {
      // Rejected and nothing to keep: the same as a withdrawal.
      if (r < 0) loc.releaseIfUnused(slot);
      else this.#removeAt(slot, key, r, changes);
      return;
    }
    loc.retain(slot);
    const oldBest = loc.best(slot);
    const oldA = oldBest >= 0 ? loc.attrsOf(oldBest) : undefined;
    const oldP = oldBest >= 0 ? loc.peerIdOf(oldBest) : -1;
    const oldI = oldBest >= 0 ? loc.pathIdOf(oldBest) : 0;
    if (r >= 0) {
      const wasEligible = (loc.flagsOf(r) & RouteFlag.INELIGIBLE) === 0;
      if (
        loc.attrsOf(r) === post && loc.preOf(r) === (pre ?? post) &&
        (loc.flagsOf(r) & RouteFlag.STALE) === 0
      ) {
        loc.release(slot);
        return; // a duplicate announcement
      }
      loc.replace(r, post, pre);
      if (wasEligible !== (post !== undefined)) this.accepted[pid]! += post !== undefined ? 1 : -1;
    } else {
      loc.add(slot, pid, pathId, post, pre);
      this.received[pid] = (this.received[pid] ?? 0) + 1;
      if (post !== undefined) this.accepted[pid] = (this.accepted[pid] ?? 0) + 1;
    }
    this.#finish(slot, key, oldBest, oldA, oldP, oldI, changes);
  }

  /** Removes (peer, key, pathId); true when it existed. */
  withdraw(peer: PeerInfo, key: K, pathId: number, changes: ChangeSet): boolean {
    const loc = this.loc;
    const slot = loc.slotOf(key);
    if (slot < 0) return false;
    const r = loc.find(slot, peer.id, pathId);
    if (r < 0) return false;
    this.#removeAt(slot, key, r, changes);
    return true;
  }

  #removeAt(slot: number, key: K, r: number, changes: ChangeSet): void {
    const loc = this.loc;
    loc.retain(slot);
    const oldBest = loc.best(slot);
    const oldA = oldBest >= 0 ? loc.attrsOf(oldBest) : undefined;
    const oldP = oldBest >= 0 ? loc.peerIdOf(oldBest) : -1;
    const oldI = oldBest >= 0 ? loc.pathIdOf(oldBest) : 0;
    this.#forget(slot, r);
    this.#finish(slot, key, oldBest, oldA, oldP, oldI, changes);
  }

  #forget(slot: number, r: number): void {
    const loc = this.loc;
    const pid = loc.peerIdOf(r);
    this.received[pid]!--;
    if ((loc.flagsOf(r) & RouteFlag.INELIGIBLE) === 0) this.accepted[pid]!--;
    loc.remove(slot, r);
  }

  /** Reselects, records a change and updates every Adj-RIB-Out when the best path moved. */
  #finish(
    slot: number,
    key: K,
    oldBest: number,
    oldA: AttrSet | undefined,
    oldP: number,
    oldI: number,
    changes: ChangeSet,
  ): void {
    const loc = this.loc;
    const nb = loc.reselect(slot);
    if (nb !== oldBest || (nb >= 0 && loc.attrsOf(nb) !== oldA)) {
      const peers = this.#peers;
      changes.push(
        key,
        oldA,
        oldP >= 0 ? peers[oldP] : undefined,
        oldI,
        nb >= 0 ? loc.attrsOf(nb) : undefined,
        nb >= 0 ? peers[loc.peerIdOf(nb)] : undefined,
        nb >= 0 ? loc.pathIdOf(nb) : 0,
        loc.reason(slot),
      );
      const active = this.#active;
      for (let i = 0; i < active.length; i++) this.#exportTo(active[i]!, slot, key, nb);
    }
    loc.release(slot);
  }

  // ------------------------------------------------------------ export

  /** Brings one peer's desired Adj-RIB-Out entry for `slot` in line with route `best` (-1: none). */
  #exportTo(out: AdjRibOut<K>, slot: number, key: K, best: number): void {
    if (best < 0) {
      out.withdraw(slot);
      return;
    }
    const loc = this.loc;
    const set = loc.attrsOf(best)!;
    const sid = loc.peerIdOf(best);
    const peers = this.#peers;
    const target = peers[out.peerId]!;
    const source = peers[sid]!;
    if (exportBlock(set, source, target) !== undefined) {
      out.withdraw(slot);
      return;
    }
    const reflect = isReflection(source, target);
    const f = target.exportFilter;
    if (!reflect && f === undefined) {
      out.set(slot, set, false);
      return;
    }
    let rewritten: RouteAttributes;
    if (out.memoIn === set && out.memoSource === sid) {
      if (out.memoDecided) {
        const o = out.memoOut;
        if (out.memoReject) out.withdraw(slot);
        else if (o === undefined) out.set(slot, set, false);
        else if (o.refs > 0 || this.#table.has(o)) out.set(slot, o, true);
        else out.memoDecided = false;
        if (out.memoDecided) return;
      }
      rewritten = out.memoRewritten!;
    } else {
      rewritten = rewriteForPeer(set, target, this.ipv6, reflect ? source : undefined);
      out.memoIn = set;
      out.memoSource = sid;
      out.memoRewritten = rewritten;
      out.memoDecided = false;
    }
    const res = f === undefined ? rewritten : f.evaluate(key, rewritten, source, target);
    const decided = f === undefined || f.prefixIndependent;
    if (res === undefined) {
      out.withdraw(slot);
      if (decided) {
        out.memoDecided = true;
        out.memoReject = true;
      }
      return;
    }
    if (res === rewritten && !reflect) {
      out.set(slot, set, false);
      if (decided) {
        out.memoDecided = true;
        out.memoReject = false;
        out.memoOut = undefined;
      }
      return;
    }
    const fin = this.#table.intern(res, set.local);
    out.set(slot, fin, true);
    this.#table.release(fin);
    if (decided) {
      out.memoDecided = true;
      out.memoReject = false;
      out.memoOut = fin;
    }
  }

  /** The Adj-RIB-Out of a peer, when it is up for this family. */
  out(peerId: number): AdjRibOut<K> | undefined {
    return this.#outs[peerId];
  }

  /** Attributes a lazy Adj-RIB-Out set goes out with to `target`. */
  wireAttrs(set: AttrSet, final: boolean, target: PeerInfo): RouteAttributes {
    return final ? set.attrs : rewriteForPeer(set, target, this.ipv6);
  }

  /** Starts exporting to a peer; the returned job dumps the Loc-RIB, then End-of-RIB. */
  openOut(peerId: number): RibJob {
    this.closeOut(peerId);
    const out = new AdjRibOut<K>(peerId, this.loc, this.#table);
    this.#outs[peerId] = out;
    this.#active.push(out);
    return this.#scanOut(out, false, true);
  }

  /** Stops exporting to a peer and drops its Adj-RIB-Out. */
  closeOut(peerId: number): void {
    const out = this.#outs[peerId];
    if (out === undefined) return;
    this.#outs[peerId] = undefined;
    this.#active = this.#active.filter((o) => o !== out);
    out.clear();
  }

  /**
   * Recomputes a peer's Adj-RIB-Out from the Loc-RIB (export policy changed: soft reset out);
   * with `resend`, queues every entry again (ROUTE-REFRESH received, RFC 2918 §4).
   */
  refreshOut(peerId: number, resend: boolean, endOfRib: boolean): RibJob {
    const out = this.#outs[peerId];
    if (out === undefined) return new SlotScanJob(() => 0, () => {});
    out.resetMemo();
    return this.#scanOut(out, resend, endOfRib);
  }

  #scanOut(out: AdjRibOut<K>, resend: boolean, endOfRib: boolean): RibJob {
    const loc = this.loc;
    return new SlotScanJob(
      () => loc.index.highWater,
      (slot) => {
        if (this.#outs[out.peerId] !== out || !loc.index.isLive(slot)) return;
        const before = out.get(slot);
        this.#exportTo(out, slot, loc.keyAt(slot), loc.best(slot));
        if (resend && before !== undefined && out.get(slot) === before) out.requeue(slot);
      },
      () => {
        if (endOfRib && this.#outs[out.peerId] === out) out.eorPending = true;
      },
    );
  }

  // ------------------------------------------------------------ per-peer jobs

  /** Calls `fn` once for each slot holding at least one route of `peerId`. */
  #peerScan(
    peerId: number,
    fn: (slot: number, route: number, changes: ChangeSet) => void,
    onDone?: () => void,
  ): RibJob {
    const loc = this.loc;
    return new SlotScanJob(
      () => loc.index.highWater,
      (slot, changes) => {
        if (!loc.index.isLive(slot)) return;
        for (let r = loc.head(slot); r >= 0; r = loc.next(r)) {
          if (loc.peerIdOf(r) === peerId) {
            fn(slot, r, changes);
            return;
          }
        }
      },
      onDone,
    );
  }

  /** Removes every route of a peer (session down without graceful restart). */
  removePeerRoutes(peerId: number, onlyStale: boolean): RibJob {
    const loc = this.loc;
    return new SlotScanJob(
      () => loc.index.highWater,
      (slot, changes) => {
        if (!loc.index.isLive(slot)) return;
        let has = false;
        for (let r = loc.head(slot); r >= 0; r = loc.next(r)) {
          if (
            loc.peerIdOf(r) === peerId &&
            (!onlyStale || (loc.flagsOf(r) & RouteFlag.STALE) !== 0)
          ) {
            has = true;
            break;
          }
        }
        if (!has) return;
        loc.retain(slot);
        const oldBest = loc.best(slot);
        const oldA = oldBest >= 0 ? loc.attrsOf(oldBest) : undefined;
        const oldP = oldBest >= 0 ? loc.peerIdOf(oldBest) : -1;
        const oldI = oldBest >= 0 ? loc.pathIdOf(oldBest) : 0;
        // ADD-PATH: several routes of the peer may share the slot.
        for (let r = loc.head(slot); r >= 0;) {
          const nx = loc.next(r);
          if (
            loc.peerIdOf(r) === peerId &&
            (!onlyStale || (loc.flagsOf(r) & RouteFlag.STALE) !== 0)
          ) this.#forget(slot, r);
          r = nx;
        }
        this.#finish(slot, loc.keyAt(slot), oldBest, oldA, oldP, oldI, changes);
      },
    );
  }

  /** RFC 4724 §4.2: marks every route of a restarting peer stale. */
  markStale(peerId: number): RibJob {
    const loc = this.loc;
    return new SlotScanJob(
      () => loc.index.highWater,
      (slot) => {
        if (!loc.index.isLive(slot)) return;
        for (let r = loc.head(slot); r >= 0; r = loc.next(r)) {
          if (loc.peerIdOf(r) === peerId) loc.setFlags(r, loc.flagsOf(r) | RouteFlag.STALE);
        }
      },
    );
  }

  /** Soft reset in from the stored pre-policy routes: import policy runs again on each. */
  softResetIn(peer: PeerInfo): RibJob {
    const loc = this.loc;
    const pid = peer.id;
    // Without stored pre-policy routes the speaker asks the peer instead (ROUTE-REFRESH).
    if (!peer.keepPrePolicy) return new SlotScanJob(() => 0, () => {});
    return this.#peerScan(pid, (slot, _r, changes) => {
      const key = loc.keyAt(slot);
      const routes: number[] = [];
      for (let r = loc.head(slot); r >= 0; r = loc.next(r)) {
        if (loc.peerIdOf(r) === pid) routes.push(r);
      }
      for (const r of routes) {
        const pre = loc.preOf(r);
        if (pre === undefined) continue;
        const current = this.#peers[pid]!;
        const post = this.importAttrs(current, key, pre);
        if (post !== loc.attrsOf(r)) {
          this.announce(
            current,
            key,
            loc.pathIdOf(r),
            post,
            current.keepPrePolicy ? pre : undefined,
            changes,
          );
        }
        if (post !== undefined) this.#table.release(post);
      }
    });
  }
}
