/** RFC 4271 §4.4 KEEPALIVE: the 19-byte header and nothing else. */
import { HEADER_LENGTH, writeHeader } from "./header.ts";
import { MessageType } from "./iana.ts";
import type { KeepaliveMessage } from "./types.ts";

export const KEEPALIVE: KeepaliveMessage = Object.freeze({ type: "keepalive" });

/** A fresh KEEPALIVE message (19 bytes). */
export function encodeKeepalive(): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH);
  writeHeader(out, 0, HEADER_LENGTH, MessageType.KEEPALIVE);
  return out;
}
