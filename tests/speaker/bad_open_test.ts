/**
 * Each OPEN error (RFC 4271 §6.2, RFC 7607, RFC 9234) and each header error (§6.1) produces the
 * right NOTIFICATION on the wire, then the connection closes. One speaker per case on ports
 * 22150-22199 (a failed session holds the peer Idle, refusing the next connection).
 */
import assert from "node:assert/strict";
import {
  CAP,
  capability,
  keepalive,
  message,
  MSG,
  open,
  parseNotification,
} from "../_helpers/bgp_bytes.ts";
import { ScriptedPeer } from "../_helpers/scripted_peer.ts";
import { startSpeaker } from "../_helpers/speaker_harness.ts";

function yaml(port: number, extra = ""): string {
  return `asn: 65001
router_id: "10.0.0.1"
listen_addr: "127.0.0.1:${port}"
peers:
  - address: "127.0.0.1:179"
    asn: 65002
    passive_mode: true
${extra}
`;
}

interface Case {
  readonly name: string;
  readonly send: Uint8Array;
  readonly code: number;
  readonly subcode: number;
  readonly data?: readonly number[];
  readonly peerExtra?: string;
}

/** The speaker answers a connection with its OPEN first; the NOTIFICATION follows. */
async function nextNotification(p: ScriptedPeer) {
  for (;;) {
    const m = await p.next();
    if (m === null) throw new Error("closed without a NOTIFICATION");
    if (m.type === MSG.NOTIFICATION) return m;
    assert.equal(m.type, MSG.OPEN, `unexpected message type ${m.type}`);
  }
}

const caps4 = (asn: number) => [CAP.mp(1, 1), CAP.as4(asn)];

const CASES: Case[] = [
  {
    name: "unsupported version (2/1, data = version 4)",
    send: open({ version: 3, asn: 65002, bgpId: "10.0.0.2" }),
    code: 2,
    subcode: 1,
    data: [0, 4],
  },
  {
    name: "bad peer AS (2/2)",
    send: open({ asn: 65099, bgpId: "10.0.0.2" }),
    code: 2,
    subcode: 2,
  },
  {
    name: "peer AS 0 (2/2, RFC 7607)",
    send: open({ asn: 0, bgpId: "10.0.0.2", capabilities: [CAP.mp(1, 1)] }),
    code: 2,
    subcode: 2,
  },
  {
    name: "bad BGP identifier 0.0.0.0 (2/3)",
    send: open({ asn: 65002, bgpId: "0.0.0.0" }),
    code: 2,
    subcode: 3,
  },
  {
    name: "iBGP peer with our own BGP identifier (2/3)",
    send: open({ asn: 65001, bgpId: "10.0.0.1", capabilities: caps4(65001) }),
    code: 2,
    subcode: 3,
    peerExtra: "    asn: 65001",
  },
  {
    name: "unsupported optional parameter (2/4)",
    send: open({ asn: 65002, bgpId: "10.0.0.2", otherParameters: [[1, new Uint8Array([1, 2])]] }),
    code: 2,
    subcode: 4,
  },
  {
    name: "unacceptable hold time 2 s (2/6)",
    send: open({ asn: 65002, bgpId: "10.0.0.2", holdTime: 2 }),
    code: 2,
    subcode: 6,
  },
  {
    name: "role mismatch provider/provider (2/11, RFC 9234)",
    send: open({
      asn: 65002,
      bgpId: "10.0.0.2",
      capabilities: [...caps4(65002), capability(9, new Uint8Array([0]))],
    }),
    code: 2,
    subcode: 11,
    peerExtra: "    role: provider",
  },
  {
    name: "header: marker not all ones (1/1)",
    send: (() => {
      const m = keepalive();
      m[3] = 0;
      return m;
    })(),
    code: 1,
    subcode: 1,
  },
  {
    name: "header: bad message length (1/2)",
    send: (() => {
      const m = message(MSG.OPEN, new Uint8Array(5)); // shorter than an OPEN's minimum 29
      return m;
    })(),
    code: 1,
    subcode: 2,
  },
  {
    name: "header: bad message type (1/3)",
    send: message(9),
    code: 1,
    subcode: 3,
    data: [9],
  },
  {
    name: "UPDATE before the session is up (5/1, RFC 6608 OpenSent)",
    send: message(MSG.UPDATE, new Uint8Array(4)),
    code: 5,
    subcode: 1,
  },
];

CASES.forEach((c, i) => {
  Deno.test(`bad OPEN / header: ${c.name}`, async () => {
    const port = 22150 + i;
    // The peer's AS line is replaced when the case configures another one.
    let y = yaml(port, c.peerExtra ?? "");
    if (c.peerExtra?.includes("asn:")) y = y.replace("    asn: 65002\n", "");
    const h = startSpeaker(y);
    const p = await ScriptedPeer.connect(port);
    try {
      await p.send(c.send);
      const got = await nextNotification(p);
      const n = parseNotification(got);
      assert.deepEqual([n.code, n.subcode], [c.code, c.subcode]);
      if (c.data) assert.deepEqual([...n.data], c.data);
      await p.closedByRemote();
      await h.waitLog(/NOTIFICATION sent/);
      const st = h.speaker.peerStatus("127.0.0.1")!;
      assert.equal(st.state, "Idle");
      assert.equal(st.stats.lastError?.code, c.code);
      assert.equal(st.stats.lastError?.subcode, c.subcode);
    } finally {
      await p.close();
      await h.stop();
    }
  });
});

Deno.test("a hook refuses an OPEN: its NOTIFICATION (2/7 Unsupported Capability) goes out", async () => {
  const h = startSpeaker(yaml(22199));
  h.speaker.hooks.add({
    openReceived: (_peer, o) =>
      o.capabilities.some((c) => c.type === "extended-message") ? undefined : {
        type: "notification",
        code: 2,
        subcode: 7,
        data: new Uint8Array([6, 0]), // RFC 5492 §5: the missing capability (extended message)
      },
  });
  const p = await ScriptedPeer.connect(22199);
  try {
    await p.send(open({ asn: 65002, bgpId: "10.0.0.2" }));
    const n = parseNotification(await nextNotification(p));
    assert.deepEqual([n.code, n.subcode, ...n.data], [2, 7, 6, 0]);
    await p.closedByRemote();
    await h.waitLog(/OPEN refused by a hook/);
  } finally {
    await p.close();
    await h.stop();
  }
});
