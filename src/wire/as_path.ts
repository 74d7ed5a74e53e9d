/**
 * AS_PATH and AS4_PATH (RFC 4271 §4.3, RFC 5065, RFC 6793): segments of
 * <type (1), count (1), ASNs (count x 2 or 4)>, and the RFC 6793 §4.2.3 reconciliation of a
 * 2-octet AS_PATH with AS4_PATH.
 */
import { AS_TRANS } from "./iana.ts";
import type { AsPathSegment } from "./types.ts";
import { AsPathSegmentType } from "./types.ts";
import type { WireWriter } from "./writer.ts";

/** Decodes segments from b[start, end); returns a reason string when malformed. */
export function decodeAsPath(
  b: Uint8Array,
  start: number,
  end: number,
  asSize: 2 | 4,
): AsPathSegment[] | string {
  const segments: AsPathSegment[] = [];
  let p = start;
  while (p < end) {
    // RFC 7606 §7.2: a single octet left cannot even hold an empty segment header.
    if (end - p < 2) return "AS_PATH ends inside a segment header";
    const type = b[p]!;
    const count = b[p + 1]!;
    if (type < 1 || type > 4) return `unknown AS_PATH segment type ${type}`;
    // RFC 7606 §7.2: a segment with a zero Path Segment Length is malformed.
    if (count === 0) return "AS_PATH segment of length zero";
    p += 2;
    if (p + count * asSize > end) return "AS_PATH segment overruns the attribute";
    const asns: number[] = [];
    let zero = false;
    if (asSize === 4) {
      for (let i = 0; i < count; i++, p += 4) {
        const a = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
        zero ||= a === 0;
        asns.push(a);
      }
    } else {
      for (let i = 0; i < count; i++, p += 2) {
        const a = (b[p]! << 8) | b[p + 1]!;
        zero ||= a === 0;
        asns.push(a);
      }
    }
    // RFC 7607 §2: AS 0 in a path makes it malformed.
    if (zero) return "AS_PATH contains AS 0";
    segments.push({ type: type as 1 | 2 | 3 | 4, asns });
  }
  return segments;
}

/** Value length of `segments` encoded with `asSize`-octet ASNs (segments split at 255). */
export function asPathValueLength(segments: readonly AsPathSegment[], asSize: number): number {
  let n = 0;
  for (const s of segments) {
    const parts = Math.max(1, Math.ceil(s.asns.length / 255));
    n += parts * 2 + s.asns.length * asSize;
  }
  return n;
}

/**
 * Writes segment bytes. With 2-octet ASNs, ASNs above 65535 become AS_TRANS (RFC 6793 §4.2.2).
 * Segments longer than 255 ASNs are split, as the count is one octet.
 */
export function writeAsPathValue(
  segments: readonly AsPathSegment[],
  asSize: 2 | 4,
  w: WireWriter,
): void {
  for (const s of segments) {
    const asns = s.asns;
    w.ensure(2 * Math.max(1, Math.ceil(asns.length / 255)) + asns.length * asSize);
    const buf = w.buf;
    let p = w.pos;
    let i = 0;
    do {
      const n = Math.min(255, asns.length - i);
      buf[p++] = s.type;
      buf[p++] = n;
      for (const stop = i + n; i < stop; i++) {
        const a = asns[i]!;
        if (asSize === 4) {
          buf[p++] = a >>> 24;
          buf[p++] = a >>> 16;
          buf[p++] = a >>> 8;
          buf[p++] = a;
        } else {
          const v = a > 0xffff ? AS_TRANS : a;
          buf[p++] = v >>> 8;
          buf[p++] = v;
        }
      }
    } while (i < asns.length);
    w.pos = p;
  }
}

function isConfed(type: number): boolean {
  return type === AsPathSegmentType.AS_CONFED_SEQUENCE || type === AsPathSegmentType.AS_CONFED_SET;
}

/** RFC 6793 §4.2.2: an AS4_PATH is needed when a non-confederation ASN does not fit 2 octets. */
export function needsAs4Path(segments: readonly AsPathSegment[]): boolean {
  for (const s of segments) {
    if (isConfed(s.type)) continue;
    for (const a of s.asns) if (a > 0xffff) return true;
  }
  return false;
}

/** RFC 6793 §4.2.2: AS4_PATH carries no confederation segments. */
export function as4PathSegments(segments: readonly AsPathSegment[]): AsPathSegment[] {
  return segments.filter((s) => !isConfed(s.type));
}

/** RFC 6793 §4.2.3 path length: a set counts 1, confederation segments 0. */
export function asPathCount(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) {
    if (s.type === AsPathSegmentType.AS_SEQUENCE) n += s.asns.length;
    else if (s.type === AsPathSegmentType.AS_SET) n += 1;
  }
  return n;
}

export function hasConfedSegment(segments: readonly AsPathSegment[]): boolean {
  return segments.some((s) => isConfed(s.type));
}

/**
 * RFC 6793 §4.2.3: keeps the leading ASes of AS_PATH that AS4_PATH does not cover, then appends
 * AS4_PATH. Returns undefined when AS_PATH is shorter than AS4_PATH (AS4_PATH is then ignored).
 */
export function reconcileAs4Path(
  asPath: readonly AsPathSegment[],
  as4Path: readonly AsPathSegment[],
): AsPathSegment[] | undefined {
  let need = asPathCount(asPath) - asPathCount(as4Path);
  if (need < 0) return undefined;
  const out: AsPathSegment[] = [];
  for (const s of asPath) {
    if (need === 0 && !isConfed(s.type)) break;
    if (isConfed(s.type)) {
      out.push(s);
    } else if (s.type === AsPathSegmentType.AS_SET) {
      out.push(s);
      need--;
    } else {
      const take = Math.min(need, s.asns.length);
      out.push({ type: s.type, asns: s.asns.slice(0, take) });
      need -= take;
    }
  }
  for (const s of as4Path) {
    const last = out[out.length - 1];
    // Join a split AS_SEQUENCE back into one segment when it fits.
    if (
      last && last.type === AsPathSegmentType.AS_SEQUENCE &&
      s.type === AsPathSegmentType.AS_SEQUENCE && last.asns.length + s.asns.length <= 255
    ) {
      out[out.length - 1] = { type: last.type, asns: [...last.asns, ...s.asns] };
    } else {
      out.push(s);
    }
  }
  return out;
}
