/**
 * RFC 4271 §8.2.2 Active state: "BGP FSM is trying to acquire a peer by listening for, and
 * accepting, a TCP connection."
 */
import type { FsmEvent } from "./event.ts";
import {
  delayOpenTimerExpires,
  errorBeforeOpen,
  openWhileDelaying,
  tcpConnectionSucceeds,
  versionErrorBeforeOpen,
} from "./pre_open.ts";
import { administrativeShutdown } from "./shutdown.ts";
import { State } from "./state.ts";
import type { Transition } from "./transition.ts";

export function active(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    // RFC 4271 §8.2.2 Active: "The start events (Events 1, 3-7) are ignored".
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return;
    case "ManualStop": {
      // RFC 4271 §8.2.2 Active/Event 2: Cease only if the DelayOpenTimer runs and
      // SendNOTIFICATIONwithoutOPEN is set; release, drop, counter to zero, Idle.
      const send = t.running("delayOpen") && t.session.config.sendNotificationWithoutOpen;
      t.dropToIdle({
        ...(send ? { notification: e.notification ?? administrativeShutdown() } : {}),
        counter: "zero",
      });
      return;
    }
    case "ConnectRetryTimer_Expires":
      t.startConnectRetryTimer();
      if (t.session.passive) {
        // §8.1.1 Group 3 PassiveTcpEstablishment: we never dial, so keep listening in Active.
        return;
      }
      // RFC 4271 §8.2.2 Active/Event 9: restart the timer, initiate a connection, Connect.
      t.connect();
      t.goto(State.Connect);
      return;
    case "DelayOpenTimer_Expires":
      delayOpenTimerExpires(t); // RFC 4271 §8.2.2 Active/Event 12
      return;
    case "TcpConnection_Valid":
      // RFC 4271 §8.2.2 Active/Event 14: "processes the TCP connection flags" (stay).
      return;
    case "Tcp_CR_Invalid":
      // RFC 4271 §8.2.2 Active/Event 15: "rejects the TCP connection" (stay).
      t.rejectConnection();
      return;
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      tcpConnectionSucceeds(t); // RFC 4271 §8.2.2 Active/Events 16, 17
      return;
    case "TcpConnectionFails":
      // RFC 4271 §8.2.2 Active/Event 18: stop the DelayOpenTimer, release, increment
      // ConnectRetryCounter, damp, Idle. (It also "restarts the ConnectRetryTimer", but
      // Event 9 is ignored in Idle, so we leave it stopped; the IdleHoldTimer restarts us.)
      t.dropToIdle({ counter: "increment", close: false });
      return;
    case "BGPOpen_with_DelayOpenTimer_running":
      openWhileDelaying(t, e.message); // RFC 4271 §8.2.2 Active/Event 20
      return;
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
      errorBeforeOpen(t, e.notification); // RFC 4271 §8.2.2 Active/Events 21, 22
      return;
    case "NotifMsgVerErr":
      versionErrorBeforeOpen(t, e.message); // RFC 4271 §8.2.2 Active/Event 24
      return;
    default:
      // RFC 4271 §8.2.2 Active: "In response to any other event (Events 8, 10-11, 13, 19,
      // 23, 25-28)": ConnectRetryTimer to zero, release, drop, increment counter, damp, Idle.
      t.dropToIdle({
        counter: "increment",
        ...(e.type === "NotifMsg" ? { received: e.message } : {}),
      });
      return;
  }
}
