/** Malformed input to the BMP decoder and invalid models to the encoder fail with typed errors. */
import assert from "node:assert/strict";
import { parseIp } from "../../src/common/ip.ts";
import {
  BmpDecodeError,
  BmpEncodeError,
  type BmpMessage,
  BmpStreamDecoder,
  decodeBmpMessage,
  decodeBmpStream,
  encodeBmpMessage,
  endOfRibUpdate,
  initiationMessage,
  type PerPeerHeader,
  splitTimestamp,
  terminationMessage,
} from "../../src/bmp/mod.ts";
import { hex } from "./_hex.ts";
import { notificationPdu, openPdu, updatePdu } from "./_bgp.ts";

const PEER: PerPeerHeader = {
  peerType: 0,
  flags: 0,
  distinguisher: 0n,
  address: parseIp("192.0.2.1"),
  asn: 65001,
  bgpId: 1,
  timestampSeconds: 1,
  timestampMicros: 2,
};

function rm(update: Uint8Array, peer: PerPeerHeader = PEER): BmpMessage {
  return { type: "route-monitoring", peer, update };
}

Deno.test("decodeBmpMessage() rejects a version other than 3 and a length below 6", () => {
  assert.throws(() => decodeBmpMessage(hex`02 00000006 04`), /version 2/);
  assert.throws(() => decodeBmpMessage(hex`03 00000005 04`), /below the 6-byte header/);
  assert.throws(() => decodeBmpMessage(hex`03 0000`), BmpDecodeError);
  assert.throws(() => decodeBmpMessage(hex`03 00000007 04`), /length 7 but 6 bytes/);
});

Deno.test("decodeBmpMessage() rejects truncated per-peer headers and bad embedded PDUs", () => {
  const good = encodeBmpMessage(rm(updatePdu({ announce: ["198.51.100.0/24"] })));
  // Cut inside the per-peer header, then fix the BMP length so only the body is short.
  const cut = good.slice(0, 30);
  cut[4] = 30;
  assert.throws(() => decodeBmpMessage(cut), /truncated BMP message type 0/);
  // Corrupt the BGP marker.
  const badMarker = good.slice();
  badMarker[48] = 0;
  assert.throws(() => decodeBmpMessage(badMarker), /marker/);
  // A KEEPALIVE instead of an UPDATE.
  const ka = hex`ffffffffffffffffffffffffffffffff 0013 04`;
  const withKa = encodeBmpMessage({ type: "unknown", messageType: 0, body: new Uint8Array() });
  const msg = new Uint8Array(withKa.length + 42 + ka.length);
  msg.set(withKa);
  msg.set(ka, withKa.length + 42);
  msg[4] = msg.length;
  assert.throws(() => decodeBmpMessage(msg), /expected UPDATE/);
  // Trailing bytes after the UPDATE.
  const trailing = new Uint8Array(good.length + 1);
  trailing.set(good);
  trailing[4] = trailing.length;
  assert.throws(() => decodeBmpMessage(trailing), /after the UPDATE/);
});

Deno.test("decodeBmpMessage() rejects a known stat type with the wrong length", () => {
  const sr = encodeBmpMessage({
    type: "statistics-report",
    peer: PEER,
    stats: [{ type: "counter", statType: 0, value: 1 }, { type: "gauge", statType: 7, value: 2n }],
  });
  const bad = sr.slice();
  bad[6 + 42 + 4 + 3] = 8; // stat 0 claims 8 bytes
  assert.throws(() => decodeBmpMessage(bad), /stat type 0 has length 8, expected 4/);
  const short = sr.slice();
  short[6 + 42 + 3] = 3; // count 3, only 2 present
  assert.throws(() => decodeBmpMessage(short), /count 3 but only 2/);
});

Deno.test("decodeBmpMessage() rejects TLVs that overrun the message", () => {
  const init = encodeBmpMessage(initiationMessage("r1", "edgebgp"));
  const bad = init.slice();
  bad[6 + 3] = 200; // sysDescr length
  assert.throws(() => decodeBmpMessage(bad), /overruns/);
  const term = encodeBmpMessage(terminationMessage(0));
  const badReason = term.slice();
  badReason[9] = 1; // reason TLV length 1
  badReason[4] = badReason.length - 1;
  assert.throws(() => decodeBmpMessage(badReason.subarray(0, badReason.length - 1)), /reason/);
});

Deno.test("decodeBmpMessage() rejects a Peer Up whose second PDU is not an OPEN", () => {
  const up = encodeBmpMessage({
    type: "peer-up",
    peer: PEER,
    localAddress: parseIp("192.0.2.2"),
    localPort: 1,
    remotePort: 2,
    sentOpen: openPdu({ asn: 65000, bgpId: "192.0.2.2" }),
    receivedOpen: openPdu({ asn: 65001, bgpId: "192.0.2.1" }),
    information: [],
  });
  const bad = up.slice();
  const second = 6 + 42 + 20 + openPdu({ asn: 65000, bgpId: "192.0.2.2" }).length;
  bad[second + 18] = 2;
  assert.throws(() => decodeBmpMessage(bad), /received OPEN: BGP type 2, expected OPEN/);
});

Deno.test("Peer Down decodes reason codes 1..6 and keeps an unknown code's data", () => {
  const n = notificationPdu(6, 2);
  for (
    const reason of [
      { type: "local-notification", notification: n },
      { type: "local-no-notification", fsmEvent: 0 },
      { type: "remote-notification", notification: n },
      { type: "remote-no-notification" },
      { type: "peer-deconfigured" },
      { type: "local-tlv", information: [{ type: "vrf-table-name", value: "global" }] },
      { type: "unknown", code: 9, data: new Uint8Array([1]) },
    ] as const
  ) {
    const m: BmpMessage = { type: "peer-down", peer: PEER, reason };
    assert.deepEqual(decodeBmpMessage(encodeBmpMessage(m)), m, reason.type);
  }
  const r4 = encodeBmpMessage({
    type: "peer-down",
    peer: PEER,
    reason: { type: "remote-no-notification" },
  });
  const extra = new Uint8Array(r4.length + 1);
  extra.set(r4);
  extra[4] = extra.length;
  assert.throws(() => decodeBmpMessage(extra), /trailing/);
});

Deno.test("encodeBmpMessage() refuses invalid models", () => {
  assert.throws(() => encodeBmpMessage(rm(new Uint8Array(10))), BmpEncodeError);
  assert.throws(() => encodeBmpMessage(rm(notificationPdu(6, 2))), /expected UPDATE/);
  const wrongLength = endOfRibUpdate(1, 1);
  wrongLength[17] = 24;
  assert.throws(() => encodeBmpMessage(rm(wrongLength)), /BGP length 24/);
  assert.throws(() => encodeBmpMessage(rm(endOfRibUpdate(1, 1), { ...PEER, asn: -1 })), /peer AS/);
  assert.throws(
    () => encodeBmpMessage(rm(endOfRibUpdate(1, 1), { ...PEER, timestampMicros: 1_000_000 })),
    /microseconds/,
  );
  assert.throws(
    () => encodeBmpMessage(rm(endOfRibUpdate(1, 1), { ...PEER, distinguisher: 1n << 64n })),
    /distinguisher/,
  );
  assert.throws(
    () => encodeBmpMessage({ type: "statistics-report", peer: PEER, stats: [] }),
    /at least one/,
  );
  assert.throws(
    () =>
      encodeBmpMessage({
        type: "statistics-report",
        peer: { ...PEER, flags: 0x10 },
        stats: [{ type: "counter", statType: 0, value: 1 }],
      }),
    /O flag/,
  );
  assert.throws(
    () =>
      encodeBmpMessage({
        type: "statistics-report",
        peer: PEER,
        stats: [{ type: "counter", statType: 7, value: 1 }],
      }),
    /stat type 7 is a gauge, not a counter/,
  );
  assert.throws(
    () =>
      encodeBmpMessage({
        type: "statistics-report",
        peer: PEER,
        stats: [{ type: "counter", statType: 0, value: 2 ** 32 }],
      }),
    /out of range/,
  );
  assert.throws(
    () =>
      encodeBmpMessage({
        type: "route-mirroring",
        peer: PEER,
        tlvs: [{ type: "bgp-message", pdu: endOfRibUpdate(1, 1) }, {
          type: "information",
          code: 1,
        }],
      }),
    /must come last/,
  );
  assert.throws(
    () =>
      encodeBmpMessage({
        type: "peer-up",
        peer: PEER,
        localAddress: parseIp("192.0.2.2"),
        localPort: 1,
        remotePort: 2,
        sentOpen: openPdu({ asn: 1, bgpId: "1.1.1.1" }),
        receivedOpen: openPdu({ asn: 1, bgpId: "1.1.1.1" }),
        information: [{ type: "vrf-table-name", value: "x".repeat(256) }],
      }),
    /max 255/,
  );
});

Deno.test("the V flag follows the peer address family; other flags are kept", () => {
  const v6 = { ...PEER, address: parseIp("2001:db8::1"), flags: 0x40 };
  assert.equal(encodeBmpMessage(rm(endOfRibUpdate(2, 1), v6))[7], 0xc0);
  const v4 = { ...PEER, flags: 0x80 | 0x20 };
  assert.equal(encodeBmpMessage(rm(endOfRibUpdate(1, 1), v4))[7], 0x20);
  // Loc-RIB: bit 0 is F (RFC 9069 §4.2), never touched.
  const loc = { ...PEER, peerType: 3, flags: 0x80, address: parseIp("0.0.0.0") };
  const bytes = encodeBmpMessage(rm(endOfRibUpdate(1, 1), loc));
  assert.equal(bytes[7], 0x80);
  assert.deepEqual(decodeBmpMessage(bytes), rm(endOfRibUpdate(1, 1), loc));
});

Deno.test("splitTimestamp() gives seconds and microseconds; unknown time is 0", () => {
  assert.deepEqual(splitTimestamp(1_700_000_000_123.456), {
    seconds: 1_700_000_000,
    micros: 123_456,
  });
  assert.deepEqual(splitTimestamp(1_700_000_000_999.9996), { seconds: 1_700_000_001, micros: 0 });
  assert.deepEqual(splitTimestamp(0), { seconds: 0, micros: 0 });
  assert.deepEqual(splitTimestamp(Number.NaN), { seconds: 0, micros: 0 });
});

Deno.test("BmpStreamDecoder splits messages across and within chunks", () => {
  const msgs: BmpMessage[] = [
    initiationMessage("r1", "edgebgp"),
    rm(updatePdu({ announce: ["198.51.100.0/24", "203.0.113.0/25"] })),
    rm(updatePdu({ announce: ["2001:db8:1::/48"], withdraw: ["2001:db8:2::/48"] })),
    terminationMessage(4),
  ];
  const stream = new Uint8Array(msgs.reduce((n, m) => n + encodeBmpMessage(m).length, 0));
  let off = 0;
  for (const m of msgs) {
    const b = encodeBmpMessage(m);
    stream.set(b, off);
    off += b.length;
  }
  assert.deepEqual(decodeBmpStream(stream), msgs);
  for (const size of [1, 5, 7, 100]) {
    const d = new BmpStreamDecoder();
    const got: BmpMessage[] = [];
    for (let i = 0; i < stream.length; i += size) got.push(...d.push(stream.subarray(i, i + size)));
    assert.deepEqual(got, msgs, `chunk size ${size}`);
    assert.equal(d.pending, 0);
  }
  assert.throws(() => decodeBmpStream(stream.subarray(0, stream.length - 1)), /ends inside/);
});
