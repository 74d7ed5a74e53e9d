/**
 * RFC 7854 §4.3 Initiation (type 4): Information TLVs only, no per-peer header. sysDescr (1)
 * and sysName (2) MUST be sent (RFC 7854 §4.4); String TLVs (0) may repeat, in order.
 */
import type { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import { decodeTlvs, encodeInitiationTlv, parseInitiationTlv } from "./information_tlv.ts";
import type { InitiationMessage } from "./types.ts";

export function encodeInitiationBody(w: ByteWriter, m: InitiationMessage): void {
  for (const t of m.information) encodeInitiationTlv(w, t);
}

export function decodeInitiationBody(r: ByteReader): InitiationMessage {
  return { type: "initiation", information: decodeTlvs(r, parseInitiationTlv) };
}

/** The Initiation a router sends first: sysDescr, sysName, then any free-form strings. */
export function initiationMessage(
  sysName: string,
  sysDescr: string,
  strings: readonly string[] = [],
): InitiationMessage {
  return {
    type: "initiation",
    information: [
      { type: "sys-descr", value: sysDescr },
      { type: "sys-name", value: sysName },
      ...strings.map((value) => ({ type: "string" as const, value })),
    ],
  };
}
