/**
 * NOTIFICATION codes the FSM sends or interprets, and small builders.
 *
 * The codec (src/wire/iana.ts) owns the full IANA registry; the FSM keeps the subset it acts
 * on, with the same names, so that it depends on src/wire/types.ts alone.
 * tests/fsm/wire_agreement_test.ts checks that both stay identical.
 */
import type { NotificationMessage } from "../wire/types.ts";

/** RFC 4271 §4.5 Error Codes (7 from RFC 7313). */
export const NotificationCode = {
  MESSAGE_HEADER_ERROR: 1,
  OPEN_MESSAGE_ERROR: 2,
  UPDATE_MESSAGE_ERROR: 3,
  HOLD_TIMER_EXPIRED: 4,
  FSM_ERROR: 5,
  CEASE: 6,
  ROUTE_REFRESH_MESSAGE_ERROR: 7,
} as const;

/** RFC 4271 §6.2 OPEN Message Error subcodes (7 from RFC 5492, 11 from RFC 9234). */
export const OpenMessageErrorSubcode = {
  UNSPECIFIC: 0,
  UNSUPPORTED_VERSION_NUMBER: 1,
  BAD_PEER_AS: 2,
  BAD_BGP_IDENTIFIER: 3,
  UNSUPPORTED_OPTIONAL_PARAMETER: 4,
  UNACCEPTABLE_HOLD_TIME: 6,
  UNSUPPORTED_CAPABILITY: 7,
  ROLE_MISMATCH: 11,
} as const;

/** RFC 6608 §3 Finite State Machine Error subcodes. */
export const FsmErrorSubcode = {
  UNSPECIFIED: 0,
  UNEXPECTED_MESSAGE_IN_OPENSENT: 1,
  UNEXPECTED_MESSAGE_IN_OPENCONFIRM: 2,
  UNEXPECTED_MESSAGE_IN_ESTABLISHED: 3,
} as const;

/** RFC 4486 §4 Cease subcodes (8 RFC 4486, 9 RFC 8538, 10 RFC 9384). */
export const CeaseSubcode = {
  MAXIMUM_NUMBER_OF_PREFIXES_REACHED: 1,
  ADMINISTRATIVE_SHUTDOWN: 2,
  PEER_DECONFIGURED: 3,
  ADMINISTRATIVE_RESET: 4,
  CONNECTION_REJECTED: 5,
  OTHER_CONFIGURATION_CHANGE: 6,
  CONNECTION_COLLISION_RESOLUTION: 7,
  OUT_OF_RESOURCES: 8,
  HARD_RESET: 9,
  BFD_DOWN: 10,
} as const;

const EMPTY = new Uint8Array(0);

/** A NOTIFICATION message value. */
export function notification(
  code: number,
  subcode: number,
  data: Uint8Array = EMPTY,
): NotificationMessage {
  return { type: "notification", code, subcode, data };
}

/** RFC 4271 §6.5: Hold Timer Expired carries no subcode. */
export function holdTimerExpired(): NotificationMessage {
  return notification(NotificationCode.HOLD_TIMER_EXPIRED, 0);
}

/** RFC 6608 §3: Finite State Machine Error with the given subcode. */
export function fsmError(subcode: number): NotificationMessage {
  return notification(NotificationCode.FSM_ERROR, subcode);
}

/** RFC 4271 §6.8 / RFC 4486: the loser of a collision is closed with this. */
export function connectionCollisionResolution(): NotificationMessage {
  return notification(NotificationCode.CEASE, CeaseSubcode.CONNECTION_COLLISION_RESOLUTION);
}

/** RFC 4486: an incoming connection we do not accept (unknown peer, or refused). */
export function connectionRejected(): NotificationMessage {
  return notification(NotificationCode.CEASE, CeaseSubcode.CONNECTION_REJECTED);
}

/** RFC 4271 §6.2: NotifMsgVerErr (Event 24) is a NOTIFICATION carrying a version error. */
export function isVersionError(n: NotificationMessage): boolean {
  return n.code === NotificationCode.OPEN_MESSAGE_ERROR &&
    n.subcode === OpenMessageErrorSubcode.UNSUPPORTED_VERSION_NUMBER;
}

const CODE_NAMES: Record<number, string> = {
  1: "Message Header Error",
  2: "OPEN Message Error",
  3: "UPDATE Message Error",
  4: "Hold Timer Expired",
  5: "Finite State Machine Error",
  6: "Cease",
  7: "ROUTE-REFRESH Message Error",
};

const SUBCODE_NAMES: Record<number, Record<number, string>> = {
  1: { 1: "Connection Not Synchronized", 2: "Bad Message Length", 3: "Bad Message Type" },
  2: {
    1: "Unsupported Version Number",
    2: "Bad Peer AS",
    3: "Bad BGP Identifier",
    4: "Unsupported Optional Parameter",
    6: "Unacceptable Hold Time",
    7: "Unsupported Capability",
    11: "Role Mismatch",
  },
  3: {
    1: "Malformed Attribute List",
    2: "Unrecognized Well-known Attribute",
    3: "Missing Well-known Attribute",
    4: "Attribute Flags Error",
    5: "Attribute Length Error",
    6: "Invalid ORIGIN Attribute",
    8: "Invalid NEXT_HOP Attribute",
    9: "Optional Attribute Error",
    10: "Invalid Network Field",
    11: "Malformed AS_PATH",
  },
  5: {
    0: "Unspecified Error",
    1: "Receive Unexpected Message in OpenSent State",
    2: "Receive Unexpected Message in OpenConfirm State",
    3: "Receive Unexpected Message in Established State",
  },
  6: {
    1: "Maximum Number of Prefixes Reached",
    2: "Administrative Shutdown",
    3: "Peer De-configured",
    4: "Administrative Reset",
    5: "Connection Rejected",
    6: "Other Configuration Change",
    7: "Connection Collision Resolution",
    8: "Out of Resources",
    9: "Hard Reset",
    10: "BFD Down",
  },
  7: { 1: "Invalid Message Length" },
};

/** "Cease / Administrative Shutdown (6/2)": for logs and the peer's last error. */
export function describeNotification(n: Pick<NotificationMessage, "code" | "subcode">): string {
  const code = CODE_NAMES[n.code] ?? `Error code ${n.code}`;
  const sub = SUBCODE_NAMES[n.code]?.[n.subcode];
  return sub ? `${code} / ${sub} (${n.code}/${n.subcode})` : `${code} (${n.code}/${n.subcode})`;
}
