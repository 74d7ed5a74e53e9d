/**
 * Timer-driven behaviour with a FakeClock and real loopback sockets (ports 22100-22149):
 * hold timer expiry, keepalive cadence, and the idle-hold damping schedule (bgpgg §4.3).
 */
import assert from "node:assert/strict";
import { FakeClock } from "../../src/common/clock.ts";
import { keepalive, MSG, open, parseNotification } from "../_helpers/bgp_bytes.ts";
import { ScriptedPeer } from "../_helpers/scripted_peer.ts";
import { type Harness, startSpeaker } from "../_helpers/speaker_harness.ts";

function yaml(port: number, peer: string): string {
  return `asn: 65001
router_id: "10.0.0.1"
listen_addr: "127.0.0.1:${port}"
peers:
  - address: "127.0.0.1:179"
    asn: 65002
    passive_mode: true
${peer}
`;
}

async function establish(h: Harness, port: number, holdTime: number): Promise<ScriptedPeer> {
  const p = await ScriptedPeer.connect(port);
  await p.send(open({ asn: 65002, bgpId: "10.0.0.2", holdTime }));
  await p.expect(MSG.OPEN);
  await p.send(keepalive());
  await p.expect(MSG.KEEPALIVE);
  await waitState(h, "Established");
  return p;
}

async function waitState(h: Harness, state: string, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (h.speaker.peer("127.0.0.1")?.state !== state) {
    if (performance.now() > deadline) {
      throw new Error(`peer state ${h.speaker.peer("127.0.0.1")?.state}, wanted ${state}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("hold timer expiry sends Hold Timer Expired (4/0) and drops the session", async () => {
  const clock = new FakeClock();
  const h = startSpeaker(yaml(22100, "    hold_time_secs: 9"), { clock });
  const p = await establish(h, 22100, 30);
  try {
    // Negotiated hold time: min(9, 30) = 9 s; keepalives every 3 s.
    assert.equal(h.speaker.peerStatus("127.0.0.1")?.holdTime, 9);
    const before = p.received.length;
    clock.advance(3000);
    await p.expect(MSG.KEEPALIVE);
    assert.ok(p.received.length > before);
    clock.advance(5999); // 8999 ms since the last message from the peer: not yet
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(p.received.some((m) => m.type === MSG.NOTIFICATION), false);
    clock.advance(1);
    const n = parseNotification(await p.expect(MSG.NOTIFICATION));
    assert.deepEqual([n.code, n.subcode], [4, 0]);
    await p.closedByRemote();
    await waitState(h, "Idle");
    const st = h.speaker.peerStatus("127.0.0.1")!;
    assert.equal(st.stats.lastError?.code, 4);
    assert.equal(st.stats.lastError?.direction, "sent");
  } finally {
    await p.close();
    await h.stop();
  }
});

Deno.test("a KEEPALIVE from the peer restarts the hold timer", async () => {
  const clock = new FakeClock();
  const h = startSpeaker(yaml(22101, "    hold_time_secs: 9"), { clock });
  const p = await establish(h, 22101, 9);
  try {
    clock.advance(8000);
    const seen = h.speaker.peerStatus("127.0.0.1")!.stats.received.keepalive;
    await p.send(keepalive());
    while (h.speaker.peerStatus("127.0.0.1")!.stats.received.keepalive === seen) {
      await new Promise((r) => setTimeout(r, 5));
    }
    clock.advance(8000); // 16 s since establishment, 8 s since the KEEPALIVE
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(h.speaker.peer("127.0.0.1")?.state, "Established");
    clock.advance(1000);
    const n = parseNotification(await p.expect(MSG.NOTIFICATION));
    assert.deepEqual([n.code, n.subcode], [4, 0]);
  } finally {
    await p.close();
    await h.stop();
  }
});

Deno.test("idle hold with damping waits base x 2^n, capped at 120 s (bgpgg §4.3)", async () => {
  const clock = new FakeClock();
  const h = startSpeaker(
    yaml(22102, "    idle_hold_time_secs: 10\n    damp_peer_oscillations: true"),
    { clock },
  );
  try {
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await establish(h, 22102, 90);
      await p.close(); // the peer drops the connection: a flap
      await waitState(h, "Idle");
      const st = h.speaker.peerStatus("127.0.0.1")!;
      assert.ok(st.idleHoldUntil !== undefined, "an automatic restart is scheduled");
      waits.push(st.idleHoldUntil - clock.now());
      assert.equal(st.dampedFlaps, i + 1);
      // Still Idle just before the deadline; a passive restart (Active) right at it.
      clock.advance(waits[i]! - 1);
      assert.equal(h.speaker.peer("127.0.0.1")?.state, "Idle");
      clock.advance(1);
      await waitState(h, "Active");
    }
    assert.deepEqual(waits, [20_000, 40_000, 80_000, 120_000, 120_000]);
    assert.equal(h.speaker.peerStatus("127.0.0.1")!.stats.flaps, 5);
  } finally {
    await h.stop();
  }
});

Deno.test("without damping the idle hold time stays at its base", async () => {
  const clock = new FakeClock();
  const h = startSpeaker(
    yaml(22103, "    idle_hold_time_secs: 7\n    damp_peer_oscillations: false"),
    { clock },
  );
  try {
    for (let i = 0; i < 3; i++) {
      const p = await establish(h, 22103, 90);
      await p.close();
      await waitState(h, "Idle");
      assert.equal(h.speaker.peerStatus("127.0.0.1")!.idleHoldUntil! - clock.now(), 7000);
      clock.advance(7000);
      await waitState(h, "Active");
    }
  } finally {
    await h.stop();
  }
});

Deno.test("while Idle (holding down) an incoming connection is refused", async () => {
  const clock = new FakeClock();
  const h = startSpeaker(yaml(22104, "    idle_hold_time_secs: 30"), { clock });
  try {
    const p = await establish(h, 22104, 90);
    await p.close();
    await waitState(h, "Idle");
    const q = await ScriptedPeer.connect(22104);
    await q.closedByRemote();
    await q.close();
    assert.equal(h.speaker.peer("127.0.0.1")?.state, "Idle");
  } finally {
    await h.stop();
  }
});
