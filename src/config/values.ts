/** Scalar value syntaxes of the config: AS numbers, mask-length ranges, interface globs. */
import { ValueError } from "./communities.ts";

export const ASN_FORMS = `1..4294967295, or asdot like "1.10"`;

/** RFC 6793 §9: AS_TRANS stands in for a 4-octet AS; it is never a speaker's own AS. */
export const AS_TRANS = 23456;

/** Parses an AS number written as a number, asplain text or asdot (RFC 5396) text. */
export function parseAsn(v: string | number): number {
  const fail = (): never => {
    throw new ValueError(`${JSON.stringify(v)} is not an AS number; allowed: ${ASN_FORMS}`);
  };
  let n: number;
  if (typeof v === "number") {
    n = v;
  } else if (/^[0-9]{1,10}$/.test(v)) {
    n = Number(v);
  } else {
    // RFC 5396 §1: asdot is "high.low", each 0..65535.
    const m = /^([0-9]{1,5})\.([0-9]{1,5})$/.exec(v);
    if (!m || Number(m[1]) > 0xffff || Number(m[2]) > 0xffff) return fail();
    n = Number(m[1]) * 0x10000 + Number(m[2]);
  }
  if (!Number.isInteger(n) || n < 1 || n > 0xffffffff) return fail();
  return n;
}

/** Parses a session AS (local or expected remote): also refuses AS_TRANS. */
export function parseSessionAsn(v: string | number): number {
  const n = parseAsn(v);
  if (n === AS_TRANS) {
    throw new ValueError(`23456 is AS_TRANS (RFC 6793), not a usable AS; allowed: ${ASN_FORMS}`);
  }
  return n;
}

/**
 * A prefix-set mask-length range for a prefix of `len` bits in a family of `max` bits:
 * "exact", "A..B", "A.." (A..max) or "..B" (len..B) (bgpgg), also "A" alone.
 */
export function parseMaskRange(s: string, len: number, max: number): [number, number] {
  const fail = (why: string): never => {
    throw new ValueError(
      `${JSON.stringify(s)} is not a mask-length range (${why}); allowed: "exact", "A..B", ` +
        `"A..", "..B" with ${len} <= A <= B <= ${max}`,
    );
  };
  if (s === "exact") return [len, len];
  const m = /^([0-9]{0,3})(?:\.\.([0-9]{0,3}))?$/.exec(s);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return fail("bad syntax");
  const lo = m[1] === "" ? len : Number(m[1]);
  const hi = m[2] === undefined ? lo : m[2] === "" ? max : Number(m[2]);
  if (lo < len) return fail(`A is shorter than the prefix length ${len}`);
  if (hi > max) return fail(`B is longer than ${max}`);
  if (lo > hi) return fail("A > B");
  return [lo, hi];
}

/** Linux IFNAMSIZ is 16 including the NUL: names have at most 15 characters. */
export const IFNAME_MAX = 15;

/**
 * Validates a shell-style interface glob (`*`, `?`, `[abc]`, `[a-z]`, `[!x]`) so a typo fails at
 * load, not at match time.
 */
export function validateGlob(s: string): string {
  const fail = (why: string): never => {
    throw new ValueError(`${JSON.stringify(s)} is not an interface name or glob: ${why}`);
  };
  if (s.length === 0) return fail("empty");
  if (s.length > 64) return fail("longer than 64 characters");
  if (/[\s/:]/.test(s)) return fail("interface names have no spaces, '/' or ':'");
  let literal = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "[") {
      const close = s.indexOf("]", s[i + 1] === "!" || s[i + 1] === "^" ? i + 3 : i + 2);
      if (close < 0) return fail(`'[' at position ${i + 1} is never closed`);
      const body = s.slice(i + 1, close).replace(/^[!^]/, "");
      for (const r of body.matchAll(/(.)-(.)/g)) {
        if (r[1]! > r[2]!) return fail(`range ${r[1]}-${r[2]} is reversed`);
      }
      i = close;
      literal++;
    } else if (c === "]") {
      return fail(`']' at position ${i + 1} has no '['`);
    } else if (c === "\\") {
      if (i + 1 >= s.length) return fail("ends with a lone '\\'");
      i++;
      literal++;
    } else if (c !== "*") {
      literal++;
    }
  }
  if (literal > IFNAME_MAX) return fail(`matches only names longer than ${IFNAME_MAX} characters`);
  return s;
}

/** A Linux VRF (or interface) name. */
export function validateIfName(s: string): string {
  if (s.length > IFNAME_MAX || /[\s/:*?[\]]/.test(s) || s === "." || s === "..") {
    throw new ValueError(
      `${JSON.stringify(s)} is not an interface name; allowed: up to ${IFNAME_MAX} characters, ` +
        `no spaces, '/', ':' or glob characters`,
    );
  }
  return s;
}
