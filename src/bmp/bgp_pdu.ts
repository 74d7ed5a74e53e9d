/**
 * Just enough of the BGP header (RFC 4271 §4.1) to frame the PDUs BMP carries: 16-byte marker
 * of all ones, 2-byte length (19..65535, RFC 8654), 1-byte type. BMP treats PDUs as opaque.
 */
import type { ByteReader } from "../common/byte_reader.ts";
import { BmpDecodeError, BmpEncodeError } from "./errors.ts";

export const BGP_HEADER_LENGTH = 19;

/** RFC 4271 §4.1 message type codes of the PDUs BMP carries. */
export const BgpType = { OPEN: 1, UPDATE: 2, NOTIFICATION: 3 } as const;

const TYPE_NAMES: Record<number, string> = { 1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION" };

/** Problem with `pdu` as one whole BGP message of `type`, or undefined when it is fine. */
export function bgpPduProblem(pdu: Uint8Array, type: number): string | undefined {
  if (pdu.length < BGP_HEADER_LENGTH) return `${pdu.length} bytes is shorter than a BGP header`;
  for (let i = 0; i < 16; i++) if (pdu[i] !== 0xff) return "BGP marker is not all ones";
  const length = (pdu[16]! << 8) | pdu[17]!;
  if (length !== pdu.length) return `BGP length ${length} but the PDU is ${pdu.length} bytes`;
  if (pdu[18] !== type) return `BGP type ${pdu[18]}, expected ${TYPE_NAMES[type] ?? type}`;
  return undefined;
}

/** Throws BmpEncodeError unless `pdu` is one whole BGP message of `type`. */
export function checkBgpPdu(pdu: Uint8Array, type: number, what: string): void {
  const problem = bgpPduProblem(pdu, type);
  if (problem) throw new BmpEncodeError(`${what}: ${problem}`);
}

/** Reads one whole BGP PDU of `type` (a copy) from `r`. */
export function readBgpPdu(r: ByteReader, type: number, what: string): Uint8Array {
  if (r.remaining < BGP_HEADER_LENGTH) {
    throw new BmpDecodeError(`${what}: ${r.remaining} bytes left, need a 19-byte BGP header`);
  }
  const head = r.bytes.subarray(r.offset, r.offset + BGP_HEADER_LENGTH);
  const length = (head[16]! << 8) | head[17]!;
  if (length < BGP_HEADER_LENGTH || length > r.remaining) {
    throw new BmpDecodeError(`${what}: BGP length ${length} with ${r.remaining} bytes left`);
  }
  const pdu = r.bytesView(length).slice();
  const problem = bgpPduProblem(pdu, type);
  if (problem) throw new BmpDecodeError(`${what}: ${problem}`);
  return pdu;
}

/** The BGP type of a PDU, for messages whose content is any BGP message. */
export function bgpPduType(pdu: Uint8Array): number | undefined {
  return pdu.length >= BGP_HEADER_LENGTH ? pdu[18] : undefined;
}
