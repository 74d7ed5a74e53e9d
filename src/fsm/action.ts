/**
 * What `step()` asks the driver to do, in order. The FSM never performs I/O; the driver
 * carries these out over its socket and clock (DESIGN.md: timers are deadlines).
 */
import type { KeepaliveMessage, NotificationMessage, OpenMessage } from "../wire/types.ts";
import type { Negotiated } from "./negotiate.ts";
import type { StateName, TimerName } from "./state.ts";

/** Why an Established session went down (feeds BMP Peer Down, RFC 7854 §4.9, and logs). */
export interface DownReason {
  /** RFC 4271 §8.1 event number and name that ended the session. */
  readonly event: number;
  readonly eventName: string;
  /** The NOTIFICATION sent (local close) or received (remote close); absent = none. */
  readonly notification?: {
    readonly direction: "sent" | "received";
    readonly message: NotificationMessage;
  };
}

export type Action =
  /** Encode and write a message on this FSM's connection. */
  | {
    readonly type: "send";
    readonly message: OpenMessage | NotificationMessage | KeepaliveMessage;
  }
  /** RFC 4271 §8.2.2 "initiates a TCP connection to the other BGP peer". */
  | { readonly type: "connect" }
  /**
   * RFC 4271 §8.2.2 "drops the TCP connection": close this FSM's connection, or abandon its
   * connection attempt, after writing any queued "send" (a NOTIFICATION must go out first).
   */
  | { readonly type: "close-connection" }
  /**
   * RFC 4271 §8.2.2 "rejects the TCP connection" / Idle "refuses all incoming connections":
   * close the connection that raised this event, not the FSM's own.
   */
  | { readonly type: "reject-connection" }
  /**
   * RFC 4271 §8.2.2 / §6.8: a second connection for this peer is in progress; keep it as a
   * collision candidate (its own FSM) until its OPEN arrives, then ask collision.ts.
   */
  | { readonly type: "track-connection" }
  /** Start (or restart) a timer to expire at the absolute time `at` (ms). */
  | { readonly type: "arm-timer"; readonly timer: TimerName; readonly at: number }
  /** Stop a timer (RFC: "sets … to zero"). */
  | { readonly type: "cancel-timer"; readonly timer: TimerName }
  /** RFC 4271 §8.2.2 "initializes all BGP resources for the peer connection". */
  | { readonly type: "initialize-resources" }
  /** RFC 4271 §8.2.2 "releases all BGP resources" (and, from Established, the routes). */
  | { readonly type: "release-resources" }
  /** The session reached Established: hand the result to the RIB, BMP Peer Up, hooks. */
  | {
    readonly type: "established";
    readonly negotiated: Negotiated;
    readonly localOpen: OpenMessage;
    readonly peerOpen: OpenMessage;
  }
  /** RFC 4271 §8.2.2 "deletes all routes associated with this connection" + BMP Peer Down. */
  | { readonly type: "session-down"; readonly reason: DownReason }
  /** The state changed (for logs, statistics and the API). */
  | {
    readonly type: "state-change";
    readonly from: StateName;
    readonly to: StateName;
    readonly event: number;
  }
  /** Something worth a log line. */
  | { readonly type: "note"; readonly level: "debug" | "info" | "warn"; readonly text: string };

export type ActionType = Action["type"];
