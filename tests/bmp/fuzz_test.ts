/**
 * Seeded, bounded mutation of encoded BMP messages (flip, truncate, extend, fix the length):
 * the decoder returns a message or throws BmpDecodeError, never anything else, and whatever it
 * returns encodes again.
 */
import assert from "node:assert/strict";
import { parseIp } from "../../src/common/ip.ts";
import {
  BmpDecodeError,
  type BmpMessage,
  BmpStreamDecoder,
  decodeBmpMessage,
  encodeBmpMessage,
  endOfRibUpdate,
  initiationMessage,
  locRibOpen,
  type PerPeerHeader,
  terminationMessage,
} from "../../src/bmp/mod.ts";
import { notificationPdu, openPdu, updatePdu } from "./_bgp.ts";

const PEER: PerPeerHeader = {
  peerType: 0,
  flags: 0x40,
  distinguisher: 7n,
  address: parseIp("2001:db8::1"),
  asn: 65001,
  bgpId: 0xc0000201,
  timestampSeconds: 1_700_000_000,
  timestampMicros: 5,
};

const CORPUS: BmpMessage[] = [
  initiationMessage("r1", "edgebgp", ["hello"]),
  terminationMessage(1, "bye"),
  {
    type: "peer-up",
    peer: PEER,
    localAddress: parseIp("2001:db8::2"),
    localPort: 179,
    remotePort: 4000,
    sentOpen: openPdu({ asn: 65000, bgpId: "192.0.2.2" }),
    receivedOpen: openPdu({ asn: 65001, bgpId: "192.0.2.1" }),
    information: [{ type: "string", value: "peer one" }, { type: "admin-label", value: "x" }],
  },
  {
    type: "peer-up",
    peer: { ...PEER, peerType: 3, address: parseIp("0.0.0.0"), flags: 0 },
    localAddress: parseIp("0.0.0.0"),
    localPort: 0,
    remotePort: 0,
    sentOpen: locRibOpen(65000, 1, [{ afi: 1, safi: 1 }]),
    receivedOpen: locRibOpen(65000, 1, [{ afi: 1, safi: 1 }]),
    information: [{ type: "vrf-table-name", value: "global" }],
  },
  {
    type: "peer-down",
    peer: PEER,
    reason: { type: "remote-notification", notification: notificationPdu(4, 0) },
  },
  { type: "peer-down", peer: PEER, reason: { type: "local-no-notification", fsmEvent: 2 } },
  { type: "route-monitoring", peer: PEER, update: updatePdu({ announce: ["2001:db8:1::/48"] }) },
  { type: "route-monitoring", peer: PEER, update: endOfRibUpdate(1, 1) },
  {
    type: "statistics-report",
    peer: { ...PEER, flags: 0 },
    stats: [
      { type: "counter", statType: 0, value: 1 },
      { type: "gauge", statType: 7, value: 2n },
      { type: "afi-safi-gauge", statType: 9, afi: 2, safi: 1, value: 3n },
      { type: "unknown", statType: 200, data: new Uint8Array([9]) },
    ],
  },
  {
    type: "route-mirroring",
    peer: PEER,
    tlvs: [{ type: "information", code: 0 }, { type: "bgp-message", pdu: endOfRibUpdate(1, 1) }],
  },
];

/** xorshift32: reproducible without Math.random. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function mutate(b: Uint8Array, next: () => number): Uint8Array {
  let out = b.slice();
  switch (next() % 4) {
    case 0: // flip a few bytes
      for (let i = next() % 4; i >= 0; i--) out[next() % out.length] = next() & 0xff;
      break;
    case 1: // truncate
      out = out.slice(0, next() % out.length);
      break;
    case 2: { // extend with garbage
      const extra = new Uint8Array(1 + (next() % 16)).map(() => next() & 0xff);
      const joined = new Uint8Array(out.length + extra.length);
      joined.set(out);
      joined.set(extra, out.length);
      out = joined;
      break;
    }
    case 3: // flip one byte past the common header
      if (out.length > 6) {
        const at = 6 + (next() % (out.length - 6));
        out[at] = out[at]! ^ (1 << (next() % 8));
      }
      break;
  }
  // Half of the time, make the BMP length agree so the body parsers are exercised.
  if (next() % 2 === 0 && out.length >= 6) new DataView(out.buffer).setUint32(1, out.length);
  return out;
}

Deno.test("fuzz: mutated BMP messages decode or throw BmpDecodeError, nothing else", () => {
  const next = rng(0x5eed);
  const encoded = CORPUS.map(encodeBmpMessage);
  let decoded = 0, rejected = 0;
  for (let i = 0; i < 20_000; i++) {
    const input = mutate(encoded[i % encoded.length]!, next);
    let m: BmpMessage;
    try {
      m = decodeBmpMessage(input);
    } catch (e) {
      assert.ok(e instanceof BmpDecodeError, `input ${i}: ${e}`);
      rejected++;
      continue;
    }
    decoded++;
    // What decodes is a valid model again, except for flags/values the encoder refuses.
    try {
      encodeBmpMessage(m);
    } catch (e) {
      assert.ok(e instanceof RangeError, `input ${i}: re-encode threw ${e}`);
    }
  }
  assert.ok(decoded > 1000 && rejected > 1000, `decoded ${decoded}, rejected ${rejected}`);
});

Deno.test("fuzz: the stream decoder survives random chunking of a valid stream", () => {
  const next = rng(42);
  const encoded = CORPUS.map(encodeBmpMessage);
  const stream = new Uint8Array(encoded.reduce((n, b) => n + b.length, 0));
  let off = 0;
  for (const b of encoded) {
    stream.set(b, off);
    off += b.length;
  }
  for (let round = 0; round < 200; round++) {
    const d = new BmpStreamDecoder();
    const got: BmpMessage[] = [];
    for (let i = 0; i < stream.length;) {
      const n = 1 + (next() % 97);
      got.push(...d.push(stream.subarray(i, i + n)));
      i += n;
    }
    assert.equal(got.length, CORPUS.length);
  }
});
