/**
 * Next-hop resolution for export: the kernel accepts only a directly reachable gateway
 * (research/netlink.md §2.7), so each BGP next hop is looked up with RTM_GETROUTE (`ip route
 * get`). A connected next hop installs as `via NH dev OIF`; one reached through a gateway
 * (iBGP, multihop) installs the immediate gateway (FRR does the same); an unreachable one is not
 * installed and is reported, then retried when the kernel's topology changes.
 */
import { formatIp, type IpAddress } from "../common/ip.ts";
import { RTN } from "./constants.ts";
import { errnoMessage } from "./errno.ts";
import { NetlinkError } from "./nlmsgerr.ts";
import type { Route } from "./route_msg.ts";

/** A BGP next hop as the speaker hands it over. */
export interface ExportNextHop {
  readonly address: IpAddress;
  /** Interface index, required for IPv6 link-local next hops (the session's interface). */
  readonly ifindex?: number;
}

/** One installable path: immediate gateway and output interface. */
export interface ResolvedPath {
  readonly gateway: IpAddress;
  readonly oif: number;
}

export type Resolution =
  | { readonly ok: true; readonly path: ResolvedPath }
  | { readonly ok: false; readonly reason: string };

/** Stable identity of a next hop ("10.0.0.2", "fe80::1%3"). */
export function nextHopKey(nh: ExportNextHop): string {
  const a = formatIp(nh.address);
  return nh.ifindex === undefined ? a : `${a}%${nh.ifindex}`;
}

/** Identity of a resolved path ("10.0.0.2@3"); also how kernel routes are compared. */
export function pathKey(p: ResolvedPath): string {
  return `${formatIp(p.gateway)}@${p.oif}`;
}

/** Whether the address is 0.0.0.0 or :: (a locally originated route: never exported). */
export function isUnspecified(a: IpAddress): boolean {
  return a.bytes.every((b) => b === 0);
}

function isLinkLocal6(a: IpAddress): boolean {
  return a.family === 6 && a.bytes[0] === 0xfe && (a.bytes[1]! & 0xc0) === 0x80;
}

/** Looks a destination up in the kernel; the RouteApi.get signature. */
export type RouteLookup = (
  destination: IpAddress,
  options: { readonly oif?: number },
) => Promise<Route>;

/**
 * Resolves one next hop. `vrfIndex` makes the lookup happen in that VRF (RTA_OIF = the VRF
 * device, what `ip route get vrf NAME` sends).
 */
export async function resolveNextHop(
  lookup: RouteLookup,
  nh: ExportNextHop,
  vrfIndex?: number,
): Promise<Resolution> {
  if (isUnspecified(nh.address)) return { ok: false, reason: "unspecified next hop" };
  if (isLinkLocal6(nh.address)) {
    // A link-local gateway is only meaningful with its interface; the kernel checks it on add.
    if (nh.ifindex === undefined) {
      return { ok: false, reason: "IPv6 link-local next hop without an interface" };
    }
    return { ok: true, path: { gateway: nh.address, oif: nh.ifindex } };
  }
  let r: Route;
  try {
    const oif = nh.ifindex ?? vrfIndex;
    r = await lookup(nh.address, oif !== undefined ? { oif } : {});
  } catch (e) {
    if (e instanceof NetlinkError) {
      const why = e.extack ?? errnoMessage(e.errno);
      return { ok: false, reason: `lookup failed: ${e.code} (${why})` };
    }
    throw e;
  }
  if (r.type === RTN.LOCAL) return { ok: false, reason: "next hop is a local address" };
  if (r.type !== RTN.UNICAST) return { ok: false, reason: `route type ${r.type} (not unicast)` };
  if (r.oif === undefined) return { ok: false, reason: "lookup returned no output interface" };
  return { ok: true, path: { gateway: r.gateway ?? nh.address, oif: r.oif } };
}

/** Whether two resolutions would install the same thing. */
export function sameResolution(a: Resolution | undefined, b: Resolution | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.ok !== b.ok) return false;
  if (a.ok && b.ok) return pathKey(a.path) === pathKey(b.path);
  return true;
}
