/**
 * RFC 7854 §4.6 Route Monitoring (type 0): per-peer header + exactly one BGP UPDATE PDU,
 * encoded as the peer's session negotiated it (RFC 7854 §5). The flags select the view:
 * L post-policy, O Adj-RIB-Out (RFC 8671), peer type 3 Loc-RIB (RFC 9069).
 */
import type { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import { BgpType, checkBgpPdu, readBgpPdu } from "./bgp_pdu.ts";
import { BmpDecodeError } from "./errors.ts";
import { decodePerPeerHeader, encodePerPeerHeader } from "./per_peer_header.ts";
import type { RouteMonitoringMessage } from "./types.ts";

export function encodeRouteMonitoringBody(w: ByteWriter, m: RouteMonitoringMessage): void {
  checkBgpPdu(m.update, BgpType.UPDATE, "Route Monitoring");
  encodePerPeerHeader(w, m.peer);
  w.bytes(m.update);
}

export function decodeRouteMonitoringBody(r: ByteReader): RouteMonitoringMessage {
  const peer = decodePerPeerHeader(r);
  const update = readBgpPdu(r, BgpType.UPDATE, "Route Monitoring");
  if (!r.atEnd) {
    throw new BmpDecodeError(`Route Monitoring: ${r.remaining} bytes after the UPDATE`);
  }
  return { type: "route-monitoring", peer, update };
}
