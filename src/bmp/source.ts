/**
 * The contract between the speaker (the single owner of peers and RIBs) and the BMP client.
 * The speaker pushes events as they happen (BmpClient.push or its shortcuts) and implements
 * BmpSource, which the client pulls from when a collector session (re)starts and on each
 * statistics tick. BGP PDUs are whole encoded messages (marker included); the client never
 * parses them.
 */
import type { IpAddress } from "../common/ip.ts";
import type { AfiSafi } from "../wire/types.ts";
import type { PeerDownReason, PeerInformationTlv } from "./types.ts";

/**
 * What a collector asks to see (BmpServerConfig.views), and how each view is flagged:
 * pre-policy Adj-RIB-In (L=0), post-policy Adj-RIB-In (L=1), Adj-RIB-Out pre/post (O=1,
 * RFC 8671), Loc-RIB (peer type 3, RFC 9069).
 */
export type BmpView =
  | "pre-policy"
  | "post-policy"
  | "adj-rib-out-pre"
  | "adj-rib-out-post"
  | "loc-rib";

export const BMP_VIEWS: readonly BmpView[] = [
  "pre-policy",
  "post-policy",
  "adj-rib-out-pre",
  "adj-rib-out-post",
  "loc-rib",
];

/** A monitored BGP peer as its per-peer header shows it (RFC 7854 §4.2). */
export interface BmpPeer {
  /** The speaker's stable name for this peer session (e.g. its address); events use it. */
  readonly key: string;
  readonly address: IpAddress;
  readonly asn: number;
  /** The peer's BGP Identifier as an unsigned 32-bit number. */
  readonly bgpId: number;
  /**
   * Whether the session negotiated 4-octet AS (RFC 6793). UPDATE bytes for this peer's
   * Adj-RIB-In/Out views MUST be encoded as on that session (collectors parse them with the
   * Peer Up OPENs); when false the client sets the A flag (legacy 2-octet AS_PATH).
   */
  readonly fourOctetAs: boolean;
  /** 0 global (default), 1 RD instance, 2 local instance. */
  readonly peerType?: 0 | 1 | 2;
  /** Peer Distinguisher (the RD for peer type 1); default 0. */
  readonly distinguisher?: bigint;
}

/** A peer reached Established (RFC 7854 §4.10). */
export interface BmpPeerUpEvent {
  readonly type: "peer-up";
  readonly peer: BmpPeer;
  /** Local end of the BGP TCP session. */
  readonly localAddress: IpAddress;
  readonly localPort: number;
  readonly remotePort: number;
  /** The whole OPEN PDU sent to the peer. */
  readonly sentOpen: Uint8Array;
  /** The whole OPEN PDU received from the peer. */
  readonly receivedOpen: Uint8Array;
  /** Negotiated families: the initial dump ends with one End-of-RIB per family and view. */
  readonly families: readonly AfiSafi[];
  /** When the session became Established, ms since the epoch; default: when pushed. */
  readonly timestamp?: number;
  /** Optional Peer Up Information TLVs (e.g. a String with the peer description). */
  readonly information?: readonly PeerInformationTlv[];
}

/** Peer Down reasons a speaker reports (RFC 7854 §4.9 codes 1-5). */
export type BmpPeerDownReason = Extract<
  PeerDownReason,
  {
    readonly type:
      | "local-notification"
      | "local-no-notification"
      | "remote-notification"
      | "remote-no-notification"
      | "peer-deconfigured";
  }
>;

/** A peer left Established; implicitly withdraws all its routes (RFC 7854 §4.9). */
export interface BmpPeerDownEvent {
  readonly type: "peer-down";
  readonly peerKey: string;
  readonly reason: BmpPeerDownReason;
  readonly timestamp?: number;
}

/**
 * One UPDATE for one view. For Adj-RIB views `peerKey` names the peer; for "loc-rib" it is
 * absent and the UPDATE MUST use 4-octet AS numbers (RFC 9069 §5.4.1). RFC 7854 §5: a withdraw
 * goes to every view that announced the route (the speaker pushes one event per view).
 */
export interface BmpRouteMonitoringEvent {
  readonly type: "route-monitoring";
  readonly view: BmpView;
  readonly peerKey?: string;
  /** One whole UPDATE PDU. */
  readonly update: Uint8Array;
  /** When the route was received/changed, ms since the epoch; default: when pushed. */
  readonly timestamp?: number;
}

export type BmpEvent = BmpPeerUpEvent | BmpPeerDownEvent | BmpRouteMonitoringEvent;

/** What the initial dump of a collector session is made of. */
export type BmpSnapshotItem = BmpPeerUpEvent | BmpRouteMonitoringEvent;

/** The router itself, for the Loc-RIB instance (RFC 9069 §5.2). */
export interface BmpLocalRib {
  readonly asn: number;
  /** Router id as an unsigned 32-bit number. */
  readonly bgpId: number;
  /** Families in the Loc-RIB: capabilities of the fabricated OPEN and the End-of-RIBs. */
  readonly families: readonly AfiSafi[];
  /** VRF/Table Name TLV; default "global" (RFC 9069 §5.2.1). */
  readonly tableName?: string;
}

/** RFC 7854 §4.8 / RFC 8671 §6.2 statistics of one peer; absent fields are not sent. */
export interface BmpCounters {
  /** Type 0: prefixes rejected by inbound policy. */
  readonly rejectedPrefixes?: number;
  /** Type 1: (known) duplicate prefix advertisements (already in Adj-RIB-In, same attributes). */
  readonly duplicatePrefixAdvertisements?: number;
  /** Type 2: (known) duplicate withdraws (prefix not in Adj-RIB-In). */
  readonly duplicateWithdraws?: number;
  /** Type 3: updates invalidated due to CLUSTER_LIST loop. */
  readonly clusterListLoops?: number;
  /** Type 4: updates invalidated due to AS_PATH loop. */
  readonly asPathLoops?: number;
  /** Type 5: updates invalidated due to ORIGINATOR_ID. */
  readonly originatorIdLoops?: number;
  /** Type 6: updates invalidated due to AS_CONFED loop. */
  readonly asConfedLoops?: number;
  /** Type 7 (gauge): routes in this peer's Adj-RIB-In. */
  readonly adjRibInRoutes?: number;
  /** Type 8 (gauge): routes in the Loc-RIB (for a peer: its routes selected as best). */
  readonly locRibRoutes?: number;
  /** Type 9 (gauge per AFI/SAFI): routes in Adj-RIB-In. */
  readonly adjRibInRoutesPerFamily?: readonly BmpFamilyGauge[];
  /** Type 10 (gauge per AFI/SAFI): routes in the Loc-RIB. */
  readonly locRibRoutesPerFamily?: readonly BmpFamilyGauge[];
  /** Type 11: UPDATEs subjected to treat-as-withdraw (RFC 7606), not plain withdraws. */
  readonly updatesTreatedAsWithdraw?: number;
  /** Type 12: prefixes subjected to treat-as-withdraw (RFC 7606), not plain withdraws. */
  readonly prefixesTreatedAsWithdraw?: number;
  /** Type 13: duplicate UPDATE messages received. */
  readonly duplicateUpdates?: number;
  /** Type 14 (gauge, RFC 8671): routes in pre-policy Adj-RIB-Out. */
  readonly adjRibOutPreRoutes?: number;
  /** Type 15 (gauge, RFC 8671): routes in post-policy Adj-RIB-Out. */
  readonly adjRibOutPostRoutes?: number;
  /** Type 16 (gauge per AFI/SAFI, RFC 8671): pre-policy Adj-RIB-Out. */
  readonly adjRibOutPreRoutesPerFamily?: readonly BmpFamilyGauge[];
  /** Type 17 (gauge per AFI/SAFI, RFC 8671): post-policy Adj-RIB-Out. */
  readonly adjRibOutPostRoutesPerFamily?: readonly BmpFamilyGauge[];
}

export interface BmpFamilyGauge {
  readonly afi: number;
  readonly safi: number;
  readonly routes: number;
}

/** Counters about one peer, or (no peerKey) about the Loc-RIB instance. */
export interface BmpStatistics {
  readonly peerKey?: string;
  readonly counters: BmpCounters;
}

/** What the speaker implements for the BMP client. */
export interface BmpSource {
  /**
   * The initial dump of a new collector session, for `views`: a Peer Up item for every
   * Established peer, each before any route of that peer, then Route Monitoring items (one
   * UPDATE each, only for the views asked). Yield chunks of a few hundred items: the client
   * pulls the next one only when the collector keeps up. Items may be stale: every event
   * pushed after snapshot() was called is delivered after the dump, so the collector ends up
   * with the latest state. End-of-RIB markers are added by the client.
   */
  snapshot(
    views: ReadonlySet<BmpView>,
  ): Iterable<readonly BmpSnapshotItem[]> | AsyncIterable<readonly BmpSnapshotItem[]>;
  /** Current counters, pulled every statistics_timeout seconds. Must be cheap. */
  statistics(): Iterable<BmpStatistics>;
  /** The router's own identity, for the Loc-RIB Peer Up (only called with the loc-rib view). */
  localRib(): BmpLocalRib;
}
