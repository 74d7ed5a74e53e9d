/** IP addresses, prefixes and "IP:PORT" endpoints: parse, format, validate. */

export type IpFamily = 4 | 6;

/** An address as its network-order bytes (4 or 16). */
export interface IpAddress {
  readonly family: IpFamily;
  readonly bytes: Uint8Array;
}

/** A prefix; host bits beyond `length` are zero. */
export interface IpPrefix {
  readonly family: IpFamily;
  readonly length: number;
  readonly bytes: Uint8Array;
}

export class IpParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IpParseError";
  }
}

/** Parses a dotted-quad IPv4 address into 4 bytes, or returns undefined. */
export function parseIpv4(s: string): Uint8Array | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Parses an IPv6 address (RFC 4291 §2.2 text forms, incl. embedded IPv4) into 16 bytes. */
export function parseIpv6(s: string): Uint8Array | undefined {
  if (s.length === 0 || s.length > 45) return undefined;
  const out = new Uint8Array(16);
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const words: number[] = [];
    const items = part.split(":");
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (i === items.length - 1 && item.includes(".")) {
        const v4 = parseIpv4(item);
        if (!v4) return undefined;
        words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        words.push(parseInt(item, 16));
      }
    }
    return words;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1 && head.length !== 8) return undefined;
  if (halves.length === 2 && head.length + tail.length > 7) return undefined;
  const words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  for (let i = 0; i < 8; i++) {
    out[2 * i] = words[i]! >> 8;
    out[2 * i + 1] = words[i]! & 0xff;
  }
  return out;
}

/** Parses an IPv4 or IPv6 address; throws IpParseError naming the input. */
export function parseIp(s: string): IpAddress {
  const v4 = parseIpv4(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(s);
  if (v6) return { family: 6, bytes: v6 };
  throw new IpParseError(`"${s}" is not an IPv4 or IPv6 address`);
}

export function formatIpv4(b: Uint8Array, off = 0): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** Formats 16 bytes per RFC 5952 (lowercase, longest zero run compressed). */
export function formatIpv6(b: Uint8Array, off = 0): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  // RFC 5952 §5: ::ffff:a.b.c.d for IPv4-mapped addresses.
  if (bestStart === 0 && bestLen === 5 && w[5] === 0xffff) {
    return `::ffff:${formatIpv4(b, off + 12)}`;
  }
  const hex = (ws: number[]) => ws.map((x) => x.toString(16)).join(":");
  if (bestStart < 0) return hex(w);
  return `${hex(w.slice(0, bestStart))}::${hex(w.slice(bestStart + bestLen))}`;
}

export function formatIp(a: IpAddress): string {
  return a.family === 4 ? formatIpv4(a.bytes) : formatIpv6(a.bytes);
}

/** Parses "a.b.c.d/n" or "x::/n". Host bits must be zero unless `allowHostBits`. */
export function parsePrefix(s: string, allowHostBits = false): IpPrefix {
  const slash = s.indexOf("/");
  if (slash < 0) throw new IpParseError(`"${s}" is not a prefix (missing /length)`);
  const addr = parseIp(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  const max = addr.family === 4 ? 32 : 128;
  if (!/^[0-9]{1,3}$/.test(lenText) || Number(lenText) > max) {
    throw new IpParseError(`"${s}": prefix length must be 0..${max}`);
  }
  const length = Number(lenText);
  const bytes = maskBytes(addr.bytes, length);
  if (!allowHostBits && !bytesEqual(bytes, addr.bytes)) {
    throw new IpParseError(
      `"${s}": host bits set; did you mean ${formatPrefix({ ...addr, length, bytes })}?`,
    );
  }
  return { family: addr.family, length, bytes };
}

export function formatPrefix(p: IpPrefix): string {
  return `${p.family === 4 ? formatIpv4(p.bytes) : formatIpv6(p.bytes)}/${p.length}`;
}

/** A copy of `bytes` with every bit past `length` cleared. */
export function maskBytes(bytes: Uint8Array, length: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < out.length; i++) {
    const bit = i * 8;
    if (bit >= length) out[i] = 0;
    else if (bit + 8 > length) out[i]! &= 0xff << (8 - (length - bit));
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A host and port, as in bgpgg's "IP:PORT" / "[v6]:PORT". */
export interface Endpoint {
  readonly address: IpAddress;
  readonly port: number;
}

/** Parses "IP:PORT" or "[IPv6]:PORT"; with `defaultPort`, a bare address is accepted too. */
export function parseEndpoint(s: string, defaultPort?: number): Endpoint {
  let host: string, portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(s);
  if (bracket) {
    host = bracket[1]!;
    portText = bracket[2];
  } else if ((s.match(/:/g) ?? []).length === 1) {
    [host, portText] = s.split(":") as [string, string];
  } else {
    host = s;
  }
  let address: IpAddress;
  try {
    address = parseIp(host);
  } catch {
    throw new IpParseError(`"${s}" is not IP:PORT (address "${host}" is not an IP address)`);
  }
  if (portText === undefined) {
    if (defaultPort === undefined) throw new IpParseError(`"${s}" is not IP:PORT (missing port)`);
    return { address, port: defaultPort };
  }
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new IpParseError(`"${s}": port must be 0..65535`);
  }
  return { address, port: Number(portText) };
}

export function formatEndpoint(e: Endpoint): string {
  const a = formatIp(e.address);
  return e.address.family === 6 ? `[${a}]:${e.port}` : `${a}:${e.port}`;
}
