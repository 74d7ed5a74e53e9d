/**
 * RFC 4271 §8.2.2 Connect state: "BGP FSM is waiting for the TCP connection to be completed."
 */
import type { FsmEvent } from "./event.ts";
import {
  delayOpenTimerExpires,
  errorBeforeOpen,
  openWhileDelaying,
  tcpConnectionSucceeds,
  versionErrorBeforeOpen,
} from "./pre_open.ts";
import { State } from "./state.ts";
import type { Transition } from "./transition.ts";

export function connect(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    // RFC 4271 §8.2.2 Connect: "The start events (Events 1, 3-7) are ignored".
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return;
    case "ManualStop":
      // RFC 4271 §8.2.2 Connect/Event 2: drop the connection, release, counter to zero,
      // stop the ConnectRetryTimer, Idle.
      t.dropToIdle({ counter: "zero" });
      return;
    case "ConnectRetryTimer_Expires":
      // RFC 4271 §8.2.2 Connect/Event 9: drop the connection, restart the ConnectRetryTimer,
      // stop the DelayOpenTimer, initiate a new connection, stay in Connect.
      t.closeConnection();
      t.startConnectRetryTimer();
      t.cancel("delayOpen");
      t.connect();
      return;
    case "DelayOpenTimer_Expires":
      delayOpenTimerExpires(t); // RFC 4271 §8.2.2 Connect/Event 12
      return;
    case "TcpConnection_Valid":
      // RFC 4271 §8.2.2 Connect/Event 14: "the TCP connection is processed" (stay).
      return;
    case "Tcp_CR_Invalid":
      // RFC 4271 §8.2.2 Connect/Event 15: "rejects the TCP connection" (stay).
      t.rejectConnection();
      return;
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      tcpConnectionSucceeds(t); // RFC 4271 §8.2.2 Connect/Events 16, 17
      return;
    case "TcpConnectionFails":
      if (t.running("delayOpen")) {
        // RFC 4271 §8.2.2 Connect/Event 18 with the DelayOpenTimer running: restart the
        // ConnectRetryTimer, stop the DelayOpenTimer, keep listening, go to Active.
        t.startConnectRetryTimer();
        t.cancel("delayOpen");
        t.setConnected(false);
        t.recordError({});
        t.goto(State.Active);
      } else {
        // RFC 4271 §8.2.2 Connect/Event 18 otherwise: stop the ConnectRetryTimer, drop the
        // connection, release, Idle (ConnectRetryCounter unchanged).
        t.dropToIdle({ counter: "keep" });
      }
      return;
    case "BGPOpen_with_DelayOpenTimer_running":
      openWhileDelaying(t, e.message); // RFC 4271 §8.2.2 Connect/Event 20
      return;
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
      errorBeforeOpen(t, e.notification); // RFC 4271 §8.2.2 Connect/Events 21, 22
      return;
    case "NotifMsgVerErr":
      versionErrorBeforeOpen(t, e.message); // RFC 4271 §8.2.2 Connect/Event 24
      return;
    default:
      // RFC 4271 §8.2.2 Connect: "In response to any other events (Events 8, 10-11, 13, 19,
      // 23, 25-28)": stop ConnectRetryTimer and DelayOpenTimer, release, drop the connection,
      // increment ConnectRetryCounter, damp, Idle.
      t.dropToIdle({
        counter: "increment",
        ...(e.type === "NotifMsg" ? { received: e.message } : {}),
      });
      return;
  }
}
