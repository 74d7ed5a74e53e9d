/**
 * Golden bytes for every BMP message type (RFC 7854 §4, RFC 8671, RFC 9069), one field per line,
 * each checked both ways: encode(model) = bytes and decode(bytes) = model.
 */
import assert from "node:assert/strict";
import { parseIp } from "../../src/common/ip.ts";
import {
  type BmpMessage,
  decodeBmpMessage,
  encodeBmpMessage,
  endOfRibUpdate,
  locRibOpen,
  type PerPeerHeader,
} from "../../src/bmp/mod.ts";
import { assertBytes, hex } from "./_hex.ts";

const T_SECONDS = 1_700_000_000; // 0x6553f100
const T_MICROS = 123_456; // 0x0001e240

function peer4(flags = 0): PerPeerHeader {
  return {
    peerType: 0,
    flags,
    distinguisher: 0n,
    address: parseIp("192.0.2.1"),
    asn: 65001,
    bgpId: 0xc0000201,
    timestampSeconds: T_SECONDS,
    timestampMicros: T_MICROS,
  };
}

/** The per-peer header of peer4(), with the flags byte given. */
function peer4Bytes(flags: string): string {
  return `
    00                                 // peer type: 0 global instance
    ${flags}                           // peer flags
    0000000000000000                   // peer distinguisher: 0
    000000000000000000000000 c0000201  // peer address: 192.0.2.1 (12 zero bytes first)
    0000fde9                           // peer AS: 65001
    c0000201                           // peer BGP ID: 192.0.2.1
    6553f100                           // timestamp seconds: 1700000000
    0001e240                           // timestamp microseconds: 123456
  `;
}

/** OPEN without optional parameters (29 bytes). */
function openBytes(asHex: string, idHex: string): string {
  return `
    ffffffffffffffffffffffffffffffff   // BGP marker
    001d                               // BGP length: 29
    01                                 // BGP type: 1 OPEN
    04                                 // version: 4
    ${asHex}                           // my AS
    005a                               // hold time: 90
    ${idHex}                           // BGP identifier
    00                                 // optional parameters length: 0
  `;
}

function roundTrip(name: string, model: BmpMessage, bytes: Uint8Array): void {
  assertBytes(encodeBmpMessage(model), bytes, `${name}: encode`);
  assert.deepEqual(decodeBmpMessage(bytes), model, `${name}: decode`);
}

Deno.test("Initiation: sysDescr then sysName TLVs (RFC 7854 §4.3, §4.4)", () => {
  roundTrip(
    "initiation",
    {
      type: "initiation",
      information: [{ type: "sys-descr", value: "edgebgp" }, { type: "sys-name", value: "r1" }],
    },
    hex`
      03                 // version: 3
      00000017           // message length: 23
      04                 // message type: 4 Initiation
      0001               // TLV type: 1 sysDescr
      0007               // TLV length: 7
      65646765626770     // "edgebgp"
      0002               // TLV type: 2 sysName
      0002               // TLV length: 2
      7231               // "r1"
    `,
  );
});

Deno.test("Termination: Reason TLV first, then a String (RFC 7854 §4.5)", () => {
  roundTrip(
    "termination",
    {
      type: "termination",
      information: [{ type: "reason", reason: 0 }, { type: "string", value: "shutdown" }],
    },
    hex`
      03                 // version: 3
      00000018           // message length: 24
      05                 // message type: 5 Termination
      0001               // TLV type: 1 Reason
      0002               // TLV length: 2
      0000               // reason: 0 session administratively closed
      0000               // TLV type: 0 String
      0008               // TLV length: 8
      73687574646f776e   // "shutdown"
    `,
  );
});

Deno.test("Peer Up: IPv4 peer, local address and ports, both OPENs (RFC 7854 §4.10)", () => {
  const sentOpen = hex`${openBytes("fde8", "c0000202")}`;
  const receivedOpen = hex`${openBytes("fde9", "c0000201")}`;
  roundTrip(
    "peer up",
    {
      type: "peer-up",
      peer: peer4(),
      localAddress: parseIp("192.0.2.2"),
      localPort: 179,
      remotePort: 54321,
      sentOpen,
      receivedOpen,
      information: [],
    },
    hex`
      03                 // version: 3
      0000007e           // message length: 126
      03                 // message type: 3 Peer Up Notification
      ${peer4Bytes("00")} // peer flags: 0 (IPv4, pre-policy)
      000000000000000000000000 c0000202 // local address: 192.0.2.2
      00b3               // local port: 179
      d431               // remote port: 54321
      ${openBytes("fde8", "c0000202")} // sent OPEN: AS 65000, id 192.0.2.2
      ${openBytes("fde9", "c0000201")} // received OPEN: AS 65001, id 192.0.2.1
    `,
  );
});

Deno.test("Peer Up: Loc-RIB instance, fabricated OPEN twice, VRF/Table Name (RFC 9069 §5.2)", () => {
  const open = locRibOpen(65000, 0xc0000202, [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]);
  const openHex = `
    ffffffffffffffffffffffffffffffff   // BGP marker
    0031                               // BGP length: 49
    01                                 // BGP type: 1 OPEN
    04                                 // version: 4
    fde8                               // my AS: 65000
    0000                               // hold time: 0
    c0000202                           // BGP identifier: 192.0.2.2
    14                                 // optional parameters length: 20
    02                                 // parameter type: 2 Capabilities
    12                                 // parameter length: 18
    01 04 0001 00 01                   // capability 1 multiprotocol: IPv4 unicast
    01 04 0002 00 01                   // capability 1 multiprotocol: IPv6 unicast
    41 04 0000fde8                     // capability 65 4-octet AS: 65000
  `;
  assertBytes(open, hex`${openHex}`, "fabricated OPEN");
  roundTrip(
    "loc-rib peer up",
    {
      type: "peer-up",
      peer: {
        peerType: 3,
        flags: 0,
        distinguisher: 0n,
        address: { family: 4, bytes: new Uint8Array(4) },
        asn: 65000,
        bgpId: 0xc0000202,
        timestampSeconds: T_SECONDS,
        timestampMicros: T_MICROS,
      },
      localAddress: { family: 4, bytes: new Uint8Array(4) },
      localPort: 0,
      remotePort: 0,
      sentOpen: open,
      receivedOpen: open,
      information: [{ type: "vrf-table-name", value: "global" }],
    },
    hex`
      03                 // version: 3
      000000b0           // message length: 176
      03                 // message type: 3 Peer Up Notification
      03                 // peer type: 3 Loc-RIB instance
      00                 // peer flags: 0 (F clear: the whole Loc-RIB)
      0000000000000000   // peer distinguisher: 0 (global Loc-RIB)
      00000000000000000000000000000000 // peer address: zero-filled
      0000fde8           // peer AS: 65000 (own AS)
      c0000202           // peer BGP ID: 192.0.2.2 (own router id)
      6553f100           // timestamp seconds: 1700000000
      0001e240           // timestamp microseconds: 123456
      00000000000000000000000000000000 // local address: zero-filled
      0000               // local port: 0
      0000               // remote port: 0
      ${openHex}         // sent OPEN (fabricated)
      ${openHex}         // received OPEN: repeat of the sent OPEN
      0003               // TLV type: 3 VRF/Table Name
      0006               // TLV length: 6
      676c6f62616c       // "global"
    `,
  );
});

const CEASE_ADMIN_SHUTDOWN = `
  ffffffffffffffffffffffffffffffff     // BGP marker
  0015                                 // BGP length: 21
  03                                   // BGP type: 3 NOTIFICATION
  06                                   // error code: 6 Cease
  02                                   // error subcode: 2 Administrative Shutdown
`;

Deno.test("Peer Down reason 1: local close with the NOTIFICATION sent (RFC 7854 §4.9)", () => {
  roundTrip(
    "peer down 1",
    {
      type: "peer-down",
      peer: peer4(),
      reason: { type: "local-notification", notification: hex`${CEASE_ADMIN_SHUTDOWN}` },
    },
    hex`
      03                 // version: 3
      00000046           // message length: 70
      02                 // message type: 2 Peer Down Notification
      ${peer4Bytes("00")} // peer flags: 0
      01                 // reason: 1 local system closed, NOTIFICATION follows
      ${CEASE_ADMIN_SHUTDOWN} // the NOTIFICATION sent
    `,
  );
});

Deno.test("Peer Down reason 2: local close without NOTIFICATION, FSM event code", () => {
  roundTrip(
    "peer down 2",
    { type: "peer-down", peer: peer4(), reason: { type: "local-no-notification", fsmEvent: 2 } },
    hex`
      03                 // version: 3
      00000033           // message length: 51
      02                 // message type: 2 Peer Down Notification
      ${peer4Bytes("00")} // peer flags: 0
      02                 // reason: 2 local system closed, no NOTIFICATION
      0002               // FSM event: 2 ManualStop (RFC 4271 §8.1.2)
    `,
  );
});

Deno.test("Peer Down reason 3: remote close with the NOTIFICATION received", () => {
  const holdTimerExpired = `
    ffffffffffffffffffffffffffffffff   // BGP marker
    0015                               // BGP length: 21
    03                                 // BGP type: 3 NOTIFICATION
    04                                 // error code: 4 Hold Timer Expired
    00                                 // error subcode: 0
  `;
  roundTrip(
    "peer down 3",
    {
      type: "peer-down",
      peer: peer4(),
      reason: { type: "remote-notification", notification: hex`${holdTimerExpired}` },
    },
    hex`
      03                 // version: 3
      00000046           // message length: 70
      02                 // message type: 2 Peer Down Notification
      ${peer4Bytes("00")} // peer flags: 0
      03                 // reason: 3 remote system closed, NOTIFICATION follows
      ${holdTimerExpired} // the NOTIFICATION received
    `,
  );
});

Deno.test("Peer Down reasons 4 and 5: no data", () => {
  for (
    const [code, reason] of [
      ["04", { type: "remote-no-notification" }],
      ["05", { type: "peer-deconfigured" }],
    ] as const
  ) {
    roundTrip(
      `peer down ${code}`,
      { type: "peer-down", peer: peer4(), reason },
      hex`
        03                 // version: 3
        00000031           // message length: 49
        02                 // message type: 2 Peer Down Notification
        ${peer4Bytes("00")} // peer flags: 0
        ${code}            // reason: 4 remote closed without data / 5 de-configured
      `,
    );
  }
});

Deno.test("Peer Down reason 6: Loc-RIB instance with VRF/Table Name (RFC 9069 §5.3)", () => {
  roundTrip(
    "peer down 6",
    {
      type: "peer-down",
      peer: {
        peerType: 3,
        flags: 0,
        distinguisher: 0n,
        address: { family: 4, bytes: new Uint8Array(4) },
        asn: 65000,
        bgpId: 0xc0000202,
        timestampSeconds: T_SECONDS,
        timestampMicros: T_MICROS,
      },
      reason: { type: "local-tlv", information: [{ type: "vrf-table-name", value: "global" }] },
    },
    hex`
      03                 // version: 3
      0000003b           // message length: 59
      02                 // message type: 2 Peer Down Notification
      03                 // peer type: 3 Loc-RIB instance
      00                 // peer flags: 0
      0000000000000000   // peer distinguisher: 0
      00000000000000000000000000000000 // peer address: zero-filled
      0000fde8           // peer AS: 65000
      c0000202           // peer BGP ID: 192.0.2.2
      6553f100           // timestamp seconds: 1700000000
      0001e240           // timestamp microseconds: 123456
      06                 // reason: 6 local close, TLVs follow
      0003               // TLV type: 3 VRF/Table Name
      0006               // TLV length: 6
      676c6f62616c       // "global"
    `,
  );
});

const UPDATE_4OCTET = `
  ffffffffffffffffffffffffffffffff     // BGP marker
  002f                                 // BGP length: 47
  02                                   // BGP type: 2 UPDATE
  0000                                 // withdrawn routes length: 0
  0014                                 // total path attribute length: 20
  40 01 01 00                          // ORIGIN: IGP
  40 02 06 02 01 0000fde9              // AS_PATH: AS_SEQUENCE [65001], 4-octet
  40 03 04 c0000201                    // NEXT_HOP: 192.0.2.1
  18 c63364                            // NLRI: 198.51.100.0/24
`;

Deno.test("Route Monitoring: pre-policy Adj-RIB-In, 4-octet AS_PATH (RFC 7854 §4.6)", () => {
  roundTrip(
    "rm pre-policy",
    { type: "route-monitoring", peer: peer4(), update: hex`${UPDATE_4OCTET}` },
    hex`
      03                 // version: 3
      0000005f           // message length: 95
      00                 // message type: 0 Route Monitoring
      ${peer4Bytes("00")} // peer flags: 0 (V=0 IPv4, L=0 pre-policy, A=0, O=0 Adj-RIB-In)
      ${UPDATE_4OCTET}   // the UPDATE
    `,
  );
});

Deno.test("Route Monitoring: A flag with a 2-octet AS_PATH", () => {
  const update2 = `
    ffffffffffffffffffffffffffffffff   // BGP marker
    002d                               // BGP length: 45
    02                                 // BGP type: 2 UPDATE
    0000                               // withdrawn routes length: 0
    0012                               // total path attribute length: 18
    40 01 01 00                        // ORIGIN: IGP
    40 02 04 02 01 fde9                // AS_PATH: AS_SEQUENCE [65001], 2-octet
    40 03 04 c0000201                  // NEXT_HOP: 192.0.2.1
    18 c63364                          // NLRI: 198.51.100.0/24
  `;
  roundTrip(
    "rm A flag",
    { type: "route-monitoring", peer: peer4(0x20), update: hex`${update2}` },
    hex`
      03                 // version: 3
      0000005d           // message length: 93
      00                 // message type: 0 Route Monitoring
      ${peer4Bytes("20")} // peer flags: 0x20 (A: legacy 2-octet AS_PATH)
      ${update2}         // the UPDATE
    `,
  );
});

Deno.test("Route Monitoring: IPv6 peer, post-policy Adj-RIB-Out End-of-RIB (RFC 8671, 4724)", () => {
  const model: BmpMessage = {
    type: "route-monitoring",
    peer: {
      peerType: 0,
      flags: 0x40 | 0x10,
      distinguisher: 0n,
      address: parseIp("2001:db8::1"),
      asn: 65001,
      bgpId: 0xc0000201,
      timestampSeconds: T_SECONDS,
      timestampMicros: T_MICROS,
    },
    update: endOfRibUpdate(2, 1),
  };
  const bytes = hex`
    03                 // version: 3
    0000004d           // message length: 77
    00                 // message type: 0 Route Monitoring
    00                 // peer type: 0 global instance
    d0                 // peer flags: V (IPv6) | L (post-policy) | O (Adj-RIB-Out)
    0000000000000000   // peer distinguisher: 0
    20010db8000000000000000000000001 // peer address: 2001:db8::1
    0000fde9           // peer AS: 65001
    c0000201           // peer BGP ID: 192.0.2.1
    6553f100           // timestamp seconds: 1700000000
    0001e240           // timestamp microseconds: 123456
    ffffffffffffffffffffffffffffffff // BGP marker
    001d               // BGP length: 29
    02                 // BGP type: 2 UPDATE
    0000               // withdrawn routes length: 0
    0006               // total path attribute length: 6
    80                 // attribute flags: optional, non-transitive
    0f                 // attribute type: 15 MP_UNREACH_NLRI
    03                 // attribute length: 3
    0002               // AFI: 2 IPv6
    01                 // SAFI: 1 unicast (no withdrawn routes: End-of-RIB)
  `;
  // V is derived from the address family on encode and read back as sent.
  assertBytes(encodeBmpMessage(model), bytes, "encode");
  assert.deepEqual(decodeBmpMessage(bytes), {
    ...model,
    peer: { ...model.peer, flags: 0xd0 },
  });
});

Deno.test("End-of-RIB: IPv4 unicast is the 23-byte empty UPDATE (RFC 4724 §2)", () => {
  assertBytes(
    endOfRibUpdate(1, 1),
    hex`
      ffffffffffffffffffffffffffffffff // BGP marker
      0017               // BGP length: 23
      02                 // BGP type: 2 UPDATE
      0000               // withdrawn routes length: 0
      0000               // total path attribute length: 0
    `,
  );
});

Deno.test("Statistics Report: counters 32-bit, gauges 64-bit, per-AFI/SAFI 11 bytes (§4.8)", () => {
  roundTrip(
    "stats",
    {
      type: "statistics-report",
      peer: peer4(),
      stats: [
        { type: "counter", statType: 0, value: 1 },
        { type: "counter", statType: 1, value: 2 },
        { type: "counter", statType: 2, value: 3 },
        { type: "gauge", statType: 7, value: 0x1_0000_0001n },
        { type: "gauge", statType: 8, value: 5n },
        { type: "afi-safi-gauge", statType: 9, afi: 1, safi: 1, value: 6n },
        { type: "afi-safi-gauge", statType: 10, afi: 2, safi: 1, value: 7n },
        { type: "counter", statType: 11, value: 8 },
        { type: "counter", statType: 12, value: 0xffff_ffff },
      ],
    },
    hex`
      03                 // version: 3
      00000092           // message length: 146
      01                 // message type: 1 Statistics Report
      ${peer4Bytes("00")} // peer flags: 0 (O MUST be 0, RFC 8671 §6.2)
      00000009           // stats count: 9
      0000 0004 00000001 // type 0 prefixes rejected by inbound policy, length 4: 1
      0001 0004 00000002 // type 1 duplicate prefix advertisements, length 4: 2
      0002 0004 00000003 // type 2 duplicate withdraws, length 4: 3
      0007 0008 0000000100000001 // type 7 routes in Adj-RIBs-In (gauge), length 8: 4294967297
      0008 0008 0000000000000005 // type 8 routes in Loc-RIB (gauge), length 8: 5
      0009 000b 0001 01 0000000000000006 // type 9 per-AFI/SAFI Adj-RIB-In, length 11: 1/1 6
      000a 000b 0002 01 0000000000000007 // type 10 per-AFI/SAFI Loc-RIB, length 11: 2/1 7
      000b 0004 00000008 // type 11 updates treated as withdraw, length 4: 8
      000c 0004 ffffffff // type 12 prefixes treated as withdraw, length 4: 4294967295
    `,
  );
});

Deno.test("Statistics Report: an unknown stat type is kept as bytes (RFC 7854 §4.8)", () => {
  roundTrip(
    "stats unknown",
    {
      type: "statistics-report",
      peer: peer4(),
      stats: [{ type: "unknown", statType: 99, data: new Uint8Array([1, 2, 3]) }],
    },
    hex`
      03                 // version: 3
      0000003b           // message length: 59
      01                 // message type: 1 Statistics Report
      ${peer4Bytes("00")} // peer flags: 0
      00000001           // stats count: 1
      0063               // stat type: 99 (unassigned)
      0003               // stat length: 3
      010203             // data
    `,
  );
});

Deno.test("Route Mirroring: Information TLV then the BGP Message TLV last (RFC 7854 §4.7)", () => {
  roundTrip(
    "mirroring",
    {
      type: "route-mirroring",
      peer: peer4(),
      tlvs: [{ type: "information", code: 0 }, { type: "bgp-message", pdu: endOfRibUpdate(1, 1) }],
    },
    hex`
      03                 // version: 3
      00000051           // message length: 81
      06                 // message type: 6 Route Mirroring
      ${peer4Bytes("00")} // peer flags: 0
      0001               // TLV type: 1 Information
      0002               // TLV length: 2
      0000               // code: 0 Errored PDU
      0000               // TLV type: 0 BGP Message
      0017               // TLV length: 23
      ffffffffffffffffffffffffffffffff // BGP marker
      0017               // BGP length: 23
      02                 // BGP type: 2 UPDATE
      0000               // withdrawn routes length: 0
      0000               // total path attribute length: 0
    `,
  );
  roundTrip(
    "mirroring lost",
    { type: "route-mirroring", peer: peer4(), tlvs: [{ type: "information", code: 1 }] },
    hex`
      03                 // version: 3
      00000036           // message length: 54
      06                 // message type: 6 Route Mirroring
      ${peer4Bytes("00")} // peer flags: 0
      0001               // TLV type: 1 Information
      0002               // TLV length: 2
      0001               // code: 1 Messages Lost
    `,
  );
});

Deno.test("Unknown message type: kept as bytes, so a receiver can skip it (RFC 7854 §4.1)", () => {
  roundTrip(
    "unknown",
    { type: "unknown", messageType: 42, body: new Uint8Array([0xde, 0xad]) },
    hex`
      03                 // version: 3
      00000008           // message length: 8
      2a                 // message type: 42 (unassigned)
      dead               // body
    `,
  );
});
