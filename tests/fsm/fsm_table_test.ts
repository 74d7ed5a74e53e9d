/**
 * RFC 4271 §8.2.2 as a table: one row per (state, event) case, each citing the paragraph it
 * checks. Every state is covered for all 28 events (see the coverage test at the end).
 * Fixtures carry ConnectRetryCounter = 5, so "increments" → 6, "sets to zero" → 0.
 * Idle hold after a live connection drops is 60 s: the flap is counted first (damping.ts).
 */
import assert from "node:assert/strict";
import {
  automaticStop,
  bgpHeaderErr,
  bgpOpen,
  bgpOpenMsgErr,
  bgpOpenWithDelayOpenTimerRunning,
  event,
  EventNumber,
  type FsmEvent,
  manualStop,
  maximumPrefixesReached,
  notification,
  notifMsg,
  openCollisionDump,
  type Session,
  type SessionConfig,
  type StateName,
  step,
  updateMsg,
  updateMsgErr,
} from "../../src/fsm/mod.ts";
import { fixture, type FixtureName, peerOpen, summarize, T1 } from "./_fixtures.ts";

const HEADER_ERROR = notification(1, 2, new Uint8Array([0, 10])); // Bad Message Length
const OPEN_ERROR = notification(2, 4); // Unsupported Optional Parameter
const UPDATE_ERROR = notification(3, 1); // Malformed Attribute List
const PEER_CEASE = notification(6, 2); // peer's Administrative Shutdown
const VERSION_ERROR = notification(2, 1, new Uint8Array([0, 3])); // Unsupported Version Number
const MAX_PREFIX = maximumPrefixesReached({ afi: 1, safi: 1 }, 100);

/** A representative event for each RFC 4271 §8.1 number. */
function ev(n: number): FsmEvent {
  switch (n) {
    case 2:
      return manualStop();
    case 8:
      return automaticStop(MAX_PREFIX);
    case 19:
      return bgpOpen(peerOpen());
    case 20:
      return bgpOpenWithDelayOpenTimerRunning(peerOpen());
    case 21:
      return bgpHeaderErr(HEADER_ERROR);
    case 22:
      return bgpOpenMsgErr(OPEN_ERROR);
    case 23:
      return openCollisionDump();
    case 24:
      return notifMsg(VERSION_ERROR);
    case 25:
      return notifMsg(PEER_CEASE);
    case 27:
      return updateMsg();
    case 28:
      return updateMsgErr(UPDATE_ERROR);
    default: {
      const name = Object.entries(EventNumber).find(([, v]) => v === n)![0];
      return event(name as Parameters<typeof event>[0]);
    }
  }
}

interface Row {
  /** RFC 4271 §8.2.2 paragraph (state / event) the row checks. */
  readonly rfc: string;
  readonly from: FixtureName;
  readonly config?: Partial<SessionConfig>;
  readonly session?: (s: Session) => Session;
  readonly event: FsmEvent;
  readonly to: StateName;
  readonly actions: readonly string[];
  readonly counter: number;
  readonly check?: (s: Session) => void;
}

/** Rows for several events with one expectation (the RFC groups them the same way). */
function each(numbers: readonly number[], row: (n: number) => Omit<Row, "event">): Row[] {
  return numbers.map((n) => ({ ...row(n), event: ev(n) }));
}

const START_EVENTS = [1, 3, 4, 5, 6, 7];
const START_CONNECT = ["initialize-resources", "arm connectRetry +30s", "connect"];
const START_LISTEN = ["initialize-resources", "arm connectRetry +30s"];
/** Connect/Active with only the ConnectRetryTimer running, dropping to Idle. */
const CRT_DROP = ["cancel connectRetry", "release-resources", "close-connection"];
/** OpenSent: only the large HoldTimer runs. */
const OS_DROP = ["cancel hold", "release-resources", "close-connection"];
/** OpenConfirm and Established: HoldTimer and KeepaliveTimer run. */
const OC_DROP = ["cancel hold", "cancel keepalive", "release-resources", "close-connection"];
const RESTART_30 = "arm idleHold +30s";
const RESTART_60 = "arm idleHold +60s";

const ROWS: Row[] = [
  // ------------------------------------------------------------------ Idle
  // §8.2.2 Idle: "In response to a ManualStart event (Event 1) or an AutomaticStart event
  // (Event 3)": initialize, counter to zero, start ConnectRetryTimer, initiate TCP, Connect.
  ...each([1, 3], () => ({
    rfc: "Idle / Events 1, 3",
    from: "Idle",
    to: "Connect",
    actions: START_CONNECT,
    counter: 0,
    check: (s) => assert.equal(s.passive, false),
  })),
  // §8.2.2 Idle: Events 4, 5 (…_with_PassiveTcpEstablishment): same, but listen, Active.
  ...each([4, 5], () => ({
    rfc: "Idle / Events 4, 5",
    from: "Idle",
    to: "Active",
    actions: START_LISTEN,
    counter: 0,
    check: (s) => assert.equal(s.passive, true),
  })),
  // §8.2.2 Idle: "The ManualStop event (Event 2) and AutomaticStop (Event 8) event are
  // ignored in the Idle state."
  ...each(
    [2, 8],
    () => ({ rfc: "Idle / Events 2, 8", from: "Idle", to: "Idle", actions: [], counter: 5 }),
  ),
  // §8.2.2 Idle: Events 6, 7 "to prevent peer oscillations": hold the peer in Idle for the
  // (damped) IdleHoldTime; Event 7 remembers PassiveTcpEstablishment.
  {
    rfc: "Idle / Event 6",
    from: "Idle",
    event: ev(6),
    to: "Idle",
    actions: [RESTART_30],
    counter: 5,
    check: (s) => assert.equal(s.passive, false),
  },
  {
    rfc: "Idle / Event 7",
    from: "Idle",
    event: ev(7),
    to: "Idle",
    actions: [RESTART_30],
    counter: 5,
    check: (s) => assert.equal(s.passive, true),
  },
  // §8.2.2 Idle: Event 13 (IdleHoldTimer_Expires) ends the hold-down: start.
  {
    rfc: "Idle / Event 13",
    from: "Idle",
    event: ev(13),
    to: "Connect",
    actions: START_CONNECT,
    counter: 0,
  },
  {
    rfc: "Idle / Event 13 after Event 7 (passive)",
    from: "Idle",
    session: (s) => step(s, ev(7), T1 - 500).session,
    event: ev(13),
    to: "Active",
    actions: START_LISTEN,
    counter: 0,
  },
  {
    rfc: "Idle / Event 2 while the IdleHoldTimer runs: the automatic restart is cancelled",
    from: "Idle",
    session: (s) => step(s, ev(6), T1 - 500).session,
    event: ev(2),
    to: "Idle",
    actions: ["cancel idleHold"],
    counter: 5,
  },
  {
    rfc: "Idle / Event 1 while the IdleHoldTimer runs: start now",
    from: "Idle",
    session: (s) => step(s, ev(6), T1 - 500).session,
    event: ev(1),
    to: "Connect",
    actions: ["cancel idleHold", ...START_CONNECT],
    counter: 0,
  },
  // §8.2.2 Idle: "BGP FSM refuses all incoming BGP connections for this peer."
  ...each([14, 16, 17], () => ({
    rfc: "Idle / Events 14, 16, 17 (refuse connections)",
    from: "Idle",
    to: "Idle",
    actions: ["reject-connection"],
    counter: 5,
  })),
  // §8.2.2 Idle: "Any other event (Events 9-12, 15-28) received in the Idle state does not
  // cause change in the state of the local system."
  ...each([9, 10, 11, 12, 15, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28], () => ({
    rfc: "Idle / any other event",
    from: "Idle",
    to: "Idle",
    actions: [],
    counter: 5,
  })),

  // ------------------------------------------------------------------ Connect
  // §8.2.2 Connect: "The start events (Events 1, 3-7) are ignored in the Connect state."
  ...each(START_EVENTS, () => ({
    rfc: "Connect / start events",
    from: "Connect",
    to: "Connect",
    actions: [],
    counter: 5,
  })),
  // §8.2.2 Connect / Event 2: drop TCP, release, counter to zero, stop ConnectRetryTimer, Idle.
  {
    rfc: "Connect / Event 2",
    from: "Connect",
    event: ev(2),
    to: "Idle",
    actions: CRT_DROP,
    counter: 0,
  },
  // §8.2.2 Connect / Event 9: drop TCP, restart ConnectRetryTimer, stop DelayOpenTimer,
  // initiate TCP, stay.
  {
    rfc: "Connect / Event 9",
    from: "Connect",
    event: ev(9),
    to: "Connect",
    actions: ["close-connection", "arm connectRetry +30s", "connect"],
    counter: 5,
  },
  // §8.2.2 Connect / Event 12: send OPEN, HoldTimer to a large value, OpenSent.
  {
    rfc: "Connect / Event 12",
    from: "Connect+DelayOpen",
    event: ev(12),
    to: "OpenSent",
    actions: ["send open", "arm hold +240s"],
    counter: 5,
  },
  // §8.2.2 Connect / Event 14: "the TCP connection is processed, and the connection remains
  // in the Connect state."
  {
    rfc: "Connect / Event 14",
    from: "Connect",
    event: ev(14),
    to: "Connect",
    actions: [],
    counter: 5,
  },
  // §8.2.2 Connect / Event 15: "rejects the TCP connection … remains in the Connect state."
  {
    rfc: "Connect / Event 15",
    from: "Connect",
    event: ev(15),
    to: "Connect",
    actions: ["reject-connection"],
    counter: 5,
  },
  // §8.2.2 Connect / Events 16, 17, DelayOpen FALSE: stop ConnectRetryTimer, send OPEN,
  // HoldTimer large, OpenSent.
  ...each([16, 17], () => ({
    rfc: "Connect / Events 16, 17 without DelayOpen",
    from: "Connect",
    to: "OpenSent",
    actions: ["cancel connectRetry", "send open", "arm hold +240s"],
    counter: 5,
    check: (s) => assert.equal(s.connected, true),
  })),
  // §8.2.2 Connect / Events 16, 17, DelayOpen TRUE: stop ConnectRetryTimer, start
  // DelayOpenTimer, stay.
  ...each([16, 17], () => ({
    rfc: "Connect / Events 16, 17 with DelayOpen",
    from: "Connect",
    config: { delayOpenTimeSecs: 5 },
    to: "Connect",
    actions: ["cancel connectRetry", "arm delayOpen +5s"],
    counter: 5,
  })),
  // §8.2.2 Connect / Event 18, DelayOpenTimer running: restart ConnectRetryTimer, stop
  // DelayOpenTimer, listen, Active.
  {
    rfc: "Connect / Event 18 with the DelayOpenTimer running",
    from: "Connect+DelayOpen",
    event: ev(18),
    to: "Active",
    actions: ["arm connectRetry +30s", "cancel delayOpen"],
    counter: 5,
  },
  // §8.2.2 Connect / Event 18, DelayOpenTimer not running: stop ConnectRetryTimer, drop TCP,
  // release, Idle (counter unchanged).
  {
    rfc: "Connect / Event 18 without the DelayOpenTimer",
    from: "Connect",
    event: ev(18),
    to: "Idle",
    actions: [...CRT_DROP, RESTART_30],
    counter: 5,
  },
  // §8.2.2 Connect / Event 20: stop timers, send OPEN and KEEPALIVE, start KeepaliveTimer
  // and HoldTimer with the negotiated values, OpenConfirm.
  {
    rfc: "Connect / Event 20",
    from: "Connect+DelayOpen",
    event: ev(20),
    to: "OpenConfirm",
    actions: [
      "cancel delayOpen",
      "send open",
      "send keepalive",
      "arm keepalive +30s",
      "arm hold +90s",
    ],
    counter: 5,
    check: (s) => assert.equal(s.negotiated?.peerAs, 65002),
  },
  // §8.2.2 Connect / Event 20 with an unacceptable OPEN takes the Event 22 row (no
  // NOTIFICATION without SendNOTIFICATIONwithoutOPEN).
  {
    rfc: "Connect / Event 20, bad OPEN (→ Event 22 row)",
    from: "Connect+DelayOpen",
    event: bgpOpenWithDelayOpenTimerRunning(peerOpen({ holdTime: 2 })),
    to: "Idle",
    actions: ["cancel delayOpen", "release-resources", "close-connection", RESTART_60],
    counter: 6,
  },
  {
    rfc: "Connect / Event 20, bad OPEN, SendNOTIFICATIONwithoutOPEN",
    from: "Connect+DelayOpen",
    config: { sendNotificationWithoutOpen: true },
    event: bgpOpenWithDelayOpenTimerRunning(peerOpen({ holdTime: 2 })),
    to: "Idle",
    actions: [
      "send notification 2/6",
      "cancel delayOpen",
      "release-resources",
      "close-connection",
      RESTART_60,
    ],
    counter: 6,
  },
  // §8.2.2 Connect / Events 21, 22: NOTIFICATION only with SendNOTIFICATIONwithoutOPEN; stop
  // ConnectRetryTimer, release, drop, increment counter, damp, Idle.
  ...each([21, 22], () => ({
    rfc: "Connect / Events 21, 22",
    from: "Connect",
    to: "Idle",
    actions: [...CRT_DROP, RESTART_30],
    counter: 6,
  })),
  ...each([21, 22], (n) => ({
    rfc: "Connect / Events 21, 22 with SendNOTIFICATIONwithoutOPEN",
    from: "Connect",
    config: { sendNotificationWithoutOpen: true },
    to: "Idle",
    actions: [
      n === 21 ? "send notification 1/2" : "send notification 2/4",
      ...CRT_DROP,
      RESTART_30,
    ],
    counter: 6,
  })),
  // §8.2.2 Connect / Event 24, DelayOpenTimer running: stop timers, release, drop, Idle.
  {
    rfc: "Connect / Event 24 with the DelayOpenTimer running",
    from: "Connect+DelayOpen",
    event: ev(24),
    to: "Idle",
    actions: ["cancel delayOpen", "release-resources", "close-connection", RESTART_60],
    counter: 5,
  },
  // §8.2.2 Connect / Event 24 otherwise: …, increment counter, damp, Idle.
  {
    rfc: "Connect / Event 24 without the DelayOpenTimer",
    from: "Connect",
    event: ev(24),
    to: "Idle",
    actions: [...CRT_DROP, RESTART_30],
    counter: 6,
  },
  // §8.2.2 Connect: "In response to any other events (Events 8, 10-11, 13, 19, 23, 25-28)":
  // stop ConnectRetryTimer and DelayOpenTimer, release, drop, increment counter, damp, Idle.
  // Events 8 and 23 do not schedule an automatic restart (a stop; a lost collision).
  ...each([10, 11, 13, 19, 25, 26, 27, 28], () => ({
    rfc: "Connect / any other event",
    from: "Connect",
    to: "Idle",
    actions: [...CRT_DROP, RESTART_30],
    counter: 6,
  })),
  ...each([8, 23], () => ({
    rfc: "Connect / any other event (8, 23: no restart)",
    from: "Connect",
    to: "Idle",
    actions: CRT_DROP,
    counter: 6,
  })),

  // ------------------------------------------------------------------ Active
  // §8.2.2 Active: "The start events (Events 1, 3-7) are ignored in the Active state."
  ...each(START_EVENTS, () => ({
    rfc: "Active / start events",
    from: "Active",
    to: "Active",
    actions: [],
    counter: 5,
  })),
  // §8.2.2 Active / Event 2: (Cease if DelayOpenTimer runs and SendNOTIFICATIONwithoutOPEN),
  // release incl. DelayOpenTimer, drop, counter to zero, stop ConnectRetryTimer, Idle.
  {
    rfc: "Active / Event 2",
    from: "Active",
    event: ev(2),
    to: "Idle",
    actions: CRT_DROP,
    counter: 0,
  },
  {
    rfc: "Active / Event 2, DelayOpenTimer running, SendNOTIFICATIONwithoutOPEN",
    from: "Active+DelayOpen",
    config: { sendNotificationWithoutOpen: true },
    event: ev(2),
    to: "Idle",
    actions: ["send notification 6/2", "cancel delayOpen", "release-resources", "close-connection"],
    counter: 0,
  },
  {
    rfc: "Active / Event 2, DelayOpenTimer running, no SendNOTIFICATIONwithoutOPEN",
    from: "Active+DelayOpen",
    event: ev(2),
    to: "Idle",
    actions: ["cancel delayOpen", "release-resources", "close-connection"],
    counter: 0,
  },
  // §8.2.2 Active / Event 9: restart ConnectRetryTimer, initiate TCP, Connect.
  {
    rfc: "Active / Event 9",
    from: "Active",
    session: (s) => ({ ...s, passive: false }),
    event: ev(9),
    to: "Connect",
    actions: ["arm connectRetry +30s", "connect"],
    counter: 5,
  },
  // §8.1.1 Group 3 PassiveTcpEstablishment: a passive session keeps listening.
  {
    rfc: "Active / Event 9, PassiveTcpEstablishment",
    from: "Active",
    event: ev(9),
    to: "Active",
    actions: ["arm connectRetry +30s"],
    counter: 5,
  },
  // §8.2.2 Active / Event 12: ConnectRetryTimer to zero, stop DelayOpenTimer, send OPEN,
  // HoldTimer large, OpenSent.
  {
    rfc: "Active / Event 12",
    from: "Active+DelayOpen",
    event: ev(12),
    to: "OpenSent",
    actions: ["send open", "arm hold +240s"],
    counter: 5,
  },
  // §8.2.2 Active / Event 14: "processes the TCP connection flags and stays in the Active
  // state."
  {
    rfc: "Active / Event 14",
    from: "Active",
    event: ev(14),
    to: "Active",
    actions: [],
    counter: 5,
  },
  // §8.2.2 Active / Event 15: "rejects the TCP connection and stays in the Active State."
  {
    rfc: "Active / Event 15",
    from: "Active",
    event: ev(15),
    to: "Active",
    actions: ["reject-connection"],
    counter: 5,
  },
  // §8.2.2 Active / Events 16, 17: DelayOpen FALSE → send OPEN, HoldTimer large, OpenSent.
  ...each([16, 17], () => ({
    rfc: "Active / Events 16, 17 without DelayOpen",
    from: "Active",
    to: "OpenSent",
    actions: ["cancel connectRetry", "send open", "arm hold +240s"],
    counter: 5,
  })),
  // §8.2.2 Active / Events 16, 17: DelayOpen TRUE → stop ConnectRetryTimer, start
  // DelayOpenTimer, stay.
  ...each([16, 17], () => ({
    rfc: "Active / Events 16, 17 with DelayOpen",
    from: "Active",
    config: { delayOpenTimeSecs: 5 },
    to: "Active",
    actions: ["cancel connectRetry", "arm delayOpen +5s"],
    counter: 5,
  })),
  // §8.2.2 Active / Event 18: stop DelayOpenTimer, release, increment counter, damp, Idle.
  // (Its ConnectRetryTimer restart is pointless in Idle; fsm leaves it stopped.)
  {
    rfc: "Active / Event 18",
    from: "Active",
    event: ev(18),
    to: "Idle",
    actions: ["cancel connectRetry", "release-resources", RESTART_30],
    counter: 6,
  },
  {
    rfc: "Active / Event 18 with the DelayOpenTimer running (a live connection: a flap)",
    from: "Active+DelayOpen",
    event: ev(18),
    to: "Idle",
    actions: ["cancel delayOpen", "release-resources", RESTART_60],
    counter: 6,
  },
  // §8.2.2 Active / Event 20: as in Connect.
  {
    rfc: "Active / Event 20",
    from: "Active+DelayOpen",
    event: ev(20),
    to: "OpenConfirm",
    actions: [
      "cancel delayOpen",
      "send open",
      "send keepalive",
      "arm keepalive +30s",
      "arm hold +90s",
    ],
    counter: 5,
  },
  // §8.2.2 Active / Events 21, 22: (optional NOTIFICATION), release, drop, increment, Idle.
  ...each([21, 22], () => ({
    rfc: "Active / Events 21, 22",
    from: "Active",
    to: "Idle",
    actions: [...CRT_DROP, RESTART_30],
    counter: 6,
  })),
  {
    rfc: "Active / Event 22 with SendNOTIFICATIONwithoutOPEN",
    from: "Active",
    config: { sendNotificationWithoutOpen: true },
    event: ev(22),
    to: "Idle",
    actions: ["send notification 2/4", ...CRT_DROP, RESTART_30],
    counter: 6,
  },
  // §8.2.2 Active / Event 24: with the DelayOpenTimer running, Idle without touching the
  // counter; otherwise increment and damp.
  {
    rfc: "Active / Event 24 with the DelayOpenTimer running",
    from: "Active+DelayOpen",
    event: ev(24),
    to: "Idle",
    actions: ["cancel delayOpen", "release-resources", "close-connection", RESTART_60],
    counter: 5,
  },
  {
    rfc: "Active / Event 24 without the DelayOpenTimer",
    from: "Active",
    event: ev(24),
    to: "Idle",
    actions: [...CRT_DROP, RESTART_30],
    counter: 6,
  },
  // §8.2.2 Active: "In response to any other event (Events 8, 10-11, 13, 19, 23, 25-28)":
  // ConnectRetryTimer to zero, release, drop, increment counter, damp, Idle.
  ...each([10, 11, 13, 19, 25, 26, 27, 28], () => ({
    rfc: "Active / any other event",
    from: "Active",
    to: "Idle",
    actions: [...CRT_DROP, RESTART_30],
    counter: 6,
  })),
  ...each([8, 23], () => ({
    rfc: "Active / any other event (8, 23: no restart)",
    from: "Active",
    to: "Idle",
    actions: CRT_DROP,
    counter: 6,
  })),

  // ------------------------------------------------------------------ OpenSent
  // §8.2.2 OpenSent: "The start events (Events 1, 3-7) are ignored in the OpenSent state."
  ...each(START_EVENTS, () => ({
    rfc: "OpenSent / start events",
    from: "OpenSent",
    to: "OpenSent",
    actions: [],
    counter: 5,
  })),
  // §8.2.2 OpenSent / Event 2: NOTIFICATION Cease, release, drop, counter to zero, Idle.
  {
    rfc: "OpenSent / Event 2",
    from: "OpenSent",
    event: ev(2),
    to: "Idle",
    actions: ["send notification 6/2", ...OS_DROP],
    counter: 0,
  },
  // §8.2.2 OpenSent / Event 8: NOTIFICATION Cease, release, drop, increment counter, Idle.
  {
    rfc: "OpenSent / Event 8",
    from: "OpenSent",
    event: ev(8),
    to: "Idle",
    actions: ["send notification 6/1", ...OS_DROP],
    counter: 6,
  },
  // §8.2.2 OpenSent / Event 10: NOTIFICATION Hold Timer Expired, …, increment, damp, Idle.
  {
    rfc: "OpenSent / Event 10",
    from: "OpenSent",
    event: ev(10),
    to: "Idle",
    actions: ["send notification 4/0", "release-resources", "close-connection", RESTART_60],
    counter: 6,
  },
  // §8.2.2 OpenSent / Events 14, 16, 17: a second connection is tracked per §6.8.
  ...each([14, 16, 17], () => ({
    rfc: "OpenSent / Events 14, 16, 17",
    from: "OpenSent",
    to: "OpenSent",
    actions: ["track-connection"],
    counter: 5,
  })),
  // §8.2.2 OpenSent / Event 15: ignored.
  {
    rfc: "OpenSent / Event 15",
    from: "OpenSent",
    event: ev(15),
    to: "OpenSent",
    actions: [],
    counter: 5,
  },
  // §8.2.2 OpenSent / Event 18: close the BGP connection, restart ConnectRetryTimer, listen,
  // Active.
  {
    rfc: "OpenSent / Event 18",
    from: "OpenSent",
    event: ev(18),
    to: "Active",
    actions: ["close-connection", "cancel hold", "arm connectRetry +30s"],
    counter: 5,
  },
  // §8.2.2 OpenSent / Event 19: DelayOpenTimer and ConnectRetryTimer to zero, send
  // KEEPALIVE, set KeepaliveTimer and the negotiated HoldTimer, OpenConfirm.
  {
    rfc: "OpenSent / Event 19",
    from: "OpenSent",
    event: ev(19),
    to: "OpenConfirm",
    actions: ["send keepalive", "arm keepalive +30s", "arm hold +90s"],
    counter: 5,
    check: (s) => {
      assert.equal(s.negotiated?.holdTimeSecs, 90);
      assert.equal(s.peerOpen?.bgpId, 0x02020202);
    },
  },
  // §8.2.2 OpenSent / Event 19: "If the negotiated hold time value is zero, then the
  // HoldTimer and KeepaliveTimer are not started."
  {
    rfc: "OpenSent / Event 19, negotiated hold time 0",
    from: "OpenSent",
    event: bgpOpen(peerOpen({ holdTime: 0 })),
    to: "OpenConfirm",
    actions: ["send keepalive", "cancel hold"],
    counter: 5,
  },
  // §8.2.2 OpenSent / Event 19 with OPEN errors is Event 22: NOTIFICATION, …, Idle.
  {
    rfc: "OpenSent / Event 19, bad OPEN (→ Event 22 row)",
    from: "OpenSent",
    event: bgpOpen(peerOpen({ holdTime: 2 })),
    to: "Idle",
    actions: ["send notification 2/6", ...OS_DROP, RESTART_60],
    counter: 6,
  },
  // §8.2.2 OpenSent / Events 21, 22: NOTIFICATION with the error code, release, drop,
  // increment counter, damp, Idle.
  {
    rfc: "OpenSent / Event 21",
    from: "OpenSent",
    event: ev(21),
    to: "Idle",
    actions: ["send notification 1/2", ...OS_DROP, RESTART_60],
    counter: 6,
  },
  {
    rfc: "OpenSent / Event 22",
    from: "OpenSent",
    event: ev(22),
    to: "Idle",
    actions: ["send notification 2/4", ...OS_DROP, RESTART_60],
    counter: 6,
  },
  // §8.2.2 OpenSent / Event 23: NOTIFICATION Cease, release, drop, increment, Idle.
  {
    rfc: "OpenSent / Event 23",
    from: "OpenSent",
    event: ev(23),
    to: "Idle",
    actions: ["send notification 6/7", ...OS_DROP],
    counter: 6,
    check: (s) => assert.equal(s.history.flaps, 0),
  },
  // §8.2.2 OpenSent / Event 24: ConnectRetryTimer to zero, release, drop, Idle.
  {
    rfc: "OpenSent / Event 24",
    from: "OpenSent",
    event: ev(24),
    to: "Idle",
    actions: [...OS_DROP, RESTART_60],
    counter: 5,
  },
  // §8.2.2 OpenSent lists Event 25 as "any other event"; we do not answer a NOTIFICATION
  // with a NOTIFICATION (RFC 4271 §4.5, RFC 6608 §4) but otherwise follow the row.
  {
    rfc: "OpenSent / Event 25",
    from: "OpenSent",
    event: ev(25),
    to: "Idle",
    actions: [...OS_DROP, RESTART_60],
    counter: 6,
  },
  // §8.2.2 OpenSent: "any other event (Events 9, 11-13, 20, 25-28)": NOTIFICATION FSM Error
  // (RFC 6608: subcode 1 for unexpected messages, 0 for other events), …, Idle.
  ...each([9, 11, 12, 13], () => ({
    rfc: "OpenSent / any other event (timers)",
    from: "OpenSent",
    to: "Idle",
    actions: ["send notification 5/0", ...OS_DROP, RESTART_60],
    counter: 6,
  })),
  ...each([20, 26, 27, 28], () => ({
    rfc: "OpenSent / any other event (messages)",
    from: "OpenSent",
    to: "Idle",
    actions: ["send notification 5/1", ...OS_DROP, RESTART_60],
    counter: 6,
  })),

  // ------------------------------------------------------------------ OpenConfirm
  // §8.2.2 OpenConfirm: "The start events (Events 1, 3-7) are ignored".
  ...each(START_EVENTS, () => ({
    rfc: "OpenConfirm / start events",
    from: "OpenConfirm",
    to: "OpenConfirm",
    actions: [],
    counter: 5,
  })),
  // §8.2.2 OpenConfirm / Event 2: NOTIFICATION Cease, release, drop, counter to zero, Idle.
  {
    rfc: "OpenConfirm / Event 2",
    from: "OpenConfirm",
    event: ev(2),
    to: "Idle",
    actions: ["send notification 6/2", ...OC_DROP],
    counter: 0,
  },
  // §8.2.2 OpenConfirm / Event 8: NOTIFICATION Cease, …, increment counter, Idle.
  {
    rfc: "OpenConfirm / Event 8",
    from: "OpenConfirm",
    event: ev(8),
    to: "Idle",
    actions: ["send notification 6/1", ...OC_DROP],
    counter: 6,
  },
  // §8.2.2 OpenConfirm / Event 10: NOTIFICATION Hold Timer Expired, …, Idle.
  {
    rfc: "OpenConfirm / Event 10",
    from: "OpenConfirm",
    event: ev(10),
    to: "Idle",
    actions: [
      "send notification 4/0",
      "cancel keepalive",
      "release-resources",
      "close-connection",
      RESTART_60,
    ],
    counter: 6,
  },
  // §8.2.2 OpenConfirm / Event 11: send KEEPALIVE, restart KeepaliveTimer, stay.
  {
    rfc: "OpenConfirm / Event 11",
    from: "OpenConfirm",
    event: ev(11),
    to: "OpenConfirm",
    actions: ["send keepalive", "arm keepalive +30s"],
    counter: 5,
  },
  // §8.2.2 OpenConfirm / Events 14, 16, 17: track the second connection.
  ...each([14, 16, 17], () => ({
    rfc: "OpenConfirm / Events 14, 16, 17",
    from: "OpenConfirm",
    to: "OpenConfirm",
    actions: ["track-connection"],
    counter: 5,
  })),
  // §8.2.2 OpenConfirm / Event 15: "the local system will ignore the second connection".
  {
    rfc: "OpenConfirm / Event 15",
    from: "OpenConfirm",
    event: ev(15),
    to: "OpenConfirm",
    actions: [],
    counter: 5,
  },
  // §8.2.2 OpenConfirm / Events 18, 25: release, drop, increment counter, damp, Idle.
  ...each([18, 25], () => ({
    rfc: "OpenConfirm / Events 18, 25",
    from: "OpenConfirm",
    to: "Idle",
    actions: [...OC_DROP, RESTART_60],
    counter: 6,
  })),
  // §8.2.2 OpenConfirm / Event 24: release, drop, Idle (counter unchanged).
  {
    rfc: "OpenConfirm / Event 24",
    from: "OpenConfirm",
    event: ev(24),
    to: "Idle",
    actions: [...OC_DROP, RESTART_60],
    counter: 5,
  },
  // §8.2.2 OpenConfirm / Events 19 (this connection loses the §6.8 collision) and 23:
  // NOTIFICATION Cease, release, drop, increment counter, Idle.
  ...each([19, 23], () => ({
    rfc: "OpenConfirm / Events 19, 23",
    from: "OpenConfirm",
    to: "Idle",
    actions: ["send notification 6/7", ...OC_DROP],
    counter: 6,
  })),
  // §8.2.2 OpenConfirm / Events 21, 22: NOTIFICATION with the error, …, Idle.
  {
    rfc: "OpenConfirm / Event 21",
    from: "OpenConfirm",
    event: ev(21),
    to: "Idle",
    actions: ["send notification 1/2", ...OC_DROP, RESTART_60],
    counter: 6,
  },
  {
    rfc: "OpenConfirm / Event 22",
    from: "OpenConfirm",
    event: ev(22),
    to: "Idle",
    actions: ["send notification 2/4", ...OC_DROP, RESTART_60],
    counter: 6,
  },
  // §8.2.2 OpenConfirm / Event 26: restart the HoldTimer, Established.
  {
    rfc: "OpenConfirm / Event 26",
    from: "OpenConfirm",
    event: ev(26),
    to: "Established",
    actions: ["arm hold +90s", "established"],
    counter: 5,
    check: (s) => assert.equal(s.establishedAt, T1),
  },
  // §8.2.2 OpenConfirm: "any other event (Events 9, 12-13, 20, 27-28)": NOTIFICATION FSM
  // Error (RFC 6608 subcode 2 for messages), …, Idle.
  ...each([9, 12, 13], () => ({
    rfc: "OpenConfirm / any other event (timers)",
    from: "OpenConfirm",
    to: "Idle",
    actions: ["send notification 5/0", ...OC_DROP, RESTART_60],
    counter: 6,
  })),
  ...each([20, 27, 28], () => ({
    rfc: "OpenConfirm / any other event (messages)",
    from: "OpenConfirm",
    to: "Idle",
    actions: ["send notification 5/2", ...OC_DROP, RESTART_60],
    counter: 6,
  })),

  // ------------------------------------------------------------------ Established
  // §8.2.2 Established: start events (Events 1, 3-7) are ignored.
  ...each(START_EVENTS, () => ({
    rfc: "Established / start events",
    from: "Established",
    to: "Established",
    actions: [],
    counter: 5,
  })),
  // §8.2.2 Established / Event 2: NOTIFICATION Cease, delete routes, release, drop, counter
  // to zero, Idle.
  {
    rfc: "Established / Event 2",
    from: "Established",
    event: ev(2),
    to: "Idle",
    actions: ["send notification 6/2", ...OC_DROP, "session-down sent 6/2"],
    counter: 0,
  },
  // §8.2.2 Established / Event 8: NOTIFICATION Cease, delete routes, …, increment, Idle.
  {
    rfc: "Established / Event 8",
    from: "Established",
    event: ev(8),
    to: "Idle",
    actions: ["send notification 6/1", ...OC_DROP, "session-down sent 6/1"],
    counter: 6,
  },
  // §8.2.2 Established / Event 10: NOTIFICATION Hold Timer Expired, …, Idle.
  {
    rfc: "Established / Event 10",
    from: "Established",
    event: ev(10),
    to: "Idle",
    actions: [
      "send notification 4/0",
      "cancel keepalive",
      "release-resources",
      "close-connection",
      "session-down sent 4/0",
      RESTART_60,
    ],
    counter: 6,
  },
  // §8.2.2 Established / Event 11: send KEEPALIVE, restart KeepaliveTimer unless the
  // negotiated HoldTime is zero.
  {
    rfc: "Established / Event 11",
    from: "Established",
    event: ev(11),
    to: "Established",
    actions: ["send keepalive", "arm keepalive +30s"],
    counter: 5,
  },
  // §8.2.2 Established / Events 14, 16, 17: the second connection is tracked.
  ...each([14, 16, 17], () => ({
    rfc: "Established / Events 14, 16, 17",
    from: "Established",
    to: "Established",
    actions: ["track-connection"],
    counter: 5,
  })),
  // §8.2.2 Established / Event 15: ignored.
  {
    rfc: "Established / Event 15",
    from: "Established",
    event: ev(15),
    to: "Established",
    actions: [],
    counter: 5,
  },
  // §8.2.2 Established / Event 19 with CollisionDetectEstablishedState: this connection
  // lost the collision — Cease, delete routes, …, Idle.
  {
    rfc: "Established / Event 19, CollisionDetectEstablishedState",
    from: "Established",
    config: { collisionDetectEstablishedState: true },
    event: ev(19),
    to: "Idle",
    actions: ["send notification 6/7", ...OC_DROP, "session-down sent 6/7"],
    counter: 6,
  },
  // Without the option an OPEN in Established is unexpected (RFC 6608 §4, subcode 3).
  {
    rfc: "Established / Event 19 without CollisionDetectEstablishedState",
    from: "Established",
    event: ev(19),
    to: "Idle",
    actions: ["send notification 5/3", ...OC_DROP, "session-down sent 5/3", RESTART_60],
    counter: 6,
  },
  // §8.2.2 Established / Event 23: Cease, delete routes, …, Idle.
  {
    rfc: "Established / Event 23",
    from: "Established",
    event: ev(23),
    to: "Idle",
    actions: ["send notification 6/7", ...OC_DROP, "session-down sent 6/7"],
    counter: 6,
  },
  // §8.2.2 Established / Events 18, 24, 25: delete routes, release, drop, increment, Idle.
  {
    rfc: "Established / Event 18",
    from: "Established",
    event: ev(18),
    to: "Idle",
    actions: [...OC_DROP, "session-down", RESTART_60],
    counter: 6,
  },
  {
    rfc: "Established / Event 24",
    from: "Established",
    event: ev(24),
    to: "Idle",
    actions: [...OC_DROP, "session-down received 2/1", RESTART_60],
    counter: 6,
  },
  {
    rfc: "Established / Event 25",
    from: "Established",
    event: ev(25),
    to: "Idle",
    actions: [...OC_DROP, "session-down received 6/2", RESTART_60],
    counter: 6,
  },
  // §8.2.2 Established / Events 26, 27: restart the HoldTimer if non-zero, stay.
  ...each([26, 27], () => ({
    rfc: "Established / Events 26, 27",
    from: "Established",
    to: "Established",
    actions: ["arm hold +90s"],
    counter: 5,
  })),
  // §8.2.2 Established / Event 28: NOTIFICATION Update error, delete routes, …, Idle.
  {
    rfc: "Established / Event 28",
    from: "Established",
    event: ev(28),
    to: "Idle",
    actions: ["send notification 3/1", ...OC_DROP, "session-down sent 3/1", RESTART_60],
    counter: 6,
  },
  // §8.2.2 Established lists Event 21 under "any other event"; §6.1 requires Message
  // Header Error for header errors, which is what we send.
  {
    rfc: "Established / Event 21",
    from: "Established",
    event: ev(21),
    to: "Idle",
    actions: ["send notification 1/2", ...OC_DROP, "session-down sent 1/2", RESTART_60],
    counter: 6,
  },
  // §8.2.2 Established: "any other event (Events 9, 12-13, 20-22)": NOTIFICATION FSM Error
  // (RFC 6608 subcode 3 for messages), delete routes, …, Idle.
  ...each([9, 12, 13], () => ({
    rfc: "Established / any other event (timers)",
    from: "Established",
    to: "Idle",
    actions: ["send notification 5/0", ...OC_DROP, "session-down sent 5/0", RESTART_60],
    counter: 6,
  })),
  ...each([20, 22], () => ({
    rfc: "Established / any other event (messages)",
    from: "Established",
    to: "Idle",
    actions: ["send notification 5/3", ...OC_DROP, "session-down sent 5/3", RESTART_60],
    counter: 6,
  })),
];

for (const row of ROWS) {
  Deno.test(`step(): ${row.from} + ${row.event.type} (${row.event.number}) -> ${row.to} [RFC 4271 §8.2.2 ${row.rfc}]`, () => {
    let s = fixture(row.from, row.config);
    if (row.session) s = row.session(s);
    const before = s;
    const { session, actions } = step(s, row.event, T1);
    assert.equal(session.state, row.to);
    assert.deepEqual(summarize(actions, T1), row.actions);
    assert.equal(session.connectRetryCounter, row.counter);
    // The input session is never mutated.
    assert.deepEqual(s, before);
    // Timers in the session match the arm/cancel actions (deadlines only, never in the past).
    for (const [name, at] of Object.entries(session.timers)) assert.ok(at! >= T1, name);
    row.check?.(session);
  });
}

Deno.test("step(): the table covers all 28 RFC 4271 §8.1 events in each of the 6 states", () => {
  const covered = new Map<string, Set<number>>();
  for (const row of ROWS) {
    const state = fixture(row.from).state;
    if (!covered.has(state)) covered.set(state, new Set());
    covered.get(state)!.add(row.event.number);
  }
  const all = Array.from({ length: 28 }, (_, i) => i + 1);
  for (const state of ["Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"]) {
    const missing = all.filter((n) => !covered.get(state)?.has(n));
    assert.deepEqual(missing, [], `${state} misses events ${missing}`);
  }
});
