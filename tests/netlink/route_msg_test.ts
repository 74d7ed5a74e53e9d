import assert from "node:assert/strict";
import { ByteWriter } from "../../src/common/byte_writer.ts";
import { formatIp, formatPrefix, parseIp, parsePrefix } from "../../src/common/ip.ts";
import {
  decodeRoute,
  describeRoute,
  encodeRouteDumpRequest,
  encodeRouteGetRequest,
  encodeRouteMessage,
  NLM_F,
  parseMessages,
  RT_SCOPE,
  RTM,
  RTN,
} from "../../src/netlink/mod.ts";
import { assertBytes, hex } from "./_hex.ts";

const NEW_REPLACE = NLM_F.REQUEST | NLM_F.ACK | NLM_F.REPLACE | NLM_F.CREATE;

function encode(
  type: number,
  flags: number,
  seq: number,
  r: Parameters<typeof encodeRouteMessage>[4],
) {
  const w = new ByteWriter();
  encodeRouteMessage(w, type, flags, seq, r);
  return w.finish();
}

Deno.test("encodeRouteMessage: IPv4 replace in table 100, proto 186, metric 20 (A1)", () => {
  const bytes = encode(RTM.NEWROUTE, NEW_REPLACE, 1, {
    family: 4,
    dst: parsePrefix("10.50.0.0/24"),
    table: 100,
    protocol: 186,
    scope: RT_SCOPE.UNIVERSE,
    type: RTN.UNICAST,
    gateway: parseIp("10.0.0.2"),
    metric: 20,
  });
  assertBytes(
    bytes,
    hex`
      34 00 00 00 // nlmsg_len 52
      18 00       // nlmsg_type RTM_NEWROUTE (24)
      05 05       // nlmsg_flags REQUEST|ACK|REPLACE|CREATE (0x0505)
      01 00 00 00 // nlmsg_seq 1
      00 00 00 00 // nlmsg_pid 0
      02          // rtm_family AF_INET
      18          // rtm_dst_len 24
      00          // rtm_src_len 0
      00          // rtm_tos 0
      64          // rtm_table 100
      ba          // rtm_protocol 186 (bgp)
      00          // rtm_scope universe
      01          // rtm_type unicast
      00 00 00 00 // rtm_flags 0
      08 00 01 00 0a 32 00 00 // RTA_DST 10.50.0.0
      08 00 05 00 0a 00 00 02 // RTA_GATEWAY 10.0.0.2
      08 00 06 00 14 00 00 00 // RTA_PRIORITY 20
    `,
  );
  const [m] = parseMessages(bytes);
  const r = decodeRoute(m!.payload)!;
  assert.equal(describeRoute(r), "10.50.0.0/24 via 10.0.0.2 table 100 proto 186 metric 20");
});

Deno.test("encodeRouteMessage: a table above 255 goes in RTA_TABLE, header byte 0 (A2)", () => {
  const bytes = encode(RTM.NEWROUTE, NEW_REPLACE, 3, {
    family: 4,
    dst: parsePrefix("10.50.0.0/24"),
    table: 70000,
    protocol: 186,
    scope: RT_SCOPE.UNIVERSE,
    type: RTN.UNICAST,
    gateway: parseIp("10.0.0.2"),
    metric: 20,
  });
  assertBytes(
    bytes,
    hex`
      3c 00 00 00 // nlmsg_len 60
      18 00       // RTM_NEWROUTE
      05 05       // REQUEST|ACK|REPLACE|CREATE
      03 00 00 00 // seq 3
      00 00 00 00 // pid 0
      02 18 00 00 // family AF_INET, dst_len 24, src_len 0, tos 0
      00          // rtm_table 0 (RT_TABLE_UNSPEC: see RTA_TABLE)
      ba 00 01    // protocol 186, scope universe, type unicast
      00 00 00 00 // rtm_flags
      08 00 01 00 0a 32 00 00 // RTA_DST 10.50.0.0
      08 00 0f 00 70 11 01 00 // RTA_TABLE 70000
      08 00 05 00 0a 00 00 02 // RTA_GATEWAY 10.0.0.2
      08 00 06 00 14 00 00 00 // RTA_PRIORITY 20
    `,
  );
  assert.equal(decodeRoute(parseMessages(bytes)[0]!.payload)!.table, 70000);
});

Deno.test("encodeRouteMessage: IPv6 ECMP as RTA_MULTIPATH with two rtnexthop entries (A3)", () => {
  const bytes = encode(RTM.NEWROUTE, NEW_REPLACE, 4, {
    family: 6,
    dst: parsePrefix("2001:db8:100::/48"),
    table: 100,
    protocol: 186,
    scope: RT_SCOPE.UNIVERSE,
    type: RTN.UNICAST,
    metric: 20,
    nexthops: [
      { gateway: parseIp("2001:db8::2"), oif: 2 },
      { gateway: parseIp("2001:db8:1::2"), oif: 3 },
    ],
  });
  assertBytes(
    bytes,
    hex`
      74 00 00 00 // nlmsg_len 116
      18 00 05 05 // RTM_NEWROUTE, REQUEST|ACK|REPLACE|CREATE
      04 00 00 00 // seq 4
      00 00 00 00 // pid
      0a 30 00 00 // family AF_INET6, dst_len 48, src_len 0, tos 0
      64 ba 00 01 // table 100, protocol 186, scope universe, type unicast
      00 00 00 00 // rtm_flags
      14 00 01 00 20 01 0d b8 01 00 00 00 00 00 00 00 00 00 00 00 // RTA_DST 2001:db8:100::
      08 00 06 00 14 00 00 00 // RTA_PRIORITY 20
      3c 00 09 00             // RTA_MULTIPATH, len 60
      1c 00       // rtnh_len 28
      00          // rtnh_flags 0
      00          // rtnh_hops 0 (weight 1)
      02 00 00 00 // rtnh_ifindex 2
      14 00 05 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02 // RTA_GATEWAY 2001:db8::2
      1c 00 00 00 // rtnh_len 28, flags 0, hops 0
      03 00 00 00 // rtnh_ifindex 3
      14 00 05 00 20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 02 // RTA_GATEWAY 2001:db8:1::2
    `,
  );
  const r = decodeRoute(parseMessages(bytes)[0]!.payload)!;
  assert.deepEqual(
    r.nexthops!.map((n) => [formatIp(n.gateway!), n.oif, n.weight]),
    [["2001:db8::2", 2, 1], ["2001:db8:1::2", 3, 1]],
  );
});

Deno.test("encodeRouteMessage: delete names table, protocol and metric (A5)", () => {
  const bytes = encode(RTM.DELROUTE, NLM_F.REQUEST | NLM_F.ACK, 6, {
    family: 4,
    dst: parsePrefix("10.50.0.0/24"),
    table: 100,
    protocol: 186,
    scope: RT_SCOPE.UNIVERSE,
    type: RTN.UNSPEC,
    metric: 20,
  });
  assertBytes(
    bytes,
    hex`
      2c 00 00 00 // nlmsg_len 44
      19 00       // RTM_DELROUTE (25)
      05 00       // REQUEST|ACK
      06 00 00 00 // seq 6
      00 00 00 00 // pid
      02 18 00 00 // AF_INET, /24, src_len 0, tos 0
      64 ba 00 00 // table 100, protocol 186, scope 0, type 0 (any)
      00 00 00 00 // rtm_flags
      08 00 01 00 0a 32 00 00 // RTA_DST 10.50.0.0
      08 00 06 00 14 00 00 00 // RTA_PRIORITY 20
    `,
  );
});

Deno.test("encodeRouteDumpRequest: strict filter by table 70000 and protocol 186 (A7)", () => {
  const w = new ByteWriter();
  encodeRouteDumpRequest(w, NLM_F.REQUEST | NLM_F.DUMP, 9, RTM.GETROUTE, {
    family: 4,
    table: 70000,
    protocol: 186,
  });
  assertBytes(
    w.view(),
    hex`
      24 00 00 00 // nlmsg_len 36
      1a 00       // RTM_GETROUTE (26)
      01 03       // REQUEST|DUMP (0x0301)
      09 00 00 00 // seq 9
      00 00 00 00 // pid
      02 00 00 00 // AF_INET, dst_len 0, src_len 0, tos 0
      00 ba 00 00 // table 0 (see RTA_TABLE), protocol 186, scope 0, type 0
      00 00 00 00 // rtm_flags
      08 00 0f 00 70 11 01 00 // RTA_TABLE 70000
    `,
  );
});

Deno.test("decodeRoute: a dumped route with header table 252 and RTA_TABLE 70000 (A7 reply)", () => {
  const [m] = parseMessages(hex`
    44 00 00 00 // nlmsg_len 68
    18 00       // RTM_NEWROUTE
    22 00       // MULTI|DUMP_FILTERED
    09 00 00 00 // seq 9
    70 6f 00 00 // pid
    02 18 00 00 // AF_INET, /24
    fc          // rtm_table 252 (RT_TABLE_COMPAT: real id in RTA_TABLE)
    ba 00 01    // proto 186, scope universe, unicast
    00 00 00 00 // rtm_flags
    08 00 0f 00 70 11 01 00 // RTA_TABLE 70000
    08 00 01 00 0a 32 00 00 // RTA_DST 10.50.0.0
    08 00 06 00 14 00 00 00 // RTA_PRIORITY 20
    08 00 05 00 0a 00 00 02 // RTA_GATEWAY 10.0.0.2
    08 00 04 00 02 00 00 00 // RTA_OIF 2
  `);
  const r = decodeRoute(m!.payload)!;
  assert.equal(formatPrefix(r.dst), "10.50.0.0/24");
  assert.equal(r.table, 70000);
  assert.equal(r.protocol, 186);
  assert.equal(r.metric, 20);
  assert.equal(formatIp(r.gateway!), "10.0.0.2");
  assert.equal(r.oif, 2);
});

Deno.test("encodeRouteMessage: IPv4 prefix via an IPv6 next hop uses RTA_VIA; default route has no RTA_DST", () => {
  const bytes = encode(RTM.NEWROUTE, NEW_REPLACE, 7, {
    family: 4,
    dst: parsePrefix("0.0.0.0/0"),
    table: 254,
    protocol: 186,
    scope: RT_SCOPE.UNIVERSE,
    type: RTN.UNICAST,
    gateway: parseIp("fe80::1"),
    oif: 2,
  });
  assertBytes(
    bytes,
    hex`
      3c 00 00 00 18 00 05 05 07 00 00 00 00 00 00 00 // header: len 60, NEWROUTE, seq 7
      02 00 00 00 // AF_INET, dst_len 0 (default: no RTA_DST)
      fe ba 00 01 // table 254 (main), proto 186, universe, unicast
      00 00 00 00 // rtm_flags
      16 00 12 00 // RTA_VIA (18), len 22
      0a 00       // rtvia_family AF_INET6
      fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 // fe80::1
      00 00       // padding
      08 00 04 00 02 00 00 00 // RTA_OIF 2
    `,
  );
  const r = decodeRoute(parseMessages(bytes)[0]!.payload)!;
  assert.equal(formatPrefix(r.dst), "0.0.0.0/0");
  assert.equal(r.gateway!.family, 6);
  assert.equal(formatIp(r.gateway!), "fe80::1");
});

Deno.test("encodeRouteGetRequest: a lookup of 192.0.2.7 with RTA_OIF (ip route get ... oif 3)", () => {
  const w = new ByteWriter();
  encodeRouteGetRequest(w, RTM.GETROUTE, NLM_F.REQUEST | NLM_F.ACK, 11, parseIp("192.0.2.7"), {
    oif: 3,
  });
  assertBytes(
    w.view(),
    hex`
      2c 00 00 00 // nlmsg_len 44
      1a 00 05 00 // RTM_GETROUTE, REQUEST|ACK
      0b 00 00 00 // seq 11
      00 00 00 00 // pid
      02 20 00 00 // AF_INET, dst_len 32
      00 00 00 00 // table, protocol, scope, type all 0 (strict checking requires it)
      00 00 00 00 // rtm_flags 0
      08 00 01 00 c0 00 02 07 // RTA_DST 192.0.2.7
      08 00 04 00 03 00 00 00 // RTA_OIF 3
    `,
  );
});

Deno.test("decodeRoute rejects truncated rtmsg, bad dst_len and wrong-size addresses", () => {
  assert.throws(() => decodeRoute(hex`02 18 00 00`));
  assert.throws(() => decodeRoute(hex`02 21 00 00 fe 00 00 01 00 00 00 00`));
  assert.throws(() =>
    decodeRoute(hex`02 18 00 00 fe 00 00 01 00 00 00 00 07 00 01 00 0a 00 00 00`)
  );
  assert.throws(() =>
    decodeRoute(hex`02 18 00 00 fe 00 00 01 00 00 00 00 0c 00 01 00 0a 00 00 00`)
  );
  assert.equal(decodeRoute(hex`80 00 00 00 fe 00 00 01 00 00 00 00`), undefined);
});

Deno.test("encodeRouteMessage rejects a next-hop weight outside 1..256", () => {
  assert.throws(
    () =>
      encode(RTM.NEWROUTE, NEW_REPLACE, 1, {
        family: 4,
        dst: parsePrefix("10.0.0.0/8"),
        table: 254,
        protocol: 186,
        scope: 0,
        type: 1,
        nexthops: [{ gateway: parseIp("10.0.0.1"), weight: 0 }],
      }),
    RangeError,
  );
});
