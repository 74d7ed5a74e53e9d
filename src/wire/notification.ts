/**
 * RFC 4271 §4.5 NOTIFICATION, with the RFC 8203 / RFC 9003 shutdown communication.
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Shutdown communication (Cease subcodes 2 and 4):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Length        | Shutdown Communication (UTF-8, up to 255) ... |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { CeaseSubcode, NotificationCode, notificationName } from "./iana.ts";
import type { NotificationMessage } from "./types.ts";

/** RFC 9003 §2: the communication may be up to 255 octets. */
export const MAX_SHUTDOWN_COMMUNICATION = 255;

const EMPTY = new Uint8Array(0);

export function makeNotification(
  code: number,
  subcode: number,
  data: Uint8Array = EMPTY,
): NotificationMessage {
  return { type: "notification", code, subcode, data };
}

/** Decodes a NOTIFICATION body (after the header); the data is copied. */
export function decodeNotification(body: Uint8Array): NotificationMessage | undefined {
  // RFC 4271 §4.5: at least the two code octets (the header check guarantees 21 bytes).
  if (body.length < 2) return undefined;
  return makeNotification(body[0]!, body[1]!, body.slice(2));
}

/** The NOTIFICATION body: code, subcode, data. */
export function encodeNotificationBody(n: NotificationMessage): Uint8Array {
  const out = new Uint8Array(2 + n.data.length);
  out[0] = n.code;
  out[1] = n.subcode;
  out.set(n.data, 2);
  return out;
}

function isShutdownSubcode(code: number, subcode: number): boolean {
  return code === NotificationCode.CEASE &&
    (subcode === CeaseSubcode.ADMINISTRATIVE_SHUTDOWN ||
      subcode === CeaseSubcode.ADMINISTRATIVE_RESET);
}

/**
 * A Cease / Administrative Shutdown (or Reset) NOTIFICATION carrying `message`.
 * RFC 9003 §2: longer text is cut at 255 octets, on a UTF-8 character boundary.
 */
export function shutdownNotification(
  message: string,
  subcode: number = CeaseSubcode.ADMINISTRATIVE_SHUTDOWN,
): NotificationMessage {
  let text = new TextEncoder().encode(message);
  if (text.length > MAX_SHUTDOWN_COMMUNICATION) {
    let cut = MAX_SHUTDOWN_COMMUNICATION;
    // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split.
    while (cut > 0 && (text[cut]! & 0xc0) === 0x80) cut--;
    text = text.subarray(0, cut);
  }
  const data = new Uint8Array(1 + text.length);
  data[0] = text.length;
  data.set(text, 1);
  return makeNotification(NotificationCode.CEASE, subcode, data);
}

export type ShutdownCommunication =
  | { readonly type: "none" }
  | { readonly type: "message"; readonly message: string }
  | { readonly type: "invalid"; readonly reason: string };

/** RFC 9003 §2 / §4: the shutdown communication of a Cease NOTIFICATION, if any. */
export function decodeShutdownCommunication(n: NotificationMessage): ShutdownCommunication {
  if (!isShutdownSubcode(n.code, n.subcode) || n.data.length === 0) return { type: "none" };
  const len = n.data[0]!;
  if (len === 0) return { type: "none" };
  // RFC 9003 §4: a length beyond the data is an error the receiver only logs.
  if (1 + len > n.data.length) {
    return { type: "invalid", reason: `length ${len} exceeds ${n.data.length - 1} data bytes` };
  }
  try {
    const message = new TextDecoder("utf-8", { fatal: true }).decode(n.data.subarray(1, 1 + len));
    return { type: "message", message };
  } catch {
    return { type: "invalid", reason: "not valid UTF-8" };
  }
}

/**
 * Human text for logs: "Cease / Administrative Shutdown: 'going down'", or with the data in
 * hex when there is data but no shutdown communication.
 */
export function notificationText(n: NotificationMessage): string {
  const name = notificationName(n.code, n.subcode);
  const sc = decodeShutdownCommunication(n);
  if (sc.type === "message") return `${name}: '${sc.message}'`;
  if (sc.type === "invalid") return `${name} (malformed shutdown communication: ${sc.reason})`;
  if (n.data.length === 0 || isShutdownSubcode(n.code, n.subcode)) return name;
  let hex = "";
  for (let i = 0; i < n.data.length && i < 64; i++) hex += n.data[i]!.toString(16).padStart(2, "0");
  if (n.data.length > 64) hex += "...";
  return `${name} (data ${hex})`;
}
