/**
 * Malformed UPDATEs: every RFC 7606 §7 attribute case, the §3/§4/§5 rules and the RFC 4271
 * §6.3 checks, each with its expected outcome (action, and the NOTIFICATION code/subcode that
 * is sent for a session reset or that RFC 4271 alone would have sent).
 */
import assert from "node:assert/strict";
import { parseKey } from "../../src/common/prefix_key.ts";
import {
  type CodecContext,
  decodeMessage,
  decodeUpdate,
  ErrorAction,
  type ErrorActionCode,
  type UpdateDecodeResult,
} from "../../src/wire/mod.ts";
import { CTX2, CTX4, M } from "./_vectors.ts";

const {
  NONE,
  ATTRIBUTE_DISCARD: DISCARD,
  TREAT_AS_WITHDRAW: TAW,
  AFI_SAFI_DISABLE,
  SESSION_RESET,
} = ErrorAction;

// Valid building blocks (4-octet AS session unless a case says otherwise).
const ORIGIN = [0x40, 0x01, 0x01, 0x00]; // ORIGIN: 0 (IGP)
const AS_PATH = [0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9]; // AS_PATH: 65001
const NEXT_HOP = [0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01]; // NEXT_HOP: 192.0.2.1
const NLRI = [0x08, 0x0a]; // NLRI: 10.0.0.0/8
const MP_REACH_V6 = [
  0x90,
  0x0e,
  0x00,
  0x1a, // MP_REACH_NLRI, extended length 26
  0x00,
  0x02,
  0x01, // AFI 2, SAFI 1
  0x10, // next hop length 16
  0x20,
  0x01,
  0x0d,
  0xb8,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0x01, // next hop 2001:db8::1
  0x00, // reserved
  0x20,
  0x20,
  0x01,
  0x0d,
  0xb8, // NLRI 2001:db8::/32
];

/** An UPDATE body from its withdrawn routes, attributes and NLRI fields. */
function body(attrs: number[], nlri: number[] = NLRI, withdrawn: number[] = []): Uint8Array {
  return new Uint8Array([
    withdrawn.length >> 8,
    withdrawn.length & 0xff, // withdrawn routes length
    ...withdrawn, // withdrawn routes
    attrs.length >> 8,
    attrs.length & 0xff, // total path attribute length
    ...attrs, // path attributes
    ...nlri, // NLRI
  ]);
}

interface Case {
  readonly name: string;
  readonly ctx?: CodecContext;
  readonly body: Uint8Array;
  readonly action: ErrorActionCode;
  /** UPDATE Message Error subcode of the issue carrying `action`. */
  readonly subcode?: number;
  readonly data?: readonly number[];
  readonly family?: string;
  readonly check?: (r: UpdateDecodeResult) => void;
}

const CASES: Case[] = [
  // ---------------------------------------------------------------- RFC 4271 §6.3 / RFC 7606 §3.b
  {
    name:
      "§3.b: Withdrawn Routes Length beyond the message -> session reset, Malformed Attribute List",
    body: new Uint8Array([
      0x00,
      0x09, // withdrawn routes length: 9 (only 2 bytes follow)
      0x08,
      0x0a, // withdrawn: 10.0.0.0/8
    ]),
    action: SESSION_RESET,
    subcode: 1,
  },
  {
    name: "§3.b: Total Path Attribute Length beyond the message -> session reset, subcode 1",
    body: new Uint8Array([
      0x00,
      0x00, // withdrawn routes length: 0
      0x00,
      0x20, // total path attribute length: 32 (only 4 bytes follow)
      ...ORIGIN, // ORIGIN
    ]),
    action: SESSION_RESET,
    subcode: 1,
  },
  {
    name: "RFC 4271 §6.3: an UPDATE body shorter than 4 bytes -> session reset",
    body: new Uint8Array([0x00, 0x00, 0x00]),
    action: SESSION_RESET,
    subcode: 1,
  },
  // ---------------------------------------------------------------- §3.c attribute flags
  {
    name: "§3.c: ORIGIN with the Optional bit -> treat-as-withdraw, Attribute Flags Error",
    body: body([
      0xc0,
      0x01,
      0x01,
      0x00, // ORIGIN flagged optional transitive
      ...AS_PATH,
      ...NEXT_HOP,
    ]),
    action: TAW,
    subcode: 4,
    data: [0xc0, 0x01, 0x01, 0x00],
  },
  {
    name: "§3.c: MULTI_EXIT_DISC flagged transitive -> treat-as-withdraw",
    body: body([
      ...ORIGIN,
      ...AS_PATH,
      ...NEXT_HOP,
      0xc0,
      0x04,
      0x04,
      0x00,
      0x00,
      0x00,
      0x01, // MED flagged optional transitive
    ]),
    action: TAW,
    subcode: 4,
  },
  {
    name: "§3.c + §3.f: AGGREGATOR flagged well-known -> attribute discard",
    body: body([
      ...ORIGIN,
      ...AS_PATH,
      ...NEXT_HOP,
      0x40,
      0x07,
      0x08,
      0x00,
      0x00,
      0xfd,
      0xe9,
      0xc0,
      0x00,
      0x02,
      0x01, // AGGREGATOR, flags 0x40
    ]),
    action: DISCARD,
    subcode: 4,
    check: (r) => assert.equal(r.update.attributes.aggregator, undefined),
  },
  {
    name: "§3.c + §7.11: MP_REACH_NLRI flagged transitive -> AFI/SAFI disable for 2/1",
    body: body([0xd0, ...MP_REACH_V6.slice(1), ...ORIGIN, ...AS_PATH], []),
    action: AFI_SAFI_DISABLE,
    subcode: 4,
    family: "2/1",
  },
  // ---------------------------------------------------------------- §3.d missing mandatory
  {
    name: "§3.d: missing ORIGIN with NLRI -> treat-as-withdraw, Missing Well-known Attribute 1",
    body: body([...AS_PATH, ...NEXT_HOP]),
    action: TAW,
    subcode: 3,
    data: [1],
    check: (r) => assert.deepEqual(r.update.nlri.prefixes, [parseKey("10.0.0.0/8")]),
  },
  {
    name: "§3.d: missing AS_PATH with NLRI -> treat-as-withdraw, data 2",
    body: body([...ORIGIN, ...NEXT_HOP]),
    action: TAW,
    subcode: 3,
    data: [2],
  },
  {
    name: "§3.d: missing NEXT_HOP with IPv4 NLRI -> treat-as-withdraw, data 3",
    body: body([...ORIGIN, ...AS_PATH]),
    action: TAW,
    subcode: 3,
    data: [3],
  },
  {
    name: "§3.d: missing ORIGIN with MP_REACH_NLRI (RFC 4760 §3) -> treat-as-withdraw",
    body: body([...MP_REACH_V6, ...AS_PATH], []),
    action: TAW,
    subcode: 3,
    data: [1],
  },
  {
    name: "§3.d: no NLRI means no mandatory attributes: a withdrawal alone is fine",
    body: body([], [], [0x08, 0x0a]),
    action: NONE,
  },
  // ---------------------------------------------------------------- §3.g repeated attributes
  {
    name: "§3.g: a repeated ORIGIN is discarded and the first kept",
    body: body([
      ...ORIGIN, // ORIGIN: IGP
      0x40,
      0x01,
      0x01,
      0x02, // ORIGIN again: INCOMPLETE
      ...AS_PATH,
      ...NEXT_HOP,
    ]),
    action: DISCARD,
    check: (r) => assert.equal(r.update.attributes.origin, 0),
  },
  {
    name: "§3.g: a repeated MP_REACH_NLRI -> session reset, Malformed Attribute List",
    body: body([...MP_REACH_V6, ...MP_REACH_V6, ...ORIGIN, ...AS_PATH], []),
    action: SESSION_RESET,
    subcode: 1,
  },
  {
    name: "§3.g: a repeated MP_UNREACH_NLRI -> session reset",
    body: body([
      0x90,
      0x0f,
      0x00,
      0x03,
      0x00,
      0x02,
      0x01, // MP_UNREACH_NLRI IPv6, empty
      0x90,
      0x0f,
      0x00,
      0x03,
      0x00,
      0x02,
      0x01, // MP_UNREACH_NLRI IPv6 again
    ], []),
    action: SESSION_RESET,
    subcode: 1,
  },
  {
    name: "§3.h: a discard and a treat-as-withdraw together -> treat-as-withdraw wins",
    body: body([
      ...ORIGIN,
      ...AS_PATH,
      ...NEXT_HOP,
      0x40,
      0x06,
      0x01,
      0x00, // ATOMIC_AGGREGATE of length 1 (discard)
      0x80,
      0x04,
      0x02,
      0x00,
      0x01, // MED of length 2 (treat-as-withdraw)
    ]),
    action: TAW,
    check: (r) => assert.deepEqual(r.issues.map((i) => i.action), [DISCARD, TAW]),
  },
  // ---------------------------------------------------------------- §4 attribute lengths
  {
    name:
      "§4: the last attribute overruns Total Path Attribute Length -> treat-as-withdraw, NLRI kept",
    body: body([
      ...ORIGIN,
      ...AS_PATH,
      0x40,
      0x03,
      0x09,
      0xc0,
      0x00,
      0x02,
      0x01, // NEXT_HOP claiming 9 bytes, 4 left
    ]),
    action: TAW,
    subcode: 5,
    check: (r) => assert.deepEqual(r.update.nlri.prefixes, [parseKey("10.0.0.0/8")]),
  },
  {
    name: "§4: fewer than 3 octets left for an attribute header -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x40, 0x05]),
    action: TAW,
    subcode: 1,
  },
  {
    name: "§4 + §3.j: an MP_REACH_NLRI that overruns cannot be withdrawn -> session reset",
    body: body([...ORIGIN, ...AS_PATH, 0x90, 0x0e, 0x00, 0x40, 0x00, 0x02, 0x01], []),
    action: SESSION_RESET,
    subcode: 1,
  },
  // ---------------------------------------------------------------- §5.3 NLRI syntax
  {
    name: "§5.3: NLRI prefix length 33 -> session reset, Invalid Network Field",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP], [0x21, 1, 2, 3, 4, 5]),
    action: SESSION_RESET,
    subcode: 10,
  },
  {
    name: "§5.3: NLRI prefix running past the message -> session reset, subcode 10",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP], [0x18, 0x0a, 0x01]),
    action: SESSION_RESET,
    subcode: 10,
  },
  {
    name: "§3.i: withdrawn routes are checked like NLRI -> session reset",
    body: body([], [], [0x28, 1, 2, 3, 4, 5]),
    action: SESSION_RESET,
    subcode: 10,
  },
  {
    name: "§5.3: MP_REACH_NLRI IPv6 prefix length 129 -> AFI/SAFI disable 2/1",
    body: body([
      0x90,
      0x0e,
      0x00,
      0x16, // MP_REACH_NLRI, length 22
      0x00,
      0x02,
      0x01, // AFI 2, SAFI 1
      0x10, // next hop length 16
      0x20,
      0x01,
      0x0d,
      0xb8,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0x01, // next hop 2001:db8::1
      0x00, // reserved
      0x81, // NLRI: prefix length 129
      ...ORIGIN,
      ...AS_PATH,
    ], []),
    action: AFI_SAFI_DISABLE,
    subcode: 9,
    family: "2/1",
  },
  {
    name: "§7.12: MP_UNREACH_NLRI with a truncated prefix -> AFI/SAFI disable 2/1",
    body: body([
      0x90,
      0x0f,
      0x00,
      0x05, // MP_UNREACH_NLRI, length 5
      0x00,
      0x02,
      0x01, // AFI 2, SAFI 1
      0x40,
      0x20, // withdrawn: /64 with only 1 of 8 bytes
    ], []),
    action: AFI_SAFI_DISABLE,
    family: "2/1",
  },
  {
    name: "NLRI with host bits set: masked and noted, no error",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP], [0x08, 0x0a, 0x18, 0xc0, 0x00, 0x02]),
    action: NONE,
    check: (r) => {
      assert.deepEqual(r.update.nlri.prefixes, [parseKey("10.0.0.0/8"), parseKey("192.0.2.0/24")]);
      // 10.1.0.0/15 has a host bit set: it becomes 10.0.0.0/15.
      const masked = body([...ORIGIN, ...AS_PATH, ...NEXT_HOP], [0x0f, 0x0a, 0x01]);
      const m = decodeUpdate(masked, CTX4);
      assert.deepEqual(m.update.nlri.prefixes, [parseKey("10.0.0.0/15")]);
      assert.equal(m.action, NONE);
      assert.match(m.issues[0]?.reason ?? "", /host bits/);
    },
  },
  // ---------------------------------------------------------------- §7.1 ORIGIN
  {
    name: "§7.1: ORIGIN of length 2 -> treat-as-withdraw, Attribute Length Error",
    body: body([0x40, 0x01, 0x02, 0x00, 0x00, ...AS_PATH, ...NEXT_HOP]),
    action: TAW,
    subcode: 5,
    data: [0x40, 0x01, 0x02, 0x00, 0x00],
  },
  {
    name: "§7.1: ORIGIN value 3 -> treat-as-withdraw, Invalid ORIGIN Attribute",
    body: body([0x40, 0x01, 0x01, 0x03, ...AS_PATH, ...NEXT_HOP]),
    action: TAW,
    subcode: 6,
  },
  // ---------------------------------------------------------------- §7.2 AS_PATH
  {
    name: "§7.2: AS_PATH with segment type 5 -> treat-as-withdraw, Malformed AS_PATH",
    body: body([...ORIGIN, 0x40, 0x02, 0x06, 0x05, 0x01, 0, 0, 0xfd, 0xe9, ...NEXT_HOP]),
    action: TAW,
    subcode: 11,
  },
  {
    name: "§7.2: AS_PATH segment overrunning the attribute -> treat-as-withdraw",
    body: body([...ORIGIN, 0x40, 0x02, 0x06, 0x02, 0x02, 0, 0, 0xfd, 0xe9, ...NEXT_HOP]),
    action: TAW,
    subcode: 11,
  },
  {
    name: "§7.2: AS_PATH with a single octet after the last segment -> treat-as-withdraw",
    body: body([...ORIGIN, 0x40, 0x02, 0x07, 0x02, 0x01, 0, 0, 0xfd, 0xe9, 0x02, ...NEXT_HOP]),
    action: TAW,
    subcode: 11,
  },
  {
    name: "§7.2: AS_PATH segment of length zero -> treat-as-withdraw",
    body: body([...ORIGIN, 0x40, 0x02, 0x02, 0x02, 0x00, ...NEXT_HOP]),
    action: TAW,
    subcode: 11,
  },
  {
    name: "§7.2 + RFC 7607: AS_PATH containing AS 0 -> treat-as-withdraw",
    body: body([...ORIGIN, 0x40, 0x02, 0x06, 0x02, 0x01, 0, 0, 0, 0, ...NEXT_HOP]),
    action: TAW,
    subcode: 11,
  },
  {
    name: "§7.2: 4-octet AS_PATH read on a 2-octet session overruns -> treat-as-withdraw",
    ctx: CTX2,
    body: body([...ORIGIN, 0x40, 0x02, 0x05, 0x02, 0x02, 0, 0, 0xfd, ...NEXT_HOP]),
    action: TAW,
    subcode: 11,
  },
  {
    name: "§7.2: an empty AS_PATH is valid (internal routes)",
    body: body([...ORIGIN, 0x40, 0x02, 0x00, ...NEXT_HOP]),
    action: NONE,
    check: (r) => assert.deepEqual(r.update.attributes.asPath, []),
  },
  // ---------------------------------------------------------------- §7.3 NEXT_HOP
  {
    name: "§7.3: NEXT_HOP of length 5 -> treat-as-withdraw, Attribute Length Error",
    body: body([...ORIGIN, ...AS_PATH, 0x40, 0x03, 0x05, 192, 0, 2, 1, 0]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "§7.3: NEXT_HOP 0.0.0.0 -> treat-as-withdraw, Invalid NEXT_HOP Attribute",
    body: body([...ORIGIN, ...AS_PATH, 0x40, 0x03, 0x04, 0, 0, 0, 0]),
    action: TAW,
    subcode: 8,
  },
  {
    name: "§7.3: NEXT_HOP 224.0.0.1 (multicast) -> treat-as-withdraw, subcode 8",
    body: body([...ORIGIN, ...AS_PATH, 0x40, 0x03, 0x04, 224, 0, 0, 1]),
    action: TAW,
    subcode: 8,
  },
  {
    name: "§5.1 + §7.3: a malformed NEXT_HOP without IPv4 NLRI is ignored -> attribute discard",
    body: body([...MP_REACH_V6, ...ORIGIN, ...AS_PATH, 0x40, 0x03, 0x04, 0, 0, 0, 0], []),
    action: DISCARD,
    subcode: 8,
    check: (r) => assert.equal(r.update.attributes.nextHop, undefined),
  },
  {
    name: "§5.1: a valid NEXT_HOP without IPv4 NLRI is ignored",
    body: body([...MP_REACH_V6, ...ORIGIN, ...AS_PATH, ...NEXT_HOP], []),
    action: NONE,
    check: (r) => assert.equal(r.update.attributes.nextHop, undefined),
  },
  // ---------------------------------------------------------------- §7.4 - §7.10
  {
    name: "§7.4: MULTI_EXIT_DISC of length 3 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x80, 0x04, 0x03, 0, 0, 1]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "§7.5: LOCAL_PREF of length 2 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x40, 0x05, 0x02, 0, 100]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "§7.6: ATOMIC_AGGREGATE of length 1 -> attribute discard",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x40, 0x06, 0x01, 0]),
    action: DISCARD,
    subcode: 5,
    check: (r) => assert.equal(r.update.attributes.atomicAggregate, undefined),
  },
  {
    name: "§7.7: AGGREGATOR of length 6 on a 4-octet session -> attribute discard",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x07, 0x06, 0xfd, 0xe9, 192, 0, 2, 1]),
    action: DISCARD,
    subcode: 5,
  },
  {
    name: "§7.7 + RFC 7607: AGGREGATOR with AS 0 -> attribute discard",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x07, 0x08, 0, 0, 0, 0, 192, 0, 2, 1]),
    action: DISCARD,
    subcode: 9,
  },
  {
    name: "§7.8: COMMUNITIES of length 5 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x08, 0x05, 0, 1, 0, 2, 3]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "§7.8: COMMUNITIES of length 0 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x08, 0x00]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "§7.9: ORIGINATOR_ID of length 5 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x80, 0x09, 0x05, 10, 0, 0, 1, 0]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "§7.10: CLUSTER_LIST of length 6 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x80, 0x0a, 0x06, 10, 0, 0, 1, 0, 0]),
    action: TAW,
    subcode: 5,
  },
  // ---------------------------------------------------------------- §7.11 / §7.12 MP attributes
  {
    name: "§7.11: MP_REACH_NLRI too short for AFI/SAFI -> session reset, Optional Attribute Error",
    body: body([0x90, 0x0e, 0x00, 0x02, 0x00, 0x02, ...ORIGIN, ...AS_PATH], []),
    action: SESSION_RESET,
    subcode: 9,
  },
  {
    name: "§7.11: IPv6 next hop length 5 -> AFI/SAFI disable 2/1",
    body: body([
      0x90,
      0x0e,
      0x00,
      0x0b, // MP_REACH_NLRI, length 11
      0x00,
      0x02,
      0x01, // AFI 2, SAFI 1
      0x05, // next hop length: 5
      1,
      2,
      3,
      4,
      5, // next hop bytes
      0x00, // reserved
      0x00, // NLRI: ::/0
      ...ORIGIN,
      ...AS_PATH,
    ], []),
    action: AFI_SAFI_DISABLE,
    subcode: 9,
    family: "2/1",
  },
  {
    name: "§7.11: next hop length overrunning the attribute -> AFI/SAFI disable",
    body: body(
      [0x90, 0x0e, 0x00, 0x06, 0x00, 0x02, 0x01, 0x20, 0x20, 0x01, ...ORIGIN, ...AS_PATH],
      [],
    ),
    action: AFI_SAFI_DISABLE,
    family: "2/1",
  },
  {
    name: "MP_REACH_NLRI for an unsupported AFI/SAFI (25/65) -> attribute discard",
    body: body(
      [0x90, 0x0e, 0x00, 0x06, 0x00, 0x19, 0x41, 0x01, 0x00, 0x00, ...ORIGIN, ...AS_PATH],
      [],
    ),
    action: DISCARD,
    family: "25/65",
  },
  {
    name: "§7.12: MP_UNREACH_NLRI too short for AFI/SAFI -> session reset",
    body: body([0x90, 0x0f, 0x00, 0x01, 0x00], []),
    action: SESSION_RESET,
    subcode: 9,
  },
  // ---------------------------------------------------------------- §7.13 - §7.16
  {
    name: "§7.13: TRAFFIC_ENGINEERING shorter than one descriptor -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x80, 0x18, 0x04, 1, 2, 3, 4]),
    action: TAW,
    subcode: 9,
  },
  {
    name: "§7.14: EXTENDED_COMMUNITIES of length 12 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x10, 0x0c, ...new Array(12).fill(1)]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "§7.15: IPv6 Address Specific Extended Community of length 19 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x19, 0x13, ...new Array(19).fill(1)]),
    action: TAW,
    subcode: 9,
  },
  {
    name: "§7.15: a valid IPv6 Address Specific Extended Community is kept as bytes",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x19, 0x14, ...new Array(20).fill(1)]),
    action: NONE,
    check: (r) => {
      assert.equal(r.update.attributes.unknown?.[0]?.code, 25);
      assert.equal(r.update.attributes.unknown?.[0]?.flags, 0xc0);
    },
  },
  {
    name: "§7.16: ATTR_SET shorter than its Origin AS -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x80, 0x03, 0, 0, 1]),
    action: TAW,
    subcode: 9,
  },
  // ---------------------------------------------------------------- other attributes
  {
    name: "RFC 8092 §6: LARGE_COMMUNITY of length 13 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x20, 0x0d, ...new Array(13).fill(1)]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "RFC 9234 §5: OTC of length 3 -> treat-as-withdraw",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 0x23, 0x03, 0, 0, 1]),
    action: TAW,
    subcode: 5,
  },
  {
    name: "RFC 6793 §6: AS4_PATH with a zero-length segment -> attribute discard",
    ctx: CTX2,
    body: body([
      ...ORIGIN,
      0x40,
      0x02,
      0x04,
      0x02,
      0x01,
      0xfd,
      0xe9, // AS_PATH (2-octet): 65001
      ...NEXT_HOP,
      0xc0,
      0x11,
      0x02,
      0x02,
      0x00, // AS4_PATH: empty AS_SEQUENCE
    ]),
    action: DISCARD,
    subcode: 9,
    check: (r) => assert.deepEqual(r.update.attributes.asPath, [{ type: 2, asns: [65001] }]),
  },
  {
    name: "RFC 6793 §6: AS4_PATH with a confederation segment -> attribute discard",
    ctx: CTX2,
    body: body([
      ...ORIGIN,
      0x40,
      0x02,
      0x04,
      0x02,
      0x01,
      0xfd,
      0xe9, // AS_PATH (2-octet): 65001
      ...NEXT_HOP,
      0xc0,
      0x11,
      0x06,
      0x03,
      0x01,
      0,
      0,
      0xfd,
      0xe9, // AS4_PATH: AS_CONFED_SEQUENCE 65001
    ]),
    action: DISCARD,
    subcode: 9,
  },
  {
    name: "RFC 6793 §6: AS4_AGGREGATOR of length 6 -> attribute discard",
    ctx: CTX2,
    body: body([
      ...ORIGIN,
      0x40,
      0x02,
      0x04,
      0x02,
      0x01,
      0xfd,
      0xe9, // AS_PATH (2-octet): 65001
      ...NEXT_HOP,
      0xc0,
      0x12,
      0x06,
      0xfd,
      0xe9,
      192,
      0,
      2,
      1, // AS4_AGGREGATOR of length 6
    ]),
    action: DISCARD,
    subcode: 5,
  },
  {
    name: "RFC 6793 §3: AS4_PATH on a 4-octet session -> attribute discard, AS_PATH used",
    body: body([
      ...ORIGIN,
      ...AS_PATH,
      ...NEXT_HOP,
      0xc0,
      0x11,
      0x06,
      0x02,
      0x01,
      0,
      0,
      0xfd,
      0xea, // AS4_PATH: 65002
    ]),
    action: DISCARD,
    check: (r) => assert.deepEqual(r.update.attributes.asPath, [{ type: 2, asns: [65001] }]),
  },
  {
    name: "RFC 4271 §6.3: an unrecognized well-known attribute -> session reset, subcode 2",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x40, 0xc8, 0x01, 0x07]),
    action: SESSION_RESET,
    subcode: 2,
    data: [0x40, 0xc8, 0x01, 0x07],
  },
  {
    name: "RFC 4271 §5: an unrecognized optional non-transitive attribute is quietly dropped",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x80, 0xc8, 0x01, 0x07]),
    action: NONE,
    check: (r) => assert.equal(r.update.attributes.unknown, undefined),
  },
  {
    name: "RFC 4271 §5: an unrecognized optional transitive attribute is kept with Partial set",
    body: body([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xd0, 0xc8, 0x00, 0x01, 0x07]),
    action: NONE,
    check: (r) =>
      assert.deepEqual(r.update.attributes.unknown, [
        { flags: 0xe0, code: 200, value: new Uint8Array([7]) },
      ]),
  },
];

for (const c of CASES) {
  Deno.test(`decodeUpdate() ${c.name}`, () => {
    const r = decodeUpdate(c.body, c.ctx ?? CTX4);
    assert.equal(r.action, c.action, JSON.stringify(r.issues.map((i) => i.reason)));
    if (c.action !== NONE) {
      const i = r.issues.find((x) => x.action === c.action);
      assert.ok(i, "an issue with the expected action");
      if (c.subcode !== undefined) {
        assert.equal(i.notification?.code, 3);
        assert.equal(i.notification?.subcode, c.subcode, i.reason);
      }
      if (c.data !== undefined) assert.deepEqual([...i.notification!.data], c.data);
      if (c.family !== undefined) {
        assert.equal(`${i.family?.afi}/${i.family?.safi}`, c.family);
      }
    }
    if (c.action === SESSION_RESET && c.body.length >= 4) {
      assert.equal(r.notification?.code, 3);
      // decodeMessage turns a session reset into an error carrying the same NOTIFICATION.
      const msg = new Uint8Array([
        ...M,
        (19 + c.body.length) >> 8,
        (19 + c.body.length) & 0xff,
        0x02,
        ...c.body,
      ]);
      const m = decodeMessage(msg, c.ctx ?? CTX4);
      assert.equal(m.type, "error");
      if (m.type === "error") assert.deepEqual(m.notification, r.notification);
    } else if (c.action !== SESSION_RESET) {
      assert.equal(r.notification, undefined);
    }
    c.check?.(r);
  });
}
