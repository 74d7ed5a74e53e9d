/**
 * The RIB facade the speaker drives: peers in, UPDATEs in, Loc-RIB changes out, and per-peer
 * outbound updates grouped by attribute set. Synchronous; long operations return a RibJob.
 */
import { isIpv4Key, type PrefixKey } from "../common/prefix_key.ts";
import type { FamilyKey, NlriList, UpdateMessage } from "../wire/types.ts";
import type { AttrSet, RouteAttributes } from "./attributes.ts";
import { AttrTable } from "./attr_table.ts";
import {
  type BestPathOptions,
  type BestPathReasonCode,
  bestPathReasonText,
  DEFAULT_BEST_PATH_OPTIONS,
  multipathOf,
} from "./best_path.ts";
import type { ChangeSet } from "./change.ts";
import { FamilyRib } from "./family_rib.ts";
import { DONE_JOB, type RibJob, SequenceJob } from "./job.ts";
import { RouteFlag } from "./loc_rib.ts";
import { makePeerInfo, type PeerInfo, type PeerSpec, peerSpecOf } from "./peer.ts";
import { Ipv4PrefixIndex, Ipv6PrefixIndex } from "./prefix_index.ts";
import { receiveCheck } from "./receive.ts";

export const IPV4_UNICAST: FamilyKey = "1/1";
export const IPV6_UNICAST: FamilyKey = "2/1";
/** The families the RIB stores. */
export const RIB_FAMILIES: readonly FamilyKey[] = [IPV4_UNICAST, IPV6_UNICAST];

export interface RibOptions {
  readonly bestPath?: BestPathOptions;
  /** Sizing hint for the IPv4 tables (avoids regrowth while a full table arrives). */
  readonly expectedIpv4Prefixes?: number;
}

/** What applyUpdate did, besides the Loc-RIB changes it appended. */
export interface UpdateResult {
  /** Prefixes stored (accepted or kept as rejected pre-policy copies). */
  readonly announced: number;
  /** Prefixes withdrawn, including announcements treated as withdrawn. */
  readonly withdrawn: number;
  /** RFC 7606 treat-as-withdraw raised by a receive check (AS loop, ...), with the reason. */
  readonly treatAsWithdraw: string | undefined;
  /** RFC 4724 §2: the UPDATE was an End-of-RIB marker for this family. */
  readonly endOfRib: FamilyKey | undefined;
  /** Families in the UPDATE that the RIB does not store. */
  readonly ignoredFamilies: readonly FamilyKey[];
}

/** A path as the API and tests see it. */
export interface Route {
  readonly prefix: PrefixKey;
  /** Post-policy attributes (pre-policy ones for a rejected route). */
  readonly attrs: RouteAttributes;
  readonly peer: PeerInfo;
  readonly pathId: number;
  readonly best: boolean;
  readonly stale: boolean;
  /** Rejected by import policy (kept only as the pre-policy copy). */
  readonly rejected: boolean;
  /** Pre-policy attributes, when the peer keeps them and they differ. */
  readonly prePolicyAttrs: RouteAttributes | undefined;
}

/** The best path of a prefix and why it won. */
export interface BestRoute extends Route {
  readonly reason: BestPathReasonCode;
  readonly reasonText: string;
}

/** One batch for a peer: withdrawals, announcements grouped by attributes, End-of-RIB. */
export interface OutboundUpdate {
  readonly family: FamilyKey;
  readonly withdrawn: PrefixKey[];
  readonly announce: { readonly attrs: RouteAttributes; readonly prefixes: PrefixKey[] }[];
  readonly endOfRib: boolean;
}

export interface PeerRibStats {
  /** Routes received and held (including rejected pre-policy copies). */
  readonly received: number;
  /** Routes accepted by import policy. */
  readonly accepted: number;
  /** Prefixes in the Adj-RIB-Out. */
  readonly advertised: number;
}

export class Rib {
  readonly #table = new AttrTable();
  readonly #peers: (PeerInfo | undefined)[] = [];
  readonly #freeIds: number[] = [];
  readonly #up = new Map<number, Set<FamilyKey>>();
  readonly #v4: FamilyRib<number>;
  readonly #v6: FamilyRib<string>;

  constructor(options: RibOptions = {}) {
    const opts = options.bestPath ?? DEFAULT_BEST_PATH_OPTIONS;
    const n = options.expectedIpv4Prefixes ?? 1024;
    this.#v4 = new FamilyRib(
      IPV4_UNICAST,
      new Ipv4PrefixIndex(n),
      this.#table,
      this.#peers,
      opts,
      n,
    );
    this.#v6 = new FamilyRib(IPV6_UNICAST, new Ipv6PrefixIndex(), this.#table, this.#peers, opts);
  }

  // ------------------------------------------------------------ peers

  /** Registers a peer or local origin; the returned record identifies it in every call. */
  addPeer(spec: PeerSpec): PeerInfo {
    const id = this.#freeIds.pop() ?? this.#peers.length;
    if (id > 0xffff) throw new RangeError("too many peers (65536)");
    const info = makePeerInfo(id, spec);
    this.#peers[id] = info;
    return info;
  }

  /** Replaces session facts (BGP id, local addresses, filters...); returns the new record. */
  updatePeer(peer: PeerInfo, patch: Partial<PeerSpec>): PeerInfo {
    this.#check(peer);
    const info = makePeerInfo(peer.id, { ...peerSpecOf(this.#peers[peer.id]!), ...patch });
    this.#peers[peer.id] = info;
    for (const f of [this.#v4, this.#v6] as FamilyRib[]) f.out(peer.id)?.resetMemo();
    return info;
  }

  /** Forgets a peer that is down and holds no routes. */
  removePeer(peer: PeerInfo): void {
    this.#check(peer);
    if (this.#up.has(peer.id)) throw new Error(`peer ${peer.name} is still up`);
    for (const f of [this.#v4, this.#v6] as FamilyRib[]) {
      if ((f.received[peer.id] ?? 0) > 0) throw new Error(`peer ${peer.name} still has routes`);
    }
    this.#peers[peer.id] = undefined;
    this.#freeIds.push(peer.id);
  }

  /** The current record of a peer id. */
  peer(id: number): PeerInfo | undefined {
    return this.#peers[id];
  }

  #check(peer: PeerInfo): void {
    if (this.#peers[peer.id] === undefined) throw new Error(`unknown peer ${peer.name}`);
  }

  #fam(f: FamilyKey): FamilyRib | undefined {
    return f === IPV4_UNICAST ? this.#v4 : f === IPV6_UNICAST ? this.#v6 : undefined;
  }

  #famOfKey(k: PrefixKey): FamilyRib {
    return isIpv4Key(k) ? this.#v4 : this.#v6;
  }

  // ------------------------------------------------------------ updates in

  /**
   * Applies one decoded UPDATE from `peer` (post RFC 7606 handling by the codec): withdrawals,
   * receive checks, import policy, best path, Adj-RIB-Out of every up peer. Loc-RIB changes are
   * appended to `changes`.
   */
  applyUpdate(peer: PeerInfo, update: UpdateMessage, changes: ChangeSet): UpdateResult {
    const current = this.#peers[peer.id] ?? peer;
    let announced = 0, withdrawn = 0;
    let ignored: FamilyKey[] | undefined;
    const ignore = (afi: number, safi: number) => (ignored ??= []).push(`${afi}/${safi}`);

    if (update.withdrawn.prefixes.length > 0) {
      withdrawn += this.#withdrawList(this.#v4, current, update.withdrawn, changes);
    }
    const mu = update.mpUnreach;
    if (mu !== undefined) {
      const f = this.#fam(`${mu.afi}/${mu.safi}`);
      if (f === undefined) ignore(mu.afi, mu.safi);
      else withdrawn += this.#withdrawList(f, current, mu.withdrawn, changes);
    }
    const mp = update.mpReach;
    const nlri = update.nlri;
    if (nlri.prefixes.length === 0 && mp === undefined) {
      return {
        announced,
        withdrawn,
        treatAsWithdraw: undefined,
        endOfRib: endOfRibFamily(update),
        ignoredFamilies: ignored ?? [],
      };
    }
    const attrs = update.attributes;
    const treatAsWithdraw = receiveCheck(attrs, current);
    const mpFam = mp === undefined ? undefined : this.#fam(`${mp.afi}/${mp.safi}`);
    if (mp !== undefined && mpFam === undefined) ignore(mp.afi, mp.safi);
    if (treatAsWithdraw !== undefined) {
      if (nlri.prefixes.length > 0) {
        withdrawn += this.#withdrawList(this.#v4, current, nlri, changes);
      }
      if (mp !== undefined && mpFam !== undefined) {
        withdrawn += this.#withdrawList(mpFam, current, mp.nlri, changes);
      }
    } else {
      if (nlri.prefixes.length > 0) {
        announced += this.#announceList(this.#v4, current, attrs, nlri, changes);
      }
      if (mp !== undefined && mpFam !== undefined && mp.nlri.prefixes.length > 0) {
        const a: { -readonly [K in keyof RouteAttributes]: RouteAttributes[K] } = {
          ...attrs,
          nextHop: mp.nextHop,
        };
        if (mp.linkLocalNextHop !== undefined) a.linkLocalNextHop = mp.linkLocalNextHop;
        announced += this.#announceList(mpFam, current, a, mp.nlri, changes);
      }
    }
    return {
      announced,
      withdrawn,
      treatAsWithdraw,
      endOfRib: undefined,
      ignoredFamilies: ignored ?? [],
    };
  }

  #withdrawList(f: FamilyRib, peer: PeerInfo, list: NlriList, changes: ChangeSet): number {
    const keys = list.prefixes, ids = list.pathIds;
    let n = 0;
    for (let i = 0; i < keys.length; i++) {
      if (f.withdraw(peer, keys[i]!, ids === undefined ? 0 : ids[i]!, changes)) n++;
    }
    return n;
  }

  #announceList(
    f: FamilyRib,
    peer: PeerInfo,
    attrs: RouteAttributes,
    list: NlriList,
    changes: ChangeSet,
  ): number {
    const table = this.#table;
    const keys = list.prefixes, ids = list.pathIds;
    const pre = table.intern(attrs, peer.type === "local");
    const filter = peer.importFilter;
    const perPrefix = filter !== undefined && !filter.prefixIndependent;
    const keepPre = peer.keepPrePolicy ? pre : undefined;
    // Policy runs once per UPDATE unless a condition looks at the prefix.
    const shared = perPrefix ? undefined : f.importAttrs(peer, keys[0]!, pre);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const post = perPrefix ? f.importAttrs(peer, key, pre) : shared;
      f.announce(peer, key, ids === undefined ? 0 : ids[i]!, post, keepPre, changes);
      if (perPrefix && post !== undefined) table.release(post);
    }
    if (shared !== undefined) table.release(shared);
    table.release(pre);
    return keys.length;
  }

  /** Originates a local route (config, API, kernel import) from a local-type source. */
  addLocal(
    source: PeerInfo,
    prefix: PrefixKey,
    attrs: RouteAttributes,
    changes: ChangeSet,
    pathId = 0,
  ): void {
    this.#check(source);
    const f = this.#famOfKey(prefix);
    const pre = this.#table.intern(attrs, true);
    const post = f.importAttrs(source, prefix, pre);
    f.announce(source, prefix, pathId, post, source.keepPrePolicy ? pre : undefined, changes);
    if (post !== undefined) this.#table.release(post);
    this.#table.release(pre);
  }

  /** Removes a local route; true when it existed. */
  removeLocal(source: PeerInfo, prefix: PrefixKey, changes: ChangeSet, pathId = 0): boolean {
    return this.#famOfKey(prefix).withdraw(source, prefix, pathId, changes);
  }

  // ------------------------------------------------------------ sessions

  /**
   * The peer reached Established for `families`: its Adj-RIB-Outs open now (new changes flow
   * to it at once) and the returned job dumps the current Loc-RIB, then End-of-RIB per family.
   */
  peerUp(peer: PeerInfo, families: readonly FamilyKey[] = RIB_FAMILIES): RibJob {
    this.#check(peer);
    const set = new Set<FamilyKey>();
    const jobs: RibJob[] = [];
    for (const fk of families) {
      const f = this.#fam(fk);
      if (f === undefined) continue;
      set.add(fk);
      jobs.push(f.openOut(peer.id));
    }
    this.#up.set(peer.id, set);
    return new SequenceJob(jobs);
  }

  /**
   * The session went down. Its Adj-RIB-Outs are dropped at once; the job removes its routes
   * (or, with graceful restart, RFC 4724 §4.2, marks them stale and keeps them).
   */
  peerDown(peer: PeerInfo, options: { readonly gracefulRestart?: boolean } = {}): RibJob {
    this.#check(peer);
    this.#up.delete(peer.id);
    const jobs: RibJob[] = [];
    for (const f of [this.#v4, this.#v6] as FamilyRib[]) {
      f.closeOut(peer.id);
      if ((f.received[peer.id] ?? 0) === 0) continue;
      jobs.push(
        options.gracefulRestart ? f.markStale(peer.id) : f.removePeerRoutes(peer.id, false),
      );
    }
    return jobs.length === 0 ? DONE_JOB : new SequenceJob(jobs);
  }

  /**
   * RFC 4724 §4.2: End-of-RIB arrived (or the restart/stale timer expired): routes still stale
   * are removed.
   */
  sweepStale(peer: PeerInfo, family?: FamilyKey): RibJob {
    this.#check(peer);
    const jobs = this.#families(family)
      .filter((f) => (f.received[peer.id] ?? 0) > 0)
      .map((f) => f.removePeerRoutes(peer.id, true));
    return new SequenceJob(jobs);
  }

  /** Soft reset in from stored pre-policy routes (needs keepPrePolicy; else send ROUTE-REFRESH). */
  softResetIn(peer: PeerInfo, family?: FamilyKey): RibJob {
    this.#check(peer);
    const current = this.#peers[peer.id]!;
    return new SequenceJob(this.#families(family).map((f) => f.softResetIn(current)));
  }

  /**
   * Soft reset out: recompute the peer's Adj-RIB-Out (after an export policy change) and send
   * the differences; with `resend`, send everything again (ROUTE-REFRESH received).
   */
  refreshOut(
    peer: PeerInfo,
    family?: FamilyKey,
    options: { readonly resend?: boolean; readonly endOfRib?: boolean } = {},
  ): RibJob {
    this.#check(peer);
    return new SequenceJob(
      this.#families(family).map((f) =>
        f.refreshOut(peer.id, options.resend ?? false, options.endOfRib ?? false)
      ),
    );
  }

  #families(family: FamilyKey | undefined): FamilyRib[] {
    if (family === undefined) return [this.#v4, this.#v6];
    const f = this.#fam(family);
    return f === undefined ? [] : [f];
  }

  // ------------------------------------------------------------ updates out

  /**
   * Takes up to about `budget` queued prefixes for `peer` in `family`. Undefined when nothing is
   * pending. Attributes are final (rewritten for the peer, export policy applied).
   */
  takeUpdates(peer: PeerInfo, family: FamilyKey, budget = 65536): OutboundUpdate | undefined {
    const f = this.#fam(family);
    const out = f?.out(peer.id);
    if (f === undefined || out === undefined || !out.hasPending) return undefined;
    const target = this.#peers[peer.id]!;
    const flush = out.flush(budget);
    const announce = flush.groups.map((g) => ({
      attrs: f.wireAttrs(g.set, g.final, target),
      prefixes: g.prefixes as PrefixKey[],
    }));
    return { family, withdrawn: flush.withdrawn, announce, endOfRib: flush.endOfRib };
  }

  /** Whether anything is queued for `peer` (in `family`, or any). */
  hasPendingUpdates(peer: PeerInfo, family?: FamilyKey): boolean {
    return this.#families(family).some((f) => f.out(peer.id)?.hasPending ?? false);
  }

  // ------------------------------------------------------------ queries

  #route(f: FamilyRib, slot: number, r: number): Route {
    const loc = f.loc;
    const flags = loc.flagsOf(r);
    const post = loc.attrsOf(r);
    const pre = loc.preOf(r);
    return {
      prefix: loc.keyAt(slot),
      attrs: (post ?? pre)!.attrs,
      peer: this.#peers[loc.peerIdOf(r)]!,
      pathId: loc.pathIdOf(r),
      best: loc.best(slot) === r,
      stale: (flags & RouteFlag.STALE) !== 0,
      rejected: (flags & RouteFlag.INELIGIBLE) !== 0,
      prePolicyAttrs: pre !== post ? pre?.attrs : undefined,
    };
  }

  /** The best path of `prefix` and the reason it won. */
  bestRoute(prefix: PrefixKey): BestRoute | undefined {
    const f = this.#famOfKey(prefix);
    const slot = f.loc.slotOf(prefix);
    if (slot < 0) return undefined;
    const b = f.loc.best(slot);
    if (b < 0) return undefined;
    const reason = f.loc.reason(slot);
    return { ...this.#route(f, slot, b), reason, reasonText: bestPathReasonText(reason) };
  }

  /** Every path held for `prefix` (best first). */
  routes(prefix: PrefixKey): Route[] {
    const f = this.#famOfKey(prefix);
    const slot = f.loc.slotOf(prefix);
    const out: Route[] = [];
    if (slot < 0) return out;
    for (let r = f.loc.head(slot); r >= 0; r = f.loc.next(r)) out.push(this.#route(f, slot, r));
    return out;
  }

  /** ECMP: paths equal to the best one up to the tie-breaking steps, best first. */
  multipath(prefix: PrefixKey, maxPaths: number): Route[] {
    const f = this.#famOfKey(prefix);
    const slot = f.loc.slotOf(prefix);
    if (slot < 0 || f.loc.best(slot) < 0) return [];
    const cands = f.loc.candidates(slot);
    const bestIdx = cands.findIndex((c) => c.route === f.loc.best(slot));
    return multipathOf(cands.map((c) => c.candidate), bestIdx, maxPaths).map((i) =>
      this.#route(f, slot, cands[i]!.route)
    );
  }

  /** Best paths of a family (the Loc-RIB), in slot order. */
  *locRib(family: FamilyKey): IterableIterator<BestRoute> {
    const f = this.#fam(family);
    if (f === undefined) return;
    const loc = f.loc;
    for (let s = 0; s < loc.index.highWater; s++) {
      if (!loc.index.isLive(s)) continue;
      const b = loc.best(s);
      if (b < 0) continue;
      const reason = loc.reason(s);
      yield { ...this.#route(f, s, b), reason, reasonText: bestPathReasonText(reason) };
    }
  }

  /** A peer's Adj-RIB-In: post-policy accepted routes, or with `prePolicy` everything received. */
  *adjRibIn(
    peer: PeerInfo,
    family: FamilyKey,
    options: { readonly prePolicy?: boolean } = {},
  ): IterableIterator<Route> {
    const f = this.#fam(family);
    if (f === undefined) return;
    const loc = f.loc;
    for (let s = 0; s < loc.index.highWater; s++) {
      if (!loc.index.isLive(s)) continue;
      for (let r = loc.head(s); r >= 0; r = loc.next(r)) {
        if (loc.peerIdOf(r) !== peer.id) continue;
        const route = this.#route(f, s, r);
        if (options.prePolicy) {
          yield route.prePolicyAttrs === undefined
            ? route
            : { ...route, attrs: route.prePolicyAttrs };
        } else if (!route.rejected) yield route;
      }
    }
  }

  /** A peer's Adj-RIB-Out: what it should hold, with the attributes it gets. */
  *adjRibOut(
    peer: PeerInfo,
    family: FamilyKey,
  ): IterableIterator<{ readonly prefix: PrefixKey; readonly attrs: RouteAttributes }> {
    const f = this.#fam(family);
    const out = f?.out(peer.id);
    if (f === undefined || out === undefined) return;
    const target = this.#peers[peer.id]!;
    for (const s of out.slots()) {
      const set = out.get(s)!;
      yield { prefix: f.loc.keyAt(s), attrs: f.wireAttrs(set, (out.flags(s) & 1) !== 0, target) };
    }
  }

  /** Route counts of a peer (one family, or both). */
  peerStats(peer: PeerInfo, family?: FamilyKey): PeerRibStats {
    let received = 0, accepted = 0, advertised = 0;
    for (const f of this.#families(family)) {
      received += f.received[peer.id] ?? 0;
      accepted += f.accepted[peer.id] ?? 0;
      advertised += f.out(peer.id)?.size ?? 0;
    }
    return { received, accepted, advertised };
  }

  /** Prefixes with at least one path or Adj-RIB-Out entry in a family. */
  prefixCount(family: FamilyKey): number {
    return this.#fam(family)?.loc.index.size ?? 0;
  }

  /** Paths held in a family (all peers). */
  routeCount(family: FamilyKey): number {
    return this.#fam(family)?.loc.routeCount ?? 0;
  }

  /** Distinct interned attribute sets. */
  get attrSetCount(): number {
    return this.#table.size;
  }

  /** The interned set of a best path (tests and diagnostics). */
  bestAttrSet(prefix: PrefixKey): AttrSet | undefined {
    const f = this.#famOfKey(prefix);
    const slot = f.loc.slotOf(prefix);
    const b = slot < 0 ? -1 : f.loc.best(slot);
    return b < 0 ? undefined : f.loc.attrsOf(b);
  }
}

/**
 * RFC 4724 §2: End-of-RIB is an UPDATE with nothing in it (IPv4 unicast), or with only an
 * empty MP_UNREACH_NLRI (other families).
 */
export function endOfRibFamily(u: UpdateMessage): FamilyKey | undefined {
  if (u.nlri.prefixes.length > 0 || u.withdrawn.prefixes.length > 0 || u.mpReach !== undefined) {
    return undefined;
  }
  const mu = u.mpUnreach;
  if (mu === undefined) return Object.keys(u.attributes).length === 0 ? IPV4_UNICAST : undefined;
  return mu.withdrawn.prefixes.length === 0 ? `${mu.afi}/${mu.safi}` : undefined;
}
