/** rtm_protocol names <-> numbers (the names `ip route` prints from /etc/iproute2/rt_protos). */
import { type ProtocolName, RTPROT } from "./constants.ts";

/** A protocol given by number (0..255) or name ("bgp", "static", ...). Throws RangeError. */
export function parseProtocol(p: number | string): number {
  if (typeof p === "number") {
    if (!Number.isInteger(p) || p < 0 || p > 255) {
      throw new RangeError(`route protocol ${p} is not 0..255`);
    }
    return p;
  }
  const s = p.trim().toLowerCase();
  if (/^[0-9]{1,3}$/.test(s)) return parseProtocol(Number(s));
  if (Object.hasOwn(RTPROT, s)) return RTPROT[s as ProtocolName];
  throw new RangeError(
    `unknown route protocol "${p}" (use 0..255 or one of ${Object.keys(RTPROT).join(", ")})`,
  );
}

/** "bgp" for 186; the number as text when it has no name. */
export function protocolName(n: number): string {
  for (const [name, v] of Object.entries(RTPROT)) if (v === n) return name;
  return String(n);
}
