/**
 * FSM step() throughput:
 *   fsm.step.update: Established + UpdateMsg (the per-UPDATE cost during a full table: a
 *     hold-timer restart and the damping stability check)
 *   fsm.session_setup: Idle → Established (ManualStart, Tcp_CR_Acked, BGPOpen with OPEN
 *     negotiation, KeepAliveMsg), sessions per second
 * One warm-up pass, then the median of five timed passes.
 */
import {
  bgpOpen,
  event,
  newSession,
  type Session,
  type SessionConfig,
  step,
  updateMsg,
} from "../src/fsm/mod.ts";
import type { OpenMessage } from "../src/wire/types.ts";

const CONFIG: SessionConfig = {
  asn: 65001,
  bgpId: 0x01010101,
  holdTimeSecs: 90,
  peerAs: 65002,
  families: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }],
  addPath: [{ afi: 1, safi: 1, receive: true, send: true }],
  gracefulRestart: { restartTimeSecs: 120 },
  connectRetryTimeSecs: 30,
  passiveTcpEstablishment: false,
  idleHoldTimeSecs: 30,
  dampPeerOscillations: true,
  allowAutomaticStop: true,
  sendNotificationWithoutOpen: false,
  collisionDetectEstablishedState: false,
};

const OPEN: OpenMessage = {
  type: "open",
  version: 4,
  myAs: 65002,
  holdTime: 90,
  bgpId: 0x02020202,
  capabilities: [
    { type: "multiprotocol", afi: 1, safi: 1 },
    { type: "multiprotocol", afi: 2, safi: 1 },
    { type: "route-refresh" },
    { type: "four-octet-as", asn: 65002 },
    { type: "add-path", families: [{ afi: 1, safi: 1, mode: 3 }] },
    { type: "graceful-restart", flags: 0, restartTime: 120, families: [] },
  ],
};

function setup(now: number): Session {
  let s = newSession(CONFIG, now);
  s = step(s, event("ManualStart"), now).session;
  s = step(s, event("Tcp_CR_Acked"), now).session;
  s = step(s, bgpOpen(OPEN), now).session;
  return step(s, event("KeepAliveMsg"), now).session;
}

/** One JSON line per figure (bench/main.ts passes them through). */
function report(bench: string, value: number, unit: string): void {
  const line = JSON.stringify({ bench, value: Math.round(value), unit }) + "\n";
  Deno.stdout.writeSync(new TextEncoder().encode(line));
}

function median(xs: number[]): number {
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

function measure(n: number, fn: (n: number) => void): number {
  fn(Math.min(n, 10_000)); // warm-up
  const rates: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    fn(n);
    rates.push(n / ((performance.now() - t) / 1000));
  }
  return median(rates);
}

const UPDATE = updateMsg();
const updates = measure(1_000_000, (n) => {
  let s = setup(0);
  for (let i = 0; i < n; i++) s = step(s, UPDATE, i).session;
  if (s.state !== "Established") throw new Error("session dropped");
});
report("fsm.step.update", updates, "steps/s");

const setups = measure(100_000, (n) => {
  for (let i = 0; i < n; i++) if (setup(i).state !== "Established") throw new Error("no session");
});
report("fsm.session_setup", setups, "sessions/s");
