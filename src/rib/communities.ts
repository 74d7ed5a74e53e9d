/**
 * Well-known community values the RIB acts on, and the flag bits an attribute set caches
 * so propagation checks cost one AND per route.
 */

/** RFC 1997 §2, RFC 3765 §2, RFC 7999, RFC 8326, RFC 9494: well-known community values. */
export const WellKnownCommunity = {
  GRACEFUL_SHUTDOWN: 0xffff0000, // RFC 8326
  ACCEPT_OWN: 0xffff0001, // RFC 7611
  LLGR_STALE: 0xffff0006, // RFC 9494
  NO_LLGR: 0xffff0007, // RFC 9494
  BLACKHOLE: 0xffff029a, // RFC 7999
  NO_EXPORT: 0xffffff01, // RFC 1997
  NO_ADVERTISE: 0xffffff02, // RFC 1997
  NO_EXPORT_SUBCONFED: 0xffffff03, // RFC 1997
  NOPEER: 0xffffff04, // RFC 3765
} as const;

/** Names accepted in configuration and shown by the API (GoBGP spelling). */
export const WELL_KNOWN_COMMUNITY_NAMES: ReadonlyMap<string, number> = new Map([
  ["graceful-shutdown", WellKnownCommunity.GRACEFUL_SHUTDOWN],
  ["accept-own", WellKnownCommunity.ACCEPT_OWN],
  ["llgr-stale", WellKnownCommunity.LLGR_STALE],
  ["no-llgr", WellKnownCommunity.NO_LLGR],
  ["blackhole", WellKnownCommunity.BLACKHOLE],
  ["no-export", WellKnownCommunity.NO_EXPORT],
  ["no-advertise", WellKnownCommunity.NO_ADVERTISE],
  ["no-export-subconfed", WellKnownCommunity.NO_EXPORT_SUBCONFED],
  ["nopeer", WellKnownCommunity.NOPEER],
]);

/** Bits of AttrSet.wellKnown. */
export const CommunityFlag = {
  NO_EXPORT: 1,
  NO_ADVERTISE: 2,
  NO_EXPORT_SUBCONFED: 4,
  NOPEER: 8,
} as const;

/** The CommunityFlag bits set by a COMMUNITIES list. */
export function wellKnownFlags(communities: readonly number[] | undefined): number {
  if (communities === undefined) return 0;
  let f = 0;
  for (let i = 0; i < communities.length; i++) {
    const c = communities[i]!;
    if (c < 0xffffff01 || c > 0xffffff04) continue;
    if (c === WellKnownCommunity.NO_EXPORT) f |= CommunityFlag.NO_EXPORT;
    else if (c === WellKnownCommunity.NO_ADVERTISE) f |= CommunityFlag.NO_ADVERTISE;
    else if (c === WellKnownCommunity.NO_EXPORT_SUBCONFED) f |= CommunityFlag.NO_EXPORT_SUBCONFED;
    else f |= CommunityFlag.NOPEER;
  }
  return f;
}

/** "65000:100" for a u32 community. */
export function formatCommunity(c: number): string {
  return `${Math.floor(c / 65536)}:${c % 65536}`;
}
