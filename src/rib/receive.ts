/**
 * Checks on received routes that turn an announcement into a withdrawal (RFC 7606 §2
 * treat-as-withdraw): AS loops, the first AS of an eBGP path, route-reflection loops, and the
 * RFC 9234 ingress rules for route leaks. Pure functions of the attributes and the session.
 */
import type { PathAttributes } from "../wire/types.ts";
import { countAs, firstAs } from "./as_path.ts";
import { ipv4ToU32, type RouteAttributes } from "./attributes.ts";
import type { PeerInfo } from "./peer.ts";

/** Why a received route must be treated as withdrawn, or undefined when it is acceptable. */
export function receiveCheck(attrs: PathAttributes, peer: PeerInfo): string | undefined {
  if (peer.type === "local") return undefined;
  // RFC 4271 §9.1.2: a route whose AS_PATH holds our own AS is a loop.
  if (countAs(attrs.asPath, peer.localAs) > peer.allowOwnAs) {
    return `AS_PATH contains the local AS ${peer.localAs}`;
  }
  if (peer.type === "ebgp") {
    // RFC 4271 §6.3: the leftmost AS must be the peer's (route servers do not prepend, RFC 7947).
    if (peer.enforceFirstAs && firstAs(attrs.asPath) !== peer.asn) {
      return `first AS in AS_PATH is not the peer AS ${peer.asn}`;
    }
  } else {
    // RFC 4456 §8: our own ORIGINATOR_ID or CLUSTER_ID means the route looped.
    if (attrs.originatorId !== undefined && ipv4ToU32(attrs.originatorId) === peer.routerId) {
      return "ORIGINATOR_ID is the local router id";
    }
    const cl = attrs.clusterList;
    if (cl !== undefined) {
      for (const c of cl) {
        if (ipv4ToU32(c) === peer.clusterId) return "CLUSTER_LIST contains the local cluster id";
      }
    }
  }
  // RFC 9234 §5 ingress rules 1 and 2.
  const role = peer.localRole;
  if (role !== undefined && attrs.otc !== undefined) {
    if (role === "provider" || role === "rs") {
      return "route leak: OTC present on a route from a customer or route-server client";
    }
    if (role === "peer" && attrs.otc !== peer.asn) {
      return `route leak: OTC ${attrs.otc} from a lateral peer with AS ${peer.asn}`;
    }
  }
  return undefined;
}

/**
 * RFC 9234 §5 ingress rule 3: a route from a provider, peer or route server without OTC gets
 * OTC = the peer's AS. Returns `attrs` itself when nothing changes.
 */
export function applyIngressOtc<T extends RouteAttributes>(attrs: T, peer: PeerInfo): T {
  const role = peer.localRole;
  if (role === undefined || attrs.otc !== undefined) return attrs;
  if (role === "customer" || role === "peer" || role === "rs-client") {
    return { ...attrs, otc: peer.asn };
  }
  return attrs;
}
