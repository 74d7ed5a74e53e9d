/**
 * THE path attribute registry: per type code, the name, the required Optional/Transitive flag
 * bits, the RFC 7606 action for a malformed value, the decoder and the encoder.
 *
 * Attribute on the wire (RFC 4271 §4.3):
 * +---------------+---------------+-------------------------------+
 * | Attr. Flags   |Attr. Type Code| Length (1, or 2 if Extended)  |
 * +---------------+---------------+-------------------------------+
 * | Value (Length octets)                                         |
 * +---------------------------------------------------------------+
 */
import { formatIpv4 } from "../common/ip.ts";
import {
  as4PathSegments,
  asPathValueLength,
  decodeAsPath,
  hasConfedSegment,
  needsAs4Path,
  writeAsPathValue,
} from "./as_path.ts";
import { AS_TRANS, AttributeCode as A, AttributeFlag, UpdateMessageErrorSubcode } from "./iana.ts";
import {
  type AttrError,
  decodeMpReach,
  decodeMpUnreach,
  isAttrError,
  type MaskCounter,
} from "./mp.ts";
import {
  type Aggregator,
  type AsPathSegment,
  type CodecContext,
  ErrorAction,
  type ErrorActionCode,
  type MpReach,
  type MpUnreach,
  type PathAttributes,
  type RawAttribute,
} from "./types.ts";
import type { WireWriter } from "./writer.ts";

export type MutablePathAttributes = { -readonly [K in keyof PathAttributes]: PathAttributes[K] };

/** What the attribute decoders fill in while one UPDATE is decoded. */
export interface AttrDecodeState extends MaskCounter {
  readonly ctx: CodecContext;
  readonly attrs: MutablePathAttributes;
  as4Path: AsPathSegment[] | undefined;
  as4Aggregator: Aggregator | undefined;
  mpReach: MpReach | undefined;
  mpUnreach: MpUnreach | undefined;
  /** Attributes kept as bytes; becomes attrs.unknown. */
  unknown: RawAttribute[] | undefined;
  /** Number of prefixes in the UPDATE's IPv4 NLRI field (decoded before the attributes). */
  ipv4Nlri: number;
}

export type AttrDecoder = (
  b: Uint8Array,
  start: number,
  end: number,
  st: AttrDecodeState,
  flags: number,
) => AttrError | undefined;

export type AttrEncoder = (a: PathAttributes, ctx: CodecContext, w: WireWriter) => void;

export interface AttributeSpec {
  readonly code: number;
  readonly name: string;
  /** The Optional and Transitive bits the attribute must carry (RFC 4271 §5). */
  readonly flags: number;
  /** RFC 7606 action for a malformed value or conflicting flags (§3.c). */
  readonly malformed: ErrorActionCode;
  /** The section that sets `malformed`. */
  readonly rule: string;
  readonly decode: AttrDecoder;
  /** Writes the attribute when `a` has it. MP attributes are written by the UPDATE encoder. */
  readonly encode?: AttrEncoder;
}

const O = AttributeFlag.OPTIONAL;
const T = AttributeFlag.TRANSITIVE;
const S = UpdateMessageErrorSubcode;
const TAW = ErrorAction.TREAT_AS_WITHDRAW;
const DISCARD = ErrorAction.ATTRIBUTE_DISCARD;

function u32(b: Uint8Array, p: number): number {
  return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}

function lengthError(name: string, len: number, want: string): AttrError {
  return { subcode: S.ATTRIBUTE_LENGTH_ERROR, reason: `${name} length ${len}, expected ${want}` };
}

/** Writes flags, code and length, setting Extended Length only when the value needs it. */
export function writeAttrHeader(w: WireWriter, flags: number, code: number, len: number): void {
  w.ensure(4 + len);
  const b = w.buf;
  let p = w.pos;
  if (len > 255) {
    b[p++] = flags | AttributeFlag.EXTENDED_LENGTH;
    b[p++] = code;
    b[p++] = len >>> 8;
    b[p++] = len;
  } else {
    b[p++] = flags & ~AttributeFlag.EXTENDED_LENGTH;
    b[p++] = code;
    b[p++] = len;
  }
  w.pos = p;
}

/** Dotted quad to u32; -1 when `s` is not one. Fast path for encoders. */
export function ipv4ToU32(s: string): number {
  let v = 0, part = 0, digits = 0, dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      v = v * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + c - 48;
      digits++;
      if (part > 255) return -1;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return v * 256 + part;
}

function mustIpv4(s: string, what: string): number {
  const v = ipv4ToU32(s);
  if (v < 0) throw new RangeError(`${what} "${s}" is not a dotted-quad IPv4 address`);
  return v;
}

/** One peer sends the same next hop in update after update: keep its text. */
let lastNextHop = -1;
let lastNextHopText = "";

function nextHopText(v: number, b: Uint8Array, s: number): string {
  if (v !== lastNextHop) {
    lastNextHop = v;
    lastNextHopText = formatIpv4(b, s);
  }
  return lastNextHopText;
}

/** RFC 4271 §6.3: a NEXT_HOP must be a valid host address (not 0/8, multicast or above). */
function isValidNextHop(first: number): boolean {
  return first !== 0 && first < 224;
}

function writeU32List(w: WireWriter, flags: number, code: number, vals: readonly number[]): void {
  writeAttrHeader(w, flags, code, vals.length * 4);
  for (const v of vals) w.u32(v);
}

// ---------------------------------------------------------------- decoders and encoders

const origin: AttributeSpec = {
  code: A.ORIGIN,
  name: "ORIGIN",
  flags: T,
  malformed: TAW,
  rule: "RFC 7606 §7.1",
  decode(b, s, e, st) {
    if (e - s !== 1) return lengthError("ORIGIN", e - s, "1");
    const v = b[s]!;
    if (v > 2) return { subcode: S.INVALID_ORIGIN_ATTRIBUTE, reason: `ORIGIN value ${v}` };
    st.attrs.origin = v as 0 | 1 | 2;
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.origin === undefined) return;
    writeAttrHeader(w, T, A.ORIGIN, 1);
    w.u8(a.origin);
  },
};

const asPath: AttributeSpec = {
  code: A.AS_PATH,
  name: "AS_PATH",
  flags: T,
  malformed: TAW,
  rule: "RFC 7606 §7.2",
  decode(b, s, e, st) {
    const r = decodeAsPath(b, s, e, st.ctx.fourOctetAs ? 4 : 2);
    if (typeof r === "string") return { subcode: S.MALFORMED_AS_PATH, reason: r };
    st.attrs.asPath = r;
    return undefined;
  },
  encode(a, ctx, w) {
    if (a.asPath === undefined) return;
    const size = ctx.fourOctetAs ? 4 : 2;
    writeAttrHeader(w, T, A.AS_PATH, asPathValueLength(a.asPath, size));
    writeAsPathValue(a.asPath, size, w);
  },
};

const nextHop: AttributeSpec = {
  code: A.NEXT_HOP,
  name: "NEXT_HOP",
  flags: T,
  malformed: TAW,
  rule: "RFC 7606 §7.3",
  decode(b, s, e, st) {
    if (e - s !== 4) return lengthError("NEXT_HOP", e - s, "4");
    if (!isValidNextHop(b[s]!)) {
      return {
        subcode: S.INVALID_NEXT_HOP_ATTRIBUTE,
        reason: `NEXT_HOP ${formatIpv4(b, s)} is not a valid host address`,
      };
    }
    // RFC 7606 §5.1: without IPv4 NLRI the NEXT_HOP is ignored.
    if (st.ipv4Nlri > 0) st.attrs.nextHop = nextHopText(u32(b, s), b, s);
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.nextHop === undefined) return;
    writeAttrHeader(w, T, A.NEXT_HOP, 4);
    w.u32(mustIpv4(a.nextHop, "NEXT_HOP"));
  },
};

/** MULTI_EXIT_DISC, LOCAL_PREF and OTC are one 4-octet value each (named access: no keyed load). */
function u32Value(b: Uint8Array, s: number, e: number, name: string): number | AttrError {
  if (e - s !== 4) return lengthError(name, e - s, "4");
  return u32(b, s);
}

function writeU32Attr(w: WireWriter, flags: number, code: number, v: number): void {
  writeAttrHeader(w, flags, code, 4);
  w.u32(v);
}

const med: AttributeSpec = {
  code: A.MULTI_EXIT_DISC,
  name: "MULTI_EXIT_DISC",
  flags: O,
  malformed: TAW,
  rule: "RFC 7606 §7.4",
  decode(b, s, e, st) {
    const v = u32Value(b, s, e, "MULTI_EXIT_DISC");
    if (typeof v !== "number") return v;
    st.attrs.med = v;
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.med !== undefined) writeU32Attr(w, O, A.MULTI_EXIT_DISC, a.med);
  },
};

const localPref: AttributeSpec = {
  code: A.LOCAL_PREF,
  name: "LOCAL_PREF",
  flags: T,
  malformed: TAW,
  rule: "RFC 7606 §7.5",
  decode(b, s, e, st) {
    const v = u32Value(b, s, e, "LOCAL_PREF");
    if (typeof v !== "number") return v;
    st.attrs.localPref = v;
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.localPref !== undefined) writeU32Attr(w, T, A.LOCAL_PREF, a.localPref);
  },
};

const otc: AttributeSpec = {
  code: A.OTC,
  name: "OTC",
  flags: O | T,
  malformed: TAW,
  rule: "RFC 9234 §5",
  decode(b, s, e, st) {
    const v = u32Value(b, s, e, "OTC");
    if (typeof v !== "number") return v;
    st.attrs.otc = v;
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.otc !== undefined) writeU32Attr(w, O | T, A.OTC, a.otc);
  },
};

const atomicAggregate: AttributeSpec = {
  code: A.ATOMIC_AGGREGATE,
  name: "ATOMIC_AGGREGATE",
  flags: T,
  malformed: DISCARD,
  rule: "RFC 7606 §7.6",
  decode(_b, s, e, st) {
    if (e - s !== 0) return lengthError("ATOMIC_AGGREGATE", e - s, "0");
    st.attrs.atomicAggregate = true;
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.atomicAggregate !== true) return;
    writeAttrHeader(w, T, A.ATOMIC_AGGREGATE, 0);
  },
};

function decodeAggregator(
  b: Uint8Array,
  s: number,
  e: number,
  asSize: number,
  name: string,
): Aggregator | AttrError {
  if (e - s !== asSize + 4) return lengthError(name, e - s, String(asSize + 4));
  const asn = asSize === 4 ? u32(b, s) : (b[s]! << 8) | b[s + 1]!;
  // RFC 7607 §2: AS 0 in AGGREGATOR / AS4_AGGREGATOR is malformed (attribute discard).
  if (asn === 0) return { subcode: S.OPTIONAL_ATTRIBUTE_ERROR, reason: `${name} AS is 0` };
  return { asn, address: formatIpv4(b, s + asSize) };
}

const aggregator: AttributeSpec = {
  code: A.AGGREGATOR,
  name: "AGGREGATOR",
  flags: O | T,
  malformed: DISCARD,
  rule: "RFC 7606 §7.7",
  decode(b, s, e, st) {
    const r = decodeAggregator(b, s, e, st.ctx.fourOctetAs ? 4 : 2, "AGGREGATOR");
    if (isAttrError(r)) return r;
    st.attrs.aggregator = r;
    return undefined;
  },
  encode(a, ctx, w) {
    if (a.aggregator === undefined) return;
    const addr = mustIpv4(a.aggregator.address, "AGGREGATOR address");
    if (ctx.fourOctetAs) {
      writeAttrHeader(w, O | T, A.AGGREGATOR, 8);
      w.u32(a.aggregator.asn);
    } else {
      writeAttrHeader(w, O | T, A.AGGREGATOR, 6);
      // RFC 6793 §4.2.2: a 4-octet aggregator AS travels as AS_TRANS plus AS4_AGGREGATOR.
      w.u16(a.aggregator.asn > 0xffff ? AS_TRANS : a.aggregator.asn);
    }
    w.u32(addr);
  },
};

/** Fixed-size-element list attributes: COMMUNITIES, CLUSTER_LIST. */
function listLength(name: string, len: number, unit: number): AttrError | undefined {
  if (len === 0 || len % unit !== 0) {
    return lengthError(name, len, `a non-zero multiple of ${unit}`);
  }
  return undefined;
}

const communities: AttributeSpec = {
  code: A.COMMUNITIES,
  name: "COMMUNITIES",
  flags: O | T,
  malformed: TAW,
  rule: "RFC 7606 §7.8",
  decode(b, s, e, st) {
    const bad = listLength("COMMUNITIES", e - s, 4);
    if (bad) return bad;
    const out: number[] = [];
    for (let p = s; p < e; p += 4) out.push(u32(b, p));
    st.attrs.communities = out;
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.communities === undefined || a.communities.length === 0) return;
    writeU32List(w, O | T, A.COMMUNITIES, a.communities);
  },
};

const originatorId: AttributeSpec = {
  code: A.ORIGINATOR_ID,
  name: "ORIGINATOR_ID",
  flags: O,
  malformed: TAW,
  rule: "RFC 7606 §7.9",
  decode(b, s, e, st) {
    if (e - s !== 4) return lengthError("ORIGINATOR_ID", e - s, "4");
    st.attrs.originatorId = formatIpv4(b, s);
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.originatorId === undefined) return;
    writeAttrHeader(w, O, A.ORIGINATOR_ID, 4);
    w.u32(mustIpv4(a.originatorId, "ORIGINATOR_ID"));
  },
};

const clusterList: AttributeSpec = {
  code: A.CLUSTER_LIST,
  name: "CLUSTER_LIST",
  flags: O,
  malformed: TAW,
  rule: "RFC 7606 §7.10",
  decode(b, s, e, st) {
    const bad = listLength("CLUSTER_LIST", e - s, 4);
    if (bad) return bad;
    const out: string[] = [];
    for (let p = s; p < e; p += 4) out.push(formatIpv4(b, p));
    st.attrs.clusterList = out;
    return undefined;
  },
  encode(a, _ctx, w) {
    if (a.clusterList === undefined || a.clusterList.length === 0) return;
    writeAttrHeader(w, O, A.CLUSTER_LIST, a.clusterList.length * 4);
    for (const c of a.clusterList) w.u32(mustIpv4(c, "CLUSTER_LIST id"));
  },
};

const mpReach: AttributeSpec = {
  code: A.MP_REACH_NLRI,
  name: "MP_REACH_NLRI",
  flags: O,
  malformed: ErrorAction.AFI_SAFI_DISABLE,
  rule: "RFC 7606 §7.11",
  decode(b, s, e, st) {
    const r = decodeMpReach(b, s, e, st.ctx, st);
    if (isAttrError(r)) return r;
    st.mpReach = r;
    return undefined;
  },
};

const mpUnreach: AttributeSpec = {
  code: A.MP_UNREACH_NLRI,
  name: "MP_UNREACH_NLRI",
  flags: O,
  malformed: ErrorAction.AFI_SAFI_DISABLE,
  rule: "RFC 7606 §7.12",
  decode(b, s, e, st) {
    const r = decodeMpUnreach(b, s, e, st.ctx, st);
    if (isAttrError(r)) return r;
    st.mpUnreach = r;
    return undefined;
  },
};

const extendedCommunities: AttributeSpec = {
  code: A.EXTENDED_COMMUNITIES,
  name: "EXTENDED_COMMUNITIES",
  flags: O | T,
  malformed: TAW,
  rule: "RFC 7606 §7.14",
  decode(b, s, e, st) {
    const bad = listLength("EXTENDED_COMMUNITIES", e - s, 8);
    if (bad) return bad;
    const out: bigint[] = [];
    for (let p = s; p < e; p += 8) out.push((BigInt(u32(b, p)) << 32n) | BigInt(u32(b, p + 4)));
    st.attrs.extendedCommunities = out;
    return undefined;
  },
  encode(a, _ctx, w) {
    const v = a.extendedCommunities;
    if (v === undefined || v.length === 0) return;
    writeAttrHeader(w, O | T, A.EXTENDED_COMMUNITIES, v.length * 8);
    for (const c of v) {
      w.u32(Number((c >> 32n) & 0xffffffffn));
      w.u32(Number(c & 0xffffffffn));
    }
  },
};

const as4Path: AttributeSpec = {
  code: A.AS4_PATH,
  name: "AS4_PATH",
  flags: O | T,
  malformed: DISCARD,
  rule: "RFC 6793 §6, RFC 7606 §7 (discard)",
  decode(b, s, e, st) {
    const r = decodeAsPath(b, s, e, 4);
    if (typeof r === "string") {
      return { subcode: S.OPTIONAL_ATTRIBUTE_ERROR, reason: r.replace("AS_PATH", "AS4_PATH") };
    }
    // RFC 6793 §6: an AS4_PATH with confederation segments is malformed.
    if (hasConfedSegment(r)) {
      return { subcode: S.OPTIONAL_ATTRIBUTE_ERROR, reason: "AS4_PATH has confederation segments" };
    }
    st.as4Path = r;
    return undefined;
  },
  encode(a, ctx, w) {
    // RFC 6793 §4.2.2: only a 2-octet session needs it, and only for non-mappable ASNs.
    if (ctx.fourOctetAs || a.asPath === undefined || !needsAs4Path(a.asPath)) return;
    const segs = as4PathSegments(a.asPath);
    writeAttrHeader(w, O | T, A.AS4_PATH, asPathValueLength(segs, 4));
    writeAsPathValue(segs, 4, w);
  },
};

const as4Aggregator: AttributeSpec = {
  code: A.AS4_AGGREGATOR,
  name: "AS4_AGGREGATOR",
  flags: O | T,
  malformed: DISCARD,
  rule: "RFC 6793 §6",
  decode(b, s, e, st) {
    const r = decodeAggregator(b, s, e, 4, "AS4_AGGREGATOR");
    if (isAttrError(r)) return r;
    st.as4Aggregator = r;
    return undefined;
  },
  encode(a, ctx, w) {
    if (ctx.fourOctetAs || a.aggregator === undefined || a.aggregator.asn <= 0xffff) return;
    writeAttrHeader(w, O | T, A.AS4_AGGREGATOR, 8);
    w.u32(a.aggregator.asn);
    w.u32(mustIpv4(a.aggregator.address, "AS4_AGGREGATOR address"));
  },
};

const largeCommunity: AttributeSpec = {
  code: A.LARGE_COMMUNITY,
  name: "LARGE_COMMUNITY",
  flags: O | T,
  malformed: TAW,
  rule: "RFC 8092 §6",
  decode(b, s, e, st) {
    const bad = listLength("LARGE_COMMUNITY", e - s, 12);
    if (bad) return bad;
    const out: (readonly [number, number, number])[] = [];
    for (let p = s; p < e; p += 12) out.push([u32(b, p), u32(b, p + 4), u32(b, p + 8)]);
    st.attrs.largeCommunities = out;
    return undefined;
  },
  encode(a, _ctx, w) {
    const v = a.largeCommunities;
    if (v === undefined || v.length === 0) return;
    writeAttrHeader(w, O | T, A.LARGE_COMMUNITY, v.length * 12);
    for (const c of v) {
      w.u32(c[0]);
      w.u32(c[1]);
      w.u32(c[2]);
    }
  },
};

/**
 * Attributes we validate per RFC 7606 but do not model: kept as raw bytes in `unknown`
 * (without forcing the Partial bit, since we do recognize them).
 */
function validatedRaw(
  code: number,
  name: string,
  flags: number,
  rule: string,
  check: (len: number) => string | undefined,
): AttributeSpec {
  return {
    code,
    name,
    flags,
    malformed: TAW,
    rule,
    decode(b, s, e, st, f) {
      const bad = check(e - s);
      if (bad) return { subcode: S.OPTIONAL_ATTRIBUTE_ERROR, reason: `${name}: ${bad}` };
      const flagsKept = f & ~AttributeFlag.EXTENDED_LENGTH;
      (st.unknown ??= []).push({ flags: flagsKept, code, value: b.slice(s, e) });
      return undefined;
    },
  };
}

const trafficEngineering = validatedRaw(
  A.TRAFFIC_ENGINEERING,
  "TRAFFIC_ENGINEERING",
  O,
  "RFC 7606 §7.13",
  // RFC 5543 §2: one or more Interface Switching Capability Descriptors of at least 36 octets.
  (len) => len < 36 ? `length ${len} is shorter than one descriptor (36)` : undefined,
);

const ipv6ExtendedCommunities = validatedRaw(
  A.IPV6_ADDRESS_SPECIFIC_EXTENDED_COMMUNITY,
  "IPV6_ADDRESS_SPECIFIC_EXTENDED_COMMUNITY",
  O | T,
  "RFC 7606 §7.15",
  (len) =>
    len === 0 || len % 20 !== 0 ? `length ${len} is not a non-zero multiple of 20` : undefined,
);

const attrSet = validatedRaw(
  A.ATTR_SET,
  "ATTR_SET",
  O | T,
  "RFC 7606 §7.16",
  // RFC 6368 §5: Origin AS (4 octets) then path attributes.
  (len) => len < 4 ? `length ${len} is shorter than the Origin AS` : undefined,
);

const SPECS: readonly AttributeSpec[] = [
  origin,
  asPath,
  nextHop,
  med,
  localPref,
  atomicAggregate,
  aggregator,
  communities,
  originatorId,
  clusterList,
  mpReach,
  mpUnreach,
  extendedCommunities,
  as4Path,
  as4Aggregator,
  trafficEngineering,
  ipv6ExtendedCommunities,
  largeCommunity,
  otc,
  attrSet,
];

/** Registry indexed by type code. */
export const ATTRIBUTES: readonly (AttributeSpec | undefined)[] = (() => {
  const t: (AttributeSpec | undefined)[] = new Array(256).fill(undefined);
  for (const s of SPECS) t[s.code] = s;
  return t;
})();

/** Encoders in type-code order (MP attributes excluded: the UPDATE encoder puts them first). */
const ENCODERS: readonly AttributeSpec[] = SPECS.filter((s) => s.encode !== undefined);

/**
 * Writes every attribute of `a` except MP_REACH/MP_UNREACH, in type-code order, unknown
 * attributes merged in by code. `skipNextHop` drops NEXT_HOP (RFC 7606 §5.1: not sent
 * without IPv4 NLRI).
 */
export function encodeAttributes(
  a: PathAttributes,
  ctx: CodecContext,
  w: WireWriter,
  skipNextHop = false,
): void {
  const unknown = a.unknown;
  let sorted: readonly RawAttribute[] = [];
  if (unknown !== undefined && unknown.length > 0) {
    sorted = unknown.length === 1 ? unknown : [...unknown].sort((x, y) => x.code - y.code);
  }
  let u = 0;
  for (const spec of ENCODERS) {
    while (u < sorted.length && sorted[u]!.code < spec.code) writeRaw(sorted[u++]!, w);
    if (skipNextHop && spec.code === A.NEXT_HOP) continue;
    spec.encode!(a, ctx, w);
  }
  while (u < sorted.length) writeRaw(sorted[u++]!, w);
}

function writeRaw(r: RawAttribute, w: WireWriter): void {
  writeAttrHeader(w, r.flags, r.code, r.value.length);
  w.bytes(r.value);
}
