/**
 * BMP code points, grouped by IANA registry ("BGP Monitoring Protocol (BMP) Parameters").
 * RFC 7854 unless noted; RFC 8671 adds Adj-RIB-Out, RFC 9069 adds Loc-RIB.
 */

/** RFC 7854 §4.1: the only version this codec writes. */
export const BMP_VERSION = 3;

/** RFC 7854 §4.1: version (1) + message length (4) + message type (1). */
export const COMMON_HEADER_LENGTH = 6;

/** RFC 7854 §4.2: peer type .. timestamp microseconds. */
export const PER_PEER_HEADER_LENGTH = 42;

/** RFC 7854 §4.1 / §10.1 BMP Message Types. */
export const BmpMessageType = {
  ROUTE_MONITORING: 0,
  STATISTICS_REPORT: 1,
  PEER_DOWN_NOTIFICATION: 2,
  PEER_UP_NOTIFICATION: 3,
  INITIATION: 4,
  TERMINATION: 5,
  ROUTE_MIRRORING: 6,
} as const;

/** RFC 7854 §4.2 / RFC 9069 §4.1 BMP Peer Types. */
export const PeerType = {
  GLOBAL_INSTANCE: 0,
  RD_INSTANCE: 1,
  LOCAL_INSTANCE: 2,
  /** RFC 9069 §4.1. */
  LOC_RIB_INSTANCE: 3,
} as const;

/** RFC 7854 §4.2 BMP Peer Flags (bit 0 is the most significant bit). */
export const PeerFlag = {
  /** V: the peer address is IPv6 (peer types 0-2). */
  V: 0x80,
  /** L: post-policy Adj-RIB-In (or Adj-RIB-Out with O). */
  L: 0x40,
  /** A: the AS_PATH in the encapsulated UPDATE uses legacy 2-octet ASNs. */
  A: 0x20,
  /** O (RFC 8671 §4): Adj-RIB-Out. */
  O: 0x10,
} as const;

/** RFC 9069 §4.2: the only flag defined for peer type 3 shares bit 0 with V. */
export const LocRibFlag = {
  /** F: the Loc-RIB is filtered (only a subset is sent). */
  F: 0x80,
} as const;

/** RFC 7854 §4.4 Initiation Information TLV types. */
export const InitiationTlvType = {
  STRING: 0,
  SYS_DESCR: 1,
  SYS_NAME: 2,
} as const;

/** RFC 7854 §4.5 Termination Information TLV types. */
export const TerminationTlvType = {
  STRING: 0,
  REASON: 1,
} as const;

/** RFC 7854 §4.5 Termination reasons (the Reason TLV value). */
export const TerminationReason = {
  ADMINISTRATIVELY_CLOSED: 0,
  UNSPECIFIED: 1,
  OUT_OF_RESOURCES: 2,
  REDUNDANT_CONNECTION: 3,
  PERMANENTLY_ADMINISTRATIVELY_CLOSED: 4,
} as const;

/** Peer Up Information TLV types: RFC 7854 §4.10, RFC 9069 §5.2.1, RFC 8671 §6.3.1. */
export const PeerUpTlvType = {
  STRING: 0,
  /** RFC 9069 §5.2.1: VRF/Table Name ("global" for the default Loc-RIB). */
  VRF_TABLE_NAME: 3,
  /** RFC 8671 §6.3.1. */
  ADMIN_LABEL: 4,
} as const;

/** RFC 7854 §4.9 / RFC 9069 §5.3 Peer Down reason codes. */
export const PeerDownReasonCode = {
  /** Data: the NOTIFICATION PDU that was sent. */
  LOCAL_NOTIFICATION: 1,
  /** Data: 2-octet FSM event code (RFC 4271 §8.1). */
  LOCAL_NO_NOTIFICATION: 2,
  /** Data: the NOTIFICATION PDU that was received. */
  REMOTE_NOTIFICATION: 3,
  /** No data: closed by the remote end without a NOTIFICATION (incl. transport loss). */
  REMOTE_NO_NOTIFICATION: 4,
  /** No data: information for this peer will no longer be sent. */
  PEER_DECONFIGURED: 5,
  /** RFC 9069 §5.3: local close of a Loc-RIB instance; data: Information TLVs. */
  LOCAL_TLV: 6,
} as const;

/** RFC 7854 §4.7 Route Mirroring TLV types. */
export const RouteMirroringTlvType = {
  BGP_MESSAGE: 0,
  INFORMATION: 1,
} as const;

/** RFC 7854 §4.7 Route Mirroring Information codes. */
export const RouteMirroringInformation = {
  ERRORED_PDU: 0,
  MESSAGES_LOST: 1,
} as const;

/**
 * RFC 7854 §4.8 / RFC 8671 §6.2 BMP Statistics Types. Counters are 32-bit, gauges 64-bit, and
 * per-AFI/SAFI gauges are AFI (2) + SAFI (1) + 64-bit gauge.
 */
export const StatType = {
  /** Prefixes rejected by inbound policy. */
  REJECTED_PREFIXES: 0,
  /** (Known) duplicate prefix advertisements. */
  DUPLICATE_PREFIX_ADVERTISEMENTS: 1,
  /** (Known) duplicate withdraws. */
  DUPLICATE_WITHDRAWS: 2,
  /** Updates invalidated due to CLUSTER_LIST loop. */
  CLUSTER_LIST_LOOP: 3,
  /** Updates invalidated due to AS_PATH loop. */
  AS_PATH_LOOP: 4,
  /** Updates invalidated due to ORIGINATOR_ID. */
  ORIGINATOR_ID: 5,
  /** Updates invalidated due to AS_CONFED loop. */
  AS_CONFED_LOOP: 6,
  /** Routes in Adj-RIBs-In. */
  ADJ_RIB_IN_ROUTES: 7,
  /** Routes in Loc-RIB. */
  LOC_RIB_ROUTES: 8,
  /** Routes in per-AFI/SAFI Adj-RIB-In. */
  PER_AFI_SAFI_ADJ_RIB_IN_ROUTES: 9,
  /** Routes in per-AFI/SAFI Loc-RIB. */
  PER_AFI_SAFI_LOC_RIB_ROUTES: 10,
  /** Updates subjected to treat-as-withdraw (RFC 7606). */
  UPDATES_TREATED_AS_WITHDRAW: 11,
  /** Prefixes subjected to treat-as-withdraw (RFC 7606). */
  PREFIXES_TREATED_AS_WITHDRAW: 12,
  /** Duplicate update messages received. */
  DUPLICATE_UPDATES: 13,
  /** RFC 8671: routes in pre-policy Adj-RIB-Out. */
  ADJ_RIB_OUT_PRE_ROUTES: 14,
  /** RFC 8671: routes in post-policy Adj-RIB-Out. */
  ADJ_RIB_OUT_POST_ROUTES: 15,
  /** RFC 8671: routes in per-AFI/SAFI pre-policy Adj-RIB-Out. */
  PER_AFI_SAFI_ADJ_RIB_OUT_PRE_ROUTES: 16,
  /** RFC 8671: routes in per-AFI/SAFI post-policy Adj-RIB-Out. */
  PER_AFI_SAFI_ADJ_RIB_OUT_POST_ROUTES: 17,
} as const;

/** How each known statistic is encoded. */
export type StatKind = "counter" | "gauge" | "afi-safi-gauge";

/** RFC 7854 §4.8: the encoding of each known stat type; other types are opaque. */
export const STAT_KINDS: ReadonlyMap<number, StatKind> = new Map<number, StatKind>([
  [0, "counter"],
  [1, "counter"],
  [2, "counter"],
  [3, "counter"],
  [4, "counter"],
  [5, "counter"],
  [6, "counter"],
  [7, "gauge"],
  [8, "gauge"],
  [9, "afi-safi-gauge"],
  [10, "afi-safi-gauge"],
  [11, "counter"],
  [12, "counter"],
  [13, "counter"],
  [14, "gauge"],
  [15, "gauge"],
  [16, "afi-safi-gauge"],
  [17, "afi-safi-gauge"],
]);

/** Stat Length of each kind: 32-bit counter, 64-bit gauge, AFI + SAFI + 64-bit gauge. */
export const STAT_LENGTHS: Readonly<Record<StatKind, number>> = {
  "counter": 4,
  "gauge": 8,
  "afi-safi-gauge": 11,
};
