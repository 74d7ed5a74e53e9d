import assert from "node:assert/strict";
import { ByteWriter } from "../../src/common/byte_writer.ts";
import { formatIp } from "../../src/common/ip.ts";
import {
  decodeAddress,
  decodeLink,
  encodeAddressDumpRequest,
  encodeLinkDumpRequest,
  encodeLinkGetRequest,
  IFA_F,
  isLinkRunning,
  isLinkUp,
  isLoopback,
  NLM_F,
  parseMessages,
  routeEchoFilter,
  RTM,
} from "../../src/netlink/mod.ts";
import { assertBytes, hex } from "./_hex.ts";

// This kernel has no "vrf" link type, so VRF dumps are covered by hand-built bytes laid out per
// if_link.h (research/netlink.md A8). IFLA_LINKINFO comes without NLA_F_NESTED, as the kernel
// sends it.
const VRF_LINK = hex`
  54 00 00 00 // nlmsg_len 84
  10 00       // RTM_NEWLINK (16)
  02 00       // NLM_F_MULTI
  01 00 00 00 // seq 1
  00 00 00 00 // pid
  00          // ifi_family AF_UNSPEC
  00          // pad
  01 00       // ifi_type 1 (ARPHRD_ETHER)
  05 00 00 00 // ifi_index 5
  c1 04 01 00 // ifi_flags UP|RUNNING|NOARP|MASTER|LOWER_UP (0x104c1)
  00 00 00 00 // ifi_change
  0c 00 03 00 76 72 66 2d 72 65 64 00 // IFLA_IFNAME "vrf-red"
  05 00 10 00 06 00 00 00             // IFLA_OPERSTATE 6 (up)
  08 00 04 00 dc 05 00 00             // IFLA_MTU 1500
  18 00 12 00                         // IFLA_LINKINFO (18), len 24, no NESTED flag
  08 00 01 00 76 72 66 00             //   IFLA_INFO_KIND "vrf"
  0c 00 02 80                         //   IFLA_INFO_DATA | NLA_F_NESTED, len 12
  08 00 01 00 0a 00 00 00             //     IFLA_VRF_TABLE 10
`;

const VRF_SLAVE = hex`
  48 00 00 00 // nlmsg_len 72
  10 00 02 00 // RTM_NEWLINK, NLM_F_MULTI
  02 00 00 00 // seq 2
  00 00 00 00 // pid
  00 00       // family, pad
  01 00       // ARPHRD_ETHER
  07 00 00 00 // ifi_index 7
  03 10 00 00 // ifi_flags UP|BROADCAST|MULTICAST (0x1003): no carrier, not RUNNING
  00 00 00 00 // ifi_change
  09 00 03 00 65 74 68 31 00 00 00 00 // IFLA_IFNAME "eth1"
  08 00 0a 00 05 00 00 00             // IFLA_MASTER 5 (vrf-red)
  05 00 10 00 02 00 00 00             // IFLA_OPERSTATE 2 (down)
  0c 00 12 00                         // IFLA_LINKINFO
  08 00 04 00 76 72 66 00             //   IFLA_INFO_SLAVE_KIND "vrf"
`;

Deno.test("decodeLink: a VRF device reports kind vrf and its table (IFLA_VRF_TABLE)", () => {
  const [m] = parseMessages(VRF_LINK);
  const l = decodeLink(m!.payload);
  assert.deepEqual(l, {
    index: 5,
    name: "vrf-red",
    linkType: 1,
    flags: 0x104c1,
    operstate: 6,
    mtu: 1500,
    kind: "vrf",
    vrfTable: 10,
  });
  assert.ok(isLinkUp(l) && isLinkRunning(l) && !isLoopback(l));
});

Deno.test("decodeLink: an enslaved interface names its master; no carrier means not running", () => {
  const l = decodeLink(parseMessages(VRF_SLAVE)[0]!.payload);
  assert.equal(l.name, "eth1");
  assert.equal(l.master, 5);
  assert.equal(l.kind, undefined);
  assert.ok(isLinkUp(l));
  assert.ok(!isLinkRunning(l));
});

Deno.test("decodeLink: a bridge's IFLA_INFO_DATA is not read as a VRF table", () => {
  const l = decodeLink(hex`
    00 00 01 00 03 00 00 00 01 00 00 00 00 00 00 00 // ifinfomsg: index 3, flags UP
    10 00 12 00                                     // IFLA_LINKINFO len 16
    0b 00 01 00 62 72 69 64 67 65 00 00             //   IFLA_INFO_KIND "bridge"
  `);
  assert.equal(l.kind, "bridge");
  assert.equal(l.vrfTable, undefined);
});

Deno.test("encodeLinkDumpRequest / encodeLinkGetRequest skip statistics (IFLA_EXT_MASK)", () => {
  const w = new ByteWriter();
  encodeLinkDumpRequest(w, RTM.GETLINK, NLM_F.REQUEST | NLM_F.DUMP, 2);
  assertBytes(
    w.view(),
    hex`
      28 00 00 00 // nlmsg_len 40
      12 00       // RTM_GETLINK (18)
      01 03       // REQUEST|DUMP
      02 00 00 00 // seq 2
      00 00 00 00 // pid
      00 00 00 00 // ifi_family AF_UNSPEC, pad, ifi_type 0
      00 00 00 00 // ifi_index 0
      00 00 00 00 // ifi_flags
      00 00 00 00 // ifi_change
      08 00 1d 00 08 00 00 00 // IFLA_EXT_MASK RTEXT_FILTER_SKIP_STATS
    `,
  );
  w.truncate(0);
  encodeLinkGetRequest(w, RTM.GETLINK, NLM_F.REQUEST | NLM_F.ACK, 3, { name: "va" });
  assertBytes(
    w.view(),
    hex`
      30 00 00 00 12 00 05 00 03 00 00 00 00 00 00 00 // len 48, GETLINK, REQUEST|ACK, seq 3
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 // ifinfomsg, index 0 (by name)
      07 00 03 00 76 61 00 00 // IFLA_IFNAME "va"
      08 00 1d 00 08 00 00 00 // IFLA_EXT_MASK
    `,
  );
});

Deno.test("decodeAddress: IPv6 global address with IFA_FLAGS superseding the u8 flags", () => {
  const [m] = parseMessages(hex`
    48 00 00 00 // nlmsg_len 72
    14 00       // RTM_NEWADDR (20)
    00 00       // flags
    00 00 00 00 00 00 00 00 // seq, pid
    0a          // ifa_family AF_INET6
    40          // ifa_prefixlen 64
    80          // ifa_flags PERMANENT (u8)
    00          // ifa_scope universe
    03 00 00 00 // ifa_index 3
    14 00 01 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 // IFA_ADDRESS 2001:db8::1
    14 00 06 00 ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00 // IFA_CACHEINFO (ignored)
    08 00 08 00 c2 00 00 00 // IFA_FLAGS NODAD|TENTATIVE|PERMANENT (0xc2)
  `);
  const a = decodeAddress(m!.payload)!;
  assert.equal(a.family, 6);
  assert.equal(a.prefixLength, 64);
  assert.equal(a.index, 3);
  assert.equal(a.scope, 0);
  assert.equal(formatIp(a.address!), "2001:db8::1");
  assert.equal(a.flags, IFA_F.NODAD | IFA_F.TENTATIVE | IFA_F.PERMANENT);
});

Deno.test("decodeAddress: IPv4 point-to-point has IFA_LOCAL (ours) and IFA_ADDRESS (peer)", () => {
  const a = decodeAddress(hex`
    02 1e 00 00 // AF_INET, /30, flags 0, scope universe
    04 00 00 00 // ifa_index 4
    08 00 02 00 c0 00 02 01 // IFA_LOCAL 192.0.2.1
    08 00 01 00 c0 00 02 02 // IFA_ADDRESS 192.0.2.2 (peer)
    08 00 03 00 70 30 00 00 // IFA_LABEL "p0"
  `)!;
  assert.equal(formatIp(a.local!), "192.0.2.1");
  assert.equal(formatIp(a.address!), "192.0.2.2");
  assert.equal(a.label, "p0");
  assert.throws(() => decodeAddress(hex`02 21 00 00 04 00 00 00`));
});

Deno.test("encodeAddressDumpRequest for IPv4 only", () => {
  const w = new ByteWriter();
  encodeAddressDumpRequest(w, RTM.GETADDR, NLM_F.REQUEST | NLM_F.DUMP, 4, 4);
  assertBytes(
    w.view(),
    hex`
      18 00 00 00 // nlmsg_len 24
      16 00       // RTM_GETADDR (22)
      01 03       // REQUEST|DUMP
      04 00 00 00 // seq 4
      00 00 00 00 // pid
      02 00 00 00 // ifa_family AF_INET, prefixlen 0, flags 0, scope 0
      00 00 00 00 // ifa_index 0 (all)
    `,
  );
});

Deno.test("routeEchoFilter: 7 BPF instructions dropping route messages from one port", () => {
  assertBytes(
    routeEchoFilter(0x6f70),
    hex`
      28 00 00 00 04 00 00 00 // ldh [4]            A = nlmsg_type (big-endian load)
      15 00 01 00 00 18 00 00 // jeq #0x1800 +1 +0  RTM_NEWROUTE (24 byte-swapped)
      15 00 00 03 00 19 00 00 // jeq #0x1900 +0 +3  RTM_DELROUTE (25 byte-swapped)
      20 00 00 00 0c 00 00 00 // ld [12]            A = nlmsg_pid
      15 00 00 01 00 00 6f 70 // jeq #0x706f0000    port 0x6f70 byte-swapped
      06 00 00 00 00 00 00 00 // ret #0             drop
      06 00 00 00 ff ff ff ff // ret #-1            accept
    `,
  );
});
