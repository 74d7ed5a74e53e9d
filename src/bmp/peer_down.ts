/**
 * RFC 7854 §4.9 Peer Down Notification (type 2): per-peer header, Reason (1), then data:
 *   1 local close with NOTIFICATION  -> the NOTIFICATION PDU sent
 *   2 local close, no NOTIFICATION   -> 2-byte FSM event code (RFC 4271 §8.1), 0 if none
 *   3 remote close with NOTIFICATION -> the NOTIFICATION PDU received
 *   4 remote close, no NOTIFICATION  -> nothing
 *   5 peer de-configured             -> nothing
 *   6 (RFC 9069 §5.3) Loc-RIB local close -> Information TLVs (VRF/Table Name)
 */
import type { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import { BgpType, checkBgpPdu, readBgpPdu } from "./bgp_pdu.ts";
import { PeerDownReasonCode } from "./constants.ts";
import { BmpDecodeError, BmpEncodeError } from "./errors.ts";
import {
  decodeTlvs,
  encodePeerInformationTlv,
  parsePeerInformationTlv,
} from "./information_tlv.ts";
import { decodePerPeerHeader, encodePerPeerHeader } from "./per_peer_header.ts";
import type { PeerDownMessage, PeerDownReason } from "./types.ts";

export function encodePeerDownBody(w: ByteWriter, m: PeerDownMessage): void {
  const reason = m.reason;
  encodePerPeerHeader(w, m.peer);
  switch (reason.type) {
    case "local-notification":
      checkBgpPdu(reason.notification, BgpType.NOTIFICATION, "Peer Down reason 1");
      w.u8(PeerDownReasonCode.LOCAL_NOTIFICATION).bytes(reason.notification);
      return;
    case "local-no-notification":
      if (!Number.isInteger(reason.fsmEvent) || reason.fsmEvent < 0 || reason.fsmEvent > 0xffff) {
        throw new BmpEncodeError(`FSM event code ${reason.fsmEvent} is not a 2-byte value`);
      }
      w.u8(PeerDownReasonCode.LOCAL_NO_NOTIFICATION).u16(reason.fsmEvent);
      return;
    case "remote-notification":
      checkBgpPdu(reason.notification, BgpType.NOTIFICATION, "Peer Down reason 3");
      w.u8(PeerDownReasonCode.REMOTE_NOTIFICATION).bytes(reason.notification);
      return;
    case "remote-no-notification":
      w.u8(PeerDownReasonCode.REMOTE_NO_NOTIFICATION);
      return;
    case "peer-deconfigured":
      w.u8(PeerDownReasonCode.PEER_DECONFIGURED);
      return;
    case "local-tlv":
      w.u8(PeerDownReasonCode.LOCAL_TLV);
      for (const t of reason.information) encodePeerInformationTlv(w, t);
      return;
    case "unknown":
      if (!Number.isInteger(reason.code) || reason.code < 0 || reason.code > 0xff) {
        throw new BmpEncodeError(`Peer Down reason ${reason.code} is not a 1-byte code`);
      }
      w.u8(reason.code).bytes(reason.data);
      return;
  }
}

export function decodePeerDownBody(r: ByteReader): PeerDownMessage {
  const peer = decodePerPeerHeader(r);
  return { type: "peer-down", peer, reason: decodeReason(r) };
}

function decodeReason(r: ByteReader): PeerDownReason {
  const code = r.u8();
  let reason: PeerDownReason;
  switch (code) {
    case PeerDownReasonCode.LOCAL_NOTIFICATION:
      reason = {
        type: "local-notification",
        notification: readBgpPdu(r, BgpType.NOTIFICATION, "Peer Down reason 1"),
      };
      break;
    case PeerDownReasonCode.LOCAL_NO_NOTIFICATION:
      if (r.remaining < 2) throw new BmpDecodeError("Peer Down reason 2 without an FSM event code");
      reason = { type: "local-no-notification", fsmEvent: r.u16() };
      break;
    case PeerDownReasonCode.REMOTE_NOTIFICATION:
      reason = {
        type: "remote-notification",
        notification: readBgpPdu(r, BgpType.NOTIFICATION, "Peer Down reason 3"),
      };
      break;
    case PeerDownReasonCode.REMOTE_NO_NOTIFICATION:
      reason = { type: "remote-no-notification" };
      break;
    case PeerDownReasonCode.PEER_DECONFIGURED:
      reason = { type: "peer-deconfigured" };
      break;
    case PeerDownReasonCode.LOCAL_TLV:
      return { type: "local-tlv", information: decodeTlvs(r, parsePeerInformationTlv) };
    default:
      return { type: "unknown", code, data: r.rest().slice() };
  }
  if (!r.atEnd) {
    throw new BmpDecodeError(`Peer Down reason ${code}: ${r.remaining} unexpected trailing bytes`);
  }
  return reason;
}
