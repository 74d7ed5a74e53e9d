/**
 * Propagation rules as pure functions: whether the best path may go to a peer at all, and the
 * attributes that peer receives before export policy (RFC 4271 §5.1, §9.1.3, RFC 4456, RFC 7947,
 * RFC 1997, RFC 3765, RFC 9234). Export policy runs on the result, as in GoBGP.
 */
import type { RawAttribute } from "../wire/types.ts";
import { prependAs } from "./as_path.ts";
import { type AttrSet, DEFAULT_LOCAL_PREF, type RouteAttributes, u32ToIpv4 } from "./attributes.ts";
import { CommunityFlag } from "./communities.ts";
import type { PeerInfo } from "./peer.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Why a path is not advertised to a peer, or undefined when it may be. */
export function exportBlock(set: AttrSet, source: PeerInfo, target: PeerInfo): string | undefined {
  if (target.type === "local") return "local origins receive nothing";
  if (source.id === target.id) return "split horizon: learned from this peer";
  const wk = set.wellKnown;
  // RFC 1997 §2: NO_ADVERTISE goes to no peer at all.
  if (wk & CommunityFlag.NO_ADVERTISE) return "NO_ADVERTISE";
  const role = target.localRole;
  if (target.type === "ebgp") {
    // RFC 1997 §2: NO_EXPORT and NO_EXPORT_SUBCONFED stay inside the AS (no confederations here).
    if (wk & CommunityFlag.NO_EXPORT) return "NO_EXPORT";
    if (wk & CommunityFlag.NO_EXPORT_SUBCONFED) return "NO_EXPORT_SUBCONFED";
    // RFC 3765 §2: NOPEER routes are not sent to bilateral peers (known only from the role).
    if ((wk & CommunityFlag.NOPEER) && role === "peer") return "NOPEER to a lateral peer";
    // RFC 9234 §5 egress rule 2: a route with OTC never goes up or sideways.
    if (
      set.attrs.otc !== undefined &&
      (role === "customer" || role === "peer" || role === "rs-client")
    ) {
      return "OTC route towards a provider, peer or route server";
    }
    return undefined;
  }
  // RFC 4271 §9.1.3 / RFC 4456 §6: iBGP-learned routes go to iBGP peers only by reflection.
  if (source.type === "ibgp" && !source.rrClient && !target.rrClient) {
    return "iBGP route to a non-client iBGP peer";
  }
  return undefined;
}

/** Whether the path may go to `target` (see exportBlock for the reason). */
export function mayAdvertise(set: AttrSet, source: PeerInfo, target: PeerInfo): boolean {
  return exportBlock(set, source, target) === undefined;
}

/** RFC 4456 §8: an iBGP route sent to an iBGP peer is being reflected. */
export function isReflection(source: PeerInfo, target: PeerInfo): boolean {
  return source.type === "ibgp" && target.type === "ibgp";
}

function unspecified(nh: string | undefined): boolean {
  return nh === undefined || nh === "" || nh === "0.0.0.0" || nh === "::";
}

function transitiveExt(list: readonly bigint[]): readonly bigint[] {
  // RFC 4360 §2: bit 0x40 of the type octet marks a non-transitive extended community.
  let keep = true;
  for (const x of list) if ((Number(x >> 56n) & 0x40) !== 0) keep = false;
  return keep ? list : list.filter((x) => (Number(x >> 56n) & 0x40) === 0);
}

function transitiveUnknown(list: readonly RawAttribute[]): readonly RawAttribute[] {
  // RFC 4271 §5: an unrecognized non-transitive optional attribute is not passed on.
  let keep = true;
  for (const u of list) if ((u.flags & 0x40) === 0) keep = false;
  return keep ? list : list.filter((u) => (u.flags & 0x40) !== 0);
}

/**
 * The attributes `target` receives for a path (before its export policy). `ipv6` selects which
 * local address is next hop "self". `reflectedFrom` is the source when isReflection().
 */
export function rewriteForPeer(
  set: AttrSet,
  target: PeerInfo,
  ipv6: boolean,
  reflectedFrom?: PeerInfo,
): RouteAttributes {
  const a = set.attrs;
  const o: Mutable<RouteAttributes> = {};
  if (a.origin !== undefined) o.origin = a.origin;
  const self = ipv6 ? target.localAddress6 : target.localAddress4;
  if (target.type === "ebgp") {
    const rs = target.rsClient;
    // RFC 4271 §5.1.2: prepend our AS; RFC 7947 §2.2.2: a route server does not.
    o.asPath = rs ? (a.asPath ?? []) : prependAs(a.asPath, target.localAs);
    // RFC 4271 §5.1.3: next hop self towards eBGP, except a route server (RFC 7947 §2.2.1) and
    // local routes that name an explicit next hop (GoBGP).
    const keepNh = rs || (set.local && !unspecified(a.nextHop)) || self === undefined;
    if (keepNh) {
      if (a.nextHop !== undefined) o.nextHop = a.nextHop;
      if (a.linkLocalNextHop !== undefined) o.linkLocalNextHop = a.linkLocalNextHop;
    } else o.nextHop = self!;
    // RFC 4271 §5.1.4: a MED received from another AS is not passed to other ASes.
    if (a.med !== undefined && (rs || !set.externalPath)) o.med = a.med;
    // RFC 4271 §5.1.5: no LOCAL_PREF to external peers. RFC 4456: ORIGINATOR_ID and
    // CLUSTER_LIST are optional non-transitive, so they stay inside the AS.
  } else {
    o.asPath = a.asPath ?? [];
    if (target.nextHopSelf && self !== undefined) o.nextHop = self;
    else if (unspecified(a.nextHop) && self !== undefined) o.nextHop = self;
    else {
      if (a.nextHop !== undefined) o.nextHop = a.nextHop;
      if (a.linkLocalNextHop !== undefined) o.linkLocalNextHop = a.linkLocalNextHop;
    }
    if (a.med !== undefined) o.med = a.med;
    // RFC 4271 §5.1.5: LOCAL_PREF is included in every UPDATE to an internal peer.
    o.localPref = a.localPref ?? DEFAULT_LOCAL_PREF;
  }
  if (a.atomicAggregate) o.atomicAggregate = true;
  if (a.aggregator !== undefined) o.aggregator = a.aggregator;
  if (a.communities !== undefined) o.communities = a.communities;
  if (target.type === "ibgp" && reflectedFrom !== undefined) {
    // RFC 4456 §8: ORIGINATOR_ID names the route's originator in the AS; prepend our CLUSTER_ID.
    o.originatorId = a.originatorId ?? u32ToIpv4(reflectedFrom.bgpId);
    o.clusterList = [u32ToIpv4(target.clusterId), ...(a.clusterList ?? [])];
  }
  if (a.extendedCommunities !== undefined) {
    o.extendedCommunities = target.type === "ebgp"
      ? transitiveExt(a.extendedCommunities)
      : a.extendedCommunities;
  }
  if (a.largeCommunities !== undefined) o.largeCommunities = a.largeCommunities;
  if (a.otc !== undefined) o.otc = a.otc;
  else if (target.type === "ebgp") {
    // RFC 9234 §5 egress rule 1: towards a customer, peer or RS client, mark the route.
    const role = target.localRole;
    if (role === "provider" || role === "peer" || role === "rs") o.otc = target.localAs;
  }
  if (a.unknown !== undefined) {
    o.unknown = target.type === "ebgp" ? transitiveUnknown(a.unknown) : a.unknown;
  }
  return o;
}
