/**
 * RFC 4271 §6.8 connection collisions over loopback (ports 22200-22249): the speaker dials the
 * scripted peer while the scripted peer dials the speaker; the side with the higher BGP
 * Identifier keeps the connection it initiated, the other is closed with Cease / Connection
 * Collision Resolution (RFC 4486 subcode 7).
 */
import assert from "node:assert/strict";
import { keepalive, MSG, open, parseNotification } from "../_helpers/bgp_bytes.ts";
import { ScriptedPeer } from "../_helpers/scripted_peer.ts";
import { startSpeaker } from "../_helpers/speaker_harness.ts";
import type { SpeakerEvent } from "../../src/speaker/mod.ts";

function yaml(listen: number, remote: number): string {
  return `asn: 65001
router_id: "10.0.0.1"
listen_addr: "127.0.0.1:${listen}"
peers:
  - address: "127.0.0.1:${remote}"
    asn: 65002
    idle_hold_time_secs: 1
`;
}

/**
 * Sets up both connections: `out` is the one the speaker dialled (the scripted peer accepted
 * it), `inc` the one the scripted peer dialled. Both have received the speaker's OPEN.
 */
async function twoConnections(listen: number, remote: number) {
  const accepting = ScriptedPeer.accept(remote);
  const h = startSpeaker(yaml(listen, remote));
  const out = await accepting;
  await out.expect(MSG.OPEN);
  const inc = await ScriptedPeer.connect(listen);
  await inc.expect(MSG.OPEN);
  return { h, out, inc };
}

async function finish(winner: ScriptedPeer) {
  await winner.send(keepalive());
  await winner.expect(MSG.KEEPALIVE);
}

Deno.test("collision, remote BGP Identifier higher: the connection the peer initiated survives", async () => {
  const { h, out, inc } = await twoConnections(22200, 22201);
  try {
    // The OPEN arrives first on the speaker-initiated connection.
    await out.send(open({ asn: 65002, bgpId: "10.0.0.2" }));
    const n = parseNotification(await out.expect(MSG.NOTIFICATION));
    assert.deepEqual([n.code, n.subcode], [6, 7]);
    await out.closedByRemote();
    await inc.send(open({ asn: 65002, bgpId: "10.0.0.2" }));
    await finish(inc);
    const up = await h.waitEvent((e): e is Extract<SpeakerEvent, { type: "peer-up" }> =>
      e.type === "peer-up"
    );
    assert.equal(up.session.localPort, 22200, "the session runs on the incoming connection");
    assert.equal(h.speaker.peer("127.0.0.1")?.state, "Established");
    assert.equal(h.speaker.peer("127.0.0.1")?.collisionDriver, undefined);
    await h.waitLog(/connection collision resolved/);
  } finally {
    await out.close();
    await inc.close();
    await h.stop();
  }
});

Deno.test("collision, local BGP Identifier higher: the connection the speaker initiated survives", async () => {
  const { h, out, inc } = await twoConnections(22202, 22203);
  try {
    // The OPEN arrives first on the peer-initiated connection.
    await inc.send(open({ asn: 65002, bgpId: "9.9.9.9" }));
    const n = parseNotification(await inc.expect(MSG.NOTIFICATION));
    assert.deepEqual([n.code, n.subcode], [6, 7]);
    await inc.closedByRemote();
    await out.send(open({ asn: 65002, bgpId: "9.9.9.9" }));
    await finish(out);
    const up = await h.waitEvent((e): e is Extract<SpeakerEvent, { type: "peer-up" }> =>
      e.type === "peer-up"
    );
    assert.equal(up.session.remotePort, 22203, "the session runs on the outgoing connection");
    assert.equal(h.speaker.peer("127.0.0.1")?.state, "Established");
  } finally {
    await out.close();
    await inc.close();
    await h.stop();
  }
});

Deno.test("collision with an Established session: the new connection is closed", async () => {
  const accepting = ScriptedPeer.accept(22205);
  const h = startSpeaker(yaml(22204, 22205));
  const out = await accepting;
  let inc: ScriptedPeer | undefined;
  try {
    await out.expect(MSG.OPEN);
    await out.send(open({ asn: 65002, bgpId: "10.0.0.2" }));
    await finish(out);
    await h.waitEvent((e) => e.type === "peer-up");
    inc = await ScriptedPeer.connect(22204);
    await inc.expect(MSG.OPEN);
    await inc.send(open({ asn: 65002, bgpId: "10.0.0.2" }));
    const n = parseNotification(await inc.expect(MSG.NOTIFICATION));
    assert.deepEqual([n.code, n.subcode], [6, 7]);
    await inc.closedByRemote();
    // The Established session is untouched.
    await out.send(keepalive());
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.speaker.peer("127.0.0.1")?.state, "Established");
    assert.equal(out.eof, false);
  } finally {
    await out.close();
    await inc?.close();
    await h.stop();
  }
});
