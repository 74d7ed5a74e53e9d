/**
 * RFC 4271 §8.2.2 OpenSent state: "BGP FSM waits for an OPEN message from its peer."
 */
import type { FsmEvent } from "./event.ts";
import {
  connectionCollisionResolution,
  FsmErrorSubcode,
  holdTimerExpired,
} from "./notification.ts";
import { administrativeShutdown } from "./shutdown.ts";
import { State } from "./state.ts";
import { fsmErrorFor, type Transition } from "./transition.ts";

export function openSent(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    // RFC 4271 §8.2.2 OpenSent: "The start events (Events 1, 3-7) are ignored".
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return;
    case "ManualStop":
      // RFC 4271 §8.2.2 OpenSent/Event 2: Cease, release, drop, counter to zero, Idle.
      t.dropToIdle({ notification: e.notification ?? administrativeShutdown(), counter: "zero" });
      return;
    case "AutomaticStop":
      // RFC 4271 §8.2.2 OpenSent/Event 8: Cease, release, drop, increment counter, damp, Idle.
      t.dropToIdle({ notification: e.notification, counter: "increment" });
      return;
    case "HoldTimer_Expires":
      // RFC 4271 §8.2.2 OpenSent/Event 10: NOTIFICATION Hold Timer Expired, …, Idle.
      t.dropToIdle({ notification: holdTimerExpired(), counter: "increment" });
      return;
    case "TcpConnection_Valid":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      // RFC 4271 §8.2.2 OpenSent/Events 14, 16, 17: "a second TCP connection may be in
      // progress … tracked per Connection Collision processing (Section 6.8)".
      t.trackConnection();
      return;
    case "Tcp_CR_Invalid":
      return; // RFC 4271 §8.2.2 OpenSent/Event 15: ignored
    case "TcpConnectionFails":
      // RFC 4271 §8.2.2 OpenSent/Event 18: close the connection, restart the
      // ConnectRetryTimer, keep listening, go to Active.
      t.closeConnection();
      t.cancel("hold");
      t.startConnectRetryTimer();
      t.recordError({});
      t.forgetConnection();
      t.goto(State.Active);
      return;
    case "BGPOpen": {
      // RFC 4271 §8.2.2 OpenSent/Event 19: a valid OPEN stops the DelayOpenTimer and the
      // ConnectRetryTimer, sends KEEPALIVE, sets KeepaliveTimer and the negotiated
      // HoldTimer, and goes to OpenConfirm; an invalid one takes the Event 22 row.
      const refused = t.acceptOpen(e.message);
      if (refused) {
        t.dropToIdle({
          notification: refused.notification,
          counter: "increment",
          text: `OPEN rejected: ${refused.reason}`,
        });
        return;
      }
      t.cancel("delayOpen");
      t.cancel("connectRetry");
      t.sendKeepalive();
      t.armNegotiatedTimers();
      t.goto(State.OpenConfirm);
      return;
    }
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
      // RFC 4271 §8.2.2 OpenSent/Events 21, 22: NOTIFICATION with the error, …, Idle.
      t.dropToIdle({ notification: e.notification, counter: "increment" });
      return;
    case "OpenCollisionDump":
      // RFC 4271 §8.2.2 OpenSent/Event 23: Cease (RFC 4486: Connection Collision
      // Resolution), release, drop, increment counter, Idle.
      t.dropToIdle({
        notification: e.notification ?? connectionCollisionResolution(),
        counter: "increment",
        collision: true,
      });
      return;
    case "NotifMsgVerErr":
      // RFC 4271 §8.2.2 OpenSent/Event 24: release, drop, Idle (counter unchanged).
      t.dropToIdle({ received: e.message, counter: "keep" });
      return;
    case "NotifMsg":
      // RFC 4271 §8.2.2 OpenSent lists Event 25 under "any other event" (FSM Error), but a
      // NOTIFICATION already closes the connection (§4.5) and RFC 6608 §4 names only
      // KEEPALIVE/UPDATE/ROUTE-REFRESH as unexpected: we close without answering.
      t.dropToIdle({ received: e.message, counter: "increment" });
      return;
    default:
      // RFC 4271 §8.2.2 OpenSent: "any other event (Events 9, 11-13, 20, 25-28)": NOTIFICATION
      // Finite State Machine Error (RFC 6608 subcode 1 for messages), …, Idle.
      t.dropToIdle({
        notification: fsmErrorFor(e, FsmErrorSubcode.UNEXPECTED_MESSAGE_IN_OPENSENT),
        counter: "increment",
      });
      return;
  }
}
