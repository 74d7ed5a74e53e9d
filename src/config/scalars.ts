/** Readers for the config's own value types, shared by the YAML and TOML schemas. */
import {
  type Endpoint,
  formatIp,
  formatIpv4,
  type IpAddress,
  IpParseError,
  type IpPrefix,
  parseEndpoint,
  parseIp,
  parseIpv4,
  parsePrefix,
} from "../common/ip.ts";
import { ValueError } from "./communities.ts";
import { type Reader, readInt, readList, readParsed } from "./reader.ts";
import { type LNode, shown } from "./tree.ts";
import { ASN_FORMS, parseAsn, parseSessionAsn } from "./values.ts";

/** An AS number: a number, or asplain/asdot text. `session` also refuses AS_TRANS. */
export function readAsn(r: Reader, node: LNode, path: string, session = true): number | undefined {
  const v = node.type === "scalar" && !node.date ? node.value : undefined;
  if (typeof v !== "number" && typeof v !== "string" && typeof v !== "bigint") {
    r.fail(node.at, path, `${shown(node)} is not an AS number; allowed: ${ASN_FORMS}`);
    return undefined;
  }
  const text = typeof v === "bigint" ? v.toString() : v;
  try {
    return session ? parseSessionAsn(text) : parseAsn(text);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    r.fail(node.at, path, e.message);
    return undefined;
  }
}

/** RFC 6286 §2.1: the BGP Identifier is a non-zero 32-bit value, written as a dotted quad. */
export function parseRouterId(s: string): string {
  const b = parseIpv4(s);
  if (!b) throw new ValueError(`${JSON.stringify(s)} is not a dotted-quad IPv4 address`);
  if (b.every((x) => x === 0)) {
    throw new ValueError(`"0.0.0.0" is not a usable BGP identifier (RFC 6286 §2.1: non-zero)`);
  }
  return formatIpv4(b);
}

export function readRouterId(r: Reader, node: LNode, path: string): string | undefined {
  return readParsed(r, node, path, parseRouterId, "a dotted-quad IPv4 address");
}

export function readIp(r: Reader, node: LNode, path: string): IpAddress | undefined {
  return readParsed(r, node, path, parseIp, "an IP address");
}

/** "IP:PORT" or "[v6]:PORT"; with `defaultPort` a bare address is accepted too. */
export function readEndpoint(
  r: Reader,
  node: LNode,
  path: string,
  defaultPort?: number,
): Endpoint | undefined {
  return readParsed(r, node, path, (s) => parseEndpoint(s, defaultPort), `"IP:PORT"`);
}

export function readPrefix(r: Reader, node: LNode, path: string): IpPrefix | undefined {
  return readParsed(r, node, path, (s) => parsePrefix(s), "a prefix");
}

/** A neighbor-set member: an address (a host prefix) or a prefix. */
export function parseNeighbor(s: string): IpPrefix {
  if (s.includes("/")) return parsePrefix(s);
  try {
    const a = parseIp(s);
    return { family: a.family, length: a.family === 4 ? 32 : 128, bytes: a.bytes };
  } catch {
    throw new IpParseError(`${JSON.stringify(s)} is not an IP address or prefix`);
  }
}

/** A policy or set name: non-empty printable text without surrounding spaces. */
export function parseName(s: string): string {
  if (s === "" || s.trim() !== s || [...s].some((c) => c < " ")) {
    throw new ValueError(`${JSON.stringify(s)} is not a name (non-empty, no control characters)`);
  }
  return s;
}

export function readName(r: Reader, node: LNode, path: string): string | undefined {
  return readParsed(r, node, path, parseName, "a name");
}

export function readNames(r: Reader, node: LNode, path: string): string[] | undefined {
  return readList(r, node, path, parseName, "a name");
}

/** RFC 4271 §4.2: a hold time is 0 or at least 3 seconds. */
export function readHoldTime(r: Reader, node: LNode, path: string): number | undefined {
  const v = readInt(r, node, path, 0, 65535, "0 or 3..65535");
  if (v === 1 || v === 2) {
    r.fail(node.at, path, `${v} is out of range; allowed: 0 or 3..65535 (RFC 4271 §4.2)`);
    return undefined;
  }
  return v;
}

/** Seconds for a timer that must run (connect retry): 1..65535. */
export function readSeconds(r: Reader, node: LNode, path: string, min = 0): number | undefined {
  return readInt(r, node, path, min, 65535);
}

/** Text for an address in messages and keys. */
export function ipText(a: IpAddress): string {
  return formatIp(a);
}
