/**
 * RFC 7854 §4.2 per-peer header (42 bytes), with RFC 8671's O flag and RFC 9069's peer type 3:
 *
 *  | Peer Type (1) | Peer Flags (1) | Peer Distinguisher (8) | Peer Address (16) |
 *  | Peer AS (4) | Peer BGP ID (4) | Timestamp seconds (4) | Timestamp microseconds (4) |
 */
import type { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import type { IpAddress } from "../common/ip.ts";
import { PeerFlag, PeerType } from "./constants.ts";
import { BmpEncodeError } from "./errors.ts";
import type { PerPeerHeader } from "./types.ts";

const U32_MAX = 0xffff_ffff;
const U64_MAX = (1n << 64n) - 1n;

/** The per-peer flags on the wire: for peer types 0-2, V follows the address family. */
export function wireFlags(h: PerPeerHeader): number {
  if (h.peerType === PeerType.LOC_RIB_INSTANCE) return h.flags & 0xff;
  // RFC 7854 §4.2: V = 1 for an IPv6 peer address, 0 for IPv4.
  return (h.flags & ~PeerFlag.V & 0xff) | (h.address.family === 6 ? PeerFlag.V : 0);
}

export function encodePerPeerHeader(w: ByteWriter, h: PerPeerHeader): void {
  checkPerPeerHeader(h);
  w.u8(h.peerType).u8(wireFlags(h)).u64(h.distinguisher);
  encodeAddress16(w, h.address);
  w.u32(h.asn).u32(h.bgpId).u32(h.timestampSeconds).u32(h.timestampMicros);
}

/** Throws BmpEncodeError when a field does not fit its wire size. */
export function checkPerPeerHeader(h: PerPeerHeader): void {
  checkUint("peer type", h.peerType, 0xff);
  checkUint("peer AS", h.asn, U32_MAX);
  checkUint("peer BGP ID", h.bgpId, U32_MAX);
  checkUint("timestamp seconds", h.timestampSeconds, U32_MAX);
  checkUint("timestamp microseconds", h.timestampMicros, 999_999);
  if (h.distinguisher < 0n || h.distinguisher > U64_MAX) {
    throw new BmpEncodeError(`peer distinguisher ${h.distinguisher} is not a 64-bit value`);
  }
  const size = h.address.family === 4 ? 4 : 16;
  if (h.address.bytes.length !== size) {
    throw new BmpEncodeError(`an IPv${h.address.family} address needs ${size} bytes`);
  }
}

export function decodePerPeerHeader(r: ByteReader): PerPeerHeader {
  const peerType = r.u8();
  const flags = r.u8();
  const distinguisher = r.u64();
  const raw = r.bytesView(16);
  // RFC 9069 §4.2: bit 0 is F, not V, for a Loc-RIB instance; its address is zero-filled.
  const ipv6 = peerType === PeerType.LOC_RIB_INSTANCE
    ? !isMappedIpv4(raw)
    : (flags & PeerFlag.V) !== 0;
  const address = decodeAddress16(raw, ipv6);
  return {
    peerType,
    flags,
    distinguisher,
    address,
    asn: r.u32(),
    bgpId: r.u32(),
    timestampSeconds: r.u32(),
    timestampMicros: r.u32(),
  };
}

/** RFC 7854 §4.2: IPv4 goes in the last 4 bytes, the 12 bytes before it zero-filled. */
export function encodeAddress16(w: ByteWriter, a: IpAddress): void {
  if (a.family === 4) {
    if (a.bytes.length !== 4) throw new BmpEncodeError("an IPv4 address needs 4 bytes");
    w.zeros(12).bytes(a.bytes);
  } else {
    if (a.bytes.length !== 16) throw new BmpEncodeError("an IPv6 address needs 16 bytes");
    w.bytes(a.bytes);
  }
}

/** The address in a 16-byte field; a copy, so the result outlives the receive buffer. */
export function decodeAddress16(raw: Uint8Array, ipv6: boolean): IpAddress {
  return ipv6 ? { family: 6, bytes: raw.slice() } : { family: 4, bytes: raw.slice(12, 16) };
}

function isMappedIpv4(raw: Uint8Array): boolean {
  for (let i = 0; i < 12; i++) if (raw[i] !== 0) return false;
  return true;
}

/** Splits a time in milliseconds since the epoch into the header's seconds and microseconds. */
export function splitTimestamp(ms: number): { seconds: number; micros: number } {
  if (!Number.isFinite(ms) || ms <= 0) return { seconds: 0, micros: 0 };
  const totalMicros = Math.round(ms * 1000);
  const seconds = Math.floor(totalMicros / 1_000_000);
  return { seconds: seconds >>> 0, micros: totalMicros - seconds * 1_000_000 };
}

function checkUint(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new BmpEncodeError(`${name} ${v} is out of range 0..${max}`);
  }
}
