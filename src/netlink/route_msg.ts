/**
 * RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE bodies (rtnetlink.h): struct rtmsg and the RTA_*
 * attributes, including RTA_MULTIPATH (struct rtnexthop list) and RTA_TABLE for tables > 255.
 *
 * struct rtmsg (12 bytes):
 * | family u8 | dst_len u8 | src_len u8 | tos u8 | table u8 | protocol u8 | scope u8 | type u8 |
 * | flags u32                                                                                    |
 *
 * Addresses (RTA_DST, RTA_GATEWAY, RTA_PREFSRC) are raw network-order bytes; every other field is
 * host (little-endian) order.
 */
import type { ByteWriter } from "../common/byte_writer.ts";
import {
  formatIp,
  formatPrefix,
  type IpAddress,
  type IpFamily,
  type IpPrefix,
} from "../common/ip.ts";
import { putAttr, putAttrU32 } from "./attr.ts";
import {
  AF,
  align4,
  NLA_TYPE_MASK,
  RT_TABLE,
  RTA,
  RTM_F,
  RTMSG_LEN,
  RTN,
  RTNEXTHOP_LEN,
  RTNH_F,
} from "./constants.ts";
import { beginMessage, endMessage, NetlinkParseError } from "./nlmsg.ts";

/** One next hop of a multipath route (struct rtnexthop + its attributes). */
export interface RouteNextHop {
  /** RTA_GATEWAY, or RTA_VIA when its family differs from the route's. */
  readonly gateway?: IpAddress;
  /** rtnh_ifindex. */
  readonly oif?: number;
  /** 1..256; the wire carries weight - 1 in rtnh_hops. */
  readonly weight?: number;
  /** rtnh_flags (RTNH_F_ONLINK to request, RTNH_F_LINKDOWN/DEAD seen in dumps). */
  readonly flags?: number;
}

/** A kernel route, as decoded from a dump or notification, or as a request to encode. */
export interface Route {
  readonly family: IpFamily;
  /** Destination prefix; /0 for a default route (no RTA_DST on the wire). */
  readonly dst: IpPrefix;
  /** Effective table: RTA_TABLE when present, else the rtm_table byte. */
  readonly table: number;
  readonly protocol: number;
  readonly scope: number;
  readonly type: number;
  readonly tos?: number;
  /** rtm_flags (RTNH_F_ONLINK, RTNH_F_LINKDOWN, RTM_F_*). */
  readonly flags?: number;
  /** RTA_PRIORITY. */
  readonly metric?: number;
  readonly gateway?: IpAddress;
  readonly oif?: number;
  readonly prefsrc?: IpAddress;
  /** RTA_MULTIPATH entries; a single-path route has none. */
  readonly nexthops?: readonly RouteNextHop[];
}

/** Kernel address family byte for an IP family. */
export function afOf(family: IpFamily): number {
  return family === 4 ? AF.INET : AF.INET6;
}

/** IP family of a kernel address family byte; undefined for others. */
export function familyOfAf(af: number): IpFamily | undefined {
  return af === AF.INET ? 4 : af === AF.INET6 ? 6 : undefined;
}

/** Writes RTA_GATEWAY, or RTA_VIA {u16 family; addr} when the gateway's family differs. */
function putGateway(w: ByteWriter, family: IpFamily, gw: IpAddress): void {
  if (gw.family === family) {
    putAttr(w, RTA.GATEWAY, gw.bytes);
  } else {
    const via = new Uint8Array(2 + gw.bytes.length);
    new DataView(via.buffer).setUint16(0, afOf(gw.family), true);
    via.set(gw.bytes, 2);
    putAttr(w, RTA.VIA, via);
  }
}

/**
 * Writes a complete route message: nlmsghdr + rtmsg + attributes, in the order DST, TABLE,
 * GATEWAY/VIA, OIF, PRIORITY, PREFSRC, MULTIPATH (the order of the verified golden messages).
 * Tables above 255 go in RTA_TABLE with rtm_table = 0 (RT_TABLE_UNSPEC).
 */
export function encodeRouteMessage(
  w: ByteWriter,
  type: number,
  nlFlags: number,
  seq: number,
  r: Route,
): void {
  const start = beginMessage(w, type, nlFlags, seq);
  const wide = r.table > 255;
  w.u8(afOf(r.family)).u8(r.dst.length).u8(0).u8(r.tos ?? 0)
    .u8(wide ? RT_TABLE.UNSPEC : r.table).u8(r.protocol).u8(r.scope).u8(r.type)
    .u32le(r.flags ?? 0);
  if (r.dst.length > 0) putAttr(w, RTA.DST, r.dst.bytes);
  if (wide) putAttrU32(w, RTA.TABLE, r.table);
  if (r.gateway) putGateway(w, r.family, r.gateway);
  if (r.oif !== undefined) putAttrU32(w, RTA.OIF, r.oif);
  if (r.metric !== undefined) putAttrU32(w, RTA.PRIORITY, r.metric);
  if (r.prefsrc) putAttr(w, RTA.PREFSRC, r.prefsrc.bytes);
  if (r.nexthops && r.nexthops.length > 0) {
    const mp = w.length;
    w.u16le(0).u16le(RTA.MULTIPATH);
    for (const nh of r.nexthops) {
      const at = w.length;
      const weight = nh.weight ?? 1;
      if (!Number.isInteger(weight) || weight < 1 || weight > 256) {
        throw new RangeError(`next-hop weight ${weight} is not 1..256`);
      }
      w.u16le(0).u8(nh.flags ?? 0).u8(weight - 1).i32le(nh.oif ?? 0);
      if (nh.gateway) putGateway(w, r.family, nh.gateway);
      w.setU16leAt(at, w.length - at);
    }
    w.setU16leAt(mp, w.length - mp);
  }
  endMessage(w, start);
}

/** Filter for a route dump (honoured by the kernel under NETLINK_GET_STRICT_CHK). */
export interface RouteDumpFilter {
  /** 4, 6 or undefined for both. */
  readonly family?: IpFamily;
  /** 0 or undefined = every table. */
  readonly table?: number;
  /** 0 or undefined = every protocol. */
  readonly protocol?: number;
  readonly oif?: number;
}

/** Writes an RTM_GETROUTE dump request (A7 in research/netlink.md). */
export function encodeRouteDumpRequest(
  w: ByteWriter,
  nlFlags: number,
  seq: number,
  type: number,
  f: RouteDumpFilter,
): void {
  const start = beginMessage(w, type, nlFlags, seq);
  const table = f.table ?? 0;
  const wide = table > 255;
  w.u8(f.family === undefined ? AF.UNSPEC : afOf(f.family)).u8(0).u8(0).u8(0)
    .u8(wide ? 0 : table).u8(f.protocol ?? 0).u8(0).u8(0).u32le(0);
  if (wide) putAttrU32(w, RTA.TABLE, table);
  if (f.oif !== undefined) putAttrU32(w, RTA.OIF, f.oif);
  endMessage(w, start);
}

/** Writes an RTM_GETROUTE lookup (what `ip route get ADDR [oif N]` sends). */
export function encodeRouteGetRequest(
  w: ByteWriter,
  type: number,
  nlFlags: number,
  seq: number,
  destination: IpAddress,
  options: { readonly oif?: number; readonly fibMatch?: boolean } = {},
): void {
  const start = beginMessage(w, type, nlFlags, seq);
  w.u8(afOf(destination.family)).u8(destination.bytes.length * 8).u8(0).u8(0)
    .u8(0).u8(0).u8(0).u8(0).u32le(options.fibMatch ? RTM_F.FIB_MATCH : 0);
  putAttr(w, RTA.DST, destination.bytes);
  if (options.oif !== undefined) putAttrU32(w, RTA.OIF, options.oif);
  endMessage(w, start);
}

function addressOf(family: IpFamily, p: Uint8Array, what: string): IpAddress {
  const n = family === 4 ? 4 : 16;
  if (p.length !== n) throw new NetlinkParseError(`${what} has ${p.length} bytes, want ${n}`);
  return { family, bytes: p.slice() };
}

function viaOf(p: Uint8Array): IpAddress {
  if (p.length < 2) throw new NetlinkParseError(`RTA_VIA has ${p.length} bytes`);
  const fam = familyOfAf(p[0]! | (p[1]! << 8));
  if (fam === undefined) throw new NetlinkParseError(`RTA_VIA family ${p[0]} is not IP`);
  return addressOf(fam, p.subarray(2), "RTA_VIA");
}

function decodeMultipath(family: IpFamily, p: Uint8Array): RouteNextHop[] {
  const out: RouteNextHop[] = [];
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  let off = 0;
  while (off + RTNEXTHOP_LEN <= p.length) {
    const len = view.getUint16(off, true);
    if (len < RTNEXTHOP_LEN || off + len > p.length) {
      throw new NetlinkParseError(`rtnexthop length ${len} at ${off} overruns RTA_MULTIPATH`);
    }
    const nh: { -readonly [K in keyof RouteNextHop]: RouteNextHop[K] } = {
      flags: view.getUint8(off + 2),
      weight: view.getUint8(off + 3) + 1,
    };
    const oif = view.getInt32(off + 4, true);
    if (oif !== 0) nh.oif = oif;
    let a = off + RTNEXTHOP_LEN;
    const end = off + len;
    while (a + 4 <= end) {
      const alen = view.getUint16(a, true);
      const atype = view.getUint16(a + 2, true) & NLA_TYPE_MASK;
      if (alen < 4 || a + alen > end) throw new NetlinkParseError("bad attribute in rtnexthop");
      const payload = p.subarray(a + 4, a + alen);
      if (atype === RTA.GATEWAY) nh.gateway = addressOf(family, payload, "RTA_GATEWAY");
      else if (atype === RTA.VIA) nh.gateway = viaOf(payload);
      a += align4(alen);
    }
    out.push(nh);
    off += align4(len);
  }
  return out;
}

/**
 * Decodes the body of an RTM_NEWROUTE/RTM_DELROUTE. Returns undefined for non-IP families
 * (e.g. RTNL_FAMILY_IPMR) which edgebgp ignores; throws NetlinkParseError on malformed input.
 */
export function decodeRoute(payload: Uint8Array): Route | undefined {
  if (payload.length < RTMSG_LEN) {
    throw new NetlinkParseError(`rtmsg needs ${RTMSG_LEN} bytes, got ${payload.length}`);
  }
  const family = familyOfAf(payload[0]!);
  if (family === undefined) return undefined;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const dstLen = payload[1]!;
  if (dstLen > (family === 4 ? 32 : 128)) {
    throw new NetlinkParseError(`rtm_dst_len ${dstLen} too long for IPv${family}`);
  }
  const r: { -readonly [K in keyof Route]: Route[K] } = {
    family,
    dst: { family, length: dstLen, bytes: new Uint8Array(family === 4 ? 4 : 16) },
    table: payload[4]!,
    protocol: payload[5]!,
    scope: payload[6]!,
    type: payload[7]!,
    tos: payload[3]!,
    flags: view.getUint32(8, true),
  };
  let off = RTMSG_LEN;
  while (off + 4 <= payload.length) {
    const len = view.getUint16(off, true);
    const type = view.getUint16(off + 2, true) & NLA_TYPE_MASK;
    if (len < 4 || off + len > payload.length) {
      throw new NetlinkParseError(`route attribute ${type} length ${len} overruns the message`);
    }
    const p = payload.subarray(off + 4, off + len);
    switch (type) {
      case RTA.DST:
        r.dst = { family, length: dstLen, bytes: addressOf(family, p, "RTA_DST").bytes };
        break;
      case RTA.TABLE:
        if (p.length < 4) throw new NetlinkParseError("RTA_TABLE shorter than 4 bytes");
        r.table = view.getUint32(off + 4, true);
        break;
      case RTA.GATEWAY:
        r.gateway = addressOf(family, p, "RTA_GATEWAY");
        break;
      case RTA.VIA:
        r.gateway = viaOf(p);
        break;
      case RTA.OIF:
        if (p.length < 4) throw new NetlinkParseError("RTA_OIF shorter than 4 bytes");
        r.oif = view.getUint32(off + 4, true);
        break;
      case RTA.PRIORITY:
        if (p.length < 4) throw new NetlinkParseError("RTA_PRIORITY shorter than 4 bytes");
        r.metric = view.getUint32(off + 4, true);
        break;
      case RTA.PREFSRC:
        r.prefsrc = addressOf(family, p, "RTA_PREFSRC");
        break;
      case RTA.MULTIPATH:
        r.nexthops = decodeMultipath(family, p);
        break;
    }
    off += align4(len);
  }
  return r;
}

/** "10.0.0.0/24 via 10.0.0.2 dev 2 table 100 proto 186 metric 20" (for errors and logs). */
export function describeRoute(r: Route): string {
  let s = formatPrefix(r.dst);
  if (r.type !== RTN.UNICAST && r.type !== 0) s = `type ${r.type} ${s}`;
  if (r.gateway) s += ` via ${formatIp(r.gateway)}`;
  if (r.oif !== undefined) s += ` dev ${r.oif}`;
  for (const nh of r.nexthops ?? []) {
    s += ` nexthop${nh.gateway ? ` via ${formatIp(nh.gateway)}` : ""}${
      nh.oif !== undefined ? ` dev ${nh.oif}` : ""
    }${(nh.weight ?? 1) !== 1 ? ` weight ${nh.weight}` : ""}`;
  }
  s += ` table ${r.table}`;
  if (r.protocol !== 0) s += ` proto ${r.protocol}`;
  if (r.metric !== undefined) s += ` metric ${r.metric}`;
  return s;
}

/** Whether a decoded route is flagged as not forwarding (RTNH_F_LINKDOWN or RTNH_F_DEAD). */
export function isRouteLinkDown(r: Route): boolean {
  const bad = RTNH_F.LINKDOWN | RTNH_F.DEAD;
  if (((r.flags ?? 0) & bad) !== 0) return true;
  return (r.nexthops ?? []).length > 0 &&
    (r.nexthops ?? []).every((n) => ((n.flags ?? 0) & bad) !== 0);
}
