/**
 * RFC 4724 §2 End-of-RIB markers: an UPDATE with nothing in it (IPv4 unicast), or one whose only
 * attribute is an MP_UNREACH_NLRI with no withdrawn routes (other families).
 */
import { HEADER_LENGTH, writeHeader } from "./header.ts";
import { MessageType } from "./iana.ts";
import { mpUnreachHead } from "./mp.ts";
import { AFI_IPV4, type AfiSafi, SAFI_UNICAST, type UpdateMessage } from "./types.ts";

function noAttributes(u: UpdateMessage): boolean {
  for (const _ in u.attributes) return false;
  return true;
}

/** The family an End-of-RIB marker is for, or undefined when `u` is not one. */
export function endOfRibFamily(u: UpdateMessage): AfiSafi | undefined {
  if (u.withdrawn.prefixes.length > 0 || u.nlri.prefixes.length > 0 || u.mpReach) return undefined;
  if (!noAttributes(u)) return undefined;
  if (u.mpUnreach === undefined) return { afi: AFI_IPV4, safi: SAFI_UNICAST };
  if (u.mpUnreach.withdrawn.prefixes.length > 0) return undefined;
  return { afi: u.mpUnreach.afi, safi: u.mpUnreach.safi };
}

/** The End-of-RIB UPDATE for `family`, header included. */
export function encodeEndOfRib(family: AfiSafi): Uint8Array {
  const ipv4 = family.afi === AFI_IPV4 && family.safi === SAFI_UNICAST;
  const head = ipv4 ? new Uint8Array(0) : mpUnreachHead(family.afi, family.safi);
  if (!ipv4) head[3] = 3;
  const out = new Uint8Array(HEADER_LENGTH + 4 + head.length);
  writeHeader(out, 0, out.length, MessageType.UPDATE);
  out[HEADER_LENGTH + 3] = head.length;
  out.set(head, HEADER_LENGTH + 4);
  return out;
}
