/**
 * A tiny, independent BGP message builder and reader for scripted test peers. It is written
 * apart from src/wire on purpose: tests of the speaker should not trust the codec under test to
 * produce the bytes they send, and bad OPENs need hand-made bytes anyway.
 */

export const MSG = { OPEN: 1, UPDATE: 2, NOTIFICATION: 3, KEEPALIVE: 4, ROUTE_REFRESH: 5 } as const;

/** A whole message: 16 x 0xff marker, length, type, body (RFC 4271 §4.1). */
export function message(type: number, body: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(19 + body.length);
  out.fill(0xff, 0, 16);
  new DataView(out.buffer).setUint16(16, out.length);
  out[18] = type;
  out.set(body, 19);
  return out;
}

export function keepalive(): Uint8Array {
  return message(MSG.KEEPALIVE);
}

export function notification(code: number, subcode: number, data = new Uint8Array()): Uint8Array {
  return message(MSG.NOTIFICATION, concat([new Uint8Array([code, subcode]), data]));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function u16(n: number): Uint8Array {
  return new Uint8Array([n >> 8 & 0xff, n & 0xff]);
}
function u32(n: number): Uint8Array {
  return new Uint8Array([n >>> 24 & 0xff, n >>> 16 & 0xff, n >>> 8 & 0xff, n & 0xff]);
}

export function ipv4(text: string): Uint8Array {
  return new Uint8Array(text.split(".").map(Number));
}

/** One capability TLV (RFC 5492 §4). */
export function capability(code: number, value: Uint8Array = new Uint8Array()): Uint8Array {
  return concat([new Uint8Array([code, value.length]), value]);
}

export const CAP = {
  /** RFC 4760 multiprotocol: AFI, reserved, SAFI. */
  mp: (afi: number, safi: number) => capability(1, concat([u16(afi), new Uint8Array([0, safi])])),
  routeRefresh: () => capability(2),
  /** RFC 6793 4-octet AS. */
  as4: (asn: number) => capability(65, u32(asn)),
} as const;

export interface OpenOptions {
  readonly version?: number;
  readonly asn: number;
  readonly holdTime?: number;
  readonly bgpId: string;
  /** Capability TLVs; default: IPv4 + IPv6 unicast, route refresh, 4-octet AS. */
  readonly capabilities?: readonly Uint8Array[];
  /** Extra raw optional parameters (type, value). */
  readonly otherParameters?: readonly [number, Uint8Array][];
}

/** An OPEN (RFC 4271 §4.2); AS_TRANS in My AS when the AS needs 4 octets. */
export function open(o: OpenOptions): Uint8Array {
  const caps = o.capabilities ??
    [CAP.mp(1, 1), CAP.mp(2, 1), CAP.routeRefresh(), CAP.as4(o.asn)];
  const params: Uint8Array[] = [];
  if (caps.length > 0) {
    const v = concat(caps);
    params.push(concat([new Uint8Array([2, v.length]), v]));
  }
  for (const [t, v] of o.otherParameters ?? []) {
    params.push(concat([new Uint8Array([t, v.length]), v]));
  }
  const p = concat(params);
  return message(
    MSG.OPEN,
    concat([
      new Uint8Array([o.version ?? 4]),
      u16(o.asn > 0xffff ? 23456 : o.asn),
      u16(o.holdTime ?? 90),
      ipv4(o.bgpId),
      new Uint8Array([p.length]),
      p,
    ]),
  );
}

function prefixBytes(prefix: string): Uint8Array {
  const [addr, len] = prefix.split("/") as [string, string];
  const n = Number(len);
  return concat([new Uint8Array([n]), ipv4(addr).subarray(0, Math.ceil(n / 8))]);
}

export interface Ipv4UpdateOptions {
  readonly nlri?: readonly string[];
  readonly withdrawn?: readonly string[];
  /** AS_SEQUENCE, 4-octet ASNs. */
  readonly asPath?: readonly number[];
  readonly nextHop?: string;
}

/** An IPv4 unicast UPDATE with ORIGIN IGP, AS_PATH (4-octet) and NEXT_HOP when NLRI are given. */
export function ipv4Update(o: Ipv4UpdateOptions): Uint8Array {
  const withdrawn = concat((o.withdrawn ?? []).map(prefixBytes));
  const nlri = concat((o.nlri ?? []).map(prefixBytes));
  let attrs: Uint8Array = new Uint8Array();
  if (nlri.length > 0) {
    const path = o.asPath ?? [];
    const seg = path.length > 0
      ? concat([new Uint8Array([2, path.length]), ...path.map(u32)])
      : new Uint8Array();
    attrs = concat([
      new Uint8Array([0x40, 1, 1, 0]), // ORIGIN IGP
      new Uint8Array([0x40, 2, seg.length]),
      seg,
      new Uint8Array([0x40, 3, 4]),
      ipv4(o.nextHop ?? "192.0.2.1"),
    ]);
  }
  return message(
    MSG.UPDATE,
    concat([u16(withdrawn.length), withdrawn, u16(attrs.length), attrs, nlri]),
  );
}

/** A received message, split but not interpreted beyond the header. */
export interface RawMessage {
  readonly type: number;
  readonly body: Uint8Array;
}

/** NOTIFICATION code, subcode and data of `m`. */
export function parseNotification(
  m: RawMessage,
): { code: number; subcode: number; data: Uint8Array } {
  return { code: m.body[0]!, subcode: m.body[1]!, data: m.body.subarray(2) };
}

/** The fixed OPEN fields of `m` (capabilities left as bytes). */
export function parseOpen(
  m: RawMessage,
): { version: number; myAs: number; holdTime: number; bgpId: string; params: Uint8Array } {
  const b = m.body;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    version: b[0]!,
    myAs: dv.getUint16(1),
    holdTime: dv.getUint16(3),
    bgpId: `${b[5]}.${b[6]}.${b[7]}.${b[8]}`,
    params: b.subarray(10, 10 + b[9]!),
  };
}

/** Splits a byte stream into messages (accumulates partial input). */
export class MessageSplitter {
  #buf: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): RawMessage[] {
    this.#buf = this.#buf.length === 0 ? chunk.slice() : concat([this.#buf, chunk]);
    const out: RawMessage[] = [];
    while (this.#buf.length >= 19) {
      const len = (this.#buf[16]! << 8) | this.#buf[17]!;
      if (len < 19) throw new Error(`bad BGP length ${len}`);
      if (this.#buf.length < len) break;
      out.push({ type: this.#buf[18]!, body: this.#buf.slice(19, len) });
      this.#buf = this.#buf.subarray(len);
    }
    return out;
  }
}
