/**
 * RFC 7854 §4.5 Termination (type 5): Information TLVs only; the Reason TLV (1) is REQUIRED.
 * After sending it the router closes the session and sends nothing more.
 */
import type { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import { decodeTlvs, encodeTerminationTlv, parseTerminationTlv } from "./information_tlv.ts";
import type { TerminationMessage } from "./types.ts";

export function encodeTerminationBody(w: ByteWriter, m: TerminationMessage): void {
  for (const t of m.information) encodeTerminationTlv(w, t);
}

export function decodeTerminationBody(r: ByteReader): TerminationMessage {
  return { type: "termination", information: decodeTlvs(r, parseTerminationTlv) };
}

/** A Termination with its Reason (see TerminationReason) and an optional explanation. */
export function terminationMessage(reason: number, text?: string): TerminationMessage {
  return {
    type: "termination",
    information: text === undefined
      ? [{ type: "reason", reason }]
      : [{ type: "reason", reason }, { type: "string", value: text }],
  };
}
