/**
 * RTM_NEWADDR / RTM_DELADDR bodies (if_addr.h): struct ifaddrmsg and IFA_* attributes.
 *
 * struct ifaddrmsg (8 bytes):
 * | family u8 | prefixlen u8 | flags u8 | scope u8 | index u32 |
 *
 * IFA_FLAGS (u32) supersedes the u8 flags when present. On point-to-point IPv4 links IFA_LOCAL
 * is our address and IFA_ADDRESS the peer's; elsewhere both carry our address.
 */
import type { ByteWriter } from "../common/byte_writer.ts";
import type { IpAddress, IpFamily } from "../common/ip.ts";
import { attrString, attrU32, parseAttrs } from "./attr.ts";
import { AF, IFA, IFADDRMSG_LEN } from "./constants.ts";
import { beginMessage, endMessage, NetlinkParseError } from "./nlmsg.ts";
import { afOf, familyOfAf } from "./route_msg.ts";

/** An interface address as the kernel reports it. */
export interface Address {
  readonly family: IpFamily;
  readonly prefixLength: number;
  /** IFA_F_* (from IFA_FLAGS when present). */
  readonly flags: number;
  /** RT_SCOPE_* (0 global, 253 link, 254 host). */
  readonly scope: number;
  readonly index: number;
  /** IFA_ADDRESS (the peer on IPv4 point-to-point links). */
  readonly address?: IpAddress;
  /** IFA_LOCAL. */
  readonly local?: IpAddress;
  readonly label?: string;
}

function ip(family: IpFamily, p: Uint8Array, what: string): IpAddress {
  const n = family === 4 ? 4 : 16;
  if (p.length !== n) throw new NetlinkParseError(`${what} has ${p.length} bytes, want ${n}`);
  return { family, bytes: p.slice() };
}

/** Decodes an ifaddrmsg body; undefined for non-IP families. */
export function decodeAddress(payload: Uint8Array): Address | undefined {
  if (payload.length < IFADDRMSG_LEN) {
    throw new NetlinkParseError(`ifaddrmsg needs ${IFADDRMSG_LEN} bytes, got ${payload.length}`);
  }
  const family = familyOfAf(payload[0]!);
  if (family === undefined) return undefined;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const a: { -readonly [K in keyof Address]: Address[K] } = {
    family,
    prefixLength: payload[1]!,
    flags: payload[2]!,
    scope: payload[3]!,
    index: view.getUint32(4, true),
  };
  if (a.prefixLength > (family === 4 ? 32 : 128)) {
    throw new NetlinkParseError(`ifa_prefixlen ${a.prefixLength} too long for IPv${family}`);
  }
  for (const at of parseAttrs(payload.subarray(IFADDRMSG_LEN))) {
    switch (at.type) {
      case IFA.ADDRESS:
        a.address = ip(family, at.payload, "IFA_ADDRESS");
        break;
      case IFA.LOCAL:
        a.local = ip(family, at.payload, "IFA_LOCAL");
        break;
      case IFA.LABEL:
        a.label = attrString(at);
        break;
      case IFA.FLAGS:
        a.flags = attrU32(at);
        break;
    }
  }
  return a;
}

/** Writes an RTM_GETADDR dump request for one family or both. */
export function encodeAddressDumpRequest(
  w: ByteWriter,
  type: number,
  nlFlags: number,
  seq: number,
  family?: IpFamily,
): void {
  const start = beginMessage(w, type, nlFlags, seq);
  w.u8(family === undefined ? AF.UNSPEC : afOf(family)).u8(0).u8(0).u8(0).u32le(0);
  endMessage(w, start);
}
