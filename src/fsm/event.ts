/**
 * RFC 4271 §8.1 events. Every variant carries its RFC event number (§8.2.1.4: "MAY use these
 * numbers to provide network management information"), which BMP Peer Down reuses.
 */
import type { BgpMessage, NotificationMessage, OpenMessage, UpdateMessage } from "../wire/types.ts";
import { isVersionError, NotificationCode } from "./notification.ts";
import type { Session, TimerName } from "./state.ts";

/** Event names exactly as RFC 4271 §8.1 spells them, with their numbers. */
export const EventNumber = {
  // §8.1.2 Administrative Events
  ManualStart: 1,
  ManualStop: 2,
  AutomaticStart: 3,
  ManualStart_with_PassiveTcpEstablishment: 4,
  AutomaticStart_with_PassiveTcpEstablishment: 5,
  AutomaticStart_with_DampPeerOscillations: 6,
  AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment: 7,
  AutomaticStop: 8,
  // §8.1.3 Timer Events
  ConnectRetryTimer_Expires: 9,
  HoldTimer_Expires: 10,
  KeepaliveTimer_Expires: 11,
  DelayOpenTimer_Expires: 12,
  IdleHoldTimer_Expires: 13,
  // §8.1.4 TCP Connection-Based Events
  TcpConnection_Valid: 14,
  Tcp_CR_Invalid: 15,
  Tcp_CR_Acked: 16,
  TcpConnectionConfirmed: 17,
  TcpConnectionFails: 18,
  // §8.1.5 BGP Message-Based Events
  BGPOpen: 19,
  BGPOpen_with_DelayOpenTimer_running: 20,
  BGPHeaderErr: 21,
  BGPOpenMsgErr: 22,
  OpenCollisionDump: 23,
  NotifMsgVerErr: 24,
  NotifMsg: 25,
  KeepAliveMsg: 26,
  UpdateMsg: 27,
  UpdateMsgErr: 28,
} as const;
export type EventName = keyof typeof EventNumber;

type Ev<T extends EventName, Extra = unknown> =
  & { readonly type: T; readonly number: typeof EventNumber[T] }
  & Extra;

/** Events without data. */
type PlainEventName = Exclude<
  EventName,
  | "ManualStop"
  | "AutomaticStop"
  | "BGPOpen"
  | "BGPOpen_with_DelayOpenTimer_running"
  | "BGPHeaderErr"
  | "BGPOpenMsgErr"
  | "OpenCollisionDump"
  | "NotifMsgVerErr"
  | "NotifMsg"
  | "UpdateMsg"
  | "UpdateMsgErr"
>;

export type FsmEvent =
  | { [T in PlainEventName]: Ev<T> }[PlainEventName]
  /** Event 2; the Cease to send (default Administrative Shutdown, RFC 4486). */
  | Ev<"ManualStop", { readonly notification?: NotificationMessage }>
  /** Event 8; the Cease to send, e.g. Maximum Number of Prefixes Reached (RFC 4486). */
  | Ev<"AutomaticStop", { readonly notification: NotificationMessage }>
  /** Events 19 and 20 carry the OPEN received (checked by the FSM, RFC 4271 §6.2). */
  | Ev<"BGPOpen", { readonly message: OpenMessage }>
  | Ev<"BGPOpen_with_DelayOpenTimer_running", { readonly message: OpenMessage }>
  /** Events 21, 22 and 28 carry the NOTIFICATION the codec chose (RFC 4271 §6). */
  | Ev<"BGPHeaderErr", { readonly notification: NotificationMessage }>
  | Ev<"BGPOpenMsgErr", { readonly notification: NotificationMessage }>
  | Ev<"UpdateMsgErr", { readonly notification: NotificationMessage }>
  /** Event 23; default Cease / Connection Collision Resolution (RFC 4486). */
  | Ev<"OpenCollisionDump", { readonly notification?: NotificationMessage }>
  /** Events 24 and 25 carry the NOTIFICATION received. */
  | Ev<"NotifMsgVerErr", { readonly message: NotificationMessage }>
  | Ev<"NotifMsg", { readonly message: NotificationMessage }>
  /** Event 27; the UPDATE itself is the speaker's business, the FSM only restarts timers. */
  | Ev<"UpdateMsg", { readonly message?: UpdateMessage }>;

/** The event of one type (for narrowing in switch arms and helpers). */
export type EventOf<T extends EventName> = Extract<FsmEvent, { type: T }>;

/** A data-less event by name, e.g. `event("ManualStart")`. */
export function event<T extends PlainEventName>(type: T): EventOf<T> {
  return { type, number: EventNumber[type] } as EventOf<T>;
}

/** Event 2, optionally with the Cease to send (shutdown.ts builds them). */
export function manualStop(notification?: NotificationMessage): EventOf<"ManualStop"> {
  return notification
    ? { type: "ManualStop", number: 2, notification }
    : { type: "ManualStop", number: 2 };
}

/** Event 8 with the Cease to send. */
export function automaticStop(notification: NotificationMessage): EventOf<"AutomaticStop"> {
  return { type: "AutomaticStop", number: 8, notification };
}

/** Event 19: an OPEN arrived. */
export function bgpOpen(message: OpenMessage): EventOf<"BGPOpen"> {
  return { type: "BGPOpen", number: 19, message };
}

/** Event 20: an OPEN arrived while our DelayOpenTimer runs. */
export function bgpOpenWithDelayOpenTimerRunning(
  message: OpenMessage,
): EventOf<"BGPOpen_with_DelayOpenTimer_running"> {
  return { type: "BGPOpen_with_DelayOpenTimer_running", number: 20, message };
}

/** Event 21: the codec found a header error (RFC 4271 §6.1). */
export function bgpHeaderErr(notification: NotificationMessage): EventOf<"BGPHeaderErr"> {
  return { type: "BGPHeaderErr", number: 21, notification };
}

/** Event 22: the codec found an OPEN error (RFC 4271 §6.2). */
export function bgpOpenMsgErr(notification: NotificationMessage): EventOf<"BGPOpenMsgErr"> {
  return { type: "BGPOpenMsgErr", number: 22, notification };
}

/** Event 23: collision resolution (collision.ts) chose to close this connection. */
export function openCollisionDump(
  notification?: NotificationMessage,
): EventOf<"OpenCollisionDump"> {
  return notification
    ? { type: "OpenCollisionDump", number: 23, notification }
    : { type: "OpenCollisionDump", number: 23 };
}

/** Event 24 or 25 for a received NOTIFICATION (24 = version error, RFC 4271 §8.1.5). */
export function notifMsg(message: NotificationMessage): EventOf<"NotifMsgVerErr" | "NotifMsg"> {
  return isVersionError(message)
    ? { type: "NotifMsgVerErr", number: 24, message }
    : { type: "NotifMsg", number: 25, message };
}

/** Event 27. */
export function updateMsg(message?: UpdateMessage): EventOf<"UpdateMsg"> {
  return message ? { type: "UpdateMsg", number: 27, message } : { type: "UpdateMsg", number: 27 };
}

/** Event 28: the UPDATE needs a session reset (RFC 4271 §6.3, RFC 7606 §3). */
export function updateMsgErr(notification: NotificationMessage): EventOf<"UpdateMsgErr"> {
  return { type: "UpdateMsgErr", number: 28, notification };
}

/**
 * The event for a decoded message, or undefined for ROUTE-REFRESH (RFC 2918 is outside the
 * RFC 4271 FSM; the speaker handles it in Established). An OPEN becomes Event 20 while the
 * DelayOpenTimer runs, else Event 19.
 */
export function eventForMessage(session: Session, message: BgpMessage): FsmEvent | undefined {
  switch (message.type) {
    case "open":
      return session.timers.delayOpen !== undefined
        ? bgpOpenWithDelayOpenTimerRunning(message)
        : bgpOpen(message);
    case "notification":
      return notifMsg(message);
    case "keepalive":
      return event("KeepAliveMsg");
    case "update":
      return updateMsg(message);
    case "route-refresh":
      return undefined;
  }
}

/**
 * The event for a decode failure: a header error is Event 21, an OPEN error Event 22, anything
 * else (UPDATE, ROUTE-REFRESH) Event 28. The NOTIFICATION is sent as given.
 */
export function eventForDecodeError(notification: NotificationMessage): FsmEvent {
  switch (notification.code) {
    case NotificationCode.MESSAGE_HEADER_ERROR:
      return bgpHeaderErr(notification);
    case NotificationCode.OPEN_MESSAGE_ERROR:
      return bgpOpenMsgErr(notification);
    default:
      return updateMsgErr(notification);
  }
}

/** The expiry event of a timer (RFC 4271 §8.1.3). */
export function timerEvent(timer: TimerName): FsmEvent {
  switch (timer) {
    case "connectRetry":
      return event("ConnectRetryTimer_Expires");
    case "hold":
      return event("HoldTimer_Expires");
    case "keepalive":
      return event("KeepaliveTimer_Expires");
    case "delayOpen":
      return event("DelayOpenTimer_Expires");
    case "idleHold":
      return event("IdleHoldTimer_Expires");
  }
}
