/**
 * RFC 7854 §4.7 Route Mirroring (type 6): per-peer header + TLVs. Type 0 BGP Message (a whole
 * PDU, which MUST come last); type 1 Information (2-byte code: 0 Errored PDU, 1 Messages Lost).
 */
import type { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import { RouteMirroringTlvType } from "./constants.ts";
import { BmpDecodeError, BmpEncodeError } from "./errors.ts";
import { decodeTlvs, encodeTlv } from "./information_tlv.ts";
import { decodePerPeerHeader, encodePerPeerHeader } from "./per_peer_header.ts";
import type { RouteMirroringMessage, RouteMirroringTlv } from "./types.ts";

export function encodeRouteMirroringBody(w: ByteWriter, m: RouteMirroringMessage): void {
  const last = m.tlvs.length - 1;
  m.tlvs.forEach((t, i) => {
    // RFC 7854 §4.7.1: the BGP Message TLV MUST occur last in the list.
    if (t.type === "bgp-message" && i !== last) {
      throw new BmpEncodeError("Route Mirroring: the BGP Message TLV must come last");
    }
  });
  encodePerPeerHeader(w, m.peer);
  for (const t of m.tlvs) {
    switch (t.type) {
      case "bgp-message":
        // Not validated: an Errored PDU (RFC 7854 §4.7.2 code 0) is mirrored as received.
        encodeTlv(w, RouteMirroringTlvType.BGP_MESSAGE, t.pdu);
        break;
      case "information":
        if (!Number.isInteger(t.code) || t.code < 0 || t.code > 0xffff) {
          throw new BmpEncodeError(`Route Mirroring information code ${t.code} is not 2 bytes`);
        }
        encodeTlv(w, RouteMirroringTlvType.INFORMATION, new Uint8Array([t.code >> 8, t.code]));
        break;
      case "unknown":
        encodeTlv(w, t.code, t.value);
        break;
    }
  }
}

export function decodeRouteMirroringBody(r: ByteReader): RouteMirroringMessage {
  const peer = decodePerPeerHeader(r);
  const tlvs = decodeTlvs(r, parseMirroringTlv);
  return { type: "route-mirroring", peer, tlvs };
}

function parseMirroringTlv(code: number, value: Uint8Array): RouteMirroringTlv {
  switch (code) {
    case RouteMirroringTlvType.BGP_MESSAGE:
      return { type: "bgp-message", pdu: value };
    case RouteMirroringTlvType.INFORMATION:
      if (value.length !== 2) {
        throw new BmpDecodeError(`Route Mirroring Information TLV is ${value.length} bytes`);
      }
      return { type: "information", code: (value[0]! << 8) | value[1]! };
    default:
      return { type: "unknown", code, value };
  }
}
