/**
 * Whole-message decode and encode: header check, then dispatch by type. decodeMessage never
 * throws on bad input; every failure is a NOTIFICATION to send.
 */
import { checkHeader, frameMessage, HEADER_LENGTH } from "./header.ts";
import { encodeKeepalive, KEEPALIVE } from "./keepalive.ts";
import { MessageHeaderErrorSubcode, MessageType, NotificationCode } from "./iana.ts";
import { decodeNotification, encodeNotificationBody, makeNotification } from "./notification.ts";
import { decodeOpen, encodeOpenBody } from "./open.ts";
import { decodeRouteRefresh, encodeRouteRefreshBody } from "./route_refresh.ts";
import type {
  BgpMessage,
  CodecContext,
  ErrorActionCode,
  KeepaliveMessage,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateIssue,
  UpdateMessage,
} from "./types.ts";
import { decodeUpdateAt } from "./update.ts";
import { encodeUpdate } from "./update_encode.ts";

export type MessageDecodeResult =
  | { readonly type: "open"; readonly message: OpenMessage }
  | {
    readonly type: "update";
    readonly message: UpdateMessage;
    /** Strongest RFC 7606 action below SESSION_RESET (a reset is returned as "error"). */
    readonly action: ErrorActionCode;
    readonly issues: readonly UpdateIssue[];
  }
  | { readonly type: "notification"; readonly message: NotificationMessage }
  | { readonly type: "keepalive"; readonly message: KeepaliveMessage }
  | { readonly type: "route-refresh"; readonly message: RouteRefreshMessage }
  | {
    readonly type: "error";
    /** The NOTIFICATION to send before closing the session. */
    readonly notification: NotificationMessage;
    readonly reason: string;
    /** For an UPDATE: every issue found, the session reset among them. */
    readonly issues?: readonly UpdateIssue[];
  };

function lengthError(reason: string, data: Uint8Array): MessageDecodeResult {
  return {
    type: "error",
    notification: makeNotification(
      NotificationCode.MESSAGE_HEADER_ERROR,
      MessageHeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      data,
    ),
    reason,
  };
}

/** Decodes one whole message (header included), e.g. a Framer frame. */
export function decodeMessage(bytes: Uint8Array, ctx: CodecContext): MessageDecodeResult {
  if (bytes.length < HEADER_LENGTH) {
    return lengthError(
      `message is ${bytes.length} bytes, shorter than the header`,
      new Uint8Array(0),
    );
  }
  const h = checkHeader(bytes, 0, ctx);
  if (h.type === "error") return h;
  if (h.length !== bytes.length) {
    return lengthError(
      `header length ${h.length} but ${bytes.length} bytes given`,
      bytes.slice(16, 18),
    );
  }
  switch (h.messageType) {
    case MessageType.OPEN: {
      const r = decodeOpen(bytes.subarray(HEADER_LENGTH));
      return r.type === "ok" ? { type: "open", message: r.message } : r;
    }
    case MessageType.UPDATE: {
      const r = decodeUpdateAt(bytes, HEADER_LENGTH, ctx);
      if (r.notification !== undefined) {
        const first = r.issues.find((i) => i.notification === r.notification);
        return {
          type: "error",
          notification: r.notification,
          reason: first?.reason ?? "UPDATE error",
          issues: r.issues,
        };
      }
      return { type: "update", message: r.update, action: r.action, issues: r.issues };
    }
    case MessageType.NOTIFICATION: {
      const n = decodeNotification(bytes.subarray(HEADER_LENGTH));
      // The header check guarantees 21 bytes, so a NOTIFICATION always decodes.
      return n
        ? { type: "notification", message: n }
        : lengthError("short NOTIFICATION", bytes.slice(16, 18));
    }
    case MessageType.KEEPALIVE:
      return { type: "keepalive", message: KEEPALIVE };
    default: {
      const r = decodeRouteRefresh(bytes);
      return r.type === "ok" ? { type: "route-refresh", message: r.message } : r;
    }
  }
}

/** Encodes any message, header included. Throws RangeError if it cannot be encoded. */
export function encodeMessage(m: BgpMessage, ctx: CodecContext): Uint8Array {
  switch (m.type) {
    case "open":
      return frameMessage(MessageType.OPEN, encodeOpenBody(m));
    case "update":
      return encodeUpdate(m, ctx);
    case "notification":
      return frameMessage(MessageType.NOTIFICATION, encodeNotificationBody(m));
    case "keepalive":
      return encodeKeepalive();
    case "route-refresh":
      return frameMessage(MessageType.ROUTE_REFRESH, encodeRouteRefreshBody(m));
  }
}
