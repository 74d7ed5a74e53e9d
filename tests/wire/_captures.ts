/**
 * Independent vectors: messages captured from Debian gobgpd 3.10.0 by the interop harness
 * (tests/interop/gobgp_codec_test.ts, gobgpd at 10.211.125.2 in AS 65001, our peer in AS 65002;
 * routes added with `gobgp global rib add`). Decoded here; re-encoded where our canonical form
 * is the same as gobgpd's (it is not for MP_REACH_NLRI, which gobgpd puts last).
 */
import type { CodecContext } from "../../src/wire/types.ts";
import { CTX2, CTX4, M } from "./_vectors.ts";

export const OPEN = new Uint8Array([
  ...M, // marker
  0x00,
  0x41, // length: 65
  0x01, // type: OPEN
  0x04, // version: 4
  0xfd,
  0xe9, // my AS: 65001
  0x00,
  0x5a, // hold time: 90
  0x0a,
  0xd3,
  0x7d,
  0x02, // BGP identifier: 10.211.125.2
  0x24, // optional parameters length: 36
  0x02, // parameter type: Capabilities
  0x22, // parameter length: 34
  0x02,
  0x00, // route refresh
  0x49,
  0x04,
  0x02,
  0x76,
  0x6d,
  0x00, // FQDN: hostname "vm", domain ""
  0x01,
  0x04,
  0x00,
  0x01,
  0x00,
  0x01, // multiprotocol: IPv4 unicast
  0x01,
  0x04,
  0x00,
  0x02,
  0x00,
  0x01, // multiprotocol: IPv6 unicast
  0x41,
  0x04,
  0x00,
  0x00,
  0xfd,
  0xe9, // 4-octet AS: 65001
  0x05,
  0x06,
  0x00,
  0x01,
  0x00,
  0x01,
  0x00,
  0x02, // extended next hop (RFC 8950): IPv4/1 via AFI 2
]);

export const UPDATE_V4 = new Uint8Array([
  ...M, // marker
  0x00,
  0x4c, // length: 76
  0x02, // type: UPDATE
  0x00,
  0x00, // withdrawn routes length: 0
  0x00,
  0x31, // total path attribute length: 49
  0x40,
  0x01,
  0x01,
  0x00, // ORIGIN: IGP
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
  0xd3,
  0x7d,
  0x02, // NEXT_HOP: 10.211.125.2
  0x80,
  0x04,
  0x04,
  0x00,
  0x00,
  0x00,
  0x32, // MULTI_EXIT_DISC: 50
  0xc0,
  0x08,
  0x04,
  0xfd,
  0xe9,
  0x00,
  0x64, // COMMUNITIES: 65001:100
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
  0x18,
  0xc6,
  0x33,
  0x64, // NLRI: 198.51.100.0/24
]);

export const UPDATE_V6 = new Uint8Array([
  ...M, // marker
  0x00,
  0x4a, // length: 74
  0x02, // type: UPDATE
  0x00,
  0x00, // withdrawn routes length: 0
  0x00,
  0x33, // total path attribute length: 51
  0x40,
  0x01,
  0x01,
  0x02, // ORIGIN: INCOMPLETE
  0x40,
  0x02,
  0x06,
  0x02,
  0x01,
  0x00,
  0x00,
  0xfd,
  0xe9, // AS_PATH: AS_SEQUENCE 65001
  0xc0,
  0x08,
  0x04,
  0xfd,
  0xe9,
  0x00,
  0xc8, // COMMUNITIES: 65001:200
  0x80,
  0x0e,
  0x1c, // MP_REACH_NLRI (optional, 1-octet length): 28
  0x00,
  0x02, // AFI: 2 (IPv6)
  0x01, // SAFI: 1 (unicast)
  0x10, // next hop length: 16
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00, // next hop: ::ffff:10.211.125.2
  0x00,
  0x00,
  0xff,
  0xff,
  0x0a,
  0xd3,
  0x7d,
  0x02, // (cont.)
  0x00, // reserved
  0x30,
  0x20,
  0x01,
  0x0d,
  0xb8,
  0x01,
  0x00, // NLRI: 2001:db8:100::/48
]);

/** The captures as fuzz corpus entries. */
export const CAPTURES: readonly { name: string; ctx: CodecContext; bytes: Uint8Array }[] = [
  { name: "gobgpd OPEN", ctx: CTX2, bytes: OPEN },
  { name: "gobgpd IPv4 UPDATE", ctx: CTX4, bytes: UPDATE_V4 },
  { name: "gobgpd IPv6 UPDATE", ctx: CTX4, bytes: UPDATE_V6 },
];
