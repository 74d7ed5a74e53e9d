/**
 * Limits that protect the speaker (ports 22250-22299): max-prefix (bgpgg §4.4, RFC 4486
 * subcode 1) and the per-connection output queue limit, which resets only the slow peer.
 */
import assert from "node:assert/strict";
import { ipv4Update, keepalive, MSG, open, parseNotification } from "../_helpers/bgp_bytes.ts";
import { ScriptedPeer } from "../_helpers/scripted_peer.ts";
import { startSpeaker } from "../_helpers/speaker_harness.ts";
import type { UpdateWriter } from "../../src/speaker/mod.ts";
import type { UpdateMessage } from "../../src/wire/mod.ts";
import { formatKey, ipv4Key } from "../../src/common/prefix_key.ts";

function yaml(port: number, peerExtra: string): string {
  return `asn: 65001
router_id: "10.0.0.1"
listen_addr: "127.0.0.1:${port}"
peers:
  - address: "127.0.0.1:179"
    asn: 65002
    passive_mode: true
${peerExtra}
`;
}

async function establish(port: number, bgpId = "10.0.0.2"): Promise<ScriptedPeer> {
  const p = await ScriptedPeer.connect(port);
  await p.send(open({ asn: 65002, bgpId }));
  await p.expect(MSG.OPEN);
  await p.send(keepalive());
  await p.expect(MSG.KEEPALIVE);
  return p;
}

Deno.test("max-prefix terminate: Cease / Maximum Number of Prefixes Reached, peer stays down", async () => {
  const h = startSpeaker(yaml(22250, "    max_prefix:\n      limit: 2\n      action: terminate"));
  const p = await establish(22250);
  try {
    await h.waitEvent((e) => e.type === "peer-up");
    await p.send(ipv4Update({ nlri: ["192.0.2.0/24", "192.0.2.128/25"], asPath: [65002] }));
    await p.send(ipv4Update({ withdrawn: ["192.0.2.0/24"] })); // back to 1
    await p.send(ipv4Update({ nlri: ["198.51.100.0/24"], asPath: [65002] })); // 2: fine
    await p.send(ipv4Update({ nlri: ["203.0.113.0/24"], asPath: [65002] })); // 3 > 2
    const n = parseNotification(await p.expect(MSG.NOTIFICATION));
    assert.deepEqual([n.code, n.subcode], [6, 1]);
    // RFC 4486 §4: AFI 1, SAFI 1, upper bound 2.
    assert.deepEqual([...n.data], [0, 1, 1, 0, 0, 0, 2]);
    await p.closedByRemote();
    const st = h.speaker.peerStatus("127.0.0.1")!;
    assert.equal(st.adminState, "prefix-limit-exceeded");
    assert.equal(st.state, "Idle");
    assert.equal(st.idleHoldUntil, undefined, "no automatic restart after a max-prefix stop");
  } finally {
    await p.close();
    await h.stop();
  }
});

Deno.test("max-prefix discard: the excess is dropped and the session stays up", async () => {
  const h = startSpeaker(yaml(22251, "    max_prefix:\n      limit: 2\n      action: discard"));
  const seen: UpdateMessage[] = [];
  h.speaker.hooks.add({ updateReceived: (_s, u) => void seen.push(u) });
  const p = await establish(22251);
  try {
    await p.send(
      ipv4Update({ nlri: ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"], asPath: [65002] }),
    );
    await h.waitLog(/announcements discarded/);
    assert.deepEqual(seen[0]!.nlri.prefixes.map(formatKey), ["192.0.2.0/24", "198.51.100.0/24"]);
    assert.equal(h.speaker.peer("127.0.0.1")?.state, "Established");
  } finally {
    await p.close();
    await h.stop();
  }
});

Deno.test("a peer that stops reading is reset at the output queue limit; the other peer is not", async () => {
  const h = startSpeaker(
    `asn: 65001
router_id: "10.0.0.1"
listen_addr: "0.0.0.0:22252"
peers:
  - address: "127.0.0.1:179"
    asn: 65002
    passive_mode: true
    idle_hold_time_secs: 600
  - address: "::1"
    asn: 65003
    passive_mode: true
`,
    { outputQueueLimitBytes: 256 * 1024 },
  );
  const writers = new Map<string, UpdateWriter>();
  h.speaker.hooks.add({ established: (s, w) => void writers.set(s.peer.address, w) });
  const slow = await establish(22252);
  const fast = await ScriptedPeer.connect(22252, "::1");
  try {
    await fast.send(open({ asn: 65003, bgpId: "10.0.0.3" }));
    await fast.expect(MSG.OPEN);
    await fast.send(keepalive());
    await fast.expect(MSG.KEEPALIVE);
    while (writers.size < 2) await new Promise((r) => setTimeout(r, 5));
    slow.pauseReading();
    // ~40 MB of UPDATEs: far beyond the kernel's socket buffers plus the 256 KiB limit.
    const w = writers.get("127.0.0.1")!;
    const update: UpdateMessage = {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [] },
      attributes: { origin: 0, asPath: [{ type: 2, asns: [65001] }], nextHop: "192.0.2.1" },
      nlri: {
        afi: 1,
        safi: 1,
        prefixes: Array.from({ length: 900 }, (_, i) => ipv4Key((10 << 24) + (i << 8), 24)),
      },
    };
    let accepted = 0;
    for (let i = 0; i < 10_000 && w.write(update); i++) {
      accepted++;
      if (i % 100 === 0) await new Promise((r) => setTimeout(r, 0)); // let writes happen
    }
    assert.ok(accepted < 10_000, "the writer refused once the queue overflowed");
    await h.waitLog(/output queue over its limit/);
    await h.waitEvent((e) => e.type === "peer-down" && e.session.peer.address === "127.0.0.1");
    const st = h.speaker.peerStatus("127.0.0.1")!;
    assert.equal(st.state, "Idle");
    assert.deepEqual([st.stats.lastError?.code, st.stats.lastError?.subcode], [6, 8]);
    // The other peer keeps its session and still gets UPDATEs.
    assert.equal(h.speaker.peer("::1")?.state, "Established");
    assert.equal(
      writers.get("::1")!.write({
        ...update,
        nlri: { ...update.nlri, prefixes: [ipv4Key(1 << 24, 8)] },
      }),
      true,
    );
    const got = await fast.expect(MSG.UPDATE);
    assert.ok(got.body.length > 0);
  } finally {
    await slow.close();
    await fast.close();
    await h.stop();
  }
});
