/**
 * Compact prefix keys: the RIB and codec never allocate an object per prefix.
 * IPv4: a number, address * 64 + length (< 2^38, exact in a double).
 * IPv6: a string of 32 hex digits, "/" and the length (e.g. "20010db8000000000000000000000000/32").
 */
import { formatIpv4, formatIpv6, type IpPrefix, parsePrefix } from "./ip.ts";

export type PrefixKey = number | string;

export function ipv4Key(address: number, length: number): number {
  return address * 64 + length;
}

export function isIpv4Key(k: PrefixKey): k is number {
  return typeof k === "number";
}

export function ipv4KeyAddress(k: number): number {
  return Math.floor(k / 64);
}

export function ipv4KeyLength(k: number): number {
  return k % 64;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Key of an IPv6 prefix from its (already masked) address bytes at `off`. */
export function ipv6Key(bytes: Uint8Array, off: number, length: number): string {
  let s = "";
  for (let i = 0; i < 16; i++) s += HEX[bytes[off + i]!];
  return `${s}/${length}`;
}

/** Address bytes (4 or 16) and length of a key. */
export function keyToPrefix(k: PrefixKey): IpPrefix {
  if (typeof k === "number") {
    const a = ipv4KeyAddress(k);
    const bytes = new Uint8Array([a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff]);
    return { family: 4, length: ipv4KeyLength(k), bytes };
  }
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(k.slice(2 * i, 2 * i + 2), 16);
  return { family: 6, length: Number(k.slice(33)), bytes };
}

export function prefixToKey(p: IpPrefix): PrefixKey {
  if (p.family === 4) {
    const b = p.bytes;
    return ipv4Key(((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!, p.length);
  }
  return ipv6Key(p.bytes, 0, p.length);
}

/** "10.0.0.0/8" / "2001:db8::/32". */
export function formatKey(k: PrefixKey): string {
  const p = keyToPrefix(k);
  return `${p.family === 4 ? formatIpv4(p.bytes) : formatIpv6(p.bytes)}/${p.length}`;
}

/** Parses "a.b.c.d/n" or "x::/n" into a key; throws IpParseError. */
export function parseKey(s: string): PrefixKey {
  return prefixToKey(parsePrefix(s));
}
