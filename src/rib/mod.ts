/**
 * The RIB: Adj-RIB-In per peer (post-policy, with an optional pre-policy copy), the Loc-RIB
 * with the best path per prefix and why it won, and an Adj-RIB-Out per established peer that
 * groups pending announcements by attribute set for packed UPDATEs. IPv4 and IPv6 unicast.
 *
 * Implements: RFC 4271 §9 (decision process, §9.1.2 as a comparator chain; IGP cost skipped:
 * no IGP here), §5.1 (attribute handling on propagation), RFC 4456 (route reflection), RFC 7947
 * (route-server clients), RFC 1997 / RFC 3765 (NO_EXPORT, NO_ADVERTISE, NO_EXPORT_SUBCONFED,
 * NOPEER), RFC 9234 (roles, OTC ingress/egress), RFC 4724 (stale routes, End-of-RIB), RFC 7911
 * (ADD-PATH receive: path ids), RFC 7606 §2 treat-as-withdraw for receive checks.
 *
 * Performance model: prefixes are compact keys mapped to dense slots (typed-array hash for IPv4);
 * every per-prefix table is an array indexed by slot; paths live in a typed-array arena; path
 * attributes are interned once per UPDATE and shared by reference with a reference count; the
 * per-peer rewrite for lazy Adj-RIB-Out entries runs once per attribute-set group at flush.
 * Long operations are RibJobs run in slices by the speaker; nothing here is async.
 *
 * Not done here: ADD-PATH send (best path only is advertised), confederations, MRAI timing
 * (the speaker decides when to call takeUpdates), per-client RIBs for route servers.
 */
export {
  type AttrSet,
  DEFAULT_LOCAL_PREF,
  ipv4ToU32,
  type RouteAttributes,
  u32ToIpv4,
} from "./attributes.ts";
export { AttrTable } from "./attr_table.ts";
export {
  type BestPathOptions,
  BestPathReason,
  type BestPathReasonCode,
  bestPathReasonText,
  type Candidate,
  compareCandidates,
  type Comparison,
  DECISION_PROCESS,
  DEFAULT_BEST_PATH_OPTIONS,
  multipathOf,
  selectBest,
  type Selection,
} from "./best_path.ts";
export { type BestPathRef, ChangeSet, type RibChange } from "./change.ts";
export {
  CommunityFlag,
  formatCommunity,
  WELL_KNOWN_COMMUNITY_NAMES,
  WellKnownCommunity,
} from "./communities.ts";
export { exportBlock, isReflection, mayAdvertise, rewriteForPeer } from "./export.ts";
export { REJECT_ALL, type RouteFilter } from "./filter.ts";
export { DONE_JOB, type RibJob, runToCompletion } from "./job.ts";
export { type PeerInfo, type PeerRole, type PeerSpec, type PeerType } from "./peer.ts";
export { applyIngressOtc, receiveCheck } from "./receive.ts";
export {
  type BestRoute,
  endOfRibFamily,
  IPV4_UNICAST,
  IPV6_UNICAST,
  type OutboundUpdate,
  type PeerRibStats,
  Rib,
  RIB_FAMILIES,
  type RibOptions,
  type Route,
  type UpdateResult,
} from "./rib.ts";
export { asPathLength, countAs, firstAs, formatAsPath, neighborAs, prependAs } from "./as_path.ts";
