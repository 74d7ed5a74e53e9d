/**
 * End-of-RIB markers (RFC 4724 §2), sent in Route Monitoring after the initial dump of each
 * family (RFC 7854 §3.3). IPv4 unicast: an UPDATE with no withdrawn routes, no attributes and
 * no NLRI (23 bytes). Any other AFI/SAFI: an UPDATE whose only attribute is an MP_UNREACH_NLRI
 * (RFC 4760 §4) with that AFI/SAFI and no withdrawn routes (29 bytes).
 */
import { ByteWriter } from "../common/byte_writer.ts";
import { BgpType } from "./bgp_pdu.ts";
import { BmpEncodeError } from "./errors.ts";

/** RFC 4760 §4: MP_UNREACH_NLRI, attribute type 15. */
const MP_UNREACH_NLRI = 15;
/** RFC 4271 §4.3: Optional, non-transitive, regular length. */
const OPTIONAL = 0x80;

/** The End-of-RIB UPDATE PDU for a family. */
export function endOfRibUpdate(afi: number, safi: number): Uint8Array {
  if (
    !Number.isInteger(afi) || afi < 0 || afi > 0xffff || !Number.isInteger(safi) ||
    safi < 0 || safi > 0xff
  ) {
    throw new BmpEncodeError(`AFI/SAFI ${afi}/${safi} is out of range`);
  }
  const w = new ByteWriter(32);
  for (let i = 0; i < 16; i++) w.u8(0xff); // Marker
  const lengthAt = w.reserve(2); // Length (filled below)
  w.u8(BgpType.UPDATE);
  w.u16(0); // Withdrawn Routes Length
  if (afi === 1 && safi === 1) {
    w.u16(0); // Total Path Attribute Length
  } else {
    w.u16(6); // Total Path Attribute Length
    w.u8(OPTIONAL).u8(MP_UNREACH_NLRI).u8(3).u16(afi).u8(safi);
  }
  w.setU16At(lengthAt, w.length);
  return w.finish();
}
