/**
 * NLMSG_ERROR replies (netlink.h struct nlmsgerr) and the typed error edgebgp raises from them.
 *
 * Payload: s32 error (0 = ACK, else a negative errno) | the request's nlmsghdr | the request's
 * payload unless NLM_F_CAPPED | extended-ACK TLVs if NLM_F_ACK_TLVS (NLMSGERR_ATTR_MSG text,
 * NLMSGERR_ATTR_OFFS offset of the offending attribute).
 */
import { parseAttrs } from "./attr.ts";
import { MESSAGE_TYPE_NAMES, NLM_F, NLMSG_HDRLEN, NLMSGERR_ATTR } from "./constants.ts";
import { errnoMessage, errnoName } from "./errno.ts";
import { type NetlinkMessage, NetlinkParseError } from "./nlmsg.ts";

/** A decoded NLMSG_ERROR. */
export interface NlMsgErr {
  /** 0 for an ACK, else a positive errno (the wire carries it negated). */
  readonly errno: number;
  /** Header of the request this answers. */
  readonly requestType: number;
  readonly requestFlags: number;
  readonly requestSeq: number;
  /** NLMSGERR_ATTR_MSG: the kernel's human-readable reason, if it sent one. */
  readonly extack?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset of the offending attribute in the request. */
  readonly extackOffset?: number;
}

/** Decodes the payload of an NLMSG_ERROR message. */
export function decodeNlMsgErr(msg: NetlinkMessage): NlMsgErr {
  const p = msg.payload;
  if (p.length < 4 + NLMSG_HDRLEN) {
    throw new NetlinkParseError(`NLMSG_ERROR payload of ${p.length} bytes (need 20)`);
  }
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const error = view.getInt32(0, true);
  const requestLen = view.getUint32(4, true);
  const requestType = view.getUint16(8, true);
  const requestFlags = view.getUint16(10, true);
  const requestSeq = view.getUint32(12, true);
  // A positive code would be a kernel bug; keep the number either way.
  const errno = error === 0 ? 0 : Math.abs(error);
  const out: { -readonly [K in keyof NlMsgErr]: NlMsgErr[K] } = {
    errno,
    requestType,
    requestFlags,
    requestSeq,
  };
  if ((msg.flags & NLM_F.ACK_TLVS) !== 0) {
    // Without NLM_F_CAPPED the whole request is echoed before the TLVs.
    let off = 4 + NLMSG_HDRLEN;
    if ((msg.flags & NLM_F.CAPPED) === 0) off = 4 + Math.max(NLMSG_HDRLEN, requestLen);
    off = (off + 3) & ~3;
    if (off <= p.length) {
      for (const a of parseAttrs(p.subarray(off))) {
        if (a.type === NLMSGERR_ATTR.MSG) {
          const nul = a.payload.indexOf(0);
          out.extack = new TextDecoder().decode(nul < 0 ? a.payload : a.payload.subarray(0, nul));
        } else if (a.type === NLMSGERR_ATTR.OFFS && a.payload.length >= 4) {
          out.extackOffset = new DataView(a.payload.buffer, a.payload.byteOffset).getUint32(
            0,
            true,
          );
        }
      }
    }
  }
  return out;
}

/**
 * A kernel-reported failure: carries the errno (number and name), the kernel's extended-ACK
 * text, and a description of the request that failed, so an operator reads e.g.
 * "RTM_NEWROUTE 10.51.0.0/24 via 203.0.113.9 table 100: ENETUNREACH (Network is unreachable):
 * Nexthop has invalid gateway".
 */
export class NetlinkError extends Error {
  /** Positive errno. */
  readonly errno: number;
  /** Errno name, e.g. "EEXIST". */
  readonly code: string;
  /** What was asked, e.g. "RTM_NEWROUTE 10.0.0.0/24 table 100". */
  readonly request: string;
  readonly extack: string | undefined;

  constructor(errno: number, request: string, extack?: string) {
    const code = errnoName(errno);
    super(`${request}: ${code} (${errnoMessage(errno)})${extack ? `: ${extack}` : ""}`);
    this.name = "NetlinkError";
    this.errno = Math.abs(errno);
    this.code = code;
    this.request = request;
    this.extack = extack;
  }
}

/** "RTM_NEWROUTE" for 24; "type <n>" otherwise. */
export function messageTypeName(type: number): string {
  return MESSAGE_TYPE_NAMES[type] ?? `type ${type}`;
}
