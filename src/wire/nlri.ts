/**
 * RFC 4271 §4.3 NLRI encoding: <length (1), prefix (ceil(length/8))>, preceded by a 4-octet
 * Path Identifier when ADD-PATH is negotiated for the family (RFC 7911 §3).
 *
 * Decoding appends compact prefix keys (common/prefix_key.ts) to caller-owned arrays: no object
 * per prefix. Host bits past the prefix length are cleared, and the count of prefixes that had
 * some is returned so the caller can note it.
 */
import type { PrefixKey } from "../common/prefix_key.ts";

/** Decode status: >= 0 is the number of prefixes whose host bits were masked. */
export const NlriError = {
  PREFIX_TOO_LONG: -1,
  TRUNCATED_PREFIX: -2,
  TRUNCATED_PATH_ID: -3,
} as const;

export function nlriErrorText(code: number, maxBits: number): string {
  switch (code) {
    case NlriError.PREFIX_TOO_LONG:
      return `prefix length exceeds ${maxBits}`;
    case NlriError.TRUNCATED_PREFIX:
      return "prefix runs past the end of the field";
    case NlriError.TRUNCATED_PATH_ID:
      return "path identifier runs past the end of the field";
    default:
      return `NLRI error ${code}`;
  }
}

/**
 * Parses IPv4 NLRI in bytes[start, end) into `prefixes` (keys address*64+length) and, with
 * ADD-PATH, `pathIds`. Returns the masked-prefix count, or a negative NlriError.
 */
export function decodeIpv4Nlri(
  b: Uint8Array,
  start: number,
  end: number,
  addPath: boolean,
  prefixes: PrefixKey[],
  pathIds: number[] | undefined,
): number {
  let p = start;
  let masked = 0;
  while (p < end) {
    if (addPath) {
      if (end - p < 5) return NlriError.TRUNCATED_PATH_ID;
      pathIds!.push(((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0);
      p += 4;
    }
    const len = b[p]!;
    if (len > 32) return NlriError.PREFIX_TOO_LONG;
    const nb = (len + 7) >> 3;
    if (p + 1 + nb > end) return NlriError.TRUNCATED_PREFIX;
    let a = 0;
    // Unrolled on purpose: this loop runs once per prefix of a full table.
    if (nb > 0) {
      a = b[p + 1]! << 24;
      if (nb > 1) {
        a |= b[p + 2]! << 16;
        if (nb > 2) {
          a |= b[p + 3]! << 8;
          if (nb > 3) a |= b[p + 4]!;
        }
      }
    }
    const mask = len === 0 ? 0 : (-1 << (32 - len));
    if ((a & ~mask) !== 0) {
      masked++;
      a &= mask;
    }
    prefixes.push((a >>> 0) * 64 + len);
    p += 1 + nb;
  }
  return masked;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const scratch6 = new Uint8Array(16);

/** IPv6 counterpart of decodeIpv4Nlri; keys are "32hex/len" strings. */
export function decodeIpv6Nlri(
  b: Uint8Array,
  start: number,
  end: number,
  addPath: boolean,
  prefixes: PrefixKey[],
  pathIds: number[] | undefined,
): number {
  let p = start;
  let masked = 0;
  while (p < end) {
    if (addPath) {
      if (end - p < 5) return NlriError.TRUNCATED_PATH_ID;
      pathIds!.push(((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0);
      p += 4;
    }
    const len = b[p]!;
    if (len > 128) return NlriError.PREFIX_TOO_LONG;
    const nb = (len + 7) >> 3;
    if (p + 1 + nb > end) return NlriError.TRUNCATED_PREFIX;
    scratch6.fill(0);
    for (let i = 0; i < nb; i++) scratch6[i] = b[p + 1 + i]!;
    const rem = len & 7;
    if (rem !== 0) {
      const keep = (0xff << (8 - rem)) & 0xff;
      if ((scratch6[nb - 1]! & ~keep) !== 0) {
        masked++;
        scratch6[nb - 1]! &= keep;
      }
    }
    let s = "";
    for (let i = 0; i < 16; i++) s += HEX[scratch6[i]!];
    prefixes.push(`${s}/${len}`);
    p += 1 + nb;
  }
  return masked;
}

/** Bytes one prefix takes on the wire (without a path identifier). */
export function prefixWireSize(key: PrefixKey): number {
  return 1 + ((prefixKeyLength(key) + 7) >> 3);
}

export function prefixKeyLength(key: PrefixKey): number {
  if (typeof key === "number") return key % 64;
  return Number(key.slice(33));
}

/** Writes an IPv4 key at `pos`; returns the position after it. */
export function writeIpv4Prefix(buf: Uint8Array, pos: number, key: number): number {
  const a = (key / 64) >>> 0;
  const len = key - a * 64;
  buf[pos++] = len;
  if (len > 0) {
    buf[pos++] = a >>> 24;
    if (len > 8) {
      buf[pos++] = a >>> 16;
      if (len > 16) {
        buf[pos++] = a >>> 8;
        if (len > 24) buf[pos++] = a;
      }
    }
  }
  return pos;
}

function hexNibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** Writes an IPv6 key ("32hex/len") at `pos`; returns the position after it. */
export function writeIpv6Prefix(buf: Uint8Array, pos: number, key: string): number {
  const len = Number(key.slice(33));
  const nb = (len + 7) >> 3;
  buf[pos++] = len;
  for (let i = 0; i < nb; i++) {
    buf[pos++] = (hexNibble(key.charCodeAt(2 * i)) << 4) | hexNibble(key.charCodeAt(2 * i + 1));
  }
  return pos;
}

/** Writes one prefix of either family. */
export function writePrefix(buf: Uint8Array, pos: number, key: PrefixKey): number {
  return typeof key === "number" ? writeIpv4Prefix(buf, pos, key) : writeIpv6Prefix(buf, pos, key);
}
