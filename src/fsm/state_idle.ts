/**
 * RFC 4271 §8.2.2 Idle state: "BGP FSM refuses all incoming BGP connections for this peer.
 * No resources are allocated to the peer."
 */
import type { FsmEvent } from "./event.ts";
import { State } from "./state.ts";
import type { Transition } from "./transition.ts";

/**
 * RFC 4271 §8.2.2 Idle/Events 1, 3 (and 4, 5 passive): initialize resources, set
 * ConnectRetryCounter to zero, start the ConnectRetryTimer, then either initiate a TCP
 * connection and go to Connect, or (passive) only listen and go to Active.
 */
function start(t: Transition, passive: boolean): void {
  t.cancel("idleHold"); // a start overrides a pending automatic restart
  t.setPassive(passive);
  t.initializeResources();
  t.setCounter("zero");
  t.startConnectRetryTimer();
  if (passive) {
    t.goto(State.Active);
  } else {
    t.connect();
    t.goto(State.Connect);
  }
}

/**
 * RFC 4271 §8.2.2 Idle/Events 6, 7: "the local system will use these events to prevent peer
 * oscillations" — we hold the peer in Idle for the damped IdleHoldTime (damping.ts), and the
 * IdleHoldTimer's expiry (Event 13) performs the start.
 */
function startAfterIdleHold(t: Transition, passive: boolean): void {
  if (t.running("idleHold")) {
    t.setPassive(passive);
    return;
  }
  if (!t.scheduleAutomaticStart(passive)) start(t, passive); // no IdleHoldTime: start now
}

export function idle(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    case "ManualStart":
    case "AutomaticStart":
      start(t, false);
      return;
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
      start(t, true);
      return;
    case "AutomaticStart_with_DampPeerOscillations":
      startAfterIdleHold(t, false);
      return;
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      startAfterIdleHold(t, true);
      return;
    case "IdleHoldTimer_Expires":
      // RFC 4271 §8.2.2 Idle/Event 13: the hold-down is over; start as the schedule said.
      start(t, t.session.passive);
      return;
    case "ManualStop":
      // RFC 4271 §8.2.2 Idle/Event 2 is ignored; it does cancel our own pending restart.
      t.cancel("idleHold");
      return;
    case "TcpConnection_Valid":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      // RFC 4271 §8.2.2 Idle: "refuses all incoming BGP connections for this peer".
      t.rejectConnection();
      return;
    default:
      // RFC 4271 §8.2.2 Idle: "Any other event (Events 9-12, 15-28) received in the Idle
      // state does not cause change in the state of the local system." (Event 8 likewise.)
      t.note("debug", `${e.type} (event ${e.number}) ignored in Idle`);
      return;
  }
}
