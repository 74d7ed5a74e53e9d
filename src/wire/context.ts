/**
 * The codec context that OPEN negotiation yields (RFC 6793 4-octet AS, RFC 8654 extended
 * messages, RFC 7911 ADD-PATH per family). Passed explicitly to every decode and encode.
 */
import { type CodecContext, type FamilyKey, familyKey, type OpenMessage } from "./types.ts";

/** RFC 7911 §4 Send/Receive bits. */
const RECEIVE = 1;
const SEND = 2;

function addPathModes(open: OpenMessage): Map<FamilyKey, number> {
  const modes = new Map<FamilyKey, number>();
  for (const c of open.capabilities) {
    if (c.type !== "add-path") continue;
    for (const f of c.families) modes.set(familyKey(f), (modes.get(familyKey(f)) ?? 0) | f.mode);
  }
  return modes;
}

function has(open: OpenMessage, type: "four-octet-as" | "extended-message"): boolean {
  return open.capabilities.some((c) => c.type === type);
}

/** What `local` (sent) and `remote` (received) OPENs agree on. */
export function negotiateCodecContext(local: OpenMessage, remote: OpenMessage): CodecContext {
  const mine = addPathModes(local);
  const theirs = addPathModes(remote);
  const addPathReceive = new Set<FamilyKey>();
  const addPathSend = new Set<FamilyKey>();
  for (const [family, m] of mine) {
    const t = theirs.get(family) ?? 0;
    // RFC 7911 §5: we receive path ids when we asked to receive and they offered to send.
    if ((m & RECEIVE) && (t & SEND)) addPathReceive.add(family);
    if ((m & SEND) && (t & RECEIVE)) addPathSend.add(family);
  }
  return {
    fourOctetAs: has(local, "four-octet-as") && has(remote, "four-octet-as"),
    // RFC 8654 §3: both sides must advertise the capability.
    extendedMessage: has(local, "extended-message") && has(remote, "extended-message"),
    addPathReceive,
    addPathSend,
  };
}
