/**
 * struct nlmsghdr framing (netlink.h): building messages into a ByteWriter and splitting a
 * received datagram into messages. All header fields are host byte order; edgebgp supports
 * little-endian hosts only (x86-64, aarch64), checked by the transport at open time.
 *
 *  0                   1                   2                   3
 * +---------------------------------------------------------------+
 * |                       nlmsg_len (u32)                         |
 * +-------------------------------+-------------------------------+
 * |        nlmsg_type (u16)       |       nlmsg_flags (u16)       |
 * +-------------------------------+-------------------------------+
 * |                       nlmsg_seq (u32)                         |
 * +---------------------------------------------------------------+
 * |                       nlmsg_pid (u32)                         |
 * +---------------------------------------------------------------+
 */
import type { ByteWriter } from "../common/byte_writer.ts";
import { align4, NLMSG_HDRLEN } from "./constants.ts";

/** Thrown for bytes that do not frame as netlink messages or attributes. */
export class NetlinkParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NetlinkParseError";
  }
}

/** One message of a datagram; `payload` is a view into the datagram (no copy). */
export interface NetlinkMessage {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  readonly pid: number;
  readonly payload: Uint8Array;
}

/** Starts a message: writes the header with a zero length; returns its offset for endMessage. */
export function beginMessage(w: ByteWriter, type: number, flags: number, seq: number): number {
  const start = w.length;
  w.u32le(0).u16le(type).u16le(flags).u32le(seq >>> 0).u32le(0);
  return start;
}

/** Back-fills nlmsg_len and pads the message to 4 bytes (NLMSG_ALIGN). */
export function endMessage(w: ByteWriter, start: number): void {
  w.setU32leAt(start, w.length - start);
  const pad = align4(w.length) - w.length;
  if (pad > 0) w.zeros(pad);
}

/** Splits a datagram into messages; throws NetlinkParseError on a bad length. */
export function parseMessages(datagram: Uint8Array): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  let off = 0;
  while (off + NLMSG_HDRLEN <= datagram.length) {
    const len = view.getUint32(off, true);
    if (len < NLMSG_HDRLEN || off + len > datagram.length) {
      throw new NetlinkParseError(
        `nlmsg_len ${len} at offset ${off} does not fit a ${datagram.length}-byte datagram`,
      );
    }
    out.push({
      type: view.getUint16(off + 4, true),
      flags: view.getUint16(off + 6, true),
      seq: view.getUint32(off + 8, true),
      pid: view.getUint32(off + 12, true),
      payload: datagram.subarray(off + NLMSG_HDRLEN, off + len),
    });
    off += align4(len);
  }
  if (off < datagram.length) {
    // Trailing bytes shorter than a header: the kernel never sends these.
    throw new NetlinkParseError(`${datagram.length - off} trailing bytes after the last message`);
  }
  return out;
}
