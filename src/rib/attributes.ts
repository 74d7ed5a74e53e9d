/**
 * Route attributes as the RIB stores them, and the interned, immutable attribute set shared by
 * every route that carries the same combination. The set caches what the decision process and
 * propagation read per route (LOCAL_PREF, AS_PATH length, ...), computed once per set.
 */
import type { PathAttributes, RawAttribute } from "../wire/types.ts";
import { asPathLength, hasExternalAs, neighborAs } from "./as_path.ts";
import { wellKnownFlags } from "./communities.ts";

/**
 * PathAttributes plus the route's next hop of any family. For IPv4 NLRI carried in the UPDATE
 * body `nextHop` is the NEXT_HOP attribute; for NLRI from MP_REACH_NLRI (RFC 4760 §3) it is that
 * attribute's next hop (IPv6 text, or IPv4 text), with the optional link-local second one.
 */
export type RouteAttributes = PathAttributes & {
  /** RFC 2545 §3: the link-local IPv6 next hop, when MP_REACH_NLRI carried two. */
  readonly linkLocalNextHop?: string;
};

/** The default LOCAL_PREF when the attribute is missing (RFC 4271 §5.1.5; GoBGP, bgpgg: 100). */
export const DEFAULT_LOCAL_PREF = 100;

/** One distinct attribute combination, shared by reference; never mutated after creation. */
export class AttrSet {
  /** The attributes themselves; treat as immutable. */
  readonly attrs: RouteAttributes;
  /** Locally originated (config, API, kernel): part of the identity, as export treats it apart. */
  readonly local: boolean;
  readonly hash: number;
  /** LOCAL_PREF, or 100 when missing (RFC 4271 §9.1.1). */
  readonly localPref: number;
  /** RFC 4271 §9.1.2.2 a length (AS_SET = 1, confederation segments = 0). */
  readonly asPathLength: number;
  /** First AS of the first AS_SEQUENCE; 0 for paths originated in the local AS. */
  readonly neighborAs: number;
  /** The path holds an AS outside the local AS (RFC 4271 §5.1.4 MED propagation). */
  readonly externalPath: boolean;
  /** ORIGIN: 0 IGP, 1 EGP, 2 INCOMPLETE (missing treated as INCOMPLETE). */
  readonly origin: number;
  readonly med: number | undefined;
  readonly clusterListLength: number;
  /** ORIGINATOR_ID as a u32, 0 when absent. */
  readonly originatorId: number;
  /** CommunityFlag bits (NO_EXPORT, NO_ADVERTISE, NO_EXPORT_SUBCONFED, NOPEER). */
  readonly wellKnown: number;
  /** Reference count; maintained only by AttrTable. */
  refs = 0;
  /** Next set in the same hash bucket; maintained only by AttrTable. */
  chain: AttrSet | undefined = undefined;

  constructor(attrs: RouteAttributes, local: boolean, hash: number) {
    this.attrs = attrs;
    this.local = local;
    this.hash = hash;
    this.localPref = attrs.localPref ?? DEFAULT_LOCAL_PREF;
    this.asPathLength = asPathLength(attrs.asPath);
    this.neighborAs = neighborAs(attrs.asPath);
    this.externalPath = hasExternalAs(attrs.asPath);
    this.origin = attrs.origin ?? 2;
    this.med = attrs.med;
    this.clusterListLength = attrs.clusterList?.length ?? 0;
    this.originatorId = attrs.originatorId === undefined ? 0 : ipv4ToU32(attrs.originatorId);
    this.wellKnown = wellKnownFlags(attrs.communities);
  }
}

/** "a.b.c.d" to an unsigned 32-bit number (0 when malformed). */
export function ipv4ToU32(s: string): number {
  let v = 0, part = 0, dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      v = v * 256 + part;
      part = 0;
      dots++;
    } else if (c >= 48 && c <= 57) part = part * 10 + (c - 48);
    else return 0;
  }
  return dots === 3 ? v * 256 + part : 0;
}

/** A u32 to "a.b.c.d". */
export function u32ToIpv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

// ---------------------------------------------------------------- hashing and equality

function mix(h: number, v: number): number {
  h = Math.imul(h ^ (v | 0), 0x01000193);
  return h ^ (h >>> 15);
}

function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h, s.length);
}

function mixNumbers(h: number, a: readonly number[]): number {
  for (let i = 0; i < a.length; i++) h = Math.imul(h ^ (a[i]! | 0), 0x01000193);
  return mix(h, a.length);
}

/** A 30-bit hash of the attributes (fits a small integer, so Map keys stay unboxed). */
export function hashAttributes(a: RouteAttributes, local: boolean): number {
  let h = local ? 0x2545f491 : 0x811c9dc5;
  h = mix(h, a.origin ?? 7);
  const path = a.asPath;
  if (path !== undefined) {
    for (let i = 0; i < path.length; i++) {
      const s = path[i]!;
      h = mixNumbers(mix(h, s.type), s.asns);
    }
  }
  if (a.nextHop !== undefined) h = mixString(h, a.nextHop);
  if (a.linkLocalNextHop !== undefined) h = mixString(h ^ 0x55, a.linkLocalNextHop);
  if (a.med !== undefined) h = mix(h ^ 0x3d, a.med);
  if (a.localPref !== undefined) h = mix(h ^ 0x5b, a.localPref);
  if (a.atomicAggregate) h = mix(h, 0x41);
  if (a.aggregator !== undefined) h = mixString(mix(h, a.aggregator.asn), a.aggregator.address);
  if (a.communities !== undefined) h = mixNumbers(h ^ 0x8, a.communities);
  if (a.originatorId !== undefined) h = mixString(h ^ 0x9, a.originatorId);
  if (a.clusterList !== undefined) {
    for (const c of a.clusterList) h = mixString(h ^ 0xa, c);
  }
  if (a.extendedCommunities !== undefined) {
    for (const x of a.extendedCommunities) {
      h = mix(mix(h ^ 0x10, Number(x >> 32n)), Number(x & 0xffffffffn));
    }
  }
  if (a.largeCommunities !== undefined) {
    for (const l of a.largeCommunities) h = mix(mix(mix(h ^ 0x20, l[0]), l[1]), l[2]);
  }
  if (a.otc !== undefined) h = mix(h ^ 0x23, a.otc);
  if (a.unknown !== undefined) {
    for (const u of a.unknown) {
      h = mix(mix(h, u.code), u.flags);
      for (let i = 0; i < u.value.length; i++) h = Math.imul(h ^ u.value[i]!, 0x01000193);
    }
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

function numbersEqual(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function listEqual<T>(
  a: readonly T[] | undefined,
  b: readonly T[] | undefined,
  eq: (x: T, y: T) => boolean,
): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!eq(a[i]!, b[i]!)) return false;
  return true;
}

function rawEqual(x: RawAttribute, y: RawAttribute): boolean {
  if (x.code !== y.code || x.flags !== y.flags || x.value.length !== y.value.length) return false;
  for (let i = 0; i < x.value.length; i++) if (x.value[i] !== y.value[i]) return false;
  return true;
}

/** Exact equality of two attribute lists (the intern table's collision check). */
export function attributesEqual(a: RouteAttributes, b: RouteAttributes): boolean {
  if (a === b) return true;
  return a.origin === b.origin &&
    a.nextHop === b.nextHop &&
    a.linkLocalNextHop === b.linkLocalNextHop &&
    a.med === b.med &&
    a.localPref === b.localPref &&
    (a.atomicAggregate ?? false) === (b.atomicAggregate ?? false) &&
    a.originatorId === b.originatorId &&
    a.otc === b.otc &&
    listEqual(a.asPath, b.asPath, (x, y) => x.type === y.type && numbersEqual(x.asns, y.asns)) &&
    (a.aggregator === b.aggregator ||
      (a.aggregator !== undefined && b.aggregator !== undefined &&
        a.aggregator.asn === b.aggregator.asn && a.aggregator.address === b.aggregator.address)) &&
    numbersEqual(a.communities, b.communities) &&
    listEqual(a.clusterList, b.clusterList, (x, y) => x === y) &&
    listEqual(a.extendedCommunities, b.extendedCommunities, (x, y) => x === y) &&
    listEqual(
      a.largeCommunities,
      b.largeCommunities,
      (x, y) => x[0] === y[0] && x[1] === y[1] && x[2] === y[2],
    ) &&
    listEqual(a.unknown, b.unknown, rawEqual);
}
