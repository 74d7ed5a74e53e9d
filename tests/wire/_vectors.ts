/**
 * Golden BGP messages, one protocol field per line, each with the message it decodes to.
 * Every vector is checked both ways (decode(bytes) = message, encode(message) = bytes) by
 * golden_test.ts, and the whole set is the corpus of the mutation fuzzer.
 */
import { parseKey } from "../../src/common/prefix_key.ts";
import type { BgpMessage, CodecContext } from "../../src/wire/types.ts";

export const M = new Array<number>(16).fill(0xff); // marker: 16 x 0xff

/** RFC 6793 session, no ADD-PATH, 4096-byte messages. */
export const CTX4: CodecContext = {
  fourOctetAs: true,
  extendedMessage: false,
  addPathReceive: new Set(),
  addPathSend: new Set(),
};
/** The pre-OPEN default: 2-octet AS. */
export const CTX2: CodecContext = {
  fourOctetAs: false,
  extendedMessage: false,
  addPathReceive: new Set(),
  addPathSend: new Set(),
};
/** 4-octet AS with ADD-PATH both ways for IPv4 and IPv6 unicast. */
export const CTX_ADDPATH: CodecContext = {
  fourOctetAs: true,
  extendedMessage: false,
  addPathReceive: new Set(["1/1", "2/1"]),
  addPathSend: new Set(["1/1", "2/1"]),
};

export interface Vector {
  readonly name: string;
  readonly ctx: CodecContext;
  readonly bytes: Uint8Array;
  readonly message: BgpMessage;
}

const k = parseKey;
const u8 = (a: number[]) => new Uint8Array(a);

export const VECTORS: readonly Vector[] = [
  {
    name: "KEEPALIVE",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x13, // length: 19
      0x04, // type: KEEPALIVE
    ]),
    message: { type: "keepalive" },
  },
  {
    name: "OPEN with every modelled capability",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x5c, // length: 92
      0x01, // type: OPEN
      0x04, // version: 4
      0xfd,
      0xe9, // my AS: 65001
      0x00,
      0x5a, // hold time: 90
      0x0a,
      0x00,
      0x00,
      0x01, // BGP identifier: 10.0.0.1
      0x3f, // optional parameters length: 63
      0x02, // parameter type: Capabilities
      0x3d, // parameter length: 61
      0x01,
      0x04,
      0x00,
      0x01,
      0x00,
      0x01, // multiprotocol: AFI 1 (IPv4), reserved, SAFI 1
      0x01,
      0x04,
      0x00,
      0x02,
      0x00,
      0x01, // multiprotocol: AFI 2 (IPv6), reserved, SAFI 1
      0x02,
      0x00, // route refresh (RFC 2918)
      0x46,
      0x00, // enhanced route refresh (RFC 7313)
      0x41,
      0x04,
      0x00,
      0x00,
      0xfd,
      0xe9, // 4-octet AS: 65001
      0x06,
      0x00, // extended message (RFC 8654)
      0x45,
      0x04,
      0x00,
      0x01,
      0x01,
      0x03, // ADD-PATH: IPv4 unicast, send/receive 3 (both)
      0x40,
      0x06, // graceful restart, length 6
      0x80,
      0x78, // restart flags 0x8 (R), restart time 120
      0x00,
      0x01,
      0x01,
      0x80, // family IPv4 unicast, flags 0x80 (forwarding state kept)
      0x47,
      0x07, // long-lived graceful restart, length 7
      0x00,
      0x01,
      0x01,
      0x80, // family IPv4 unicast, flags 0x80
      0x00,
      0x0e,
      0x10, // long-lived stale time: 3600
      0x09,
      0x01,
      0x03, // BGP role: 3 (Customer)
      0x49,
      0x07, // FQDN, length 7
      0x02,
      0x72,
      0x31, // hostname: "r1"
      0x03,
      0x6c,
      0x61,
      0x62, // domain: "lab"
      0x80,
      0x00, // unknown capability 128 (pre-standard route refresh), empty
    ]),
    message: {
      type: "open",
      version: 4,
      myAs: 65001,
      holdTime: 90,
      bgpId: 0x0a000001,
      capabilities: [
        { type: "multiprotocol", afi: 1, safi: 1 },
        { type: "multiprotocol", afi: 2, safi: 1 },
        { type: "route-refresh" },
        { type: "enhanced-route-refresh" },
        { type: "four-octet-as", asn: 65001 },
        { type: "extended-message" },
        { type: "add-path", families: [{ afi: 1, safi: 1, mode: 3 }] },
        {
          type: "graceful-restart",
          flags: 8,
          restartTime: 120,
          families: [{ afi: 1, safi: 1, flags: 0x80 }],
        },
        {
          type: "long-lived-graceful-restart",
          families: [{ afi: 1, safi: 1, flags: 0x80, staleTime: 3600 }],
        },
        { type: "role", role: 3 },
        { type: "fqdn", hostname: "r1", domain: "lab" },
        { type: "unknown", code: 128, value: new Uint8Array(0) },
      ],
    },
  },
  {
    name: "OPEN with RFC 9072 extended optional parameters length",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x01,
      0x25, // length: 293
      0x01, // type: OPEN
      0x04, // version: 4
      0x5b,
      0xa0, // my AS: 23456 (AS_TRANS)
      0x00,
      0xb4, // hold time: 180
      0xc0,
      0x00,
      0x02,
      0x01, // BGP identifier: 192.0.2.1
      0xff, // non-extended optional parameters length: 255 (RFC 9072 §2)
      0xff, // non-extended parameter type: 255 (extended length follows)
      0x01,
      0x05, // extended optional parameters length: 261
      0x02, // parameter type: Capabilities
      0x01,
      0x02, // parameter length (2 octets): 258
      0x41,
      0x04,
      0xfa,
      0x56,
      0xea,
      0x00, // 4-octet AS: 4200000000
      0xf0,
      0xfa, // unknown capability 240, length 250
      ...new Array<number>(250).fill(0xab), // capability value: 250 x 0xab
    ]),
    message: {
      type: "open",
      version: 4,
      myAs: 23456,
      holdTime: 180,
      bgpId: 0xc0000201,
      capabilities: [
        { type: "four-octet-as", asn: 4200000000 },
        { type: "unknown", code: 240, value: new Uint8Array(250).fill(0xab) },
      ],
    },
  },
  {
    name: "NOTIFICATION Cease / Administrative Shutdown with a shutdown communication",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x21, // length: 33
      0x03, // type: NOTIFICATION
      0x06, // error code: 6 (Cease)
      0x02, // subcode: 2 (Administrative Shutdown)
      0x0b, // shutdown communication length: 11 (RFC 9003)
      ...new TextEncoder().encode("maintenance"), // communication: "maintenance"
    ]),
    message: {
      type: "notification",
      code: 6,
      subcode: 2,
      data: u8([0x0b, ...new TextEncoder().encode("maintenance")]),
    },
  },
  {
    name: "NOTIFICATION OPEN Message Error / Unsupported Version Number",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x17, // length: 23
      0x03, // type: NOTIFICATION
      0x02, // error code: 2 (OPEN Message Error)
      0x01, // subcode: 1 (Unsupported Version Number)
      0x00,
      0x04, // data: largest supported version 4
    ]),
    message: { type: "notification", code: 2, subcode: 1, data: u8([0, 4]) },
  },
  {
    name: "NOTIFICATION Hold Timer Expired",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x15, // length: 21
      0x03, // type: NOTIFICATION
      0x04, // error code: 4 (Hold Timer Expired)
      0x00, // subcode: 0
    ]),
    message: { type: "notification", code: 4, subcode: 0, data: u8([]) },
  },
  {
    name: "ROUTE-REFRESH request for IPv4 unicast",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x17, // length: 23
      0x05, // type: ROUTE-REFRESH
      0x00,
      0x01, // AFI: 1 (IPv4)
      0x00, // message subtype: 0 (normal request)
      0x01, // SAFI: 1 (unicast)
    ]),
    message: { type: "route-refresh", afi: 1, safi: 1, subtype: 0 },
  },
  {
    name: "ROUTE-REFRESH BoRR for IPv6 unicast",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x17, // length: 23
      0x05, // type: ROUTE-REFRESH
      0x00,
      0x02, // AFI: 2 (IPv6)
      0x01, // message subtype: 1 (BoRR, RFC 7313)
      0x01, // SAFI: 1 (unicast)
    ]),
    message: { type: "route-refresh", afi: 2, safi: 1, subtype: 1 },
  },
  {
    name: "ROUTE-REFRESH EoRR for IPv4 unicast",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x17, // length: 23
      0x05, // type: ROUTE-REFRESH
      0x00,
      0x01, // AFI: 1 (IPv4)
      0x02, // message subtype: 2 (EoRR, RFC 7313)
      0x01, // SAFI: 1 (unicast)
    ]),
    message: { type: "route-refresh", afi: 1, safi: 1, subtype: 2 },
  },
  {
    // CoreBGP ExampleUpdateDecoder, "ipv4" (seed 004), with a header added.
    name: "UPDATE CoreBGP IPv4 example",
    ctx: CTX4,
    bytes: u8([
      ...M, // marker
      0x00,
      0x39, // length: 57
      0x02, // type: UPDATE
      0x00,
      0x03, // withdrawn routes length: 3
      0x10,
      0x0a,
      0x00, // withdrawn: 10.0.0.0/16
      0x00,
      0x1b, // total path attribute length: 27
      0x40,
      0x01,
      0x01,
      0x01, // ORIGIN (well-known transitive): 1 (EGP)
      0x40,
      0x02,
      0x06, // AS_PATH (well-known transitive), length 6
      0x02,
      0x01,
      0x00,
      0x00,
      0xfd,
      0xea, // AS_SEQUENCE of 1: 65002
      0x40,
      0x03,
      0x04,
      0xc0,
      0x00,
      0x02,
      0x02, // NEXT_HOP: 192.0.2.2
      0xc0,
      0x08,
      0x04,
      0xfd,
      0xea,
      0xff,
      0xff, // COMMUNITIES (optional transitive): 65002:65535
      0x18,
      0xc0,
      0x00,
      0x02, // NLRI: 192.0.2.0/24
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [k("10.0.0.0/16")] },
      attributes: {
        origin: 1,
        asPath: [{ type: 2, asns: [65002] }],
        nextHop: "192.0.2.2",
        communities: [4260036607],
      },
      nlri: { afi: 1, safi: 1, prefixes: [k("192.0.2.0/24")] },
    },
  },
  {
    // CoreBGP ExampleUpdateDecoder, "ipv6" (seed 004), with a header added.
    name: "UPDATE CoreBGP IPv6 example",
    ctx: CTX4,
    bytes: u8([
      ...M, // marker
      0x00,
      0x56, // length: 86
      0x02, // type: UPDATE
      0x00,
      0x00, // withdrawn routes length: 0
      0x00,
      0x3f, // total path attribute length: 63
      0x90,
      0x0e,
      0x00,
      0x2e, // MP_REACH_NLRI (optional, extended length): 46
      0x00,
      0x02, // AFI: 2 (IPv6)
      0x01, // SAFI: 1 (unicast)
      0x20, // next hop length: 32 (global + link-local)
      0x20,
      0x01,
      0x0d,
      0xb8,
      0x00,
      0x00,
      0x00,
      0x00, // next hop: 2001:db8::2
      0x00,
      0x00,
      0x00,
      0x00,
      0x00,
      0x00,
      0x00,
      0x02, // (cont.)
      0xfe,
      0x80,
      0x00,
      0x00,
      0x00,
      0x00,
      0x00,
      0x00, // link-local: fe80::42:c0ff:fe00:202
      0x00,
      0x42,
      0xc0,
      0xff,
      0xfe,
      0x00,
      0x02,
      0x02, // (cont.)
      0x00, // reserved
      0x40,
      0x20,
      0x01,
      0x0d,
      0xb8,
      0x00,
      0x00,
      0x00,
      0x00, // NLRI: 2001:db8::/64
      0x40,
      0x01,
      0x01,
      0x01, // ORIGIN: 1 (EGP)
      0x40,
      0x02,
      0x06, // AS_PATH, length 6
      0x02,
      0x01,
      0x00,
      0x00,
      0xfd,
      0xea, // AS_SEQUENCE of 1: 65002
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [] },
      attributes: { origin: 1, asPath: [{ type: 2, asns: [65002] }] },
      nlri: { afi: 1, safi: 1, prefixes: [] },
      mpReach: {
        afi: 2,
        safi: 1,
        nextHop: "2001:db8::2",
        linkLocalNextHop: "fe80::42:c0ff:fe00:202",
        nlri: { afi: 2, safi: 1, prefixes: [k("2001:db8::/64")] },
      },
    },
  },
  {
    name: "UPDATE IPv4 with every modelled attribute (2-octet AS session)",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x91, // length: 145
      0x02, // type: UPDATE
      0x00,
      0x00, // withdrawn routes length: 0
      0x00,
      0x73, // total path attribute length: 115
      0x40,
      0x01,
      0x01,
      0x00, // ORIGIN: 0 (IGP)
      0x40,
      0x02,
      0x0c, // AS_PATH, length 12
      0x02,
      0x02,
      0xfd,
      0xe9,
      0xfd,
      0xea, // AS_SEQUENCE of 2: 65001 65002
      0x01,
      0x02,
      0x00,
      0x64,
      0x00,
      0x65, // AS_SET of 2: {100, 101}
      0x40,
      0x03,
      0x04,
      0xc0,
      0x00,
      0x02,
      0x01, // NEXT_HOP: 192.0.2.1
      0x80,
      0x04,
      0x04,
      0x00,
      0x00,
      0x00,
      0x64, // MULTI_EXIT_DISC (optional): 100
      0x40,
      0x05,
      0x04,
      0x00,
      0x00,
      0x00,
      0xc8, // LOCAL_PREF: 200
      0x40,
      0x06,
      0x00, // ATOMIC_AGGREGATE
      0xc0,
      0x07,
      0x06,
      0xfd,
      0xe9,
      0xc0,
      0x00,
      0x02,
      0x01, // AGGREGATOR: AS 65001, 192.0.2.1
      0xc0,
      0x08,
      0x08, // COMMUNITIES, length 8
      0xfd,
      0xe9,
      0x00,
      0x01, // community 65001:1
      0xff,
      0xff,
      0xff,
      0x01, // community NO_EXPORT (0xffffff01)
      0x80,
      0x09,
      0x04,
      0x0a,
      0x00,
      0x00,
      0x01, // ORIGINATOR_ID: 10.0.0.1
      0x80,
      0x0a,
      0x04,
      0x0a,
      0x00,
      0x00,
      0x02, // CLUSTER_LIST: 10.0.0.2
      0xc0,
      0x10,
      0x08, // EXTENDED_COMMUNITIES, length 8
      0x00,
      0x02,
      0xfd,
      0xe9,
      0x00,
      0x00,
      0x00,
      0x64, // route target 65001:100
      0xc0,
      0x20,
      0x0c, // LARGE_COMMUNITY, length 12
      0x00,
      0x00,
      0xfd,
      0xe9,
      0x00,
      0x00,
      0x00,
      0x01,
      0x00,
      0x00,
      0x00,
      0x02, // 65001:1:2
      0xc0,
      0x23,
      0x04,
      0x00,
      0x00,
      0xfd,
      0xe9, // OTC: 65001
      0xe0,
      0x63,
      0x02,
      0xca,
      0xfe, // unknown attribute 99 (optional transitive partial): cafe
      0x18,
      0xc6,
      0x33,
      0x64, // NLRI: 198.51.100.0/24
      0x10,
      0xac,
      0x10, // NLRI: 172.16.0.0/16
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [] },
      attributes: {
        origin: 0,
        asPath: [{ type: 2, asns: [65001, 65002] }, { type: 1, asns: [100, 101] }],
        nextHop: "192.0.2.1",
        med: 100,
        localPref: 200,
        atomicAggregate: true,
        aggregator: { asn: 65001, address: "192.0.2.1" },
        communities: [0xfde90001, 0xffffff01],
        originatorId: "10.0.0.1",
        clusterList: ["10.0.0.2"],
        extendedCommunities: [0x0002fde900000064n],
        largeCommunities: [[65001, 1, 2]],
        otc: 65001,
        unknown: [{ flags: 0xe0, code: 99, value: u8([0xca, 0xfe]) }],
      },
      nlri: { afi: 1, safi: 1, prefixes: [k("198.51.100.0/24"), k("172.16.0.0/16")] },
    },
  },
  {
    name: "UPDATE with AS4_PATH and AS4_AGGREGATOR on a 2-octet session (RFC 6793 §4.2.3)",
    ctx: CTX2,
    bytes: u8([
      ...M, // marker
      0x00,
      0x50, // length: 80
      0x02, // type: UPDATE
      0x00,
      0x00, // withdrawn routes length: 0
      0x00,
      0x35, // total path attribute length: 53
      0x40,
      0x01,
      0x01,
      0x00, // ORIGIN: 0 (IGP)
      0x40,
      0x02,
      0x06, // AS_PATH, length 6
      0x02,
      0x02,
      0xfd,
      0xe9,
      0x5b,
      0xa0, // AS_SEQUENCE of 2: 65001 23456 (AS_TRANS)
      0x40,
      0x03,
      0x04,
      0xc0,
      0x00,
      0x02,
      0x01, // NEXT_HOP: 192.0.2.1
      0xc0,
      0x07,
      0x06,
      0x5b,
      0xa0,
      0xc0,
      0x00,
      0x02,
      0x09, // AGGREGATOR: AS_TRANS, 192.0.2.9
      0xc0,
      0x11,
      0x0a, // AS4_PATH, length 10
      0x02,
      0x02,
      0x00,
      0x00,
      0xfd,
      0xe9,
      0xfa,
      0x56,
      0xea,
      0x00, // AS_SEQUENCE: 65001 4200000000
      0xc0,
      0x12,
      0x08,
      0xfa,
      0x56,
      0xea,
      0x00,
      0xc0,
      0x00,
      0x02,
      0x09, // AS4_AGGREGATOR
      0x18,
      0xcb,
      0x00,
      0x71, // NLRI: 203.0.113.0/24
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [] },
      attributes: {
        origin: 0,
        asPath: [{ type: 2, asns: [65001, 4200000000] }],
        nextHop: "192.0.2.1",
        aggregator: { asn: 4200000000, address: "192.0.2.9" },
      },
      nlri: { afi: 1, safi: 1, prefixes: [k("203.0.113.0/24")] },
    },
  },
  {
    name: "UPDATE IPv6 withdrawal in MP_UNREACH_NLRI",
    ctx: CTX4,
    bytes: u8([
      ...M, // marker
      0x00,
      0x23, // length: 35
      0x02, // type: UPDATE
      0x00,
      0x00, // withdrawn routes length: 0
      0x00,
      0x0c, // total path attribute length: 12
      0x90,
      0x0f,
      0x00,
      0x08, // MP_UNREACH_NLRI (optional, extended length): 8
      0x00,
      0x02, // AFI: 2 (IPv6)
      0x01, // SAFI: 1 (unicast)
      0x20,
      0x20,
      0x01,
      0x0d,
      0xb8, // withdrawn: 2001:db8::/32
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [] },
      attributes: {},
      nlri: { afi: 1, safi: 1, prefixes: [] },
      mpUnreach: {
        afi: 2,
        safi: 1,
        withdrawn: { afi: 2, safi: 1, prefixes: [k("2001:db8::/32")] },
      },
    },
  },
  {
    name: "UPDATE End-of-RIB for IPv4 unicast",
    ctx: CTX4,
    bytes: u8([
      ...M, // marker
      0x00,
      0x17, // length: 23
      0x02, // type: UPDATE
      0x00,
      0x00, // withdrawn routes length: 0
      0x00,
      0x00, // total path attribute length: 0
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [] },
      attributes: {},
      nlri: { afi: 1, safi: 1, prefixes: [] },
    },
  },
  {
    name: "UPDATE End-of-RIB for IPv6 unicast",
    ctx: CTX4,
    bytes: u8([
      ...M, // marker
      0x00,
      0x1e, // length: 30
      0x02, // type: UPDATE
      0x00,
      0x00, // withdrawn routes length: 0
      0x00,
      0x07, // total path attribute length: 7
      0x90,
      0x0f,
      0x00,
      0x03, // MP_UNREACH_NLRI (optional, extended length): 3
      0x00,
      0x02, // AFI: 2 (IPv6)
      0x01, // SAFI: 1 (unicast), no withdrawn routes
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [] },
      attributes: {},
      nlri: { afi: 1, safi: 1, prefixes: [] },
      mpUnreach: { afi: 2, safi: 1, withdrawn: { afi: 2, safi: 1, prefixes: [] } },
    },
  },
  {
    name: "UPDATE with ADD-PATH path identifiers (RFC 7911)",
    ctx: CTX_ADDPATH,
    bytes: u8([
      ...M, // marker
      0x00,
      0x43, // length: 67
      0x02, // type: UPDATE
      0x00,
      0x08, // withdrawn routes length: 8
      0x00,
      0x00,
      0x00,
      0x07, // path id: 7
      0x18,
      0x0a,
      0x01,
      0x02, // withdrawn: 10.1.2.0/24
      0x00,
      0x14, // total path attribute length: 20
      0x40,
      0x01,
      0x01,
      0x02, // ORIGIN: 2 (INCOMPLETE)
      0x40,
      0x02,
      0x06,
      0x02,
      0x01,
      0x00,
      0x00,
      0xfd,
      0xe9, // AS_PATH: AS_SEQUENCE 65001
      0x40,
      0x03,
      0x04,
      0x0a,
      0x00,
      0x00,
      0x01, // NEXT_HOP: 10.0.0.1
      0x00,
      0x00,
      0x00,
      0x01, // path id: 1
      0x18,
      0x0a,
      0x01,
      0x03, // NLRI: 10.1.3.0/24
      0x00,
      0x00,
      0x00,
      0x02, // path id: 2
      0x18,
      0x0a,
      0x01,
      0x03, // NLRI: 10.1.3.0/24
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [k("10.1.2.0/24")], pathIds: [7] },
      attributes: { origin: 2, asPath: [{ type: 2, asns: [65001] }], nextHop: "10.0.0.1" },
      nlri: {
        afi: 1,
        safi: 1,
        prefixes: [k("10.1.3.0/24"), k("10.1.3.0/24")],
        pathIds: [1, 2],
      },
    },
  },
  {
    name: "UPDATE IPv4 NLRI with an IPv6 next hop (RFC 8950)",
    ctx: CTX4,
    bytes: u8([
      ...M, // marker
      0x00,
      0x41, // length: 65
      0x02, // type: UPDATE
      0x00,
      0x00, // withdrawn routes length: 0
      0x00,
      0x2a, // total path attribute length: 42
      0x90,
      0x0e,
      0x00,
      0x19, // MP_REACH_NLRI (optional, extended length): 25
      0x00,
      0x01, // AFI: 1 (IPv4)
      0x01, // SAFI: 1 (unicast)
      0x10, // next hop length: 16
      0x20,
      0x01,
      0x0d,
      0xb8,
      0x00,
      0x00,
      0x00,
      0x00, // next hop: 2001:db8::1
      0x00,
      0x00,
      0x00,
      0x00,
      0x00,
      0x00,
      0x00,
      0x01, // (cont.)
      0x00, // reserved
      0x18,
      0xc0,
      0x00,
      0x02, // NLRI: 192.0.2.0/24
      0x40,
      0x01,
      0x01,
      0x00, // ORIGIN: 0 (IGP)
      0x40,
      0x02,
      0x06,
      0x02,
      0x01,
      0x00,
      0x00,
      0xfd,
      0xe9, // AS_PATH: AS_SEQUENCE 65001
    ]),
    message: {
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: [] },
      attributes: { origin: 0, asPath: [{ type: 2, asns: [65001] }] },
      nlri: { afi: 1, safi: 1, prefixes: [] },
      mpReach: {
        afi: 1,
        safi: 1,
        nextHop: "2001:db8::1",
        nlri: { afi: 1, safi: 1, prefixes: [k("192.0.2.0/24")] },
      },
    },
  },
];
