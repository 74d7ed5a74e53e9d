/**
 * Route operations with the Linx `Rtnl.Route` surface (list, get, add, replace, delete,
 * addDefault, deleteDefault) over a NetlinkSocket. Failures throw NetlinkError carrying the errno
 * name (EEXIST, ESRCH, ENETUNREACH, ...) and the route that failed.
 *
 * - add: NLM_F_CREATE|NLM_F_EXCL (EEXIST if a route with the same table, prefix, tos and metric
 *   exists); replace: NLM_F_CREATE|NLM_F_REPLACE (create or overwrite; the reconciler's verb).
 * - options: table 1..2^32-1 (default 254, main; > 255 via RTA_TABLE), protocol as a number or a
 *   name (default "boot", like `ip route add`), metric (RTA_PRIORITY), oif and onlink.
 * - delete matches on table and, only when given, protocol, metric and gateway.
 */
import { type IpAddress, type IpFamily, type IpPrefix, parseIp } from "../common/ip.ts";
import { NLM_F, RT_SCOPE, RT_TABLE, RTM, RTN, RTNH_F, RTPROT } from "./constants.ts";
import { NetlinkError } from "./nlmsgerr.ts";
import { parseProtocol } from "./protocol.ts";
import {
  decodeRoute,
  describeRoute,
  encodeRouteDumpRequest,
  encodeRouteGetRequest,
  encodeRouteMessage,
  type Route,
  type RouteDumpFilter,
  type RouteNextHop,
} from "./route_msg.ts";
import type { NetlinkSocket } from "./socket.ts";

/** An address as text ("10.0.0.1", "fc00::1") or parsed. */
export type AddressInput = string | IpAddress;

/** One path of a multipath route. */
export interface NextHopInput {
  readonly gateway?: AddressInput;
  readonly oif?: number;
  /** 1..256 (default 1). */
  readonly weight?: number;
  readonly onlink?: boolean;
}

/** A single gateway, a multipath set, or null for a device route (give `oif`). */
export type GatewayInput = AddressInput | readonly NextHopInput[] | null;

export interface RouteOptions {
  /** 1..2^32-1; default 254 (main). */
  readonly table?: number;
  /** 0..255 or a name; default "boot" (3) on add/replace, unspecified (match any) on delete. */
  readonly protocol?: number | string;
  /** RTA_PRIORITY; omitted when not given (IPv4: 0, IPv6: kernel default 1024). */
  readonly metric?: number;
  /** Output interface index (needed with IPv6 link-local gateways and onlink). */
  readonly oif?: number;
  /** RTNH_F_ONLINK: trust the gateway is on the link without a connected route. */
  readonly onlink?: boolean;
  /** Route type for gateway-less routes: "blackhole", "unreachable", "prohibit". */
  readonly type?: "unicast" | "blackhole" | "unreachable" | "prohibit";
}

const TYPES = {
  unicast: RTN.UNICAST,
  blackhole: RTN.BLACKHOLE,
  unreachable: RTN.UNREACHABLE,
  prohibit: RTN.PROHIBIT,
} as const;

function toAddress(a: AddressInput): IpAddress {
  return typeof a === "string" ? parseIp(a) : a;
}

function checkTable(t: number): number {
  if (!Number.isInteger(t) || t < 1 || t > 0xffffffff) {
    throw new RangeError(`route table ${t} is not 1..4294967295`);
  }
  return t;
}

function checkMetric(m: number): number {
  if (!Number.isInteger(m) || m < 0 || m > 0xffffffff) {
    throw new RangeError(`route metric ${m} is not 0..4294967295`);
  }
  return m;
}

/** Builds the Route a verb sends. */
export function buildRoute(
  destination: AddressInput,
  prefixLength: number,
  gateway: GatewayInput,
  options: RouteOptions,
  forDelete: boolean,
): Route {
  const dstAddr = toAddress(destination);
  const family: IpFamily = dstAddr.family;
  const max = family === 4 ? 32 : 128;
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > max) {
    throw new RangeError(`prefix length ${prefixLength} is not 0..${max}`);
  }
  // Host bits are sent as given: the kernel rejects them (EINVAL "Invalid prefix for given
  // prefix length"), which beats silently installing a different prefix.
  const dst: IpPrefix = { family, length: prefixLength, bytes: dstAddr.bytes };
  const checkFamily = (gw: IpAddress) => {
    // RFC 8950: an IPv4 prefix may use an IPv6 next hop (RTA_VIA); the reverse does not exist.
    if (gw.family !== family && !(family === 4 && gw.family === 6)) {
      throw new TypeError(`gateway family IPv${gw.family} does not fit an IPv${family} route`);
    }
    return gw;
  };
  const table = checkTable(options.table ?? RT_TABLE.MAIN);
  const protocol = options.protocol !== undefined
    ? parseProtocol(options.protocol)
    : forDelete
    ? RTPROT.unspec
    : RTPROT.boot;
  const r: { -readonly [K in keyof Route]: Route[K] } = {
    family,
    dst,
    table,
    protocol,
    scope: RT_SCOPE.UNIVERSE,
    type: forDelete ? RTN.UNSPEC : TYPES[options.type ?? "unicast"],
  };
  if (options.metric !== undefined) r.metric = checkMetric(options.metric);
  if (options.oif !== undefined) r.oif = options.oif;
  if (options.onlink) r.flags = RTNH_F.ONLINK;
  if (Array.isArray(gateway)) {
    if (gateway.length === 0) throw new RangeError("a multipath route needs at least one next hop");
    r.nexthops = gateway.map((nh: NextHopInput): RouteNextHop => ({
      ...(nh.gateway !== undefined ? { gateway: checkFamily(toAddress(nh.gateway)) } : {}),
      ...(nh.oif !== undefined ? { oif: nh.oif } : {}),
      ...(nh.weight !== undefined ? { weight: nh.weight } : {}),
      ...(nh.onlink ? { flags: RTNH_F.ONLINK } : {}),
    }));
  } else if (gateway !== null) {
    r.gateway = checkFamily(toAddress(gateway as AddressInput));
  } else if (!forDelete && r.type === RTN.UNICAST) {
    // A device route: on-link, scope link (what `ip route add PREFIX dev X` sends).
    r.scope = RT_SCOPE.LINK;
  }
  // Deletes: RT_SCOPE_NOWHERE matches any scope (IPv4 otherwise requires the exact scope).
  if (forDelete) r.scope = RT_SCOPE.NOWHERE;
  return r;
}

/** The routing-table verbs over a command socket. */
export class RouteApi {
  #socket: NetlinkSocket;

  constructor(socket: NetlinkSocket) {
    this.#socket = socket;
  }

  /**
   * Every route (both families, every table) or those matching `filter`; the kernel filters
   * under strict checking, and the result is filtered again here as a guard.
   */
  async list(filter: RouteDumpFilter = {}): Promise<Route[]> {
    for (let attempt = 0;; attempt++) {
      const out: Route[] = [];
      const { interrupted } = await this.#socket.dump(
        (w, seq) =>
          encodeRouteDumpRequest(w, NLM_F.REQUEST | NLM_F.DUMP, seq, RTM.GETROUTE, filter),
        "RTM_GETROUTE dump",
        (m) => {
          if (m.type !== RTM.NEWROUTE) return;
          const r = decodeRoute(m.payload);
          if (r && matches(r, filter)) out.push(r);
        },
      );
      if (!interrupted || attempt >= 2) return out;
    }
  }

  /** The route the kernel would use to reach `destination` (`ip route get`). */
  async get(destination: AddressInput, options: { readonly oif?: number } = {}): Promise<Route> {
    const dst = toAddress(destination);
    const what = `RTM_GETROUTE ${typeof destination === "string" ? destination : ""}`.trim();
    const replies = await this.#socket.request(
      (w, seq) =>
        encodeRouteGetRequest(w, RTM.GETROUTE, NLM_F.REQUEST | NLM_F.ACK, seq, dst, options),
      what,
    );
    for (const m of replies) {
      if (m.type !== RTM.NEWROUTE) continue;
      const r = decodeRoute(m.payload);
      if (r) return r;
    }
    throw new NetlinkError(61, `${what}: no route in the reply`);
  }

  /** Strict create: EEXIST if a matching route exists. */
  add(
    destination: AddressInput,
    prefixLength: number,
    gateway: GatewayInput,
    options: RouteOptions = {},
  ): Promise<void> {
    return this.#write(
      RTM.NEWROUTE,
      NLM_F.CREATE | NLM_F.EXCL,
      buildRoute(destination, prefixLength, gateway, options, false),
    );
  }

  /** Create-or-replace: idempotent, overwrites a changed gateway in place. */
  replace(
    destination: AddressInput,
    prefixLength: number,
    gateway: GatewayInput,
    options: RouteOptions = {},
  ): Promise<void> {
    return this.#write(
      RTM.NEWROUTE,
      NLM_F.CREATE | NLM_F.REPLACE,
      buildRoute(destination, prefixLength, gateway, options, false),
    );
  }

  /** Deletes a route; ESRCH if none matches. */
  delete(
    destination: AddressInput,
    prefixLength: number,
    gateway: GatewayInput,
    options: RouteOptions = {},
  ): Promise<void> {
    return this.#write(
      RTM.DELROUTE,
      0,
      buildRoute(destination, prefixLength, gateway, options, true),
    );
  }

  /** Adds 0.0.0.0/0 or ::/0 (family from the gateway). */
  addDefault(gateway: AddressInput, options: RouteOptions = {}): Promise<void> {
    const gw = toAddress(gateway);
    return this.add(unspecified(gw.family), 0, gw, options);
  }

  deleteDefault(gateway: AddressInput, options: RouteOptions = {}): Promise<void> {
    const gw = toAddress(gateway);
    return this.delete(unspecified(gw.family), 0, gw, options);
  }

  async #write(type: number, flags: number, r: Route): Promise<void> {
    const verb = type === RTM.DELROUTE ? "RTM_DELROUTE" : "RTM_NEWROUTE";
    await this.#socket.request(
      (w, seq) => encodeRouteMessage(w, type, NLM_F.REQUEST | NLM_F.ACK | flags, seq, r),
      `${verb} ${describeRoute(r)}`,
    );
  }
}

function unspecified(family: IpFamily): IpAddress {
  return { family, bytes: new Uint8Array(family === 4 ? 4 : 16) };
}

function matches(r: Route, f: RouteDumpFilter): boolean {
  if (f.family !== undefined && r.family !== f.family) return false;
  if (f.table && r.table !== f.table) return false;
  if (f.protocol && r.protocol !== f.protocol) return false;
  if (f.oif !== undefined && r.oif !== f.oif && !(r.nexthops ?? []).some((n) => n.oif === f.oif)) {
    return false;
  }
  return true;
}
