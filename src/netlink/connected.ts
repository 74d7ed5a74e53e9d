/**
 * THE import rule: which connected prefixes a host's interfaces contribute to BGP. Pure: a
 * function of the link table and the settings.
 *
 * A link is eligible when all hold:
 *  1. its name matches one of the globs (shell-style, see glob.ts);
 *  2. it is not a loopback device and not a VRF device itself;
 *  3. with `vrf` set, it is enslaved to the VRF device of that name (IFLA_MASTER); with `vrf`
 *     empty, it is not enslaved to any VRF device (enslavement to a bridge is fine);
 *  4. it is administratively up (IFF_UP) and operationally running (IFF_RUNNING, operstate up or
 *     unknown): a prefix behind a link without carrier is not reachable through us.
 * On an eligible link, an address contributes its prefix when all hold:
 *  5. scope is global (RT_SCOPE_UNIVERSE): host-scope (127.0.0.1, ::1) and link-scope (fe80::)
 *     addresses are out;
 *  6. it is not tentative or DAD-failed (IFA_F_TENTATIVE, IFA_F_DADFAILED): DAD completion
 *     arrives later as an RTM_NEWADDR with the flag cleared;
 *  7. the local address is not loopback (127/8, ::1), link-local (169.254/16, fe80::/10),
 *     multicast (224/4, ff00::/8) or unspecified.
 * The prefix is the address masked to its prefix length (on an IPv4 point-to-point link, the
 * peer address IFA_ADDRESS); /32 and /128 addresses give host prefixes. Several addresses in
 * one prefix, or one prefix on several links, give one route, attributed to the eligible link
 * with the lowest ifindex.
 */
import { type IpAddress, type IpPrefix, maskBytes } from "../common/ip.ts";
import { type PrefixKey, prefixToKey } from "../common/prefix_key.ts";
import type { Address } from "./addr_msg.ts";
import { IFA_F, RT_SCOPE } from "./constants.ts";
import type { Glob } from "./glob.ts";
import { isLinkRunning, isLinkUp, isLoopback, type Link } from "./link_msg.ts";
import type { LinkTable } from "./link_table.ts";

export interface ConnectedRoute {
  readonly key: PrefixKey;
  readonly prefix: IpPrefix;
  /** Name of the interface the prefix is attributed to. */
  readonly interface: string;
  readonly ifindex: number;
}

/** Why a link is or is not importing (for `edgebgp netlink` and logs). */
export type LinkVerdict =
  | "eligible"
  | "no-match"
  | "loopback"
  | "vrf-device"
  | "wrong-vrf"
  | "down"
  | "not-running";

/** Whether an address is special: loopback, link-local, multicast or unspecified. */
export function isSpecialAddress(a: IpAddress): boolean {
  const b = a.bytes;
  if (a.family === 4) {
    return b[0] === 127 || (b[0] === 169 && b[1] === 254) || (b[0]! & 0xf0) === 0xe0 ||
      b.every((x) => x === 0);
  }
  if (b[0] === 0xff) return true;
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return true;
  const zeros = b.subarray(0, 15).every((x) => x === 0);
  return zeros && (b[15] === 0 || b[15] === 1);
}

/** Rules 1-4 for one link. */
export function linkVerdict(
  link: Link,
  table: LinkTable,
  globs: readonly Glob[],
  vrf: string,
): LinkVerdict {
  if (!globs.some((g) => g.matches(link.name))) return "no-match";
  if (isLoopback(link)) return "loopback";
  if (link.kind === "vrf") return "vrf-device";
  const inVrf = table.vrfOf(link.index);
  if (vrf === "" ? inVrf !== undefined : inVrf?.name !== vrf) return "wrong-vrf";
  if (!isLinkUp(link)) return "down";
  if (!isLinkRunning(link)) return "not-running";
  return "eligible";
}

/** The connected prefix an address contributes under rules 5-7, if any. */
export function connectedPrefix(a: Address): IpPrefix | undefined {
  if (a.scope !== RT_SCOPE.UNIVERSE) return undefined;
  if ((a.flags & (IFA_F.TENTATIVE | IFA_F.DADFAILED)) !== 0) return undefined;
  const local = a.local ?? a.address;
  if (!local || isSpecialAddress(local)) return undefined;
  const base = a.address ?? local;
  return { family: a.family, length: a.prefixLength, bytes: maskBytes(base.bytes, a.prefixLength) };
}

/** Every connected route the link table yields under the rule, keyed by prefix key. */
export function connectedRoutes(
  table: LinkTable,
  globs: readonly Glob[],
  vrf: string,
): Map<PrefixKey, ConnectedRoute> {
  const out = new Map<PrefixKey, ConnectedRoute>();
  const links = [...table.links()].sort((x, y) => x.index - y.index);
  for (const link of links) {
    if (linkVerdict(link, table, globs, vrf) !== "eligible") continue;
    for (const a of table.addresses(link.index)) {
      const prefix = connectedPrefix(a);
      if (!prefix) continue;
      const key = prefixToKey(prefix);
      if (!out.has(key)) out.set(key, { key, prefix, interface: link.name, ifindex: link.index });
    }
  }
  return out;
}
