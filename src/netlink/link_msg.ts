/**
 * RTM_NEWLINK / RTM_DELLINK bodies (if_link.h): struct ifinfomsg and the IFLA_* attributes
 * edgebgp needs: name, flags, operstate, master (VRF or bridge enslavement) and IFLA_LINKINFO
 * (kind, and for kind "vrf" the IFLA_VRF_TABLE nested in IFLA_INFO_DATA).
 *
 * struct ifinfomsg (16 bytes):
 * | family u8 | pad u8 | type u16 | index s32 | flags u32 | change u32 |
 */
import type { ByteWriter } from "../common/byte_writer.ts";
import {
  attrString,
  attrU32,
  attrU8,
  findAttr,
  parseAttrs,
  putAttrString,
  putAttrU32,
} from "./attr.ts";
import {
  AF,
  IF_OPER,
  IFF,
  IFINFOMSG_LEN,
  IFLA,
  IFLA_INFO,
  IFLA_VRF,
  RTEXT_FILTER,
} from "./constants.ts";
import { beginMessage, endMessage, NetlinkParseError } from "./nlmsg.ts";

/** A network interface as the kernel reports it. */
export interface Link {
  readonly index: number;
  readonly name: string;
  /** ifi_type (ARPHRD_*: 1 ether, 772 loopback). */
  readonly linkType: number;
  /** ifi_flags (IFF_*). */
  readonly flags: number;
  /** IFLA_OPERSTATE (IF_OPER_*), if sent. */
  readonly operstate?: number;
  readonly mtu?: number;
  /** IFLA_MASTER: ifindex of the VRF or bridge this link is enslaved to. */
  readonly master?: number;
  /** IFLA_INFO_KIND ("veth", "bridge", "vrf", ...). */
  readonly kind?: string;
  /** IFLA_VRF_TABLE, for kind "vrf". */
  readonly vrfTable?: number;
}

/** Admin state: IFF_UP. */
export function isLinkUp(l: Link): boolean {
  return (l.flags & IFF.UP) !== 0;
}

/** Operational state: IFF_RUNNING (RFC 2863 operstatus up, or unknown for devices without it). */
export function isLinkRunning(l: Link): boolean {
  if ((l.flags & IFF.RUNNING) === 0) return false;
  return l.operstate === undefined || l.operstate === IF_OPER.UP ||
    l.operstate === IF_OPER.UNKNOWN;
}

export function isLoopback(l: Link): boolean {
  return (l.flags & IFF.LOOPBACK) !== 0;
}

/** Decodes an ifinfomsg body; throws NetlinkParseError on malformed input. */
export function decodeLink(payload: Uint8Array): Link {
  if (payload.length < IFINFOMSG_LEN) {
    throw new NetlinkParseError(`ifinfomsg needs ${IFINFOMSG_LEN} bytes, got ${payload.length}`);
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const l: { -readonly [K in keyof Link]: Link[K] } = {
    index: view.getInt32(4, true),
    name: "",
    linkType: view.getUint16(2, true),
    flags: view.getUint32(8, true),
  };
  for (const a of parseAttrs(payload.subarray(IFINFOMSG_LEN))) {
    switch (a.type) {
      case IFLA.IFNAME:
        l.name = attrString(a);
        break;
      case IFLA.MTU:
        l.mtu = attrU32(a);
        break;
      case IFLA.MASTER:
        l.master = attrU32(a);
        break;
      case IFLA.OPERSTATE:
        l.operstate = attrU8(a);
        break;
      case IFLA.LINKINFO: {
        const info = parseAttrs(a.payload);
        const kind = findAttr(info, IFLA_INFO.KIND);
        if (kind) l.kind = attrString(kind);
        const data = findAttr(info, IFLA_INFO.DATA);
        if (data && l.kind === "vrf") {
          const table = findAttr(parseAttrs(data.payload), IFLA_VRF.TABLE);
          if (table) l.vrfTable = attrU32(table);
        }
        break;
      }
    }
  }
  return l;
}

/** Writes an RTM_GETLINK dump request that skips statistics (smaller replies). */
export function encodeLinkDumpRequest(
  w: ByteWriter,
  type: number,
  nlFlags: number,
  seq: number,
): void {
  const start = beginMessage(w, type, nlFlags, seq);
  w.u8(AF.UNSPEC).u8(0).u16le(0).i32le(0).u32le(0).u32le(0);
  putAttrU32(w, IFLA.EXT_MASK, RTEXT_FILTER.SKIP_STATS);
  endMessage(w, start);
}

/** Writes an RTM_GETLINK for one link, by index or by name. */
export function encodeLinkGetRequest(
  w: ByteWriter,
  type: number,
  nlFlags: number,
  seq: number,
  which: { readonly index: number } | { readonly name: string },
): void {
  const start = beginMessage(w, type, nlFlags, seq);
  w.u8(AF.UNSPEC).u8(0).u16le(0).i32le("index" in which ? which.index : 0).u32le(0).u32le(0);
  if ("name" in which) putAttrString(w, IFLA.IFNAME, which.name);
  putAttrU32(w, IFLA.EXT_MASK, RTEXT_FILTER.SKIP_STATS);
  endMessage(w, start);
}
