/**
 * RFC 7854 §4.1 common header:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Version    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Message Length                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Msg. Type   |
 *  +---------------+
 */
import type { ByteWriter } from "../common/byte_writer.ts";
import { BMP_VERSION, COMMON_HEADER_LENGTH } from "./constants.ts";
import { BmpDecodeError } from "./errors.ts";

export interface CommonHeader {
  readonly version: number;
  /** The whole message, this header included. */
  readonly length: number;
  readonly messageType: number;
}

/** Writes a header with a placeholder length; returns the message start for `endMessage`. */
export function beginMessage(w: ByteWriter, messageType: number): number {
  const start = w.length;
  w.u8(BMP_VERSION).u32(0).u8(messageType);
  return start;
}

/** Back-fills the Message Length of the message that starts at `start`. */
export function endMessage(w: ByteWriter, start: number): void {
  w.setU32At(start + 1, w.length - start);
}

/**
 * Reads the common header at `offset`, or returns undefined when fewer than 6 bytes are there.
 * Throws on a version other than 3 or a length below 6 (RFC 7854 §4.1).
 */
export function decodeCommonHeader(bytes: Uint8Array, offset = 0): CommonHeader | undefined {
  if (bytes.length - offset < COMMON_HEADER_LENGTH) return undefined;
  const version = bytes[offset]!;
  if (version !== BMP_VERSION) {
    throw new BmpDecodeError(`unsupported BMP version ${version} (expected 3)`, 0);
  }
  const length = ((bytes[offset + 1]! << 24) >>> 0) + (bytes[offset + 2]! << 16) +
    (bytes[offset + 3]! << 8) + bytes[offset + 4]!;
  if (length < COMMON_HEADER_LENGTH) {
    throw new BmpDecodeError(`BMP message length ${length} is below the 6-byte header`, 1);
  }
  return { version, length, messageType: bytes[offset + 5]! };
}
