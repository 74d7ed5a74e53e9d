/**
 * Netlink attributes (struct nlattr / struct rtattr, netlink.h): a 4-byte header
 * {u16 len (header included, padding excluded); u16 type} followed by the payload, padded to 4
 * bytes. The top two type bits are flags (NLA_F_NESTED, NLA_F_NET_BYTEORDER); the kernel does not
 * always set NLA_F_NESTED on nests (IFLA_LINKINFO arrives as plain 18), so parsers mask the type
 * and never require the flag.
 */
import type { ByteWriter } from "../common/byte_writer.ts";
import { align4, NLA_F_NESTED, NLA_TYPE_MASK } from "./constants.ts";
import { NetlinkParseError } from "./nlmsg.ts";

/** One attribute; `payload` is a view (no copy). */
export interface Attr {
  /** Type with the flag bits masked off. */
  readonly type: number;
  readonly nested: boolean;
  readonly payload: Uint8Array;
}

const TEXT_ENCODER = new TextEncoder();
const TEXT_DECODER = new TextDecoder();

/** Writes one attribute with a raw payload. */
export function putAttr(w: ByteWriter, type: number, payload: Uint8Array): void {
  w.u16le(4 + payload.length).u16le(type).bytes(payload);
  const pad = align4(payload.length) - payload.length;
  if (pad > 0) w.zeros(pad);
}

export function putAttrU8(w: ByteWriter, type: number, v: number): void {
  w.u16le(5).u16le(type).u8(v).zeros(3);
}

export function putAttrU16(w: ByteWriter, type: number, v: number): void {
  w.u16le(6).u16le(type).u16le(v).zeros(2);
}

export function putAttrU32(w: ByteWriter, type: number, v: number): void {
  w.u16le(8).u16le(type).u32le(v >>> 0);
}

/** A NUL-terminated string attribute (NLA_NUL_STRING, e.g. IFLA_IFNAME). */
export function putAttrString(w: ByteWriter, type: number, s: string): void {
  const b = TEXT_ENCODER.encode(s);
  const payload = new Uint8Array(b.length + 1);
  payload.set(b);
  putAttr(w, type, payload);
}

/** Starts a nested attribute; returns its offset for endNest. */
export function beginNest(w: ByteWriter, type: number, flagNested = true): number {
  const start = w.length;
  w.u16le(0).u16le(flagNested ? type | NLA_F_NESTED : type);
  return start;
}

/** Back-fills the nest length (children are already aligned). */
export function endNest(w: ByteWriter, start: number): void {
  w.setU16leAt(start, w.length - start);
}

/** Walks the attributes in `bytes`; throws NetlinkParseError on a bad length. */
export function parseAttrs(bytes: Uint8Array): Attr[] {
  const out: Attr[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 0;
  while (off + 4 <= bytes.length) {
    const len = view.getUint16(off, true);
    const raw = view.getUint16(off + 2, true);
    if (len < 4 || off + len > bytes.length) {
      throw new NetlinkParseError(
        `attribute type ${
          raw & NLA_TYPE_MASK
        } length ${len} at offset ${off} overruns ${bytes.length} bytes`,
      );
    }
    out.push({
      type: raw & NLA_TYPE_MASK,
      nested: (raw & NLA_F_NESTED) !== 0,
      payload: bytes.subarray(off + 4, off + len),
    });
    off += align4(len);
  }
  return out;
}

/** First attribute of `type`, if any. */
export function findAttr(attrs: readonly Attr[], type: number): Attr | undefined {
  for (const a of attrs) if (a.type === type) return a;
  return undefined;
}

function need(a: Attr, n: number, what: string): DataView {
  if (a.payload.length < n) {
    throw new NetlinkParseError(`attribute ${a.type} (${what}) has ${a.payload.length} bytes`);
  }
  return new DataView(a.payload.buffer, a.payload.byteOffset, a.payload.byteLength);
}

export function attrU8(a: Attr): number {
  return need(a, 1, "u8").getUint8(0);
}

export function attrU16(a: Attr): number {
  return need(a, 2, "u16").getUint16(0, true);
}

export function attrU32(a: Attr): number {
  return need(a, 4, "u32").getUint32(0, true);
}

/** A string attribute up to its first NUL (or the whole payload). */
export function attrString(a: Attr): string {
  const nul = a.payload.indexOf(0);
  return TEXT_DECODER.decode(nul < 0 ? a.payload : a.payload.subarray(0, nul));
}
