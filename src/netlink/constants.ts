/**
 * rtnetlink code points, grouped by the uapi header that defines them
 * (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/if_addr.h).
 */

/** Netlink bus numbers (netlink.h). */
export const NETLINK_ROUTE = 0;

/** Control message types (netlink.h). */
export const NLMSG = {
  NOOP: 1,
  ERROR: 2,
  DONE: 3,
  OVERRUN: 4,
} as const;

/** rtnetlink message types (rtnetlink.h). */
export const RTM = {
  NEWLINK: 16,
  DELLINK: 17,
  GETLINK: 18,
  NEWADDR: 20,
  DELADDR: 21,
  GETADDR: 22,
  NEWROUTE: 24,
  DELROUTE: 25,
  GETROUTE: 26,
} as const;

/** Names of message types, for error texts and logs. */
export const MESSAGE_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: "NLMSG_NOOP",
  2: "NLMSG_ERROR",
  3: "NLMSG_DONE",
  16: "RTM_NEWLINK",
  17: "RTM_DELLINK",
  18: "RTM_GETLINK",
  20: "RTM_NEWADDR",
  21: "RTM_DELADDR",
  22: "RTM_GETADDR",
  24: "RTM_NEWROUTE",
  25: "RTM_DELROUTE",
  26: "RTM_GETROUTE",
};

/** nlmsg_flags (netlink.h). The same bits mean different things per message kind. */
export const NLM_F = {
  REQUEST: 0x1,
  MULTI: 0x2,
  ACK: 0x4,
  ECHO: 0x8,
  DUMP_INTR: 0x10,
  DUMP_FILTERED: 0x20,
  // GET modifiers
  ROOT: 0x100,
  MATCH: 0x200,
  DUMP: 0x300,
  // NEW modifiers
  REPLACE: 0x100,
  EXCL: 0x200,
  CREATE: 0x400,
  APPEND: 0x800,
  // ACK modifiers
  CAPPED: 0x100,
  ACK_TLVS: 0x200,
} as const;

/** SOL_NETLINK socket options (netlink.h). */
export const NETLINK_OPT = {
  ADD_MEMBERSHIP: 1,
  DROP_MEMBERSHIP: 2,
  NO_ENOBUFS: 5,
  CAP_ACK: 10,
  EXT_ACK: 11,
  GET_STRICT_CHK: 12,
} as const;

/** Extended-ACK TLV types (netlink.h, enum nlmsgerr_attrs). */
export const NLMSGERR_ATTR = {
  MSG: 1,
  OFFS: 2,
  COOKIE: 3,
} as const;

/** Multicast groups (rtnetlink.h, enum rtnetlink_groups). Group g is bit 1 << (g - 1). */
export const RTNLGRP = {
  LINK: 1,
  IPV4_IFADDR: 5,
  IPV4_ROUTE: 7,
  IPV6_IFADDR: 9,
  IPV6_ROUTE: 11,
} as const;

/** Address families (socket.h). */
export const AF = {
  UNSPEC: 0,
  INET: 2,
  INET6: 10,
} as const;

/** Route attributes (rtnetlink.h, enum rtattr_type_t). */
export const RTA = {
  DST: 1,
  SRC: 2,
  IIF: 3,
  OIF: 4,
  GATEWAY: 5,
  PRIORITY: 6,
  PREFSRC: 7,
  METRICS: 8,
  MULTIPATH: 9,
  FLOW: 11,
  CACHEINFO: 12,
  TABLE: 15,
  MARK: 16,
  VIA: 18,
  PREF: 20,
  NH_ID: 30,
} as const;

/** Reserved table ids (rtnetlink.h, enum rt_class_t). */
export const RT_TABLE = {
  UNSPEC: 0,
  COMPAT: 252,
  DEFAULT: 253,
  MAIN: 254,
  LOCAL: 255,
} as const;

/** rtm_scope (rtnetlink.h, enum rt_scope_t). */
export const RT_SCOPE = {
  UNIVERSE: 0,
  SITE: 200,
  LINK: 253,
  HOST: 254,
  NOWHERE: 255,
} as const;

/** rtm_type (rtnetlink.h). */
export const RTN = {
  UNSPEC: 0,
  UNICAST: 1,
  LOCAL: 2,
  BROADCAST: 3,
  ANYCAST: 4,
  MULTICAST: 5,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
  THROW: 9,
} as const;

/** Next-hop and rtm_flags bits (rtnetlink.h). */
export const RTNH_F = {
  DEAD: 0x1,
  PERVASIVE: 0x2,
  ONLINK: 0x4,
  LINKDOWN: 0x10,
} as const;

/** rtm_flags bits for RTM_GETROUTE requests (rtnetlink.h). */
export const RTM_F = {
  LOOKUP_TABLE: 0x1000,
  FIB_MATCH: 0x2000,
} as const;

/**
 * rtm_protocol values (rtnetlink.h RTPROT_*). Values >= 4 are opaque to the kernel: it stores
 * them and hands them back, which is what makes them usable as an ownership mark.
 */
export const RTPROT = {
  unspec: 0,
  redirect: 1,
  kernel: 2,
  boot: 3,
  static: 4,
  gated: 8,
  ra: 9,
  mrt: 10,
  zebra: 11,
  bird: 12,
  dnrouted: 13,
  xorp: 14,
  ntk: 15,
  dhcp: 16,
  mrouted: 17,
  keepalived: 18,
  babel: 42,
  openr: 99,
  bgp: 186,
  isis: 187,
  ospf: 188,
  rip: 189,
  eigrp: 192,
} as const;

export type ProtocolName = keyof typeof RTPROT;

/** Link attributes (if_link.h). */
export const IFLA = {
  ADDRESS: 1,
  IFNAME: 3,
  MTU: 4,
  LINK: 5,
  MASTER: 10,
  OPERSTATE: 16,
  LINKINFO: 18,
  EXT_MASK: 29,
  ALT_IFNAME: 53,
} as const;

/** Nested in IFLA_LINKINFO (if_link.h). */
export const IFLA_INFO = {
  KIND: 1,
  DATA: 2,
  SLAVE_KIND: 4,
  SLAVE_DATA: 5,
} as const;

/** Nested in IFLA_INFO_DATA for kind "vrf" (if_link.h). */
export const IFLA_VRF = {
  TABLE: 1,
} as const;

/** IFLA_EXT_MASK bits (rtnetlink.h). */
export const RTEXT_FILTER = {
  SKIP_STATS: 1 << 3,
} as const;

/** ifi_flags (if.h). */
export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  RUNNING: 0x40,
  MULTICAST: 0x1000,
  LOWER_UP: 0x10000,
} as const;

/** IFLA_OPERSTATE values (if.h, RFC 2863 ifOperStatus). */
export const IF_OPER = {
  UNKNOWN: 0,
  NOTPRESENT: 1,
  DOWN: 2,
  LOWERLAYERDOWN: 3,
  TESTING: 4,
  DORMANT: 5,
  UP: 6,
} as const;

/** Address attributes (if_addr.h). */
export const IFA = {
  ADDRESS: 1,
  LOCAL: 2,
  LABEL: 3,
  BROADCAST: 4,
  CACHEINFO: 6,
  FLAGS: 8,
} as const;

/** ifa_flags / IFA_FLAGS bits (if_addr.h). */
export const IFA_F = {
  SECONDARY: 0x1,
  NODAD: 0x2,
  OPTIMISTIC: 0x4,
  DADFAILED: 0x8,
  HOMEADDRESS: 0x10,
  DEPRECATED: 0x20,
  TENTATIVE: 0x40,
  PERMANENT: 0x80,
  MANAGETEMPADDR: 0x100,
  NOPREFIXROUTE: 0x200,
} as const;

/** Header sizes (bytes). */
export const NLMSG_HDRLEN = 16;
export const RTMSG_LEN = 12;
export const IFINFOMSG_LEN = 16;
export const IFADDRMSG_LEN = 8;
export const RTNEXTHOP_LEN = 8;

/** Attribute type bits that are flags, not part of the type (netlink.h). */
export const NLA_F_NESTED = 0x8000;
export const NLA_TYPE_MASK = 0x3fff;

/** Rounds up to the 4-byte netlink alignment (NLMSG_ALIGN / RTA_ALIGN). */
export function align4(n: number): number {
  return (n + 3) & ~3;
}
