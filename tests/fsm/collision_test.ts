/**
 * RFC 4271 §6.8 collision resolution: the arbiter alone (both directions, both identifier
 * orders, every state of the existing connection), then the arbiter driving two real FSMs.
 */
import assert from "node:assert/strict";
import {
  bgpOpen,
  type CollisionInput,
  event,
  inheritHistory,
  newSession,
  openCollisionDump,
  resolveCollision,
  type StateName,
  step,
} from "../../src/fsm/mod.ts";
import { CONFIG, fixture, LOCAL_ID, peerOpen, summarize, T1 } from "./_fixtures.ts";

const HIGH = 0x0a000002; // 10.0.0.2
const LOW = 0x0a000001; // 10.0.0.1

function input(patch: Partial<CollisionInput>): CollisionInput {
  return {
    existing: { state: "OpenConfirm", direction: "outgoing" },
    received: { state: "OpenSent", direction: "incoming" },
    localBgpId: HIGH,
    remoteBgpId: LOW,
    localAs: 65001,
    remoteAs: 65002,
    collisionDetectEstablishedState: false,
    ...patch,
  };
}

/** Which connection closes: "existing", "received", or "-" (no collision). */
function loser(i: CollisionInput): string {
  const d = resolveCollision(i);
  if (d.type === "no-collision") return "-";
  assert.deepEqual([d.notification.code, d.notification.subcode], [6, 7]); // Cease / Collision Resolution
  return d.close;
}

// [existing state, existing direction, local id, remote id, expected loser]
// §6.8: the connection initiated by the speaker with the higher BGP Identifier survives.
const TABLE: [StateName, "outgoing" | "incoming", number, number, string][] = [
  // §6.8: "a connection collision cannot be detected with connections that are in Idle,
  // Connect, or Active states."
  ["Idle", "outgoing", HIGH, LOW, "-"],
  ["Connect", "outgoing", HIGH, LOW, "-"],
  ["Active", "incoming", LOW, HIGH, "-"],
  // §6.8: OpenSent is examined only when the peer's identifier is known (not here).
  ["OpenSent", "outgoing", HIGH, LOW, "-"],
  // §6.8 step 3: local higher → keep our outgoing connection.
  ["OpenConfirm", "outgoing", HIGH, LOW, "received"],
  ["OpenConfirm", "incoming", HIGH, LOW, "existing"],
  // §6.8 step 2: local lower → keep the connection the remote initiated.
  ["OpenConfirm", "outgoing", LOW, HIGH, "existing"],
  ["OpenConfirm", "incoming", LOW, HIGH, "received"],
  // §6.8: Established without CollisionDetectEstablishedState: close the new connection.
  ["Established", "outgoing", HIGH, LOW, "received"],
  ["Established", "outgoing", LOW, HIGH, "received"],
  ["Established", "incoming", LOW, HIGH, "received"],
];

for (const [state, direction, localBgpId, remoteBgpId, expected] of TABLE) {
  const order = localBgpId > remoteBgpId ? "higher" : "lower";
  Deno.test(`resolveCollision() with an existing ${direction} ${state} connection and a ${order} local id closes ${expected} (RFC 4271 §6.8)`, () => {
    const received = {
      state: "OpenSent" as const,
      direction: direction === "outgoing" ? "incoming" as const : "outgoing" as const,
    };
    assert.equal(
      loser(input({ existing: { state, direction }, received, localBgpId, remoteBgpId })),
      expected,
    );
  });
}

Deno.test("resolveCollision() examines OpenSent when the peer's BGP Identifier is known (RFC 4271 §6.8)", () => {
  const existing = { state: "OpenSent" as const, direction: "outgoing" as const };
  assert.equal(loser(input({ existing, remoteBgpIdKnown: true })), "received");
  assert.equal(
    loser(input({ existing, remoteBgpIdKnown: true, localBgpId: LOW, remoteBgpId: HIGH })),
    "existing",
  );
});

Deno.test("resolveCollision() with CollisionDetectEstablishedState compares identifiers in Established too (RFC 4271 §8.1.1)", () => {
  const existing = { state: "Established" as const, direction: "outgoing" as const };
  const opt = { existing, collisionDetectEstablishedState: true };
  assert.equal(loser(input({ ...opt, localBgpId: HIGH, remoteBgpId: LOW })), "received");
  assert.equal(loser(input({ ...opt, localBgpId: LOW, remoteBgpId: HIGH })), "existing");
});

Deno.test("resolveCollision() compares identifiers as unsigned 32-bit integers (RFC 4271 §6.8 step 1)", () => {
  // 200.0.0.1 > 10.0.0.1 even though 0xc8000001 is negative as a signed 32-bit integer.
  assert.equal(loser(input({ localBgpId: 0xc8000001 | 0, remoteBgpId: LOW })), "received");
  assert.equal(loser(input({ localBgpId: LOW, remoteBgpId: 0xc8000001 | 0 })), "existing");
});

Deno.test("resolveCollision() breaks equal identifiers by the larger AS (RFC 6286 §2.3)", () => {
  const same = { localBgpId: LOW, remoteBgpId: LOW };
  assert.equal(loser(input({ ...same, localAs: 65010, remoteAs: 65002 })), "received");
  assert.equal(loser(input({ ...same, localAs: 65001, remoteAs: 65002 })), "existing");
});

Deno.test("resolveCollision() falls back to the RFC text when both connections have the same direction", () => {
  const existing = { state: "OpenConfirm" as const, direction: "incoming" as const };
  const received = { state: "OpenSent" as const, direction: "incoming" as const };
  assert.equal(
    loser(input({ existing, received, localBgpId: LOW, remoteBgpId: HIGH })),
    "existing",
  );
  assert.equal(
    loser(input({ existing, received, localBgpId: HIGH, remoteBgpId: LOW })),
    "received",
  );
});

Deno.test("step(): a driver resolves a collision with two FSMs, and the winner keeps the peer's history", () => {
  // Our outgoing connection reached OpenConfirm; the peer (higher id) also dialled us.
  const main = { ...fixture("OpenConfirm"), history: { flaps: 3, totalFlaps: 7 } };
  const tracked = step(main, event("TcpConnectionConfirmed"), T1);
  assert.deepEqual(summarize(tracked.actions, T1), ["track-connection"]);

  // The second connection gets its own FSM and receives the peer's OPEN.
  let candidate = newSession(CONFIG, T1);
  candidate = step(candidate, event("ManualStart_with_PassiveTcpEstablishment"), T1).session;
  candidate = step(candidate, event("TcpConnectionConfirmed"), T1).session;
  assert.equal(candidate.state, "OpenSent");
  const open = peerOpen(); // BGP Identifier 2.2.2.2 > ours 1.1.1.1
  const decision = resolveCollision({
    existing: { state: main.state, direction: "outgoing" },
    received: { state: candidate.state, direction: "incoming" },
    localBgpId: LOCAL_ID,
    remoteBgpId: open.bgpId,
    localAs: CONFIG.asn,
    remoteAs: 65002,
    collisionDetectEstablishedState: false,
  });
  assert.equal(decision.type === "close" && decision.close, "existing");

  // The loser sends Cease / Connection Collision Resolution and does not restart by itself.
  const dumped = step(main, openCollisionDump(), T1);
  assert.equal(dumped.session.state, "Idle");
  assert.deepEqual(summarize(dumped.actions, T1), [
    "send notification 6/7",
    "cancel hold",
    "cancel keepalive",
    "release-resources",
    "close-connection",
  ]);
  assert.equal(dumped.session.history.flaps, 3); // a lost collision is not a flap

  // The winner continues with the OPEN and inherits the peer's history.
  candidate = inheritHistory(candidate, dumped.session);
  candidate = step(candidate, bgpOpen(open), T1).session;
  assert.equal(candidate.state, "OpenConfirm");
  assert.equal(candidate.history.flaps, 3);
  assert.equal(candidate.connectRetryCounter, 6);
});
