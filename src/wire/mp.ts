/**
 * RFC 4760 MP_REACH_NLRI and MP_UNREACH_NLRI for IPv4 and IPv6 unicast, including the IPv6
 * global + link-local next hop (RFC 2545 §3) and IPv4 NLRI with an IPv6 next hop (RFC 8950).
 *
 * MP_REACH_NLRI:                          MP_UNREACH_NLRI:
 * +---------------------------------+     +---------------------------------+
 * | AFI (2) | SAFI (1)              |     | AFI (2) | SAFI (1)              |
 * | Length of Next Hop (1)          |     | Withdrawn Routes (variable)     |
 * | Next Hop (variable)             |     +---------------------------------+
 * | Reserved (1)                    |
 * | NLRI (variable)                 |
 * +---------------------------------+
 */
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from "../common/ip.ts";
import type { PrefixKey } from "../common/prefix_key.ts";
import { AttributeCode, AttributeFlag, UpdateMessageErrorSubcode } from "./iana.ts";
import { decodeIpv4Nlri, decodeIpv6Nlri, nlriErrorText } from "./nlri.ts";
import {
  AFI_IPV4,
  AFI_IPV6,
  type AfiSafi,
  type CodecContext,
  ErrorAction,
  type ErrorActionCode,
  type FamilyKey,
  type MpReach,
  type MpUnreach,
  type NlriList,
  SAFI_UNICAST,
} from "./types.ts";

/** Why an attribute value was rejected (update.ts turns it into an UpdateIssue). */
export interface AttrError {
  readonly subcode: number;
  readonly reason: string;
  /** Overrides the registry's RFC 7606 action for this attribute. */
  readonly action?: ErrorActionCode;
  readonly family?: AfiSafi;
}

/** The families this codec can decode NLRI for. */
export function isSupportedFamily(afi: number, safi: number): boolean {
  return safi === SAFI_UNICAST && (afi === AFI_IPV4 || afi === AFI_IPV6);
}

/** familyKey() without building a string for the two families we use. */
export function familyKeyOf(afi: number, safi: number): FamilyKey {
  return afi === AFI_IPV4 && safi === SAFI_UNICAST
    ? "1/1"
    : afi === AFI_IPV6 && safi === SAFI_UNICAST
    ? "2/1"
    : `${afi}/${safi}`;
}

/** Counts prefixes whose host bits were cleared while decoding. */
export interface MaskCounter {
  masked: number;
}

const OPTIONAL_ERROR = UpdateMessageErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR;

function nlriInto(
  b: Uint8Array,
  start: number,
  end: number,
  afi: number,
  safi: number,
  ctx: CodecContext,
  mc: MaskCounter,
): NlriList | number {
  const addPath = ctx.addPathReceive.has(familyKeyOf(afi, safi));
  const prefixes: PrefixKey[] = [];
  const pathIds: number[] | undefined = addPath ? [] : undefined;
  const r = afi === AFI_IPV4
    ? decodeIpv4Nlri(b, start, end, addPath, prefixes, pathIds)
    : decodeIpv6Nlri(b, start, end, addPath, prefixes, pathIds);
  if (r < 0) return r;
  mc.masked += r;
  return pathIds ? { afi, safi, prefixes, pathIds } : { afi, safi, prefixes };
}

/** RFC 7606 §7.11. Returns the decoded attribute or why it is malformed. */
export function decodeMpReach(
  b: Uint8Array,
  start: number,
  end: number,
  ctx: CodecContext,
  mc: MaskCounter,
): MpReach | AttrError {
  const len = end - start;
  // RFC 7606 §7.11: without AFI/SAFI the family cannot be disabled, so the session resets.
  if (len < 3) {
    return {
      subcode: OPTIONAL_ERROR,
      reason: `MP_REACH_NLRI is ${len} bytes, too short for AFI/SAFI`,
      action: ErrorAction.SESSION_RESET,
    };
  }
  const afi = (b[start]! << 8) | b[start + 1]!;
  const safi = b[start + 2]!;
  const family = { afi, safi };
  if (len < 5) {
    return disable(family, `MP_REACH_NLRI is ${len} bytes, too short for a next hop`);
  }
  if (!isSupportedFamily(afi, safi)) {
    return {
      subcode: OPTIONAL_ERROR,
      reason: `MP_REACH_NLRI for unsupported AFI/SAFI ${afi}/${safi} ignored`,
      action: ErrorAction.ATTRIBUTE_DISCARD,
      family,
    };
  }
  const nhLen = b[start + 3]!;
  const nh = start + 4;
  // RFC 7606 §7.11: a next hop that overruns or has a bad length hides where the NLRI start.
  if (nh + nhLen + 1 > end) return disable(family, `next hop length ${nhLen} overruns`);
  let nextHop: string;
  let linkLocal: string | undefined;
  if (nhLen === 4 && afi === AFI_IPV4) {
    nextHop = formatIpv4(b, nh);
  } else if (nhLen === 16) {
    nextHop = formatIpv6(b, nh);
  } else if (nhLen === 32) {
    // RFC 2545 §3 / RFC 8950 §3: global address, then link-local address.
    nextHop = formatIpv6(b, nh);
    linkLocal = formatIpv6(b, nh + 16);
  } else {
    return disable(family, `next hop length ${nhLen} invalid for AFI ${afi}`);
  }
  // RFC 4760 §3: the Reserved octet is ignored on receipt.
  const nlri = nlriInto(b, nh + nhLen + 1, end, afi, safi, ctx, mc);
  if (typeof nlri === "number") {
    return disable(family, `MP_REACH_NLRI: ${nlriErrorText(nlri, afi === AFI_IPV4 ? 32 : 128)}`);
  }
  return linkLocal === undefined
    ? { afi, safi, nextHop, nlri }
    : { afi, safi, nextHop, linkLocalNextHop: linkLocal, nlri };
}

/** RFC 7606 §7.12. */
export function decodeMpUnreach(
  b: Uint8Array,
  start: number,
  end: number,
  ctx: CodecContext,
  mc: MaskCounter,
): MpUnreach | AttrError {
  const len = end - start;
  if (len < 3) {
    return {
      subcode: OPTIONAL_ERROR,
      reason: `MP_UNREACH_NLRI is ${len} bytes, too short for AFI/SAFI`,
      action: ErrorAction.SESSION_RESET,
    };
  }
  const afi = (b[start]! << 8) | b[start + 1]!;
  const safi = b[start + 2]!;
  const family = { afi, safi };
  if (!isSupportedFamily(afi, safi)) {
    return {
      subcode: OPTIONAL_ERROR,
      reason: `MP_UNREACH_NLRI for unsupported AFI/SAFI ${afi}/${safi} ignored`,
      action: ErrorAction.ATTRIBUTE_DISCARD,
      family,
    };
  }
  const withdrawn = nlriInto(b, start + 3, end, afi, safi, ctx, mc);
  if (typeof withdrawn === "number") {
    return disable(
      family,
      `MP_UNREACH_NLRI: ${nlriErrorText(withdrawn, afi === AFI_IPV4 ? 32 : 128)}`,
    );
  }
  return { afi, safi, withdrawn };
}

function disable(family: AfiSafi, reason: string): AttrError {
  return { subcode: OPTIONAL_ERROR, reason, action: ErrorAction.AFI_SAFI_DISABLE, family };
}

export function isAttrError(v: object): v is AttrError {
  return "subcode" in v;
}

/**
 * The fixed part of an MP_REACH_NLRI up to (and including) the Reserved octet, with the
 * attribute header; the 2-octet attribute length at offset 2 is left 0 for the caller.
 * RFC 7606 §5.1: MP_REACH_NLRI goes first; we always use the extended length so it can grow.
 */
export function mpReachHead(
  afi: number,
  safi: number,
  nextHop: string,
  linkLocalNextHop?: string,
): Uint8Array {
  let nh: Uint8Array;
  const v4 = parseIpv4(nextHop);
  if (v4 && afi === AFI_IPV4) {
    nh = v4;
  } else {
    const g = parseIpv6(nextHop);
    if (!g) throw new RangeError(`MP_REACH_NLRI next hop "${nextHop}" is not an address`);
    if (linkLocalNextHop === undefined) {
      nh = g;
    } else {
      const ll = parseIpv6(linkLocalNextHop);
      if (!ll) throw new RangeError(`link-local next hop "${linkLocalNextHop}" is not IPv6`);
      nh = new Uint8Array(32);
      nh.set(g, 0);
      nh.set(ll, 16);
    }
  }
  const out = new Uint8Array(4 + 3 + 1 + nh.length + 1);
  out[0] = AttributeFlag.OPTIONAL | AttributeFlag.EXTENDED_LENGTH;
  out[1] = AttributeCode.MP_REACH_NLRI;
  out[4] = afi >>> 8;
  out[5] = afi & 0xff;
  out[6] = safi;
  out[7] = nh.length;
  out.set(nh, 8);
  return out;
}

/** MP_UNREACH_NLRI header plus AFI/SAFI; the attribute length at offset 2 is left 0. */
export function mpUnreachHead(afi: number, safi: number): Uint8Array {
  return new Uint8Array([
    AttributeFlag.OPTIONAL | AttributeFlag.EXTENDED_LENGTH,
    AttributeCode.MP_UNREACH_NLRI,
    0,
    0,
    afi >>> 8,
    afi & 0xff,
    safi,
  ]);
}
