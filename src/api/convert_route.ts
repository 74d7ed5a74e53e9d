/**
 * Routes between protobuf and the domain: AddRouteRequest -> LocalRoute, RibRoute -> Route,
 * and the RFC 4360 extended community layouts of ExtendedCommunity. Part of convert.ts.
 */
import {
  formatIpv4,
  formatIpv6,
  type IpAddress,
  IpParseError,
  parseIp,
  parseIpv4,
  parsePrefix,
} from "../common/ip.ts";
import { formatKey, type PrefixKey, prefixToKey } from "../common/prefix_key.ts";
import type { AsPathSegment, PathAttributes } from "../wire/types.ts";
import type { LocalRoute, RibPath, RibRoute } from "./control.ts";
import { invalidArgument } from "./convert_common.ts";
import { type Init, pb } from "./proto.ts";

/** Path.peer_address of locally originated paths (bgpgg). */
export const LOCAL_PEER_ADDRESS = "127.0.0.1";

// ---------------------------------------------------------------- addresses and prefixes

/** Canonical text of an IP address field; throws INVALID_ARGUMENT naming the field. */
export function ipField(field: string, text: string): IpAddress {
  try {
    return parseIp(text);
  } catch (e) {
    throw invalidArgument(field, e instanceof IpParseError ? e.message : `"${text}"`);
  }
}

/** A CIDR prefix field as a compact key; host bits must be zero. */
export function prefixField(field: string, text: string): PrefixKey {
  try {
    return prefixToKey(parsePrefix(text));
  } catch (e) {
    throw invalidArgument(field, e instanceof IpParseError ? e.message : `"${text}"`);
  }
}

/** "10.0.0.0/8" for a key; IPv4 keys without allocating. */
export function prefixText(k: PrefixKey): string {
  if (typeof k !== "number") return formatKey(k);
  const a = Math.floor(k / 64);
  return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}/${k % 64}`;
}

/** Remembers the canonical text of recently seen next hops (bulk loads repeat a few). */
class NextHopCache {
  #map = new Map<string, string>();

  canonical(text: string): string {
    let c = this.#map.get(text);
    if (c === undefined) {
      const a = ipField("next_hop", text);
      c = a.family === 4 ? formatIpv4(a.bytes) : formatIpv6(a.bytes);
      if (this.#map.size >= 4096) this.#map.clear();
      this.#map.set(text, c);
    }
    return c;
  }
}

// ---------------------------------------------------------------- AddRouteRequest -> LocalRoute

const ORIGIN_NAMES = "IGP (0), EGP (1) or INCOMPLETE (2)";

/** proto AsPathSegmentType (AS_SET 0, AS_SEQUENCE 1) -> RFC 4271 §4.3 segment type. */
function segmentFromProto(s: pb.AsPathSegment, i: number): AsPathSegment {
  const field = `as_path[${i}]`;
  let type: 1 | 2;
  if (s.segmentType === pb.AsPathSegmentType.AS_SET) type = 1;
  else if (s.segmentType === pb.AsPathSegmentType.AS_SEQUENCE) type = 2;
  else {
    throw invalidArgument(
      `${field}.segment_type`,
      `${s.segmentType} is not AS_SET (0) or AS_SEQUENCE (1)`,
    );
  }
  // RFC 4271 §4.3: a segment holds 1..255 ASes.
  if (s.asns.length === 0 || s.asns.length > 255) {
    throw invalidArgument(`${field}.asns`, `a segment holds 1 to 255 ASes, not ${s.asns.length}`);
  }
  return { type, asns: s.asns.slice() };
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Converts AddRouteRequests. Consecutive requests with the same attributes share one
 * PathAttributes object, as bulk loads mostly do (the RIB interns them anyway).
 */
export class RouteConverter {
  readonly #nextHops = new NextHopCache();
  #last: pb.AddRouteRequest | undefined;
  #lastAttributes: PathAttributes | undefined;

  /** Throws INVALID_ARGUMENT naming the field and value. */
  toLocalRoute(req: pb.AddRouteRequest): LocalRoute {
    const prefix = prefixField("prefix", req.prefix);
    if (req.nextHop === "") throw invalidArgument("next_hop", `"" (a next hop is required)`);
    const nextHop = this.#nextHops.canonical(req.nextHop);
    let attributes: PathAttributes;
    if (this.#last && this.#lastAttributes && sameAttributes(this.#last, req)) {
      attributes = this.#lastAttributes;
    } else {
      attributes = attributesFromRequest(req);
      this.#last = req;
      this.#lastAttributes = attributes;
    }
    return { prefix, nextHop, attributes };
  }
}

function sameAttributes(a: pb.AddRouteRequest, b: pb.AddRouteRequest): boolean {
  if (
    a.origin !== b.origin || a.localPref !== b.localPref || a.med !== b.med ||
    a.atomicAggregate !== b.atomicAggregate || !sameNumbers(a.communities, b.communities) ||
    a.asPath.length !== b.asPath.length || a.largeCommunities.length !== b.largeCommunities.length
  ) return false;
  // Extended communities are rare in bulk loads; do not try to share those.
  if (a.extendedCommunities.length > 0 || b.extendedCommunities.length > 0) return false;
  for (let i = 0; i < a.asPath.length; i++) {
    const x = a.asPath[i]!, y = b.asPath[i]!;
    if (x.segmentType !== y.segmentType || !sameNumbers(x.asns, y.asns)) return false;
  }
  for (let i = 0; i < a.largeCommunities.length; i++) {
    const x = a.largeCommunities[i]!, y = b.largeCommunities[i]!;
    if (
      x.globalAdmin !== y.globalAdmin || x.localData_1 !== y.localData_1 ||
      x.localData_2 !== y.localData_2
    ) return false;
  }
  return true;
}

function attributesFromRequest(req: pb.AddRouteRequest): PathAttributes {
  if (req.origin !== 0 && req.origin !== 1 && req.origin !== 2) {
    throw invalidArgument("origin", `${req.origin} is not ${ORIGIN_NAMES}`);
  }
  const attrs: {
    -readonly [K in keyof PathAttributes]: PathAttributes[K];
  } = { origin: req.origin, asPath: req.asPath.map(segmentFromProto) };
  if (req.localPref !== null) attrs.localPref = req.localPref;
  if (req.med !== null) attrs.med = req.med;
  if (req.atomicAggregate) attrs.atomicAggregate = true;
  if (req.communities.length > 0) attrs.communities = req.communities.slice();
  if (req.extendedCommunities.length > 0) {
    attrs.extendedCommunities = req.extendedCommunities.map((c, i) =>
      extendedCommunityFromProto(c, `extended_communities[${i}]`)
    );
  }
  if (req.largeCommunities.length > 0) {
    attrs.largeCommunities = req.largeCommunities.map((c) =>
      [c.globalAdmin, c.localData_1, c.localData_2] as const
    );
  }
  return attrs;
}

// ---------------------------------------------------------------- RibRoute -> Route

/** RFC 4271 §4.3 segment type -> proto; confederation segments are not shown (bgpgg). */
function segmentsToProto(segments: readonly AsPathSegment[] | undefined): Init<pb.AsPathSegment>[] {
  const out: Init<pb.AsPathSegment>[] = [];
  for (const s of segments ?? []) {
    if (s.type === 1) out.push({ segmentType: pb.AsPathSegmentType.AS_SET, asns: s.asns });
    else if (s.type === 2) {
      out.push({ segmentType: pb.AsPathSegmentType.AS_SEQUENCE, asns: s.asns });
    }
  }
  return out;
}

/** The Path message of one RIB path. */
export function pathToProto(path: RibPath): Init<pb.Path> {
  const a = path.attributes;
  const out: Init<pb.Path> = {
    origin: a.origin ?? pb.Origin.INCOMPLETE,
    asPath: segmentsToProto(a.asPath),
    nextHop: path.nextHop,
    peerAddress: path.peer ?? LOCAL_PEER_ADDRESS,
  };
  if (a.localPref !== undefined) out.localPref = a.localPref;
  if (a.med !== undefined) out.med = a.med;
  if (a.atomicAggregate) out.atomicAggregate = true;
  if (a.unknown?.length) {
    out.unknownAttributes = a.unknown.map((u) => ({
      attrType: u.code,
      flags: u.flags,
      value: u.value,
    }));
  }
  if (a.communities?.length) out.communities = a.communities;
  if (a.extendedCommunities?.length) {
    out.extendedCommunities = a.extendedCommunities.map(extendedCommunityToProto);
  }
  if (a.largeCommunities?.length) {
    out.largeCommunities = a.largeCommunities.map(([g, l1, l2]) => ({
      globalAdmin: g,
      localData_1: l1,
      localData_2: l2,
    }));
  }
  return out;
}

/** The Route message of one RIB route (v0.2: prefix 1, paths 2). */
export function routeToProto(route: RibRoute): Init<pb.Route> {
  return { prefix: prefixText(route.prefix), paths: route.paths.map(pathToProto) };
}

// ---------------------------------------------------------------- extended communities

const NON_TRANSITIVE = 0x40; // RFC 4360 §2: the T bit

function u(field: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw invalidArgument(field, `${v} is out of range 0..${max}`);
  }
  return v;
}

function pack(type: number, subType: number, hi16: number, lo32: number): bigint {
  return (BigInt(type) << 56n) | (BigInt(subType) << 48n) | (BigInt(hi16) << 32n) |
    BigInt(lo32 >>> 0);
}

function fromBytes(type: number, rest: Uint8Array): bigint {
  let v = BigInt(type);
  for (const b of rest) v = (v << 8n) | BigInt(b);
  return v;
}

/** ExtendedCommunity -> the 8 octets as a bigint (RFC 4360 §2). */
export function extendedCommunityFromProto(c: pb.ExtendedCommunity, field: string): bigint {
  const t = (transitive: boolean) => transitive ? 0 : NON_TRANSITIVE;
  if (c.twoOctetAs) {
    const x = c.twoOctetAs;
    // RFC 4360 §3.1: 2-octet AS, 4-octet local administrator.
    return pack(
      0x00 | t(x.isTransitive),
      u(`${field}.two_octet_as.sub_type`, x.subType, 0xff),
      u(`${field}.two_octet_as.asn`, x.asn, 0xffff),
      u(`${field}.two_octet_as.local_admin`, x.localAdmin, 0xffffffff),
    );
  }
  if (c.ipv4Address) {
    const x = c.ipv4Address;
    const addr = parseIpv4(x.address);
    if (!addr) {
      throw invalidArgument(
        `${field}.ipv4_address.address`,
        `"${x.address}" is not an IPv4 address`,
      );
    }
    // RFC 4360 §3.2: 4-octet IPv4 address, 2-octet local administrator.
    const sub = u(`${field}.ipv4_address.sub_type`, x.subType, 0xff);
    const local = u(`${field}.ipv4_address.local_admin`, x.localAdmin, 0xffff);
    return fromBytes(
      0x01 | t(x.isTransitive),
      Uint8Array.of(sub, addr[0]!, addr[1]!, addr[2]!, addr[3]!, local >> 8, local & 0xff),
    );
  }
  if (c.fourOctetAs) {
    const x = c.fourOctetAs;
    // RFC 5668 §2: 4-octet AS, 2-octet local administrator.
    const sub = u(`${field}.four_octet_as.sub_type`, x.subType, 0xff);
    const asn = u(`${field}.four_octet_as.asn`, x.asn, 0xffffffff);
    const local = u(`${field}.four_octet_as.local_admin`, x.localAdmin, 0xffff);
    return (BigInt(0x02 | t(x.isTransitive)) << 56n) | (BigInt(sub) << 48n) |
      (BigInt(asn) << 16n) | BigInt(local);
  }
  if (c.linkBandwidth) {
    const x = c.linkBandwidth;
    // draft-ietf-idr-link-bandwidth §3: sub-type 0x04, 2-octet AS, IEEE 754 float32.
    const asn = u(`${field}.link_bandwidth.asn`, x.asn, 0xffff);
    const f = new DataView(new ArrayBuffer(4));
    f.setFloat32(0, x.bandwidth);
    return pack(0x00 | t(x.isTransitive), 0x04, asn, f.getUint32(0));
  }
  if (c.color) {
    // RFC 9012 §4.3: sub-type 0x0b, 2 reserved octets, 4-octet color.
    const x = c.color;
    return pack(0x03 | t(x.isTransitive), 0x0b, 0, u(`${field}.color.color`, x.color, 0xffffffff));
  }
  if (c.encapsulation) {
    // RFC 9012 §4.1: sub-type 0x0c, 4 reserved octets, 2-octet tunnel type.
    const x = c.encapsulation;
    const tunnel = u(`${field}.encapsulation.tunnel_type`, x.tunnelType, 0xffff);
    return pack(0x03 | t(x.isTransitive), 0x0c, 0, tunnel);
  }
  if (c.routerMac) {
    // RFC 7432 §7.9: EVPN type 0x06, sub-type 0x03, 6-octet MAC.
    const x = c.routerMac;
    if (x.macAddress.length !== 6) {
      throw invalidArgument(
        `${field}.router_mac.mac_address`,
        `${x.macAddress.length} bytes (must be 6)`,
      );
    }
    return fromBytes(0x06 | t(x.isTransitive), Uint8Array.of(0x03, ...x.macAddress));
  }
  if (c.opaque) {
    // RFC 4360 §3.3: opaque, here with sub-type 0 and 6 value octets (bgpgg).
    const x = c.opaque;
    if (x.value.length !== 6) {
      throw invalidArgument(`${field}.opaque.value`, `${x.value.length} bytes (must be 6)`);
    }
    return fromBytes(0x03 | t(x.isTransitive), Uint8Array.of(0x00, ...x.value));
  }
  if (c.unknown) {
    const x = c.unknown;
    const type = u(`${field}.unknown.type_code`, x.typeCode, 0xff);
    if (x.value.length !== 7) {
      throw invalidArgument(`${field}.unknown.value`, `${x.value.length} bytes (must be 7)`);
    }
    return fromBytes(type, x.value);
  }
  throw invalidArgument(field, "no community set (one of two_octet_as ... unknown is required)");
}

function octets(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** 8 octets -> ExtendedCommunity, with bgpgg's mapping of types to oneof members. */
export function extendedCommunityToProto(v: bigint): Init<pb.ExtendedCommunity> {
  const b = octets(v);
  const type = b[0]!, sub = b[1]!;
  const isTransitive = (type & NON_TRANSITIVE) === 0;
  const u16 = (i: number) => (b[i]! << 8) | b[i + 1]!;
  const u32 = (i: number) =>
    ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
  switch (type & ~NON_TRANSITIVE) {
    case 0x00:
      if (sub === 0x04) {
        const f = new DataView(b.buffer, 4, 4).getFloat32(0);
        return { linkBandwidth: { isTransitive, asn: u16(2), bandwidth: f } };
      }
      return { twoOctetAs: { isTransitive, subType: sub, asn: u16(2), localAdmin: u32(4) } };
    case 0x01:
      return {
        ipv4Address: { isTransitive, subType: sub, address: formatIpv4(b, 2), localAdmin: u16(6) },
      };
    case 0x02:
      return { fourOctetAs: { isTransitive, subType: sub, asn: u32(2), localAdmin: u16(6) } };
    case 0x03:
      if (sub === 0x0b) return { color: { isTransitive, color: u32(4) } };
      if (sub === 0x0c) return { encapsulation: { isTransitive, tunnelType: u16(6) } };
      return { opaque: { isTransitive, value: b.slice(2) } };
    case 0x06:
      if (sub === 0x03) return { routerMac: { isTransitive, macAddress: b.slice(2) } };
      return { opaque: { isTransitive, value: b.slice(2) } };
    default:
      return { unknown: { typeCode: type, value: b.slice(1) } };
  }
}
