/**
 * Loopback sessions between an in-process Speaker and a scripted peer (127.0.0.1, ports
 * 22010-22099): establishment, UPDATE delivery, NOTIFICATIONs both ways, Connection Rejected,
 * dynamic peers.
 */
import assert from "node:assert/strict";
import {
  ipv4Update,
  keepalive,
  MSG,
  notification,
  open,
  parseNotification,
  parseOpen,
} from "../_helpers/bgp_bytes.ts";
import { ScriptedPeer } from "../_helpers/scripted_peer.ts";
import { startSpeaker } from "../_helpers/speaker_harness.ts";
import type { SessionInfo, SpeakerEvent, UpdateWriter } from "../../src/speaker/mod.ts";
import type { UpdateMessage } from "../../src/wire/mod.ts";
import { formatKey } from "../../src/common/prefix_key.ts";

function yaml(port: number, peers: string, extra = ""): string {
  return `asn: 65001
router_id: "10.0.0.1"
listen_addr: "127.0.0.1:${port}"
${extra}
peers:
${peers}
`;
}

/** Scripted side of a full handshake; returns the speaker's OPEN. */
async function handshake(p: ScriptedPeer, asn = 65002, bgpId = "10.0.0.2", holdTime = 90) {
  await p.send(open({ asn, bgpId, holdTime }));
  const o = parseOpen(await p.expect(MSG.OPEN));
  await p.send(keepalive());
  await p.expect(MSG.KEEPALIVE);
  return o;
}

Deno.test("Speaker establishes a passive session, delivers UPDATEs, reports a remote shutdown", async () => {
  const h = startSpeaker(
    yaml(22010, `  - address: "127.0.0.1:179"\n    asn: 65002\n    passive_mode: true`),
  );
  const updates: UpdateMessage[] = [];
  let writer: UpdateWriter | undefined;
  let closedReason = "";
  h.speaker.hooks.add({
    established: (_s: SessionInfo, w) => (writer = w),
    updateReceived: (_s, u) => void updates.push(u),
    closed: (_s, r) => (closedReason = r.type),
  });
  const p = await ScriptedPeer.connect(22010);
  try {
    const o = await handshake(p);
    assert.equal(o.version, 4);
    assert.equal(o.myAs, 65001);
    assert.equal(o.bgpId, "10.0.0.1");
    assert.equal(o.holdTime, 180);
    const up = await h.waitEvent((e): e is Extract<SpeakerEvent, { type: "peer-up" }> =>
      e.type === "peer-up"
    );
    assert.equal(up.session.remoteAs, 65002);
    assert.equal(up.session.remoteId, "10.0.0.2");
    assert.equal(up.session.holdTime, 90);
    assert.deepEqual(up.session.families, ["1/1", "2/1"]);
    assert.equal(up.session.external, true);
    assert.equal(up.session.sentOpenBytes[18], MSG.OPEN);

    await p.send(ipv4Update({ nlri: ["192.0.2.0/24", "198.51.100.0/25"], asPath: [65002] }));
    await h.waitEvent((e) => e.type === "update-received");
    assert.deepEqual(updates[0]!.nlri.prefixes.map(formatKey), ["192.0.2.0/24", "198.51.100.0/25"]);
    assert.deepEqual(updates[0]!.attributes.asPath, [{ type: 2, asns: [65002] }]);

    // The writer sends an End-of-RIB (an empty UPDATE, RFC 4724 §2) that arrives as such.
    assert.ok(writer);
    assert.equal(
      writer.write({
        type: "update",
        withdrawn: { afi: 1, safi: 1, prefixes: [] },
        attributes: {},
        nlri: { afi: 1, safi: 1, prefixes: [] },
      }),
      true,
    );
    const eor = await p.expect(MSG.UPDATE);
    assert.deepEqual([...eor.body], [0, 0, 0, 0]);

    const text = new TextEncoder().encode("bye for now");
    await p.send(notification(6, 2, new Uint8Array([text.length, ...text])));
    const down = await h.waitEvent((e): e is Extract<SpeakerEvent, { type: "peer-down" }> =>
      e.type === "peer-down"
    );
    assert.equal(down.reason.type, "remote-notification");
    assert.equal(closedReason, "remote-notification");
    await h.waitLog(/NOTIFICATION received.*Administrative Shutdown: 'bye for now'/);
    const st = h.speaker.peerStatus("127.0.0.1")!;
    assert.equal(st.stats.received.update, 1);
    assert.equal(st.stats.received.notification, 1);
    assert.equal(st.stats.sent.update, 1);
    assert.equal(st.stats.flaps, 1);
    assert.equal(st.stats.lastError?.direction, "received");
    assert.equal(st.stats.lastError?.subcode, 2);
    await p.closedByRemote();
  } finally {
    await p.close();
    await h.stop();
  }
});

Deno.test("disablePeer sends Cease / Administrative Shutdown with the RFC 8203 message", async () => {
  const h = startSpeaker(
    yaml(22011, `  - address: "127.0.0.1:179"\n    asn: 65002\n    passive_mode: true`),
  );
  const p = await ScriptedPeer.connect(22011);
  try {
    await handshake(p);
    await h.waitEvent((e) => e.type === "peer-up");
    assert.equal(h.speaker.disablePeer("127.0.0.1", "planned maintenance, back at 14:00"), true);
    const n = parseNotification(await p.expect(MSG.NOTIFICATION));
    assert.equal(n.code, 6);
    assert.equal(n.subcode, 2);
    const msg = new TextDecoder().decode(n.data.subarray(1, 1 + n.data[0]!));
    assert.equal(msg, "planned maintenance, back at 14:00");
    await p.closedByRemote();
    const down = await h.waitEvent((e): e is Extract<SpeakerEvent, { type: "peer-down" }> =>
      e.type === "peer-down"
    );
    assert.equal(down.reason.type, "local-notification");
    assert.equal(h.speaker.peerStatus("127.0.0.1")!.adminState, "down");
    await h.waitLog(/NOTIFICATION sent.*planned maintenance/);
  } finally {
    await p.close();
    await h.stop();
  }
});

Deno.test("an unknown address gets Cease / Connection Rejected (subcode 5) and is closed", async () => {
  const h = startSpeaker(
    yaml(22012, `  - address: "127.0.0.9:179"\n    asn: 65002\n    passive_mode: true`),
  );
  const p = await ScriptedPeer.connect(22012);
  try {
    const n = parseNotification(await p.expect(MSG.NOTIFICATION));
    assert.deepEqual([n.code, n.subcode], [6, 5]);
    await p.closedByRemote();
    await h.waitLog(/incoming connection refused: no such peer/);
    assert.equal(h.speaker.peer("127.0.0.1"), undefined);
  } finally {
    await p.close();
    await h.stop();
  }
});

Deno.test("accept_unconfigured_peers creates a dynamic peer for the session's lifetime", async () => {
  const h = startSpeaker(yaml(22013, "  []", "accept_unconfigured_peers: true"));
  const p = await ScriptedPeer.connect(22013);
  try {
    await handshake(p, 65077, "10.0.0.77");
    const up = await h.waitEvent((e): e is Extract<SpeakerEvent, { type: "peer-up" }> =>
      e.type === "peer-up"
    );
    assert.equal(up.session.peer.dynamic, true);
    assert.equal(up.session.remoteAs, 65077);
    assert.equal(h.speaker.peer("127.0.0.1")?.info.dynamic, true);
    await p.close();
    await h.waitEvent((e) => e.type === "peer-removed");
    assert.equal(h.speaker.peer("127.0.0.1"), undefined);
  } finally {
    await p.close();
    await h.stop();
  }
});

Deno.test("Speaker dials an active peer at its configured IP:PORT", async () => {
  const accepting = ScriptedPeer.accept(22015, "127.0.0.2");
  const h = startSpeaker(
    yaml(22014, `  - address: "127.0.0.2:22015"\n    asn: 65002\n    idle_hold_time_secs: 1`),
  );
  const p = await accepting;
  try {
    // The speaker sends its OPEN first when it dials (RFC 4271 §8.2.2 Connect/Event 16).
    const o = parseOpen(await p.expect(MSG.OPEN));
    assert.equal(o.myAs, 65001);
    await p.send(open({ asn: 65002, bgpId: "10.0.0.2" }));
    await p.send(keepalive());
    await p.expect(MSG.KEEPALIVE);
    const up = await h.waitEvent((e): e is Extract<SpeakerEvent, { type: "peer-up" }> =>
      e.type === "peer-up"
    );
    assert.equal(up.session.remoteAddress, "127.0.0.2");
    assert.equal(up.session.remotePort, 22015);
  } finally {
    await p.close();
    await h.stop();
  }
});
