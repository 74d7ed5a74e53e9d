/**
 * Encodes one UpdateMessage into one UPDATE (header included). Attribute order: MP_REACH_NLRI,
 * MP_UNREACH_NLRI (RFC 7606 §5.1: first), then by type code. To spread many prefixes over as
 * few UPDATEs as possible, use UpdatePacker (packer.ts).
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import { encodeAttributes } from "./attributes.ts";
import { HEADER_LENGTH, maxMessageLength, writeHeader } from "./header.ts";
import { MessageType } from "./iana.ts";
import { familyKeyOf, mpReachHead, mpUnreachHead } from "./mp.ts";
import { writePrefix } from "./nlri.ts";
import type { CodecContext, NlriList, UpdateMessage } from "./types.ts";
import { WireWriter } from "./writer.ts";

/** Writes the prefixes of `list`, each preceded by its path id when ADD-PATH sends for it. */
export function writeNlriList(list: NlriList, ctx: CodecContext, w: WireWriter): void {
  const addPath = ctx.addPathSend.has(familyKeyOf(list.afi, list.safi));
  const prefixes: readonly PrefixKey[] = list.prefixes;
  w.ensure(prefixes.length * (addPath ? 21 : 17));
  for (let i = 0; i < prefixes.length; i++) {
    if (addPath) w.u32(list.pathIds?.[i] ?? 0);
    w.pos = writePrefix(w.buf, w.pos, prefixes[i]!);
  }
}

/** The UPDATE body (after the header). */
export function encodeUpdateBody(
  u: UpdateMessage,
  ctx: CodecContext,
  w = new WireWriter(),
): Uint8Array {
  w.reset();
  w.u16(0);
  writeNlriList(u.withdrawn, ctx, w);
  w.setU16At(0, w.pos - 2);
  const taAt = w.pos;
  w.u16(0);
  if (u.mpReach !== undefined) {
    const m = u.mpReach;
    const at = w.pos;
    w.bytes(mpReachHead(m.afi, m.safi, m.nextHop, m.linkLocalNextHop));
    writeNlriList(m.nlri, ctx, w);
    w.setU16At(at + 2, w.pos - at - 4);
  }
  if (u.mpUnreach !== undefined) {
    const m = u.mpUnreach;
    const at = w.pos;
    w.bytes(mpUnreachHead(m.afi, m.safi));
    writeNlriList(m.withdrawn, ctx, w);
    w.setU16At(at + 2, w.pos - at - 4);
  }
  // RFC 7606 §5.1: no NEXT_HOP without IPv4 NLRI.
  encodeAttributes(u.attributes, ctx, w, u.nlri.prefixes.length === 0);
  w.setU16At(taAt, w.pos - taAt - 2);
  writeNlriList(u.nlri, ctx, w);
  return w.finish();
}

/** One whole UPDATE message; throws RangeError if it exceeds the session's maximum length. */
export function encodeUpdate(u: UpdateMessage, ctx: CodecContext): Uint8Array {
  const body = encodeUpdateBody(u, ctx);
  const length = HEADER_LENGTH + body.length;
  const max = maxMessageLength(ctx);
  if (length > max) {
    throw new RangeError(`UPDATE is ${length} bytes, more than ${max}; use UpdatePacker`);
  }
  const out = new Uint8Array(length);
  writeHeader(out, 0, length, MessageType.UPDATE);
  out.set(body, HEADER_LENGTH);
  return out;
}
