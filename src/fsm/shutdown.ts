/**
 * Operator-initiated Cease NOTIFICATIONs: Administrative Shutdown, Administrative Reset and
 * Peer De-configured (RFC 4486 §4), with the Shutdown Communication of RFC 8203 as revised
 * by RFC 9003 (length octet + up to 255 octets of UTF-8).
 *
 * The codec in src/wire also decodes this data field; the encoder lives here so the FSM
 * depends on src/wire/types.ts only.
 */
import type { NotificationMessage } from "../wire/types.ts";
import { CeaseSubcode, notification, NotificationCode } from "./notification.ts";

/** RFC 9003 §2: the Shutdown Communication is at most 255 octets. */
export const MAX_SHUTDOWN_COMMUNICATION_BYTES = 255;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * UTF-8 bytes of `text`, cut to at most `max` bytes on a character boundary.
 * RFC 9003 §2: the field MUST be valid UTF-8, so a multi-byte character is never split.
 */
export function truncateUtf8(text: string, max = MAX_SHUTDOWN_COMMUNICATION_BYTES): Uint8Array {
  const bytes = encoder.encode(text);
  if (bytes.length <= max) return bytes;
  let end = max;
  // UTF-8 continuation bytes are 10xxxxxx; back up to the first byte of that character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * The Cease data field carrying a Shutdown Communication: one length octet, then UTF-8.
 * RFC 9003 §2: an empty or absent message is sent as an empty data field (no length octet),
 * which every RFC 4486 speaker understands.
 */
export function encodeShutdownCommunication(text: string | undefined): Uint8Array {
  if (text === undefined || text === "") return new Uint8Array(0);
  const body = truncateUtf8(text);
  const out = new Uint8Array(1 + body.length);
  out[0] = body.length; // RFC 9003 §2: Length, 1 octet
  out.set(body, 1); // RFC 9003 §2: Shutdown Communication, UTF-8
  return out;
}

/**
 * The Shutdown Communication in a received Cease/2 or Cease/4 data field, or undefined when
 * there is none or it is malformed (RFC 9003 §4: a bad one is logged, never an error).
 */
export function decodeShutdownCommunication(data: Uint8Array): string | undefined {
  if (data.length === 0) return undefined;
  const length = data[0]!;
  if (length === 0 || 1 + length > data.length) return undefined;
  try {
    return decoder.decode(data.subarray(1, 1 + length));
  } catch {
    return undefined; // RFC 9003 §4: invalid UTF-8 is not displayed
  }
}

/** RFC 4486 §4 subcode 2 (RFC 9003 message optional): the operator disabled the peer. */
export function administrativeShutdown(communication?: string): NotificationMessage {
  return notification(
    NotificationCode.CEASE,
    CeaseSubcode.ADMINISTRATIVE_SHUTDOWN,
    encodeShutdownCommunication(communication),
  );
}

/** RFC 4486 §4 subcode 4 (RFC 9003 applies to it too): the operator reset the session. */
export function administrativeReset(communication?: string): NotificationMessage {
  return notification(
    NotificationCode.CEASE,
    CeaseSubcode.ADMINISTRATIVE_RESET,
    encodeShutdownCommunication(communication),
  );
}

/** RFC 4486 §4 subcode 3: the peer was removed from the configuration. */
export function peerDeconfigured(): NotificationMessage {
  return notification(NotificationCode.CEASE, CeaseSubcode.PEER_DECONFIGURED);
}

/** True for the Cease subcodes that may carry a Shutdown Communication (RFC 9003 §2). */
export function carriesShutdownCommunication(n: NotificationMessage): boolean {
  return n.code === NotificationCode.CEASE &&
    (n.subcode === CeaseSubcode.ADMINISTRATIVE_SHUTDOWN ||
      n.subcode === CeaseSubcode.ADMINISTRATIVE_RESET);
}
