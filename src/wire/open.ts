/**
 * RFC 4271 §4.2 OPEN, with RFC 9072 extended optional parameters length.
 *
 * +-+-+-+-+-+-+-+-+
 * |    Version    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     My Autonomous System      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Hold Time           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         BGP Identifier                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Opt Parm Len  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Optional Parameters (variable)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * RFC 9072 §2: Opt Parm Len 255 followed by type 255 means a 2-octet length follows, and
 * every parameter then has a 2-octet length.
 */
import { decodeCapabilities, encodeCapabilities } from "./capabilities.ts";
import {
  BGP_VERSION,
  NotificationCode,
  OpenMessageErrorSubcode,
  OptionalParameterType,
} from "./iana.ts";
import { makeNotification } from "./notification.ts";
import type { Capability, NotificationMessage, OpenMessage } from "./types.ts";
import { WireWriter } from "./writer.ts";

/** Fixed part of the OPEN body: version, AS, hold time, identifier, Opt Parm Len. */
const FIXED = 10;

export type OpenResult =
  | { readonly type: "ok"; readonly message: OpenMessage }
  | { readonly type: "error"; readonly notification: NotificationMessage; readonly reason: string };

function openError(subcode: number, reason: string, data?: Uint8Array): OpenResult {
  return {
    type: "error",
    notification: makeNotification(NotificationCode.OPEN_MESSAGE_ERROR, subcode, data),
    reason,
  };
}

/**
 * Decodes an OPEN body (after the header) and applies the RFC 4271 §6.2 checks that need no
 * configuration: version, hold time 1 or 2, zero BGP Identifier, unknown optional parameters.
 * Peer AS and identifier collisions are the FSM's business (see checkPeerAs, checkBgpId).
 */
export function decodeOpen(body: Uint8Array): OpenResult {
  if (body.length < FIXED) {
    return openError(OpenMessageErrorSubcode.UNSPECIFIC, `OPEN body is ${body.length} bytes`);
  }
  const version = body[0]!;
  if (version !== BGP_VERSION) {
    // RFC 4271 §6.2: the data is the largest supported version below the bid, or the smallest.
    return openError(
      OpenMessageErrorSubcode.UNSUPPORTED_VERSION_NUMBER,
      `version ${version} is not supported`,
      new Uint8Array([0, BGP_VERSION]),
    );
  }
  const myAs = (body[1]! << 8) | body[2]!;
  const holdTime = (body[3]! << 8) | body[4]!;
  const bgpId = ((body[5]! << 24) | (body[6]! << 16) | (body[7]! << 8) | body[8]!) >>> 0;
  // RFC 4271 §6.2: hold time must be zero or at least three seconds.
  if (holdTime === 1 || holdTime === 2) {
    return openError(
      OpenMessageErrorSubcode.UNACCEPTABLE_HOLD_TIME,
      `hold time ${holdTime} is neither 0 nor >= 3`,
    );
  }
  // RFC 6286 §2.1: the BGP Identifier is a non-zero 32-bit value.
  if (bgpId === 0) return openError(OpenMessageErrorSubcode.BAD_BGP_IDENTIFIER, "BGP Identifier 0");

  let optLen = body[9]!;
  let p = FIXED;
  let extended = false;
  // RFC 9072 §2: Non-Ext OP Len non-zero and Non-Ext OP Type 255 select the extended format.
  if (optLen !== 0 && body[p] === OptionalParameterType.EXTENDED_LENGTH) {
    if (body.length < FIXED + 3) {
      return openError(OpenMessageErrorSubcode.UNSPECIFIC, "extended parameters length truncated");
    }
    optLen = (body[p + 1]! << 8) | body[p + 2]!;
    p += 3;
    extended = true;
  }
  if (p + optLen !== body.length) {
    return openError(
      OpenMessageErrorSubcode.UNSPECIFIC,
      `optional parameters length ${optLen} does not match the ${body.length - p} bytes present`,
    );
  }
  const capabilities: Capability[] = [];
  const end = body.length;
  while (p < end) {
    const hdr = extended ? 3 : 2;
    if (end - p < hdr) return openError(OpenMessageErrorSubcode.UNSPECIFIC, "parameter truncated");
    const type = body[p]!;
    const len = extended ? (body[p + 1]! << 8) | body[p + 2]! : body[p + 1]!;
    p += hdr;
    if (p + len > end) {
      return openError(
        OpenMessageErrorSubcode.UNSPECIFIC,
        `optional parameter ${type} length ${len} overruns the message`,
      );
    }
    if (type !== OptionalParameterType.CAPABILITIES) {
      // RFC 4271 §6.2: an unrecognized optional parameter.
      return openError(
        OpenMessageErrorSubcode.UNSUPPORTED_OPTIONAL_PARAMETER,
        `optional parameter type ${type} is not supported`,
      );
    }
    const bad = decodeCapabilities(body.subarray(p, p + len), capabilities);
    if (bad) return openError(OpenMessageErrorSubcode.UNSPECIFIC, bad);
    p += len;
  }
  return {
    type: "ok",
    message: { type: "open", version, myAs, holdTime, bgpId, capabilities },
  };
}

/**
 * The OPEN body. All capabilities go in one Capabilities parameter; the RFC 9072 extended
 * format is used only when the parameters do not fit the 1-octet lengths.
 */
export function encodeOpenBody(m: OpenMessage): Uint8Array {
  const caps = new WireWriter(256);
  encodeCapabilities(m.capabilities, caps);
  const params: { type: number; value: Uint8Array }[] = [];
  if (m.capabilities.length > 0) {
    params.push({ type: OptionalParameterType.CAPABILITIES, value: caps.view() });
  }
  for (const o of m.otherParameters ?? []) params.push(o);
  let shortTotal = 0;
  let fitsShort = true;
  for (const o of params) {
    shortTotal += 2 + o.value.length;
    if (o.value.length > 255) fitsShort = false;
  }
  if (shortTotal > 255) fitsShort = false;

  const w = new WireWriter(FIXED + shortTotal + 3 + params.length);
  w.u8(m.version);
  w.u16(m.myAs);
  w.u16(m.holdTime);
  w.u32(m.bgpId);
  if (fitsShort) {
    w.u8(shortTotal);
    for (const o of params) {
      w.u8(o.type);
      w.u8(o.value.length);
      w.bytes(o.value);
    }
  } else {
    // RFC 9072 §2: Non-Ext OP Len 255, Non-Ext OP Type 255, Extended Opt. Parm. Length.
    let total = 0;
    for (const o of params) total += 3 + o.value.length;
    if (total > 0xffff) throw new RangeError(`optional parameters are ${total} bytes`);
    w.u8(255);
    w.u8(OptionalParameterType.EXTENDED_LENGTH);
    w.u16(total);
    for (const o of params) {
      w.u8(o.type);
      w.u16(o.value.length);
      w.bytes(o.value);
    }
  }
  return w.finish();
}

// ---------------------------------------------------------------- helpers for the FSM

/** The peer's real AS: the 4-octet AS capability if present, else My Autonomous System. */
export function peerAsOf(open: OpenMessage): number {
  for (const c of open.capabilities) if (c.type === "four-octet-as") return c.asn;
  return open.myAs;
}

/** RFC 4271 §6.2 Bad Peer AS, when the OPEN's AS is not the configured one. */
export function checkPeerAs(
  open: OpenMessage,
  expectedAs: number,
): NotificationMessage | undefined {
  if (peerAsOf(open) === expectedAs) return undefined;
  return makeNotification(NotificationCode.OPEN_MESSAGE_ERROR, OpenMessageErrorSubcode.BAD_PEER_AS);
}

/** RFC 6286 §2.2: on an internal session the identifiers must differ. */
export function checkBgpId(
  open: OpenMessage,
  localBgpId: number,
  internal: boolean,
): NotificationMessage | undefined {
  if (!internal || open.bgpId !== localBgpId) return undefined;
  return makeNotification(
    NotificationCode.OPEN_MESSAGE_ERROR,
    OpenMessageErrorSubcode.BAD_BGP_IDENTIFIER,
  );
}

/** RFC 4271 §6.2: a hold time below the local minimum (but not 0) may be refused. */
export function checkHoldTime(
  open: OpenMessage,
  minimum: number,
): NotificationMessage | undefined {
  if (open.holdTime === 0 || open.holdTime >= minimum) return undefined;
  return makeNotification(
    NotificationCode.OPEN_MESSAGE_ERROR,
    OpenMessageErrorSubcode.UNACCEPTABLE_HOLD_TIME,
  );
}

/** RFC 5492 §3: Unsupported Capability, the data listing the capabilities we require. */
export function unsupportedCapabilityNotification(
  required: readonly Capability[],
): NotificationMessage {
  const w = new WireWriter(64);
  encodeCapabilities(required, w);
  return makeNotification(
    NotificationCode.OPEN_MESSAGE_ERROR,
    OpenMessageErrorSubcode.UNSUPPORTED_CAPABILITY,
    w.finish(),
  );
}

/** RFC 9234 §4.2: Role Mismatch. */
export function roleMismatchNotification(): NotificationMessage {
  return makeNotification(
    NotificationCode.OPEN_MESSAGE_ERROR,
    OpenMessageErrorSubcode.ROLE_MISMATCH,
  );
}
