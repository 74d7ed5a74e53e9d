/**
 * Community values as config text: parsed at load time and normalised, so the rest of the
 * program sees one spelling per value (RFC 1997 standard, RFC 8092 large, RFC 4360 extended).
 */
import { parseIpv4 } from "../common/ip.ts";

/** A value that does not parse; the message says what was expected. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueError";
  }
}

/** Well-known communities by name (RFC 1997, 3765, 7611, 7999, 8326, 9494). */
export const WELL_KNOWN_COMMUNITIES = {
  GRACEFUL_SHUTDOWN: 0xffff0000, // RFC 8326
  ACCEPT_OWN: 0xffff0001, // RFC 7611
  LLGR_STALE: 0xffff0006, // RFC 9494
  NO_LLGR: 0xffff0007, // RFC 9494
  BLACKHOLE: 0xffff029a, // RFC 7999
  NO_EXPORT: 0xffffff01, // RFC 1997
  NO_ADVERTISE: 0xffffff02, // RFC 1997
  NO_EXPORT_SUBCONFED: 0xffffff03, // RFC 1997
  NO_PEER: 0xffffff04, // RFC 3765
} as const;

const NAMES = Object.keys(WELL_KNOWN_COMMUNITIES).join(", ");

export const COMMUNITY_FORMS = `"AS:VAL" (each 0..65535), a 32-bit decimal, or a name (${NAMES})`;
export const LARGE_COMMUNITY_FORMS = `"GA:LD1:LD2" (each 0..4294967295)`;
export const EXT_COMMUNITY_FORMS =
  `rt:AS:N, ro:AS:N, rt:IPv4:N, ro:IPv4:N, color:N, encapsulation:N, ` +
  `router-mac:aa:bb:cc:dd:ee:ff, lb:AS:BYTES_PER_SEC, rpki:valid|not-found|invalid, 0x + 16 hex digits`;

/** Parses a standard community into its 32-bit value, or returns undefined. */
export function communityValue(s: string): number | undefined {
  const name = s.toUpperCase().replace(/-/g, "_");
  if (Object.hasOwn(WELL_KNOWN_COMMUNITIES, name)) {
    return WELL_KNOWN_COMMUNITIES[name as keyof typeof WELL_KNOWN_COMMUNITIES];
  }
  const pair = /^([0-9]{1,5}):([0-9]{1,5})$/.exec(s);
  if (pair) {
    const [hi, lo] = [Number(pair[1]), Number(pair[2])];
    return hi <= 0xffff && lo <= 0xffff ? hi * 0x10000 + lo : undefined;
  }
  if (/^[0-9]{1,10}$/.test(s) && Number(s) <= 0xffffffff) return Number(s);
  return undefined;
}

/** The canonical text of a 32-bit community: its well-known name, else "AS:VAL". */
export function formatCommunity(v: number): string {
  for (const [name, value] of Object.entries(WELL_KNOWN_COMMUNITIES)) if (value === v) return name;
  return `${Math.floor(v / 0x10000)}:${v % 0x10000}`;
}

/** Normalises a standard community; throws ValueError. */
export function parseCommunity(s: string): string {
  const v = communityValue(s);
  if (v === undefined) {
    throw new ValueError(`${JSON.stringify(s)} is not a community; allowed: ${COMMUNITY_FORMS}`);
  }
  return formatCommunity(v);
}

/** Normalises a large community "GA:LD1:LD2" (RFC 8092 §3); throws ValueError. */
export function parseLargeCommunity(s: string): string {
  const m = /^([0-9]{1,10}):([0-9]{1,10}):([0-9]{1,10})$/.exec(s);
  const parts = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
  if (!m || parts.some((p) => p > 0xffffffff)) {
    throw new ValueError(
      `${JSON.stringify(s)} is not a large community; allowed: ${LARGE_COMMUNITY_FORMS}`,
    );
  }
  return parts.join(":");
}

/** Normalises an extended community (RFC 4360 §3-5, RFC 5668, RFC 8097, RFC 9012). */
export function parseExtCommunity(s: string): string {
  const fail = (why?: string): never => {
    throw new ValueError(
      `${JSON.stringify(s)} is not an extended community${
        why ? ` (${why})` : ""
      }; allowed: ${EXT_COMMUNITY_FORMS}`,
    );
  };
  const lower = s.toLowerCase();
  const raw = /^0x([0-9a-f]{16})$/.exec(lower);
  if (raw) return `0x${raw[1]}`;
  const colon = lower.indexOf(":");
  if (colon < 0) return fail();
  const kind = lower.slice(0, colon);
  const rest = lower.slice(colon + 1);
  const u = (t: string, max: number, what: string): number => {
    if (!/^[0-9]{1,10}$/.test(t) || Number(t) > max) return fail(`${what} must be 0..${max}`);
    return Number(t);
  };
  switch (kind) {
    case "rt":
    case "ro":
    case "soo": {
      const name = kind === "soo" ? "ro" : kind;
      const cut = rest.lastIndexOf(":");
      if (cut < 0) return fail();
      const admin = rest.slice(0, cut), local = rest.slice(cut + 1);
      if (parseIpv4(admin)) {
        // RFC 4360 §4: IPv4-address-specific, 2-octet local administrator.
        return `${name}:${admin}:${u(local, 0xffff, "the local part after an IPv4 address")}`;
      }
      const as = u(admin, 0xffffffff, "the AS");
      // RFC 5668 §2: a 4-octet AS leaves 2 octets for the local administrator.
      const n = as > 0xffff
        ? u(local, 0xffff, "the local part after a 4-octet AS")
        : u(local, 0xffffffff, "the local part");
      return `${name}:${as}:${n}`;
    }
    case "color":
      return `color:${u(rest, 0xffffffff, "the color")}`;
    case "encapsulation":
      return `encapsulation:${u(rest, 0xffff, "the tunnel type")}`;
    case "router-mac": {
      if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(rest)) return fail("expected 6 hex octets");
      return `router-mac:${rest}`;
    }
    case "lb": {
      const m = /^([0-9]{1,5}):([0-9]+(\.[0-9]+)?)$/.exec(rest);
      if (!m || Number(m[1]) > 0xffff) return fail("expected lb:AS:BYTES_PER_SEC, AS 0..65535");
      return `lb:${Number(m[1])}:${Number(m[2])}`;
    }
    case "rpki":
      if (rest !== "valid" && rest !== "not-found" && rest !== "invalid") return fail();
      return `rpki:${rest}`;
    default:
      return fail();
  }
}

/** Characters that mark a set member as a regular expression rather than a value. */
const REGEX_CHARS = /[\^$.*+?()[\]{}|\\]/;

/**
 * A community-set member: a value (normalised) or, when it contains regex syntax, a regular
 * expression matched against the "AS:VAL" text (GoBGP style), compiled here to catch errors.
 */
export function parseSetMember(s: string, parse: (s: string) => string): string {
  try {
    return parse(s);
  } catch (e) {
    if (!REGEX_CHARS.test(s)) throw e;
    compileRegex(s);
    return s;
  }
}

/** Compiles a regular expression; throws ValueError with the engine's reason. */
export function compileRegex(s: string): RegExp {
  try {
    return new RegExp(s);
  } catch (e) {
    // V8: "Invalid regular expression: /src/flags: Reason" -> "reason".
    const why = e instanceof Error ? e.message.replace(/^[^]*\/: /, "").toLowerCase() : "";
    throw new ValueError(`${JSON.stringify(s)} is not a valid regular expression: ${why}`);
  }
}
