/** Builders for RIB tests: candidates, peers, UPDATEs. */
import { parseKey } from "../../src/common/prefix_key.ts";
import { AttrTable } from "../../src/rib/attr_table.ts";
import type { RouteAttributes } from "../../src/rib/attributes.ts";
import type { Candidate } from "../../src/rib/best_path.ts";
import { makePeerInfo, type PeerInfo, type PeerSpec } from "../../src/rib/peer.ts";
import type { AsPathSegment, UpdateMessage } from "../../src/wire/types.ts";

export const LOCAL_AS = 65000;
export const ROUTER_ID = 0x0afe0001; // 10.254.0.1

let nextId = 100;

/** A PeerInfo outside any RIB (for pure-function tests). */
export function peer(spec: Partial<PeerSpec> & { type: PeerSpec["type"] }): PeerInfo {
  return makePeerInfo(nextId++, {
    address: "192.0.2.1",
    asn: spec.type === "ebgp" ? 64500 : LOCAL_AS,
    localAs: LOCAL_AS,
    routerId: ROUTER_ID,
    localAddress4: "10.0.0.254",
    localAddress6: "2001:db8::fe",
    ...spec,
  });
}

/** A spec for Rib.addPeer. */
export function spec(s: Partial<PeerSpec> & { type: PeerSpec["type"] }): PeerSpec {
  return {
    address: "192.0.2.1",
    asn: s.type === "ebgp" ? 64500 : LOCAL_AS,
    localAs: LOCAL_AS,
    routerId: ROUTER_ID,
    localAddress4: "10.0.0.254",
    localAddress6: "2001:db8::fe",
    ...s,
  };
}

export function seq(...asns: number[]): AsPathSegment[] {
  return asns.length === 0 ? [] : [{ type: 2, asns }];
}

const table = new AttrTable();

/** A candidate path: attributes plus the peer it came from. */
export function cand(attrs: RouteAttributes, from: PeerInfo, pathId = 0): Candidate {
  return { attrs: table.intern(attrs, from.type === "local"), peer: from, pathId };
}

/** An UPDATE announcing `prefixes` (IPv4 in the body, IPv6 in MP_REACH_NLRI). */
export function announce(
  attrs: RouteAttributes,
  prefixes: string[],
  pathIds?: number[],
): UpdateMessage {
  const keys = prefixes.map(parseKey);
  const v4 = keys.filter((k) => typeof k === "number");
  const v6 = keys.filter((k) => typeof k === "string");
  const u: { -readonly [K in keyof UpdateMessage]: UpdateMessage[K] } = {
    type: "update",
    withdrawn: { afi: 1, safi: 1, prefixes: [] },
    attributes: attrs,
    nlri: pathIds ? { afi: 1, safi: 1, prefixes: v4, pathIds } : { afi: 1, safi: 1, prefixes: v4 },
  };
  if (v6.length > 0) {
    const { nextHop, ...rest } = attrs;
    u.attributes = rest;
    u.mpReach = {
      afi: 2,
      safi: 1,
      nextHop: nextHop ?? "2001:db8::1",
      nlri: { afi: 2, safi: 1, prefixes: v6 },
    };
  }
  return u;
}

/** An UPDATE withdrawing `prefixes`. */
export function withdraw(prefixes: string[], pathIds?: number[]): UpdateMessage {
  const keys = prefixes.map(parseKey);
  const v4 = keys.filter((k) => typeof k === "number");
  const v6 = keys.filter((k) => typeof k === "string");
  const u: { -readonly [K in keyof UpdateMessage]: UpdateMessage[K] } = {
    type: "update",
    withdrawn: pathIds
      ? { afi: 1, safi: 1, prefixes: v4, pathIds }
      : { afi: 1, safi: 1, prefixes: v4 },
    attributes: {},
    nlri: { afi: 1, safi: 1, prefixes: [] },
  };
  if (v6.length > 0) {
    u.mpUnreach = { afi: 2, safi: 1, withdrawn: { afi: 2, safi: 1, prefixes: v6 } };
  }
  return u;
}

/** Every permutation of `xs`. */
export function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  const out: T[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) {
      out.push([x, ...rest]);
    }
  });
  return out;
}
