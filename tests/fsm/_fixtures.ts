/**
 * Shared fixtures for the FSM tests: a configuration, the peer's OPEN, sessions in each
 * RFC 4271 §8.2.2 state (built by stepping the real FSM, never by hand), and a compact
 * one-line-per-action summary so table rows stay readable.
 */
import {
  type Action,
  bgpOpen,
  event,
  newSession,
  type Session,
  type SessionConfig,
  step,
} from "../../src/fsm/mod.ts";
import type { OpenMessage } from "../../src/wire/types.ts";

/** 1.1.1.1 and 2.2.2.2 as unsigned 32-bit BGP Identifiers. */
export const LOCAL_ID = 0x01010101;
export const PEER_ID = 0x02020202;

/** When fixtures are built; table rows run one second later (T1). */
export const T0 = 1_000_000;
export const T1 = T0 + 1_000;

export const CONFIG: SessionConfig = {
  asn: 65001,
  bgpId: LOCAL_ID,
  holdTimeSecs: 90,
  peerAs: 65002,
  families: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }],
  connectRetryTimeSecs: 30,
  passiveTcpEstablishment: false,
  idleHoldTimeSecs: 30,
  dampPeerOscillations: true,
  allowAutomaticStop: true,
  sendNotificationWithoutOpen: false,
  collisionDetectEstablishedState: false,
};

export function config(patch: Partial<SessionConfig> = {}): SessionConfig {
  return { ...CONFIG, ...patch };
}

/** The peer's OPEN: AS 65002, hold 90 s, BGP Identifier 2.2.2.2, both unicast families. */
export function peerOpen(patch: Partial<OpenMessage> = {}): OpenMessage {
  return {
    type: "open",
    version: 4,
    myAs: 65002,
    holdTime: 90,
    bgpId: PEER_ID,
    capabilities: [
      { type: "multiprotocol", afi: 1, safi: 1 },
      { type: "multiprotocol", afi: 2, safi: 1 },
      { type: "route-refresh" },
      { type: "four-octet-as", asn: 65002 },
    ],
    ...patch,
  };
}

/** Steps through `events` at T0, returning the final session. */
function drive(s: Session, ...events: Parameters<typeof step>[1][]): Session {
  for (const e of events) s = step(s, e, T0).session;
  return s;
}

/** Sessions in each state, ConnectRetryCounter set to 5 so zero/keep/increment differ. */
export function fixture(name: FixtureName, patch: Partial<SessionConfig> = {}): Session {
  const cfg = config(patch);
  const idle = newSession(cfg, T0);
  const delayed = config({ ...patch, delayOpenTimeSecs: 5 });
  let s: Session;
  switch (name) {
    case "Idle":
      s = idle;
      break;
    case "Connect":
      s = drive(idle, event("ManualStart"));
      break;
    case "Connect+DelayOpen":
      s = drive(newSession(delayed, T0), event("ManualStart"), event("Tcp_CR_Acked"));
      break;
    case "Active":
      s = drive(idle, event("ManualStart_with_PassiveTcpEstablishment"));
      break;
    case "Active+DelayOpen":
      s = drive(
        newSession(delayed, T0),
        event("ManualStart_with_PassiveTcpEstablishment"),
        event("TcpConnectionConfirmed"),
      );
      break;
    case "OpenSent":
      s = drive(idle, event("ManualStart"), event("Tcp_CR_Acked"));
      break;
    case "OpenConfirm":
      s = drive(idle, event("ManualStart"), event("Tcp_CR_Acked"), bgpOpen(peerOpen()));
      break;
    case "Established":
      s = drive(
        idle,
        event("ManualStart"),
        event("Tcp_CR_Acked"),
        bgpOpen(peerOpen()),
        event("KeepAliveMsg"),
      );
      break;
  }
  return { ...s, connectRetryCounter: 5 };
}

export type FixtureName =
  | "Idle"
  | "Connect"
  | "Connect+DelayOpen"
  | "Active"
  | "Active+DelayOpen"
  | "OpenSent"
  | "OpenConfirm"
  | "Established";

/**
 * One line per action, times relative to `now`: "send notification 6/2", "arm hold +90s",
 * "cancel connectRetry", "connect", "session-down sent 6/2", … Notes and state changes are
 * left out (the row checks the state itself).
 */
export function summarize(actions: readonly Action[], now: number): string[] {
  const out: string[] = [];
  for (const a of actions) {
    switch (a.type) {
      case "send":
        out.push(
          a.message.type === "notification"
            ? `send notification ${a.message.code}/${a.message.subcode}`
            : `send ${a.message.type}`,
        );
        break;
      case "arm-timer":
        out.push(`arm ${a.timer} +${(a.at - now) / 1000}s`);
        break;
      case "cancel-timer":
        out.push(`cancel ${a.timer}`);
        break;
      case "session-down": {
        const n = a.reason.notification;
        out.push(
          n ? `session-down ${n.direction} ${n.message.code}/${n.message.subcode}` : "session-down",
        );
        break;
      }
      case "note":
      case "state-change":
        break;
      default:
        out.push(a.type);
    }
  }
  return out;
}
