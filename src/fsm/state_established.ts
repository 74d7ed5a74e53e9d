/**
 * RFC 4271 §8.2.2 Established state: "the BGP FSM can exchange UPDATE, NOTIFICATION, and
 * KEEPALIVE messages with its peer."
 */
import { recordStable } from "./damping.ts";
import type { FsmEvent } from "./event.ts";
import {
  connectionCollisionResolution,
  FsmErrorSubcode,
  holdTimerExpired,
} from "./notification.ts";
import { administrativeShutdown } from "./shutdown.ts";
import { fsmErrorFor, type Transition } from "./transition.ts";

export function established(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    // RFC 4271 §8.2.2 Established: the start events (Events 1, 3-7) are ignored.
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return;
    case "ManualStop":
      // RFC 4271 §8.2.2 Established/Event 2: Cease, delete routes, release, drop, counter
      // to zero, Idle.
      t.dropToIdle({ notification: e.notification ?? administrativeShutdown(), counter: "zero" });
      return;
    case "AutomaticStop":
      // RFC 4271 §8.2.2 Established/Event 8: Cease, delete routes, …, increment counter, Idle.
      t.dropToIdle({ notification: e.notification, counter: "increment" });
      return;
    case "HoldTimer_Expires":
      // RFC 4271 §8.2.2 Established/Event 10: NOTIFICATION Hold Timer Expired, …, Idle.
      t.dropToIdle({ notification: holdTimerExpired(), counter: "increment" });
      return;
    case "KeepaliveTimer_Expires":
      // RFC 4271 §8.2.2 Established/Event 11: send KEEPALIVE, restart the KeepaliveTimer
      // unless the negotiated HoldTime is zero.
      t.sendKeepalive();
      t.restartKeepaliveTimer();
      return;
    case "TcpConnection_Valid":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      // RFC 4271 §8.2.2 Established/Events 14, 16, 17: the second connection "SHALL be
      // tracked until it sends an OPEN message".
      t.trackConnection();
      return;
    case "Tcp_CR_Invalid":
      return; // RFC 4271 §8.2.2 Established/Event 15: ignored
    case "BGPOpen":
      if (!t.session.config.collisionDetectEstablishedState) {
        // Without CollisionDetectEstablishedState an OPEN here is an unexpected message
        // (RFC 6608 §4: FSM Error, subcode 3).
        t.dropToIdle({
          notification: fsmErrorFor(e, FsmErrorSubcode.UNEXPECTED_MESSAGE_IN_ESTABLISHED),
          counter: "increment",
        });
        return;
      }
      // RFC 4271 §8.2.2 Established/Event 19 with CollisionDetectEstablishedState: this
      // connection lost the collision (§6.8) — same as Event 23.
      t.dropToIdle({
        notification: connectionCollisionResolution(),
        counter: "increment",
        collision: true,
      });
      return;
    case "OpenCollisionDump":
      // RFC 4271 §8.2.2 Established/Event 23 (via Event 19): Cease, delete routes, …, Idle.
      t.dropToIdle({
        notification: e.notification ?? connectionCollisionResolution(),
        counter: "increment",
        collision: true,
      });
      return;
    case "TcpConnectionFails":
      // RFC 4271 §8.2.2 Established/Event 18: delete routes, release, drop, increment, Idle.
      t.dropToIdle({ counter: "increment" });
      return;
    case "NotifMsgVerErr":
    case "NotifMsg":
      // RFC 4271 §8.2.2 Established/Events 24, 25: as Event 18.
      t.dropToIdle({ received: e.message, counter: "increment" });
      return;
    case "KeepAliveMsg":
    case "UpdateMsg": {
      // RFC 4271 §8.2.2 Established/Events 26, 27: restart the HoldTimer if the negotiated
      // HoldTime is non-zero; stay. damping.ts: a session up for a hold time is stable.
      t.restartHoldTimer();
      const s = t.session;
      if (s.establishedAt !== undefined) {
        t.update({ history: recordStable(s.history, s.establishedAt, t.holdTimeMs(), t.now) });
      }
      return;
    }
    case "UpdateMsgErr":
      // RFC 4271 §8.2.2 Established/Event 28: NOTIFICATION Update error, …, Idle.
      t.dropToIdle({ notification: e.notification, counter: "increment" });
      return;
    case "BGPHeaderErr":
      // RFC 4271 §8.2.2 Established lists Event 21 under "any other event" (FSM Error), but
      // §6.1 says header errors MUST be reported as Message Header Error: we send that.
      t.dropToIdle({ notification: e.notification, counter: "increment" });
      return;
    default:
      // RFC 4271 §8.2.2 Established: "any other event (Events 9, 12-13, 20-22)": NOTIFICATION
      // Finite State Machine Error (RFC 6608 subcode 3 for messages), delete routes, …, Idle.
      t.dropToIdle({
        notification: fsmErrorFor(e, FsmErrorSubcode.UNEXPECTED_MESSAGE_IN_ESTABLISHED),
        counter: "increment",
      });
      return;
  }
}
