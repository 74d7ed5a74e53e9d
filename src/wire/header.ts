/**
 * RFC 4271 §4.1 message header and its §6.1 checks.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Marker (16 octets, all ones)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length               |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { MessageHeaderErrorSubcode, MessageType, NotificationCode } from "./iana.ts";
import { makeNotification } from "./notification.ts";
import type { CodecContext, NotificationMessage } from "./types.ts";

export const MARKER_LENGTH = 16;
export const HEADER_LENGTH = 19;
/** RFC 4271 §4.1. */
export const MAX_MESSAGE_LENGTH = 4096;
/** RFC 8654 §4. */
export const MAX_EXTENDED_MESSAGE_LENGTH = 65535;

/** Smallest legal length per message type (RFC 4271 §4, RFC 2918 §3). */
const MIN_LENGTH: Readonly<Record<number, number>> = {
  [MessageType.OPEN]: 29,
  [MessageType.UPDATE]: 23,
  [MessageType.NOTIFICATION]: 21,
  [MessageType.KEEPALIVE]: 19,
  [MessageType.ROUTE_REFRESH]: 23,
};

/** The largest message the session allows (4096, or 65535 with RFC 8654). */
export function maxMessageLength(ctx: CodecContext): number {
  return ctx.extendedMessage ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
}

export type HeaderCheck =
  | { readonly type: "ok"; readonly length: number; readonly messageType: number }
  | { readonly type: "error"; readonly notification: NotificationMessage; readonly reason: string };

/**
 * Checks the 19 header bytes at `off` (the caller guarantees they are there).
 * RFC 4271 §6.1: marker, then length bounds, then type, then the per-type length.
 */
export function checkHeader(bytes: Uint8Array, off: number, ctx: CodecContext): HeaderCheck {
  for (let i = 0; i < MARKER_LENGTH; i++) {
    if (bytes[off + i] !== 0xff) {
      return headerError(
        MessageHeaderErrorSubcode.CONNECTION_NOT_SYNCHRONIZED,
        new Uint8Array(0),
        "marker is not all ones",
      );
    }
  }
  const length = (bytes[off + 16]! << 8) | bytes[off + 17]!;
  const type = bytes[off + 18]!;
  // RFC 8654 §4: OPEN and KEEPALIVE stay within 4096 even on extended sessions.
  const max = type === MessageType.OPEN || type === MessageType.KEEPALIVE
    ? MAX_MESSAGE_LENGTH
    : maxMessageLength(ctx);
  if (length < HEADER_LENGTH || length > max) {
    return headerError(
      MessageHeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      bytes.slice(off + 16, off + 18),
      `length ${length} outside ${HEADER_LENGTH}..${max}`,
    );
  }
  const min = MIN_LENGTH[type];
  if (min === undefined) {
    return headerError(
      MessageHeaderErrorSubcode.BAD_MESSAGE_TYPE,
      new Uint8Array([type]),
      `unknown message type ${type}`,
    );
  }
  // RFC 4271 §4.4: a KEEPALIVE is exactly the header.
  if (length < min || (type === MessageType.KEEPALIVE && length !== HEADER_LENGTH)) {
    return headerError(
      MessageHeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      bytes.slice(off + 16, off + 18),
      `length ${length} invalid for message type ${type}`,
    );
  }
  return { type: "ok", length, messageType: type };
}

function headerError(subcode: number, data: Uint8Array, reason: string): HeaderCheck {
  return {
    type: "error",
    notification: makeNotification(NotificationCode.MESSAGE_HEADER_ERROR, subcode, data),
    reason,
  };
}

/** Writes marker, length and type at `off`. */
export function writeHeader(buf: Uint8Array, off: number, length: number, type: number): void {
  buf.fill(0xff, off, off + MARKER_LENGTH);
  buf[off + 16] = length >>> 8;
  buf[off + 17] = length & 0xff;
  buf[off + 18] = type;
}

/** A whole message: header plus `body`. */
export function frameMessage(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH + body.length);
  writeHeader(out, 0, out.length, type);
  out.set(body, HEADER_LENGTH);
  return out;
}
