/**
 * RFC 2918 ROUTE-REFRESH with the RFC 7313 Message Subtype (BoRR / EoRR).
 *
 * 0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Subtype | SAFI |
 * +-------+-------+-------+-------+
 */
import { NotificationCode, RouteRefreshErrorSubcode, RouteRefreshSubtype } from "./iana.ts";
import { makeNotification } from "./notification.ts";
import type { NotificationMessage, RouteRefreshMessage } from "./types.ts";

export type RouteRefreshResult =
  | { readonly type: "ok"; readonly message: RouteRefreshMessage }
  | { readonly type: "error"; readonly notification: NotificationMessage; readonly reason: string };

/**
 * Decodes a ROUTE-REFRESH; `message` is the whole message (header included) because RFC 7313 §5
 * puts the whole message in the NOTIFICATION data. Subtypes other than 0..2 are returned as
 * they are: RFC 7313 §5 says to ignore them, which is the FSM's call.
 */
export function decodeRouteRefresh(message: Uint8Array, bodyOffset = 19): RouteRefreshResult {
  const body = message.subarray(bodyOffset);
  if (body.length < 4) {
    return {
      type: "error",
      notification: makeNotification(
        NotificationCode.ROUTE_REFRESH_MESSAGE_ERROR,
        RouteRefreshErrorSubcode.INVALID_MESSAGE_LENGTH,
        message.slice(),
      ),
      reason: `ROUTE-REFRESH body is ${body.length} bytes`,
    };
  }
  const subtype = body[2]!;
  // RFC 7313 §5: BoRR and EoRR must be exactly 4 bytes long (after the header).
  if (
    body.length !== 4 &&
    (subtype === RouteRefreshSubtype.BORR || subtype === RouteRefreshSubtype.EORR)
  ) {
    return {
      type: "error",
      notification: makeNotification(
        NotificationCode.ROUTE_REFRESH_MESSAGE_ERROR,
        RouteRefreshErrorSubcode.INVALID_MESSAGE_LENGTH,
        message.slice(),
      ),
      reason: `ROUTE-REFRESH subtype ${subtype} body is ${body.length} bytes, expected 4`,
    };
  }
  // A plain request longer than 4 bytes carries RFC 5291 ORF entries, which we ignore.
  return {
    type: "ok",
    message: {
      type: "route-refresh",
      afi: (body[0]! << 8) | body[1]!,
      subtype,
      safi: body[3]!,
    },
  };
}

export function encodeRouteRefreshBody(m: RouteRefreshMessage): Uint8Array {
  return new Uint8Array([m.afi >>> 8, m.afi & 0xff, m.subtype, m.safi]);
}
