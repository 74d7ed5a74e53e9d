import assert from "node:assert/strict";
import { ByteWriter } from "../../src/common/byte_writer.ts";
import {
  attrString,
  attrU16,
  attrU32,
  attrU8,
  beginMessage,
  beginNest,
  decodeNlMsgErr,
  endMessage,
  endNest,
  findAttr,
  NetlinkError,
  NetlinkParseError,
  NLM_F,
  NLMSG,
  parseAttrs,
  parseMessages,
  putAttrString,
  putAttrU16,
  putAttrU32,
  putAttrU8,
} from "../../src/netlink/mod.ts";
import { assertBytes, hex } from "./_hex.ts";

Deno.test("beginMessage/endMessage build the NLMSG_NOOP|ACK barrier byte for byte (A6)", () => {
  const w = new ByteWriter();
  endMessage(w, beginMessage(w, NLMSG.NOOP, NLM_F.REQUEST | NLM_F.ACK, 8));
  assertBytes(
    w.view(),
    hex`
      10 00 00 00 // nlmsg_len 16
      01 00       // nlmsg_type NLMSG_NOOP
      05 00       // nlmsg_flags REQUEST|ACK
      08 00 00 00 // nlmsg_seq 8
      00 00 00 00 // nlmsg_pid 0 (kernel fills in)
    `,
  );
});

Deno.test("parseMessages splits a datagram of two messages and keeps payload views", () => {
  const d = hex`
    14 00 00 00 // nlmsg_len 20
    03 00       // nlmsg_type NLMSG_DONE
    22 00       // nlmsg_flags MULTI|DUMP_FILTERED
    09 00 00 00 // nlmsg_seq 9
    70 6f 00 00 // nlmsg_pid 0x6f70
    00 00 00 00 // DONE status 0
    10 00 00 00 // nlmsg_len 16
    01 00       // NLMSG_NOOP
    00 00       // flags 0
    0a 00 00 00 // seq 10
    00 00 00 00 // pid 0
  `;
  const msgs = parseMessages(d);
  assert.equal(msgs.length, 2);
  assert.deepEqual(
    msgs.map((m) => [m.type, m.flags, m.seq, m.pid, m.payload.length]),
    [[3, 0x22, 9, 0x6f70, 4], [1, 0, 10, 0, 0]],
  );
  assert.equal(msgs[0]!.payload.buffer, d.buffer);
});

Deno.test("parseMessages rejects a length that overruns the datagram or is too short", () => {
  assert.throws(
    () => parseMessages(hex`20 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00`),
    NetlinkParseError,
  );
  assert.throws(
    () => parseMessages(hex`08 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00`),
    NetlinkParseError,
  );
  assert.throws(
    () => parseMessages(hex`10 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 ff ff`),
    NetlinkParseError,
  );
});

Deno.test("attributes: put/parse u8, u16, u32, string and a nest, padded to 4 bytes", () => {
  const w = new ByteWriter();
  putAttrU8(w, 16, 6);
  putAttrU16(w, 2, 0x1234);
  putAttrU32(w, 10, 7);
  putAttrString(w, 3, "eth0");
  const nest = beginNest(w, 18);
  putAttrString(w, 1, "vrf");
  endNest(w, nest);
  assertBytes(
    w.view(),
    hex`
      05 00 10 00 06 00 00 00   // len 5, IFLA_OPERSTATE (16), u8 6 + 3 pad
      06 00 02 00 34 12 00 00   // len 6, type 2, u16 0x1234 + 2 pad
      08 00 0a 00 07 00 00 00   // len 8, IFLA_MASTER (10), u32 7
      09 00 03 00 65 74 68 30 00 00 00 00 // len 9, IFLA_IFNAME (3), "eth0\0" + 3 pad
      0c 00 12 80               // len 12, IFLA_LINKINFO (18) | NLA_F_NESTED
      08 00 01 00 76 72 66 00   //   len 8, IFLA_INFO_KIND (1), "vrf\0"
    `,
  );
  const attrs = parseAttrs(w.view());
  assert.deepEqual(attrs.map((a) => [a.type, a.nested]), [
    [16, false],
    [2, false],
    [10, false],
    [3, false],
    [18, true],
  ]);
  assert.equal(attrU8(attrs[0]!), 6);
  assert.equal(attrU16(attrs[1]!), 0x1234);
  assert.equal(attrU32(attrs[2]!), 7);
  assert.equal(attrString(attrs[3]!), "eth0");
  assert.equal(attrString(findAttr(parseAttrs(attrs[4]!.payload), 1)!), "vrf");
});

Deno.test("parseAttrs rejects an attribute that overruns its container", () => {
  assert.throws(() => parseAttrs(hex`0c 00 01 00 00 00 00 00`), NetlinkParseError);
  assert.throws(() => parseAttrs(hex`02 00 01 00`), NetlinkParseError);
  assert.throws(() => attrU32(parseAttrs(hex`06 00 01 00 01 00 00 00`)[0]!), NetlinkParseError);
});

Deno.test("decodeNlMsgErr reads errno, request header and the extended-ACK text (A4)", () => {
  const [m] = parseMessages(hex`
    44 00 00 00 // nlmsg_len 68
    02 00       // NLMSG_ERROR
    00 03       // flags CAPPED|ACK_TLVS
    05 00 00 00 // seq 5
    70 6f 00 00 // pid
    9b ff ff ff // error -101 (ENETUNREACH)
    2c 00 00 00 // request nlmsg_len 44
    18 00       // request type RTM_NEWROUTE
    05 05       // request flags REQUEST|ACK|REPLACE|CREATE
    05 00 00 00 // request seq 5
    00 00 00 00 // request pid
    20 00 01 00 // NLMSGERR_ATTR_MSG, len 32
    4e 65 78 74 68 6f 70 20 68 61 73 20 69 6e 76 61 6c 69 64 20 67 61 74 65 77 61 79 00
                // "Nexthop has invalid gateway\0"
  `);
  const e = decodeNlMsgErr(m!);
  assert.deepEqual(e, {
    errno: 101,
    requestType: 24,
    requestFlags: 0x0505,
    requestSeq: 5,
    extack: "Nexthop has invalid gateway",
  });
  const err = new NetlinkError(e.errno, "RTM_NEWROUTE 10.51.0.0/24", e.extack);
  assert.equal(err.code, "ENETUNREACH");
  assert.equal(
    err.message,
    "RTM_NEWROUTE 10.51.0.0/24: ENETUNREACH (Network is unreachable): Nexthop has invalid gateway",
  );
});

Deno.test("decodeNlMsgErr: a success ACK is errno 0; an uncapped error skips the echoed request", () => {
  const [ack] = parseMessages(hex`
    24 00 00 00 02 00 00 01 08 00 00 00 70 6f 00 00 // header: ERROR, flags CAPPED, seq 8
    00 00 00 00                                     // error 0 (ACK)
    10 00 00 00 01 00 05 00 08 00 00 00 00 00 00 00 // the barrier's header
  `);
  assert.equal(decodeNlMsgErr(ack!).errno, 0);
  const [full] = parseMessages(hex`
    34 00 00 00 02 00 00 02 03 00 00 00 00 00 00 00 // ERROR, flags ACK_TLVS (not capped), seq 3
    ef ff ff ff                                     // error -17 (EEXIST)
    18 00 00 00 18 00 05 06 03 00 00 00 00 00 00 00 // echoed request header, len 24
    02 00 00 00 00 00 00 00                         // echoed request payload (8 bytes)
    08 00 02 00 10 00 00 00                         // NLMSGERR_ATTR_OFFS 16
  `);
  const e = decodeNlMsgErr(full!);
  assert.equal(e.errno, 17);
  assert.equal(e.extackOffset, 16);
  assert.equal(e.extack, undefined);
});
