/**
 * RFC 4271 §6.8 connection collision arbiter. Two connections exist for one peer (one we
 * initiated, one it initiated); when an OPEN arrives, decide which one to close. The loser's
 * FSM gets OpenCollisionDump (Event 23) and sends Cease / Connection Collision Resolution
 * (RFC 4486 subcode 7).
 */
import type { NotificationMessage } from "../wire/types.ts";
import { connectionCollisionResolution } from "./notification.ts";
import { State, type StateName } from "./state.ts";

/** Who sent the first SYN (RFC 4271 §8.2.1: "outgoing" is the side that connected). */
export type ConnectionDirection = "outgoing" | "incoming";

export interface CollidingConnection {
  readonly state: StateName;
  readonly direction: ConnectionDirection;
}

export interface CollisionInput {
  /** The connection the peer already had. */
  readonly existing: CollidingConnection;
  /** The connection on which the OPEN just arrived. */
  readonly received: CollidingConnection;
  readonly localBgpId: number;
  /** The BGP Identifier in the OPEN just received. */
  readonly remoteBgpId: number;
  /** RFC 6286 §2.3 tie-break when the identifiers are equal. */
  readonly localAs: number;
  readonly remoteAs: number;
  /** RFC 4271 §8.1.1 CollisionDetectEstablishedState. */
  readonly collisionDetectEstablishedState: boolean;
  /**
   * RFC 4271 §6.8: "MAY also examine connections in an OpenSent state if it knows the BGP
   * Identifier of the peer by means outside of the protocol" — pass true to do so.
   */
  readonly remoteBgpIdKnown?: boolean;
}

export type CollisionDecision =
  | { readonly type: "no-collision"; readonly reason: string }
  | {
    readonly type: "close";
    /** Which connection to close: its FSM gets Event 23 with `notification`. */
    readonly close: "existing" | "received";
    readonly notification: NotificationMessage;
    readonly reason: string;
  };

function close(which: "existing" | "received", reason: string): CollisionDecision {
  return { type: "close", close: which, notification: connectionCollisionResolution(), reason };
}

/** RFC 4271 §6.8: decide which of two colliding connections survives. */
export function resolveCollision(input: CollisionInput): CollisionDecision {
  const { existing, received } = input;
  switch (existing.state) {
    case State.Idle:
    case State.Connect:
    case State.Active:
      // RFC 4271 §6.8: "a connection collision cannot be detected with connections that are
      // in Idle, Connect, or Active states."
      return { type: "no-collision", reason: `existing connection is in ${existing.state}` };
    case State.OpenSent:
      if (!input.remoteBgpIdKnown) {
        return {
          type: "no-collision",
          reason: "existing connection is in OpenSent and the peer's BGP Identifier is unknown",
        };
      }
      break;
    case State.Established:
      // RFC 4271 §6.8: "Unless allowed via configuration, a connection collision with an
      // existing BGP connection that is in the Established state causes closing of the newly
      // created connection."
      if (!input.collisionDetectEstablishedState) {
        return close("received", "existing connection is Established");
      }
      break;
    case State.OpenConfirm:
      break;
  }

  // RFC 4271 §6.8 step 1: compare identifiers as 4-octet unsigned integers (host order).
  // RFC 6286 §2.3: if they are equal, the larger AS number decides instead.
  const local = input.localBgpId >>> 0;
  const remote = input.remoteBgpId >>> 0;
  let localWins: boolean;
  let why: string;
  if (local !== remote) {
    localWins = local > remote;
    why = `local BGP Identifier ${local} ${localWins ? ">" : "<"} remote ${remote}`;
  } else {
    localWins = input.localAs > input.remoteAs;
    why = `equal BGP Identifiers; local AS ${input.localAs} ${
      localWins ? ">" : "<="
    } remote AS ${input.remoteAs}`;
  }
  // The connection initiated by the winning side survives: steps 2 and 3 of §6.8 ("closes
  // the BGP connection that already exists … and accepts the BGP connection initiated by
  // the remote system" when the local identifier is lower; otherwise the reverse).
  const keep: ConnectionDirection = localWins ? "outgoing" : "incoming";
  if (existing.direction !== received.direction) {
    const loser = existing.direction === keep ? "received" : "existing";
    return close(loser, `${why}: keep the ${keep} connection`);
  }
  // Both connections in the same direction cannot be told apart by initiator; apply the
  // literal text: lower local identifier closes the existing one, else the new one.
  return close(localWins ? "received" : "existing", `${why} (same direction)`);
}
