/**
 * RFC 7854 §4.10 Peer Up Notification (type 3), after the per-peer header:
 *
 *  | Local Address (16) | Local Port (2) | Remote Port (2) |
 *  | Sent OPEN Message (variable) | Received OPEN Message (variable) |
 *  | Information (variable TLVs) |
 *
 * RFC 9069 §5.2: a Loc-RIB instance sends a fabricated OPEN twice, ports 0, and the
 * VRF/Table Name TLV.
 */
import type { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import { BgpType, checkBgpPdu, readBgpPdu } from "./bgp_pdu.ts";
import { PeerFlag, PeerType } from "./constants.ts";
import { BmpEncodeError } from "./errors.ts";
import {
  decodeTlvs,
  encodePeerInformationTlv,
  parsePeerInformationTlv,
} from "./information_tlv.ts";
import {
  decodeAddress16,
  decodePerPeerHeader,
  encodeAddress16,
  encodePerPeerHeader,
} from "./per_peer_header.ts";
import type { PeerUpMessage } from "./types.ts";

export function encodePeerUpBody(w: ByteWriter, m: PeerUpMessage): void {
  checkPort("local port", m.localPort);
  checkPort("remote port", m.remotePort);
  checkBgpPdu(m.sentOpen, BgpType.OPEN, "Peer Up sent OPEN");
  checkBgpPdu(m.receivedOpen, BgpType.OPEN, "Peer Up received OPEN");
  encodePerPeerHeader(w, m.peer);
  encodeAddress16(w, m.localAddress);
  w.u16(m.localPort).u16(m.remotePort).bytes(m.sentOpen).bytes(m.receivedOpen);
  for (const t of m.information) encodePeerInformationTlv(w, t);
}

export function decodePeerUpBody(r: ByteReader): PeerUpMessage {
  const peer = decodePerPeerHeader(r);
  const raw = r.bytesView(16);
  // RFC 7854 §4.10: the local address is IPv6 when the V flag is set; a Loc-RIB instance
  // (RFC 9069) has no V flag and a zero-filled address.
  const ipv6 = peer.peerType !== PeerType.LOC_RIB_INSTANCE && (peer.flags & PeerFlag.V) !== 0;
  const localAddress = decodeAddress16(raw, ipv6);
  const localPort = r.u16();
  const remotePort = r.u16();
  const sentOpen = readBgpPdu(r, BgpType.OPEN, "Peer Up sent OPEN");
  const receivedOpen = readBgpPdu(r, BgpType.OPEN, "Peer Up received OPEN");
  const information = decodeTlvs(r, parsePeerInformationTlv);
  return {
    type: "peer-up",
    peer,
    localAddress,
    localPort,
    remotePort,
    sentOpen,
    receivedOpen,
    information,
  };
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) {
    throw new BmpEncodeError(`${name} ${port} is out of range 0..65535`);
  }
}
