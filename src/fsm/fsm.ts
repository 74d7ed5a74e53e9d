/**
 * `step(session, event, now)`: the RFC 4271 §8.2.2 state machine as a pure function. It reads
 * no clock (`now` is the caller's, in ms) and performs no I/O; the returned actions say what
 * to send, connect, close and which timers to arm or cancel (as absolute deadlines).
 */
import type { Action } from "./action.ts";
import type { FsmEvent } from "./event.ts";
import type { Session, StateName, TimerName } from "./state.ts";
import { active } from "./state_active.ts";
import { connect } from "./state_connect.ts";
import { established } from "./state_established.ts";
import { idle } from "./state_idle.ts";
import { openConfirm } from "./state_open_confirm.ts";
import { openSent } from "./state_open_sent.ts";
import { Transition } from "./transition.ts";

/** The next session value and what the driver must do, in order. */
export interface StepResult {
  readonly session: Session;
  readonly actions: readonly Action[];
}

/** RFC 4271 §8.1.3: the timer each timer event reports. */
const TIMER_OF_EVENT: Partial<Record<FsmEvent["type"], TimerName>> = {
  "ConnectRetryTimer_Expires": "connectRetry",
  "HoldTimer_Expires": "hold",
  "KeepaliveTimer_Expires": "keepalive",
  "DelayOpenTimer_Expires": "delayOpen",
  "IdleHoldTimer_Expires": "idleHold",
};

const HANDLERS: Readonly<Record<StateName, (t: Transition, e: FsmEvent) => void>> = {
  Idle: idle,
  Connect: connect,
  Active: active,
  OpenSent: openSent,
  OpenConfirm: openConfirm,
  Established: established,
};

/** Feeds one event to the FSM at time `now` (ms). */
export function step(session: Session, event: FsmEvent, now: number): StepResult {
  const t = new Transition(session, event, now);
  // A timer that expired no longer runs (RFC 4271 §8.1.3), whatever the row does next.
  const fired = TIMER_OF_EVENT[event.type];
  if (fired) t.expired(fired);
  if (event.type === "AutomaticStop" && !session.config.allowAutomaticStop) {
    // RFC 4271 §8.1.2 Event 8: AllowAutomaticStop SHOULD be TRUE; otherwise "the local
    // system should log an FSM error" — and we keep the session.
    t.note("warn", "AutomaticStop ignored: AllowAutomaticStop is false");
    return t.result();
  }
  HANDLERS[session.state](t, event);
  return t.result();
}
