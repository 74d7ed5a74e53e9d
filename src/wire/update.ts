/**
 * RFC 4271 §4.3 UPDATE decoding with RFC 7606 revised error handling as data.
 *
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * |   Withdrawn Routes (variable)                       |
 * |   Total Path Attribute Length (2 octets)            |
 * |   Path Attributes (variable)                        |
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 *
 * decodeUpdate never throws: every problem becomes an UpdateIssue with its RFC 7606 action
 * (attribute discard < treat-as-withdraw < AFI/SAFI disable < session reset), and the result
 * carries the strongest one. The update returned always holds what could be parsed, so a
 * treat-as-withdraw caller finds the prefixes to withdraw in it.
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import { reconcileAs4Path } from "./as_path.ts";
import { type AttrDecodeState, ATTRIBUTES, type MutablePathAttributes } from "./attributes.ts";
import {
  AS_TRANS,
  AttributeCode as A,
  AttributeFlag,
  attributeName,
  NotificationCode,
  UpdateMessageErrorSubcode as S,
} from "./iana.ts";
import { decodeIpv4Nlri, nlriErrorText } from "./nlri.ts";
import { makeNotification } from "./notification.ts";
import {
  type AfiSafi,
  type CodecContext,
  ErrorAction,
  type ErrorActionCode,
  type MpReach,
  type MpUnreach,
  type NlriList,
  type NotificationMessage,
  type UpdateIssue,
  type UpdateMessage,
} from "./types.ts";

export interface UpdateDecodeResult {
  readonly update: UpdateMessage;
  /** The strongest RFC 7606 action among the issues (NONE when there are none). */
  readonly action: ErrorActionCode;
  readonly issues: readonly UpdateIssue[];
  /** When action is SESSION_RESET: the NOTIFICATION to send (from the first such issue). */
  readonly notification?: NotificationMessage;
}

const NO_ISSUES: readonly UpdateIssue[] = Object.freeze([]);

/** Per-code "seen in this UPDATE" stamps; a generation counter avoids clearing per message. */
const seen = new Uint32Array(256);
let generation = 0;

function issue(
  action: ErrorActionCode,
  attribute: number | undefined,
  reason: string,
  notification?: NotificationMessage,
  family?: AfiSafi,
): UpdateIssue {
  const i: {
    action: ErrorActionCode;
    reason: string;
    attribute?: number;
    notification?: NotificationMessage;
    family?: AfiSafi;
  } = { action, reason };
  if (attribute !== undefined) i.attribute = attribute;
  if (notification !== undefined) i.notification = notification;
  if (family !== undefined) i.family = family;
  return i;
}

function updateError(subcode: number, data?: Uint8Array): NotificationMessage {
  return makeNotification(NotificationCode.UPDATE_MESSAGE_ERROR, subcode, data);
}

/** RFC 4271 §6.3: which subcodes carry the erroneous attribute as data. */
function attributeData(subcode: number, b: Uint8Array, start: number, end: number) {
  switch (subcode) {
    case S.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE:
    case S.ATTRIBUTE_FLAGS_ERROR:
    case S.ATTRIBUTE_LENGTH_ERROR:
    case S.INVALID_ORIGIN_ATTRIBUTE:
    case S.INVALID_NEXT_HOP_ATTRIBUTE:
    case S.OPTIONAL_ATTRIBUTE_ERROR:
      return b.slice(start, end);
    default:
      return undefined;
  }
}

function ipv4List(prefixes: PrefixKey[], pathIds: number[] | undefined): NlriList {
  return pathIds ? { afi: 1, safi: 1, prefixes, pathIds } : { afi: 1, safi: 1, prefixes };
}

function finish(
  update: UpdateMessage,
  issues: UpdateIssue[] | undefined,
): UpdateDecodeResult {
  if (issues === undefined) return { update, action: ErrorAction.NONE, issues: NO_ISSUES };
  let action: ErrorActionCode = ErrorAction.NONE;
  let notification: NotificationMessage | undefined;
  for (const i of issues) {
    if (i.action > action) action = i.action;
    if (i.action === ErrorAction.SESSION_RESET && notification === undefined) {
      notification = i.notification;
    }
  }
  return notification ? { update, action, issues, notification } : { update, action, issues };
}

function emptyUpdate(): UpdateMessage {
  return {
    type: "update",
    withdrawn: ipv4List([], undefined),
    attributes: {},
    nlri: ipv4List([], undefined),
  };
}

function sessionReset(subcode: number, reason: string): UpdateDecodeResult {
  return finish(emptyUpdate(), [
    issue(ErrorAction.SESSION_RESET, undefined, reason, updateError(subcode)),
  ]);
}

/** Decodes an UPDATE body (the bytes after the 19-byte header). Never throws. */
export function decodeUpdate(body: Uint8Array, ctx: CodecContext): UpdateDecodeResult {
  return decodeUpdateAt(body, 0, ctx);
}

/** decodeUpdate on b[start..]: lets a whole message be decoded without a body view. */
export function decodeUpdateAt(
  b: Uint8Array,
  start: number,
  ctx: CodecContext,
): UpdateDecodeResult {
  const len = b.length;
  if (len - start < 4) {
    return sessionReset(S.MALFORMED_ATTRIBUTE_LIST, `UPDATE body is ${len - start} bytes`);
  }
  const wrLen = (b[start]! << 8) | b[start + 1]!;
  const wrStart = start + 2;
  // RFC 4271 §6.3 (kept by RFC 7606 §3.b): lengths beyond the message reset the session.
  if (wrStart + wrLen + 2 > len) {
    return sessionReset(
      S.MALFORMED_ATTRIBUTE_LIST,
      `Withdrawn Routes Length ${wrLen} exceeds the message`,
    );
  }
  const taLen = (b[wrStart + wrLen]! << 8) | b[wrStart + wrLen + 1]!;
  const attrStart = wrStart + wrLen + 2;
  const attrEnd = attrStart + taLen;
  if (attrEnd > len) {
    return sessionReset(
      S.MALFORMED_ATTRIBUTE_LIST,
      `Total Path Attribute Length ${taLen} exceeds the message`,
    );
  }

  let issues: UpdateIssue[] | undefined;
  const addPath = ctx.addPathReceive.has("1/1");
  // RFC 7606 §3.i / §5.3: withdrawn routes and NLRI must parse, or the session resets.
  const wPrefixes: PrefixKey[] = [];
  const wIds = addPath ? [] as number[] : undefined;
  let masked = decodeIpv4Nlri(b, wrStart, wrStart + wrLen, addPath, wPrefixes, wIds);
  if (masked < 0) {
    return sessionReset(S.INVALID_NETWORK_FIELD, `withdrawn routes: ${nlriErrorText(masked, 32)}`);
  }
  const nPrefixes: PrefixKey[] = [];
  const nIds = addPath ? [] as number[] : undefined;
  const m2 = decodeIpv4Nlri(b, attrEnd, len, addPath, nPrefixes, nIds);
  if (m2 < 0) return sessionReset(S.INVALID_NETWORK_FIELD, `NLRI: ${nlriErrorText(m2, 32)}`);
  masked += m2;

  const attrs: MutablePathAttributes = {};
  const st: AttrDecodeState = {
    ctx,
    attrs,
    as4Path: undefined,
    as4Aggregator: undefined,
    mpReach: undefined,
    mpUnreach: undefined,
    unknown: undefined,
    ipv4Nlri: nPrefixes.length,
    masked,
  };
  if (++generation === 0xffffffff) {
    seen.fill(0);
    generation = 1;
  }
  const gen = generation;

  let p = attrStart;
  while (p < attrEnd) {
    const flags = b[p]!;
    const hdr = flags & AttributeFlag.EXTENDED_LENGTH ? 4 : 3;
    // RFC 7606 §4: too few octets left for an attribute header.
    if (attrEnd - p < hdr) {
      (issues ??= []).push(issue(
        ErrorAction.TREAT_AS_WITHDRAW,
        undefined,
        `${attrEnd - p} trailing octets cannot hold an attribute header (RFC 7606 §4)`,
        updateError(S.MALFORMED_ATTRIBUTE_LIST),
      ));
      break;
    }
    const code = b[p + 1]!;
    const alen = hdr === 4 ? (b[p + 2]! << 8) | b[p + 3]! : b[p + 2]!;
    const vs = p + hdr;
    const ve = vs + alen;
    if (ve > attrEnd) {
      // RFC 7606 §3.j: a cut MP attribute hides NLRI, so treat-as-withdraw is impossible.
      if (code === A.MP_REACH_NLRI || code === A.MP_UNREACH_NLRI) {
        (issues ??= []).push(issue(
          ErrorAction.SESSION_RESET,
          code,
          `${attributeName(code)} length ${alen} overruns the path attributes`,
          updateError(S.MALFORMED_ATTRIBUTE_LIST),
        ));
      } else {
        // RFC 7606 §4: the last attribute overruns the Total Path Attribute Length.
        (issues ??= []).push(issue(
          ErrorAction.TREAT_AS_WITHDRAW,
          code,
          `${attributeName(code)} length ${alen} overruns the path attributes (RFC 7606 §4)`,
          updateError(S.ATTRIBUTE_LENGTH_ERROR, b.slice(p, attrEnd)),
        ));
      }
      break;
    }
    if (seen[code] === gen) {
      // RFC 7606 §3.g: a repeated MP_REACH/MP_UNREACH resets; other repeats are discarded.
      if (code === A.MP_REACH_NLRI || code === A.MP_UNREACH_NLRI) {
        (issues ??= []).push(issue(
          ErrorAction.SESSION_RESET,
          code,
          `${attributeName(code)} appears more than once (RFC 7606 §3.g)`,
          updateError(S.MALFORMED_ATTRIBUTE_LIST),
        ));
        break;
      }
      (issues ??= []).push(issue(
        ErrorAction.ATTRIBUTE_DISCARD,
        code,
        `repeated ${attributeName(code)} discarded (RFC 7606 §3.g)`,
      ));
      p = ve;
      continue;
    }
    seen[code] = gen;
    const spec = ATTRIBUTES[code];
    if (spec === undefined) {
      if ((flags & AttributeFlag.OPTIONAL) === 0) {
        // RFC 4271 §6.3: an unrecognized well-known attribute; RFC 7606 leaves this a reset.
        (issues ??= []).push(issue(
          ErrorAction.SESSION_RESET,
          code,
          `unrecognized well-known attribute ${code}`,
          updateError(S.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, b.slice(p, ve)),
        ));
      } else if (flags & AttributeFlag.TRANSITIVE) {
        // RFC 4271 §5: an unrecognized optional transitive attribute is passed on, Partial set.
        const kept = (flags | AttributeFlag.PARTIAL) & ~AttributeFlag.EXTENDED_LENGTH;
        (st.unknown ??= []).push({ flags: kept, code, value: b.slice(vs, ve) });
      }
      // RFC 4271 §5: an unrecognized optional non-transitive attribute is quietly ignored.
      p = ve;
      continue;
    }
    if ((flags & (AttributeFlag.OPTIONAL | AttributeFlag.TRANSITIVE)) !== spec.flags) {
      // RFC 7606 §3.c: conflicting Optional/Transitive bits make the attribute malformed.
      let action = spec.malformed;
      let family: AfiSafi | undefined;
      if (action === ErrorAction.AFI_SAFI_DISABLE) {
        if (alen >= 3) family = { afi: (b[vs]! << 8) | b[vs + 1]!, safi: b[vs + 2]! };
        else action = ErrorAction.SESSION_RESET;
      }
      (issues ??= []).push(issue(
        action,
        code,
        `${spec.name} flags 0x${
          flags.toString(16)
        } conflict with the required Optional/Transitive bits`,
        updateError(S.ATTRIBUTE_FLAGS_ERROR, b.slice(p, ve)),
        family,
      ));
      p = ve;
      continue;
    }
    const err = spec.decode(b, vs, ve, st, flags);
    if (err !== undefined) {
      let action = err.action ?? spec.malformed;
      // RFC 7606 §5.1: a NEXT_HOP is ignored when there is no IPv4 NLRI, so is its error.
      if (code === A.NEXT_HOP && nPrefixes.length === 0) action = ErrorAction.ATTRIBUTE_DISCARD;
      (issues ??= []).push(issue(
        action,
        code,
        err.reason,
        updateError(err.subcode, attributeData(err.subcode, b, p, ve)),
        err.family,
      ));
    }
    p = ve;
  }

  if (st.as4Path !== undefined || st.as4Aggregator !== undefined) {
    issues = reconcileAs4(st, ctx, issues);
  }

  // RFC 7606 §3.d: a missing well-known mandatory attribute means treat-as-withdraw; they are
  // required when there is NLRI (RFC 4271 §5) or an MP_REACH_NLRI (RFC 4760 §3).
  const hasMpReach = seen[A.MP_REACH_NLRI] === gen;
  if (nPrefixes.length > 0 || hasMpReach) {
    if (seen[A.ORIGIN] !== gen) issues = missing(A.ORIGIN, issues);
    if (seen[A.AS_PATH] !== gen) issues = missing(A.AS_PATH, issues);
    if (nPrefixes.length > 0 && seen[A.NEXT_HOP] !== gen) issues = missing(A.NEXT_HOP, issues);
  }
  if (st.unknown !== undefined) {
    // Canonical order by type code (the encoder's order), so equal sets compare equal.
    if (st.unknown.length > 1) st.unknown.sort((x, y) => x.code - y.code);
    attrs.unknown = st.unknown;
  }
  if (st.masked > 0) {
    (issues ??= []).push(issue(
      ErrorAction.NONE,
      undefined,
      `${st.masked} prefix(es) had host bits set past their length; masked`,
    ));
  }

  const update: {
    type: "update";
    withdrawn: NlriList;
    attributes: MutablePathAttributes;
    nlri: NlriList;
    mpReach?: MpReach;
    mpUnreach?: MpUnreach;
  } = {
    type: "update",
    withdrawn: ipv4List(wPrefixes, wIds),
    attributes: attrs,
    nlri: ipv4List(nPrefixes, nIds),
  };
  if (st.mpReach !== undefined) update.mpReach = st.mpReach;
  if (st.mpUnreach !== undefined) update.mpUnreach = st.mpUnreach;
  return finish(update, issues);
}

function missing(code: number, issues: UpdateIssue[] | undefined): UpdateIssue[] {
  (issues ??= []).push(issue(
    ErrorAction.TREAT_AS_WITHDRAW,
    code,
    `missing well-known mandatory attribute ${attributeName(code)} (RFC 7606 §3.d)`,
    updateError(S.MISSING_WELL_KNOWN_ATTRIBUTE, new Uint8Array([code])),
  ));
  return issues;
}

/** RFC 6793 §4.2.3 (2-octet session) or §3 (4-octet session: AS4_* are discarded). */
function reconcileAs4(
  st: AttrDecodeState,
  ctx: CodecContext,
  issues: UpdateIssue[] | undefined,
): UpdateIssue[] | undefined {
  const attrs = st.attrs;
  if (ctx.fourOctetAs) {
    (issues ??= []).push(issue(
      ErrorAction.ATTRIBUTE_DISCARD,
      st.as4Path ? A.AS4_PATH : A.AS4_AGGREGATOR,
      "AS4_PATH/AS4_AGGREGATOR received on a 4-octet AS session discarded (RFC 6793 §3)",
    ));
    return issues;
  }
  // RFC 6793 §4.2.3: an AGGREGATOR with a real AS means AS4_* came from elsewhere; ignore both.
  if (attrs.aggregator !== undefined && attrs.aggregator.asn !== AS_TRANS) return issues;
  if (attrs.aggregator !== undefined && st.as4Aggregator !== undefined) {
    attrs.aggregator = st.as4Aggregator;
  }
  if (st.as4Path !== undefined && attrs.asPath !== undefined) {
    const merged = reconcileAs4Path(attrs.asPath, st.as4Path);
    // RFC 6793 §4.2.3: an AS4_PATH longer than AS_PATH is ignored.
    if (merged !== undefined) attrs.asPath = merged;
  }
  return issues;
}
