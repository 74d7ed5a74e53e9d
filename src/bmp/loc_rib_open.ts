/**
 * The fabricated OPEN of a Loc-RIB Peer Up. RFC 9069 §5.2: "Sent OPEN Message: This is a
 * fabricated BGP OPEN message. Capabilities MUST include the 4-octet ASN and all necessary
 * capabilities to represent the Loc-RIB Route Monitoring messages"; the Received OPEN repeats it.
 *
 * Layout (RFC 4271 §4.2): header, Version 4, My AS (2; AS_TRANS when the AS needs 4 octets,
 * RFC 6793 §4.2.1), Hold Time 0, BGP Identifier, Opt Parm Len, one Capabilities parameter
 * (RFC 5492) holding Multiprotocol (code 1, RFC 4760 §8) per family, then 4-octet AS (code 65).
 */
import { ByteWriter } from "../common/byte_writer.ts";
import { BgpType } from "./bgp_pdu.ts";
import { BmpEncodeError } from "./errors.ts";

const AS_TRANS = 23456;
const CAPABILITIES_PARAMETER = 2;
const CAP_MULTIPROTOCOL = 1;
const CAP_FOUR_OCTET_AS = 65;

export function locRibOpen(
  asn: number,
  bgpId: number,
  families: readonly { readonly afi: number; readonly safi: number }[],
): Uint8Array {
  if (!Number.isInteger(asn) || asn < 0 || asn > 0xffff_ffff) {
    throw new BmpEncodeError(`AS ${asn} is out of range`);
  }
  const w = new ByteWriter(64);
  for (let i = 0; i < 16; i++) w.u8(0xff); // Marker
  const lengthAt = w.reserve(2);
  w.u8(BgpType.OPEN);
  w.u8(4); // Version
  w.u16(asn > 0xffff ? AS_TRANS : asn); // My Autonomous System
  w.u16(0); // Hold Time: no session exists
  w.u32(bgpId >>> 0); // BGP Identifier
  const optLenAt = w.reserve(1);
  w.u8(CAPABILITIES_PARAMETER);
  const paramLenAt = w.reserve(1);
  const paramStart = w.length;
  for (const f of families) w.u8(CAP_MULTIPROTOCOL).u8(4).u16(f.afi).u8(0).u8(f.safi);
  w.u8(CAP_FOUR_OCTET_AS).u8(4).u32(asn);
  const paramLen = w.length - paramStart;
  if (paramLen > 253) throw new BmpEncodeError("too many families for one OPEN");
  w.setU8At(paramLenAt, paramLen);
  w.setU8At(optLenAt, paramLen + 2);
  w.setU16At(lengthAt, w.length);
  return w.finish();
}
