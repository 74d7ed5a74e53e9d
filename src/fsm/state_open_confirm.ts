/**
 * RFC 4271 §8.2.2 OpenConfirm state: "BGP waits for a KEEPALIVE or NOTIFICATION message."
 */
import type { FsmEvent } from "./event.ts";
import {
  connectionCollisionResolution,
  FsmErrorSubcode,
  holdTimerExpired,
} from "./notification.ts";
import { administrativeShutdown } from "./shutdown.ts";
import { fsmErrorFor, type Transition } from "./transition.ts";

export function openConfirm(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    // RFC 4271 §8.2.2 OpenConfirm: "The start events (Events 1, 3-7) are ignored".
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return;
    case "ManualStop":
      // RFC 4271 §8.2.2 OpenConfirm/Event 2: Cease, release, drop, counter to zero, Idle.
      t.dropToIdle({ notification: e.notification ?? administrativeShutdown(), counter: "zero" });
      return;
    case "AutomaticStop":
      // RFC 4271 §8.2.2 OpenConfirm/Event 8: Cease, …, increment counter, damp, Idle.
      t.dropToIdle({ notification: e.notification, counter: "increment" });
      return;
    case "HoldTimer_Expires":
      // RFC 4271 §8.2.2 OpenConfirm/Event 10: NOTIFICATION Hold Timer Expired, …, Idle.
      t.dropToIdle({ notification: holdTimerExpired(), counter: "increment" });
      return;
    case "KeepaliveTimer_Expires":
      // RFC 4271 §8.2.2 OpenConfirm/Event 11: send KEEPALIVE, restart the KeepaliveTimer.
      t.sendKeepalive();
      t.restartKeepaliveTimer();
      return;
    case "TcpConnection_Valid":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      // RFC 4271 §8.2.2 OpenConfirm/Events 14, 16, 17: "needs to track the second connection".
      t.trackConnection();
      return;
    case "Tcp_CR_Invalid":
      return; // RFC 4271 §8.2.2 OpenConfirm/Event 15: ignored
    case "TcpConnectionFails":
      // RFC 4271 §8.2.2 OpenConfirm/Event 18: release, drop, increment counter, damp, Idle.
      t.dropToIdle({ counter: "increment" });
      return;
    case "NotifMsg":
      // RFC 4271 §8.2.2 OpenConfirm/Event 25: same as Event 18.
      t.dropToIdle({ received: e.message, counter: "increment" });
      return;
    case "NotifMsgVerErr":
      // RFC 4271 §8.2.2 OpenConfirm/Event 24: release, drop, Idle (counter unchanged).
      t.dropToIdle({ received: e.message, counter: "keep" });
      return;
    case "BGPOpen":
    case "OpenCollisionDump":
      // RFC 4271 §8.2.2 OpenConfirm/Event 19 ("If this connection is to be dropped due to
      // connection collision") and Event 23: Cease (Connection Collision Resolution),
      // release, drop, increment counter, Idle. The driver runs collision.ts first and only
      // delivers these to the losing connection's FSM.
      t.dropToIdle({
        notification: (e.type === "OpenCollisionDump" ? e.notification : undefined) ??
          connectionCollisionResolution(),
        counter: "increment",
        collision: true,
      });
      return;
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
      // RFC 4271 §8.2.2 OpenConfirm/Events 21, 22: NOTIFICATION with the error, …, Idle.
      t.dropToIdle({ notification: e.notification, counter: "increment" });
      return;
    case "KeepAliveMsg":
      // RFC 4271 §8.2.2 OpenConfirm/Event 26: restart the HoldTimer, go to Established.
      t.restartHoldTimer();
      t.establish();
      return;
    default:
      // RFC 4271 §8.2.2 OpenConfirm: "any other event (Events 9, 12-13, 20, 27-28)":
      // NOTIFICATION Finite State Machine Error (RFC 6608 subcode 2 for messages), …, Idle.
      t.dropToIdle({
        notification: fsmErrorFor(e, FsmErrorSubcode.UNEXPECTED_MESSAGE_IN_OPENCONFIRM),
        counter: "increment",
      });
      return;
  }
}
