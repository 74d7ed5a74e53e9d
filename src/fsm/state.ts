/**
 * The session record: RFC 4271 §8 mandatory session attributes (State, ConnectRetryCounter,
 * the timers) plus what edgebgp needs around them (negotiation result, flap history, last
 * error). It is a plain immutable value; `step()` returns a new one.
 */
import type { NotificationMessage, OpenMessage } from "../wire/types.ts";
import type { SessionConfig } from "./config.ts";
import { type FlapHistory, NO_FLAPS } from "./damping.ts";
import type { Negotiated } from "./negotiate.ts";

/** RFC 4271 §8.2.2 states. */
export const State = {
  Idle: "Idle",
  Connect: "Connect",
  Active: "Active",
  OpenSent: "OpenSent",
  OpenConfirm: "OpenConfirm",
  Established: "Established",
} as const;
export type StateName = typeof State[keyof typeof State];

/** RFC 4273 bgpPeerState numbering (also used by BMP and bgpgg's API): idle(1) … established(6). */
export const STATE_NUMBER: Readonly<Record<StateName, number>> = {
  Idle: 1,
  Connect: 2,
  Active: 3,
  OpenSent: 4,
  OpenConfirm: 5,
  Established: 6,
};

/** RFC 4271 §8 / §10 timers (DelayOpenTimer and IdleHoldTimer are §8.1.1 optional ones). */
export type TimerName = "connectRetry" | "hold" | "keepalive" | "delayOpen" | "idleHold";

export const TIMER_NAMES: readonly TimerName[] = [
  "connectRetry",
  "hold",
  "keepalive",
  "delayOpen",
  "idleHold",
];

/** Running timers as absolute deadlines in ms (the `now` scale); absent = stopped ("zero"). */
export type Timers = { readonly [K in TimerName]?: number };

/** Why the session last went down, for the API, BMP and logs. */
export interface LastError {
  /** When it happened (ms). */
  readonly at: number;
  /** The state the session was in. */
  readonly state: StateName;
  /** RFC 4271 §8.1 event number and name that caused it. */
  readonly event: number;
  readonly eventName: string;
  /** The NOTIFICATION we sent or received, if any. */
  readonly notification?: {
    readonly direction: "sent" | "received";
    readonly message: NotificationMessage;
  };
  /** One sentence for humans. */
  readonly text: string;
}

/** One BGP session (RFC 4271 §8: one FSM per connection, plus the peer's history). */
export interface Session {
  readonly state: StateName;
  readonly config: SessionConfig;
  /** RFC 4271 §8: ConnectRetryCounter. */
  readonly connectRetryCounter: number;
  readonly timers: Timers;
  /** PassiveTcpEstablishment of the current run, set by the start event (Events 4, 5, 7). */
  readonly passive: boolean;
  /** The FSM holds a TCP connection (from Event 16/17 until it drops it). */
  readonly connected: boolean;
  /** The OPEN we sent on this connection (for BMP Peer Up). */
  readonly localOpen?: OpenMessage;
  /** The peer's OPEN, once accepted. */
  readonly peerOpen?: OpenMessage;
  /** The negotiation result, from OpenConfirm on. */
  readonly negotiated?: Negotiated;
  /** When the session entered Established (ms). */
  readonly establishedAt?: number;
  /** When the state last changed (ms), for uptime and "down since". */
  readonly stateSince: number;
  /** Peer-oscillation damping history; survives reconnects. */
  readonly history: FlapHistory;
  readonly lastError?: LastError;
}

/** A new session in Idle, as after configuration (RFC 4271 §8.2.2 "Initially … Idle"). */
export function newSession(config: SessionConfig, now = 0): Session {
  return {
    state: State.Idle,
    config,
    connectRetryCounter: 0,
    timers: {},
    passive: config.passiveTcpEstablishment,
    connected: false,
    stateSince: now,
    history: NO_FLAPS,
  };
}

/**
 * `session` carrying `from`'s peer history (flap count, ConnectRetryCounter, last error):
 * used when a collision winner on a new connection replaces the peer's previous FSM.
 */
export function inheritHistory(session: Session, from: Session): Session {
  return {
    ...session,
    history: from.history,
    connectRetryCounter: from.connectRetryCounter,
    ...(from.lastError ? { lastError: from.lastError } : {}),
  };
}

/** The earliest running timer, or undefined when none runs. */
export function nextDeadline(
  session: Session,
): { readonly timer: TimerName; readonly at: number } | undefined {
  let best: { timer: TimerName; at: number } | undefined;
  for (const timer of TIMER_NAMES) {
    const at = session.timers[timer];
    if (at !== undefined && (!best || at < best.at)) best = { timer, at };
  }
  return best;
}

/** Timers whose deadline is at or before `now`, earliest first. */
export function dueTimers(session: Session, now: number): TimerName[] {
  return TIMER_NAMES
    .filter((t) => session.timers[t] !== undefined && session.timers[t]! <= now)
    .sort((a, b) => session.timers[a]! - session.timers[b]!);
}
