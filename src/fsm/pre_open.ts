/**
 * Rows that RFC 4271 §8.2.2 spells out identically (or nearly) for the Connect and Active
 * states, where no OPEN has been sent yet.
 */
import type { NotificationMessage, OpenMessage } from "../wire/types.ts";
import { State } from "./state.ts";
import type { Transition } from "./transition.ts";

/**
 * RFC 4271 §8.2.2 Connect and Active, Events 16/17 (TCP connection succeeds): with DelayOpen,
 * stop the ConnectRetryTimer, start the DelayOpenTimer and stay; otherwise stop the
 * ConnectRetryTimer, send OPEN, set the HoldTimer to a large value and go to OpenSent.
 */
export function tcpConnectionSucceeds(t: Transition): void {
  t.setConnected(true);
  t.cancel("connectRetry");
  const delay = t.session.config.delayOpenTimeSecs;
  if (delay !== undefined && delay > 0) {
    t.arm("delayOpen", delay * 1000);
    return;
  }
  t.sendOpen();
  t.armLargeHoldTimer();
  t.goto(State.OpenSent);
}

/**
 * RFC 4271 §8.2.2 Connect/Event 12 and Active/Event 12 (DelayOpenTimer_Expires): send OPEN,
 * set the HoldTimer to a large value, go to OpenSent.
 */
export function delayOpenTimerExpires(t: Transition): void {
  t.cancel("connectRetry");
  t.sendOpen();
  t.armLargeHoldTimer();
  t.goto(State.OpenSent);
}

/**
 * RFC 4271 §8.2.2 Connect and Active, Event 20 (OPEN received while the DelayOpenTimer runs):
 * stop ConnectRetryTimer and DelayOpenTimer, send OPEN and KEEPALIVE, start KeepaliveTimer and
 * HoldTimer with the negotiated values (none when the hold time is zero), go to OpenConfirm.
 * An unacceptable OPEN takes the Event 22 row instead.
 */
export function openWhileDelaying(t: Transition, open: OpenMessage): void {
  const refused = t.acceptOpen(open);
  if (refused) {
    errorBeforeOpen(t, refused.notification, refused.reason);
    return;
  }
  t.cancel("connectRetry");
  t.cancel("delayOpen");
  t.sendOpen();
  t.sendKeepalive();
  t.armNegotiatedTimers();
  t.goto(State.OpenConfirm);
}

/**
 * RFC 4271 §8.2.2 Connect and Active, Events 21/22 (header or OPEN error): send the
 * NOTIFICATION only when SendNOTIFICATIONwithoutOPEN is set (we have not sent our OPEN),
 * then stop the timers, release, drop the connection, increment ConnectRetryCounter, damp, Idle.
 */
export function errorBeforeOpen(
  t: Transition,
  notification: NotificationMessage,
  reason?: string,
): void {
  const send = t.session.config.sendNotificationWithoutOpen;
  t.dropToIdle({
    ...(send ? { notification } : {}),
    counter: "increment",
    ...(reason ? { text: `OPEN rejected: ${reason}` } : {}),
  });
}

/**
 * RFC 4271 §8.2.2 Connect and Active, Event 24 (NOTIFICATION with a version error): with the
 * DelayOpenTimer running, go to Idle without touching ConnectRetryCounter; otherwise also
 * increment it and damp.
 */
export function versionErrorBeforeOpen(t: Transition, received: NotificationMessage): void {
  t.dropToIdle({
    received,
    counter: t.running("delayOpen") ? "keep" : "increment",
  });
}
