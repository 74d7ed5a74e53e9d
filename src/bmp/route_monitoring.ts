/**
 * RFC 7854 §4.6 Route Monitoring (type 0): per-peer header + exactly one BGP UPDATE PDU,
 * encoded as the peer's session negotiated it (RFC 7854 §5). The flags select the view:
 * L post-policy, O Adj-RIB-Out (RFC 8671), peer type 3 Loc-RIB (RFC 9069).
 */
import type { ByteReader } from "../common/byte_reader.ts";
import { BgpType, checkBgpPdu, readBgpPdu } from "./bgp_pdu.ts";
import { BmpDecodeError } from "./errors.ts";
import { checkPerPeerHeader, decodePerPeerHeader, wireFlags } from "./per_peer_header.ts";
import {
  BMP_VERSION,
  BmpMessageType,
  COMMON_HEADER_LENGTH,
  PER_PEER_HEADER_LENGTH,
} from "./constants.ts";
import type { RouteMonitoringMessage } from "./types.ts";

/**
 * The whole message in one allocation: Route Monitoring is the hot path (one per UPDATE per
 * view per collector). Same bytes as beginMessage + encodeRouteMonitoringBody + endMessage.
 */
export function encodeRouteMonitoring(m: RouteMonitoringMessage): Uint8Array {
  checkBgpPdu(m.update, BgpType.UPDATE, "Route Monitoring");
  checkPerPeerHeader(m.peer);
  const length = COMMON_HEADER_LENGTH + PER_PEER_HEADER_LENGTH + m.update.length;
  const out = new Uint8Array(length);
  const v = new DataView(out.buffer);
  v.setUint8(0, BMP_VERSION);
  v.setUint32(1, length);
  v.setUint8(5, BmpMessageType.ROUTE_MONITORING);
  const h = m.peer;
  v.setUint8(6, h.peerType);
  v.setUint8(7, wireFlags(h));
  v.setBigUint64(8, h.distinguisher);
  // RFC 7854 §4.2: an IPv4 address sits in the last 4 of the 16 bytes, the rest zero.
  out.set(h.address.bytes, h.address.family === 4 ? 28 : 16);
  v.setUint32(32, h.asn);
  v.setUint32(36, h.bgpId);
  v.setUint32(40, h.timestampSeconds);
  v.setUint32(44, h.timestampMicros);
  out.set(m.update, 48);
  return out;
}

export function decodeRouteMonitoringBody(r: ByteReader): RouteMonitoringMessage {
  const peer = decodePerPeerHeader(r);
  const update = readBgpPdu(r, BgpType.UPDATE, "Route Monitoring");
  if (!r.atEnd) {
    throw new BmpDecodeError(`Route Monitoring: ${r.remaining} bytes after the UPDATE`);
  }
  return { type: "route-monitoring", peer, update };
}
