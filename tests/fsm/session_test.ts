/**
 * Whole-session scenarios: two FSMs over the in-memory link of _harness.ts, on a fake clock.
 * These check that step()'s timer deadlines, message actions and automatic restarts compose
 * into RFC 4271 behaviour over hours of virtual time.
 */
import assert from "node:assert/strict";
import {
  administrativeShutdown,
  event,
  manualStop,
  type SessionConfig,
} from "../../src/fsm/mod.ts";
import { config } from "./_fixtures.ts";
import { Link } from "./_harness.ts";

/** a: 65001 dials; b: 65002 listens (passive) and restarts 1 s after any drop, undamped. */
function pair(a: Partial<SessionConfig> = {}, b: Partial<SessionConfig> = {}): Link {
  return new Link(
    config(a),
    config({
      asn: 65002,
      bgpId: 0x02020202,
      peerAs: 65001,
      passiveTcpEstablishment: true,
      idleHoldTimeSecs: 1,
      dampPeerOscillations: false,
      ...b,
    }),
  );
}

function start(link: Link): void {
  link.b.feed(event("AutomaticStart_with_PassiveTcpEstablishment"));
  link.a.feed(event("AutomaticStart"));
  link.run();
}

Deno.test("step(): two sessions reach Established and keep it for an hour of keepalives (RFC 4271 §4.4)", () => {
  const link = pair();
  try {
    start(link);
    assert.equal(link.a.session.state, "Established");
    assert.equal(link.b.session.state, "Established");
    link.advance(3_600_000);
    assert.equal(link.a.session.state, "Established");
    assert.equal(link.b.session.state, "Established");
    // One KEEPALIVE in OpenSent/OpenConfirm, then one per 30 s (hold 90 / 3).
    assert.equal(link.a.count("keepalive"), 1 + 120);
    assert.equal(link.b.count("keepalive"), 1 + 120);
  } finally {
    link.close();
  }
});

Deno.test("step(): a silent peer is dropped with Hold Timer Expired after the negotiated hold time (RFC 4271 §6.5)", () => {
  const link = pair();
  try {
    start(link);
    const since = link.clock.now();
    link.silent.add(link.b);
    link.advance(89_000);
    assert.equal(link.a.session.state, "Established");
    link.advance(1_000);
    // a's hold timer fired 90 s after b's last KEEPALIVE (b's last one came at `since`).
    assert.equal(link.a.session.lastError?.eventName, "HoldTimer_Expires");
    assert.equal(link.a.session.lastError?.at, since + 90_000);
    assert.deepEqual(link.a.session.lastError?.notification?.message.code, 4);
    // b got the NOTIFICATION and went down too.
    assert.equal(link.b.session.lastError?.notification?.direction, "received");
  } finally {
    link.close();
  }
});

Deno.test("step(): the peer sees the administrative shutdown communication (RFC 9003)", () => {
  const link = pair();
  try {
    start(link);
    link.a.feed(manualStop(administrativeShutdown("maintenance until 14:00")));
    link.run();
    assert.equal(link.a.session.state, "Idle");
    assert.equal(link.a.session.timers.idleHold, undefined); // ManualStop: no restart
    const err = link.b.session.lastError!;
    assert.equal(err.eventName, "NotifMsg");
    assert.match(err.text, /Administrative Shutdown \(6\/2\): "maintenance until 14:00"/);
    const down = link.b.log.find((l) => l.action.type === "session-down")?.action;
    assert.deepEqual(
      down?.type === "session-down" && down.reason.notification?.direction,
      "received",
    );
  } finally {
    link.close();
  }
});

// bgpgg §4.3 schedule, observed through the FSM on a fake clock: each row is a sequence of
// connection drops right after Established and the idle hold (seconds) before each restart.
const SCHEDULES: { base: number; damp: boolean; flaps: number; holds: number[] }[] = [
  { base: 30, damp: true, flaps: 5, holds: [60, 120, 120, 120, 120] },
  { base: 10, damp: true, flaps: 6, holds: [20, 40, 80, 120, 120, 120] },
  { base: 1, damp: true, flaps: 8, holds: [2, 4, 8, 16, 32, 64, 64, 64] }, // 2^6 cap
  { base: 10, damp: false, flaps: 3, holds: [10, 10, 10] },
  { base: 300, damp: true, flaps: 2, holds: [120, 120] }, // the cap also shortens a long base
];

for (const { base, damp, flaps, holds } of SCHEDULES) {
  Deno.test(`step(): idle hold after ${flaps} flaps with base ${base} s, damping ${damp} is ${holds} s (bgpgg §4.3)`, () => {
    const link = pair({ idleHoldTimeSecs: base, dampPeerOscillations: damp });
    try {
      start(link);
      for (let i = 0; i < flaps; i++) {
        assert.equal(link.a.session.state, "Established", `before flap ${i + 1}`);
        link.cut();
        assert.equal(link.a.session.state, "Idle");
        const wait = holds[i]! * 1000;
        link.advance(wait - 1);
        assert.equal(link.a.session.state, "Idle", `still holding after flap ${i + 1}`);
        link.advance(1); // a restarts exactly at the deadline; b has been listening again
      }
      assert.equal(link.a.session.state, "Established");
      assert.deepEqual(link.a.idleHolds(), holds);
      assert.equal(link.a.session.history.flaps, flaps);
      assert.equal(link.a.session.history.totalFlaps, flaps);
    } finally {
      link.close();
    }
  });
}

Deno.test("step(): damping resets after a session stays Established for a hold time (bgpgg §4.3)", () => {
  const link = pair({ idleHoldTimeSecs: 30 });
  try {
    start(link);
    link.cut();
    link.advance(60_000); // flap 1: 60 s
    link.cut();
    link.advance(120_000); // flap 2: 120 s
    assert.equal(link.a.session.state, "Established");
    assert.equal(link.a.session.history.flaps, 2);
    // A KEEPALIVE received 60 s after Established is too early to call the session stable…
    link.advance(60_000);
    assert.equal(link.a.session.history.flaps, 2);
    // …one received at 90 s (the negotiated hold time) or later clears the count.
    link.advance(30_000);
    assert.equal(link.a.session.history.flaps, 0);
    link.cut();
    assert.deepEqual(link.a.idleHolds(), [60, 120, 60]);
    assert.equal(link.a.session.history.totalFlaps, 3);
  } finally {
    link.close();
  }
});

Deno.test("step(): without AllowAutomaticStart (no idle hold time) a dropped session stays Idle", () => {
  const base = config();
  const { idleHoldTimeSecs: _omit, ...noAutoStart } = base;
  const link = new Link(
    noAutoStart,
    config({ asn: 65002, bgpId: 0x02020202, peerAs: 65001, passiveTcpEstablishment: true }),
  );
  try {
    start(link);
    link.cut();
    link.advance(3_600_000);
    assert.equal(link.a.session.state, "Idle");
    assert.deepEqual(link.a.idleHolds(), []);
  } finally {
    link.close();
  }
});

Deno.test("step(): an unreachable peer is retried after the idle hold without counting flaps", () => {
  const link = pair({ idleHoldTimeSecs: 30 });
  try {
    // b never starts: a's dial fails (Connect/Event 18 → Idle), then retries every 30 s.
    link.a.feed(event("AutomaticStart"));
    link.run();
    link.advance(95_000);
    assert.deepEqual(link.a.idleHolds(), [30, 30, 30, 30]);
    assert.equal(link.a.session.history.flaps, 0);
  } finally {
    link.close();
  }
});
