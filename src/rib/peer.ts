/**
 * What the RIB knows about a route source or receiver: a BGP session's peer or a local origin
 * (config, API, kernel import). Immutable records; the RIB indexes them by a small id.
 */
import { parseIp } from "../common/ip.ts";
import type { RouteFilter } from "./filter.ts";

/** eBGP and iBGP sessions, or a local origin of routes. */
export type PeerType = "ebgp" | "ibgp" | "local";

/** RFC 9234 §4: the local role on a session. */
export type PeerRole = "provider" | "rs" | "rs-client" | "customer" | "peer";

/** What the speaker tells the RIB about a peer. Optional fields default as documented. */
export interface PeerSpec {
  readonly type: PeerType;
  /** Remote address ("192.0.2.1", "2001:db8::1"); for local origins any label-like address. */
  readonly address: string;
  /** Remote AS (for local origins: the local AS). */
  readonly asn: number;
  /** Local AS on this session. */
  readonly localAs: number;
  /** Remote BGP identifier as a u32 (0 until OPEN is received). */
  readonly bgpId?: number;
  /** Our BGP identifier as a u32 (RFC 4456 §8 loop check on ORIGINATOR_ID). */
  readonly routerId: number;
  /** Our cluster id as a u32 (RFC 4456 §7; default routerId). */
  readonly clusterId?: number;
  /** RFC 4456: this iBGP peer is a route-reflector client. */
  readonly rrClient?: boolean;
  /** RFC 7947: this eBGP peer is a route-server client (attributes passed transparently). */
  readonly rsClient?: boolean;
  /** RFC 9234 local role; OTC ingress and egress rules apply only when set. */
  readonly localRole?: PeerRole;
  /** RFC 4271 §6.3: the first AS of an eBGP route must be the peer's AS (default true). */
  readonly enforceFirstAs?: boolean;
  /** How many times our own AS may appear in a received AS_PATH (default 0). */
  readonly allowOwnAs?: number;
  /** Send ourselves as NEXT_HOP to this peer even over iBGP. */
  readonly nextHopSelf?: boolean;
  /** Session local IPv4 address, the next hop "self" for IPv4 routes. */
  readonly localAddress4?: string;
  /** Session local IPv6 address, the next hop "self" for IPv6 routes. */
  readonly localAddress6?: string;
  /** Keep the pre-policy Adj-RIB-In (soft-reconfiguration inbound, BMP pre-policy). */
  readonly keepPrePolicy?: boolean;
  /** Import policy; undefined accepts everything. */
  readonly importFilter?: RouteFilter;
  /** Export policy; undefined accepts everything. */
  readonly exportFilter?: RouteFilter;
  /** Free text for logs and the API. */
  readonly name?: string;
}

/** A registered peer: the spec with defaults applied, plus the id the RIB assigned. */
export interface PeerInfo {
  readonly id: number;
  readonly type: PeerType;
  readonly address: string;
  /** Fixed-width text ordering addresses numerically (RFC 4271 §9.1.2.2 g tie-break). */
  readonly addressOrder: string;
  readonly asn: number;
  readonly localAs: number;
  readonly bgpId: number;
  readonly routerId: number;
  readonly clusterId: number;
  readonly rrClient: boolean;
  readonly rsClient: boolean;
  readonly localRole: PeerRole | undefined;
  readonly enforceFirstAs: boolean;
  readonly allowOwnAs: number;
  readonly nextHopSelf: boolean;
  readonly localAddress4: string | undefined;
  readonly localAddress6: string | undefined;
  readonly keepPrePolicy: boolean;
  readonly importFilter: RouteFilter | undefined;
  readonly exportFilter: RouteFilter | undefined;
  readonly name: string;
}

/** 32 hex digits: IPv4 as ::ffff:a.b.c.d, so every address orders numerically as text. */
export function addressOrder(address: string): string {
  let bytes: Uint8Array;
  try {
    const ip = parseIp(address);
    bytes = ip.family === 4
      ? new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ip.bytes])
      : ip.bytes;
  } catch {
    return `~${address}`; // not an address (a local origin label): after every real one
  }
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Applies defaults to `spec` and attaches `id`. */
export function makePeerInfo(id: number, spec: PeerSpec): PeerInfo {
  return Object.freeze({
    id,
    type: spec.type,
    address: spec.address,
    addressOrder: addressOrder(spec.address),
    asn: spec.asn,
    localAs: spec.localAs,
    bgpId: spec.bgpId ?? 0,
    routerId: spec.routerId,
    clusterId: spec.clusterId ?? spec.routerId,
    rrClient: spec.rrClient ?? false,
    rsClient: spec.rsClient ?? false,
    localRole: spec.localRole,
    enforceFirstAs: spec.enforceFirstAs ?? true,
    allowOwnAs: spec.allowOwnAs ?? 0,
    nextHopSelf: spec.nextHopSelf ?? false,
    localAddress4: spec.localAddress4,
    localAddress6: spec.localAddress6,
    keepPrePolicy: spec.keepPrePolicy ?? false,
    importFilter: spec.importFilter,
    exportFilter: spec.exportFilter,
    name: spec.name ?? spec.address,
  });
}

/** The spec a PeerInfo was made from (to derive an updated one). */
export function peerSpecOf(p: PeerInfo): PeerSpec {
  const spec: { -readonly [K in keyof PeerSpec]: PeerSpec[K] } = {
    type: p.type,
    address: p.address,
    asn: p.asn,
    localAs: p.localAs,
    bgpId: p.bgpId,
    routerId: p.routerId,
    clusterId: p.clusterId,
    rrClient: p.rrClient,
    rsClient: p.rsClient,
    enforceFirstAs: p.enforceFirstAs,
    allowOwnAs: p.allowOwnAs,
    nextHopSelf: p.nextHopSelf,
    keepPrePolicy: p.keepPrePolicy,
    name: p.name,
  };
  if (p.localRole !== undefined) spec.localRole = p.localRole;
  if (p.localAddress4 !== undefined) spec.localAddress4 = p.localAddress4;
  if (p.localAddress6 !== undefined) spec.localAddress6 = p.localAddress6;
  if (p.importFilter !== undefined) spec.importFilter = p.importFilter;
  if (p.exportFilter !== undefined) spec.exportFilter = p.exportFilter;
  return spec;
}
