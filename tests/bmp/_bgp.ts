/**
 * Builds the few BGP PDUs the BMP tests need (OPEN, UPDATE, NOTIFICATION), so BMP tests do not
 * depend on the wire codec. RFC 4271 §4, RFC 4760 (MP_REACH/MP_UNREACH), RFC 6793 (AS4).
 */
import { ByteWriter } from "../../src/common/byte_writer.ts";
import { parseIp, parsePrefix } from "../../src/common/ip.ts";

function header(w: ByteWriter, type: number): number {
  for (let i = 0; i < 16; i++) w.u8(0xff);
  const at = w.reserve(2);
  w.u8(type);
  return at;
}

export interface OpenSpec {
  readonly asn: number;
  readonly bgpId: string;
  readonly holdTime?: number;
  /** Default: IPv4 and IPv6 unicast. */
  readonly families?: readonly [number, number][];
  /** Default true: send the RFC 6793 capability. */
  readonly fourOctetAs?: boolean;
}

export function openPdu(spec: OpenSpec): Uint8Array {
  const w = new ByteWriter();
  const lengthAt = header(w, 1);
  w.u8(4).u16(spec.asn > 0xffff ? 23456 : spec.asn).u16(spec.holdTime ?? 90);
  w.bytes(parseIp(spec.bgpId).bytes);
  const caps = new ByteWriter();
  for (const [afi, safi] of spec.families ?? [[1, 1], [2, 1]]) {
    caps.u8(1).u8(4).u16(afi).u8(0).u8(safi);
  }
  caps.u8(2).u8(0); // route refresh
  if (spec.fourOctetAs ?? true) caps.u8(65).u8(4).u32(spec.asn);
  const c = caps.finish();
  w.u8(c.length + 2).u8(2).u8(c.length).bytes(c);
  w.setU16At(lengthAt, w.length);
  return w.finish();
}

export interface UpdateSpec {
  readonly announce?: readonly string[];
  readonly withdraw?: readonly string[];
  readonly asPath?: readonly number[];
  readonly nextHop?: string;
  /** Default true: 4-octet AS_PATH (RFC 6793). */
  readonly fourOctetAs?: boolean;
}

function writePrefix(w: ByteWriter, text: string): void {
  const p = parsePrefix(text);
  w.u8(p.length).bytes(p.bytes.subarray(0, Math.ceil(p.length / 8)));
}

/** An UPDATE of one family (taken from the first prefix): IPv4 in the body, IPv6 in MP_*. */
export function updatePdu(spec: UpdateSpec): Uint8Array {
  const announce = spec.announce ?? [];
  const withdraw = spec.withdraw ?? [];
  const first = announce[0] ?? withdraw[0] ?? "0.0.0.0/0";
  const v6 = first.includes(":");
  const four = spec.fourOctetAs ?? true;
  const w = new ByteWriter();
  const lengthAt = header(w, 2);
  const wd = new ByteWriter();
  if (!v6) { for (const p of withdraw) writePrefix(wd, p); }
  w.u16(wd.length).bytes(wd.finish());
  const attrs = new ByteWriter();
  if (v6 && withdraw.length > 0) {
    const v = new ByteWriter();
    v.u16(2).u8(1);
    for (const p of withdraw) writePrefix(v, p);
    attrs.u8(0x90).u8(15).u16(v.length).bytes(v.finish());
  }
  if (announce.length > 0) {
    attrs.u8(0x40).u8(1).u8(1).u8(0); // ORIGIN IGP
    const path = spec.asPath ?? [65001];
    attrs.u8(0x40).u8(2).u8(2 + path.length * (four ? 4 : 2)).u8(2).u8(path.length);
    for (const a of path) four ? attrs.u32(a) : attrs.u16(a);
    if (v6) {
      const nh = parseIp(spec.nextHop ?? "2001:db8::1").bytes;
      const v = new ByteWriter();
      v.u16(2).u8(1).u8(16).bytes(nh).u8(0);
      for (const p of announce) writePrefix(v, p);
      attrs.u8(0x90).u8(14).u16(v.length).bytes(v.finish());
    } else {
      attrs.u8(0x40).u8(3).u8(4).bytes(parseIp(spec.nextHop ?? "192.0.2.1").bytes);
    }
  }
  w.u16(attrs.length).bytes(attrs.finish());
  if (!v6) { for (const p of announce) writePrefix(w, p); }
  w.setU16At(lengthAt, w.length);
  return w.finish();
}

export function notificationPdu(code: number, subcode: number, data: number[] = []): Uint8Array {
  const w = new ByteWriter();
  const lengthAt = header(w, 3);
  w.u8(code).u8(subcode).bytes(new Uint8Array(data));
  w.setU16At(lengthAt, w.length);
  return w.finish();
}
