/**
 * AS_PATH facts the decision process and propagation need (RFC 4271 §9.1.2.2, RFC 5065 §5.3),
 * and the path text that AS-path regular expressions match.
 */
import { type AsPathSegment, AsPathSegmentType } from "../wire/types.ts";

type Segments = readonly AsPathSegment[] | undefined;

/**
 * RFC 4271 §9.1.2.2 a: an AS_SET counts as 1 whatever its size; RFC 5065 §5.3: confederation
 * segments do not count.
 */
export function asPathLength(path: Segments): number {
  if (path === undefined) return 0;
  let n = 0;
  for (let i = 0; i < path.length; i++) {
    const s = path[i]!;
    if (s.type === AsPathSegmentType.AS_SEQUENCE) n += s.asns.length;
    else if (s.type === AsPathSegmentType.AS_SET) n += 1;
  }
  return n;
}

/**
 * The neighbouring AS for MED comparison (RFC 4271 §9.1.2.2 c): the first AS of the first
 * AS_SEQUENCE, skipping confederation segments; 0 when the path starts with an AS_SET or is empty
 * (a route originated in the local AS).
 */
export function neighborAs(path: Segments): number {
  if (path === undefined) return 0;
  for (let i = 0; i < path.length; i++) {
    const s = path[i]!;
    if (s.type === AsPathSegmentType.AS_SEQUENCE) return s.asns[0] ?? 0;
    if (s.type === AsPathSegmentType.AS_SET) return 0;
  }
  return 0;
}

/** The leftmost AS when the path starts with an AS_SEQUENCE (RFC 4271 §6.3 first-AS check). */
export function firstAs(path: Segments): number | undefined {
  const s = path?.[0];
  if (s === undefined || s.type !== AsPathSegmentType.AS_SEQUENCE) return undefined;
  return s.asns[0];
}

/** Whether the path holds any AS outside the local AS or confederation. */
export function hasExternalAs(path: Segments): boolean {
  if (path === undefined) return false;
  for (let i = 0; i < path.length; i++) {
    const t = path[i]!.type;
    if (t === AsPathSegmentType.AS_SEQUENCE || t === AsPathSegmentType.AS_SET) return true;
  }
  return false;
}

/** How many times `asn` appears anywhere in the path (RFC 4271 §9.1.2 loop detection). */
export function countAs(path: Segments, asn: number): number {
  if (path === undefined) return 0;
  let n = 0;
  for (let i = 0; i < path.length; i++) {
    const asns = path[i]!.asns;
    for (let j = 0; j < asns.length; j++) if (asns[j] === asn) n++;
  }
  return n;
}

/**
 * RFC 4271 §5.1.2: prepends `asn` `times` times, into the leading AS_SEQUENCE when there is one
 * (a sequence holds at most 255 ASNs on the wire; the encoder splits longer ones).
 */
export function prependAs(path: Segments, asn: number, times = 1): AsPathSegment[] {
  const add = new Array<number>(times).fill(asn);
  const first = path?.[0];
  if (first !== undefined && first.type === AsPathSegmentType.AS_SEQUENCE) {
    const out: AsPathSegment[] = [{
      type: AsPathSegmentType.AS_SEQUENCE,
      asns: add.concat(first.asns),
    }];
    for (let i = 1; i < path!.length; i++) out.push(path![i]!);
    return out;
  }
  const out: AsPathSegment[] = [{ type: AsPathSegmentType.AS_SEQUENCE, asns: add }];
  if (path !== undefined) { for (let i = 0; i < path.length; i++) out.push(path[i]!); }
  return out;
}

/**
 * The path as text, as AS-path regular expressions see it (GoBGP's format):
 * "65001 65002 {65003,65004}", confederation sequences "(65010 65011)", confederation sets
 * "[65012,65013]". An empty path is "".
 */
export function formatAsPath(path: Segments): string {
  if (path === undefined) return "";
  const parts: string[] = [];
  for (const s of path) {
    switch (s.type) {
      case AsPathSegmentType.AS_SEQUENCE:
        parts.push(s.asns.join(" "));
        break;
      case AsPathSegmentType.AS_SET:
        parts.push(`{${s.asns.join(",")}}`);
        break;
      case AsPathSegmentType.AS_CONFED_SEQUENCE:
        parts.push(`(${s.asns.join(" ")})`);
        break;
      case AsPathSegmentType.AS_CONFED_SET:
        parts.push(`[${s.asns.join(",")}]`);
        break;
    }
  }
  return parts.join(" ");
}
