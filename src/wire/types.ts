/**
 * The BGP-4 message model shared by the codec, the FSM, the RIB, BMP and the API.
 * Decoders produce these; encoders consume them. Field names follow the RFCs.
 */
import type { PrefixKey } from "../common/prefix_key.ts";

/** RFC 4271 §4.1 message types (plus ROUTE-REFRESH, RFC 2918). */
export const MessageType = {
  OPEN: 1,
  UPDATE: 2,
  NOTIFICATION: 3,
  KEEPALIVE: 4,
  ROUTE_REFRESH: 5,
} as const;
export type MessageTypeCode = typeof MessageType[keyof typeof MessageType];

/** Address family and subsequent address family (RFC 4760). */
export interface AfiSafi {
  readonly afi: number;
  readonly safi: number;
}
export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;
export const SAFI_UNICAST = 1;

/** "afi/safi", e.g. "1/1" for IPv4 unicast, "2/1" for IPv6 unicast. */
export type FamilyKey = `${number}/${number}`;
export function familyKey(f: AfiSafi): FamilyKey {
  return `${f.afi}/${f.safi}`;
}

// ---------------------------------------------------------------- capabilities (RFC 5492)

/** RFC 7911 §4 Send/Receive field. */
export type AddPathMode = 1 | 2 | 3; // 1 receive, 2 send, 3 both

export type Capability =
  | { readonly type: "multiprotocol"; readonly afi: number; readonly safi: number } // RFC 4760
  | { readonly type: "route-refresh" } // RFC 2918
  | { readonly type: "enhanced-route-refresh" } // RFC 7313
  | { readonly type: "four-octet-as"; readonly asn: number } // RFC 6793
  | { readonly type: "extended-message" } // RFC 8654
  | {
    readonly type: "add-path"; // RFC 7911
    readonly families: readonly (AfiSafi & { readonly mode: AddPathMode })[];
  }
  | {
    readonly type: "graceful-restart"; // RFC 4724
    /** Restart Flags (R bit 0x8, N bit 0x4 per RFC 8538). */
    readonly flags: number;
    readonly restartTime: number;
    readonly families: readonly (AfiSafi & { readonly flags: number })[];
  }
  | {
    readonly type: "long-lived-graceful-restart"; // RFC 9494
    readonly families:
      readonly (AfiSafi & { readonly flags: number; readonly staleTime: number })[];
  }
  | { readonly type: "role"; readonly role: number } // RFC 9234
  | { readonly type: "fqdn"; readonly hostname: string; readonly domain: string } // draft-walton-bgp-hostname
  | { readonly type: "unknown"; readonly code: number; readonly value: Uint8Array };

// ---------------------------------------------------------------- messages

/** RFC 4271 §4.2 (with RFC 9072 extended optional parameters length). */
export interface OpenMessage {
  readonly type: "open";
  readonly version: number;
  /** The 2-octet My Autonomous System field (AS_TRANS 23456 when the real AS > 65535). */
  readonly myAs: number;
  readonly holdTime: number;
  /** BGP Identifier as an unsigned 32-bit number. */
  readonly bgpId: number;
  readonly capabilities: readonly Capability[];
  /** Optional parameters other than Capabilities (type 2), kept as bytes. */
  readonly otherParameters?: readonly { readonly type: number; readonly value: Uint8Array }[];
}

/** AS_PATH segment types (RFC 4271 §4.3, RFC 5065). */
export const AsPathSegmentType = {
  AS_SET: 1,
  AS_SEQUENCE: 2,
  AS_CONFED_SEQUENCE: 3,
  AS_CONFED_SET: 4,
} as const;

export interface AsPathSegment {
  readonly type: 1 | 2 | 3 | 4;
  readonly asns: readonly number[];
}

export interface Aggregator {
  readonly asn: number;
  readonly address: string;
}

/** An attribute the codec does not interpret, carried as bytes. */
export interface RawAttribute {
  readonly flags: number;
  readonly code: number;
  readonly value: Uint8Array;
}

/**
 * Path attributes of one UPDATE, decoded. MP_REACH/MP_UNREACH live on the UpdateMessage.
 * After decoding, AS4_PATH/AS4_AGGREGATOR are already reconciled into asPath/aggregator
 * (RFC 6793 §4.2.3) and not present here.
 */
export interface PathAttributes {
  /** 0 IGP, 1 EGP, 2 INCOMPLETE. */
  readonly origin?: 0 | 1 | 2;
  /** Always with 4-octet AS numbers, whatever the session encoding. */
  readonly asPath?: readonly AsPathSegment[];
  /** IPv4 NEXT_HOP (attribute 3), dotted quad. */
  readonly nextHop?: string;
  readonly med?: number;
  readonly localPref?: number;
  readonly atomicAggregate?: boolean;
  readonly aggregator?: Aggregator;
  /** RFC 1997, each as a u32. */
  readonly communities?: readonly number[];
  /** RFC 4456, dotted quad. */
  readonly originatorId?: string;
  /** RFC 4456, dotted quads. */
  readonly clusterList?: readonly string[];
  /** RFC 4360, each 8 bytes as a bigint. */
  readonly extendedCommunities?: readonly bigint[];
  /** RFC 8092: [global admin, local data 1, local data 2]. */
  readonly largeCommunities?: readonly (readonly [number, number, number])[];
  /** RFC 9234 Only To Customer. */
  readonly otc?: number;
  /** Unknown optional transitive attributes (Partial bit set on re-advertisement). */
  readonly unknown?: readonly RawAttribute[];
}

/** A list of NLRI of one family: parallel arrays, no object per prefix. */
export interface NlriList {
  readonly afi: number;
  readonly safi: number;
  readonly prefixes: PrefixKey[];
  /** ADD-PATH path identifiers (RFC 7911), parallel to prefixes; absent without ADD-PATH. */
  readonly pathIds?: number[];
}

/** RFC 4760 §3. Next hops as text; IPv6 may carry a link-local second next hop. */
export interface MpReach {
  readonly afi: number;
  readonly safi: number;
  readonly nextHop: string;
  readonly linkLocalNextHop?: string;
  readonly nlri: NlriList;
}

export interface MpUnreach {
  readonly afi: number;
  readonly safi: number;
  readonly withdrawn: NlriList;
}

/** RFC 4271 §4.3. An End-of-RIB marker (RFC 4724 §2) is an UPDATE with nothing in it. */
export interface UpdateMessage {
  readonly type: "update";
  /** IPv4 unicast withdrawn routes. */
  readonly withdrawn: NlriList;
  readonly attributes: PathAttributes;
  /** IPv4 unicast NLRI. */
  readonly nlri: NlriList;
  readonly mpReach?: MpReach;
  readonly mpUnreach?: MpUnreach;
}

/** RFC 4271 §4.5. */
export interface NotificationMessage {
  readonly type: "notification";
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
}

export interface KeepaliveMessage {
  readonly type: "keepalive";
}

/** RFC 2918 / RFC 7313 (subtype 0 request, 1 BoRR, 2 EoRR). */
export interface RouteRefreshMessage {
  readonly type: "route-refresh";
  readonly afi: number;
  readonly safi: number;
  readonly subtype: number;
}

export type BgpMessage =
  | OpenMessage
  | UpdateMessage
  | NotificationMessage
  | KeepaliveMessage
  | RouteRefreshMessage;

// ---------------------------------------------------------------- session context

/**
 * What OPEN negotiation decided, passed explicitly to every decode and encode call
 * (never a global).
 */
export interface CodecContext {
  /** RFC 6793: both sides sent the 4-octet AS capability. */
  readonly fourOctetAs: boolean;
  /** RFC 8654: messages up to 65535 bytes. */
  readonly extendedMessage: boolean;
  /** Families for which path identifiers are received (we negotiated receive). */
  readonly addPathReceive: ReadonlySet<FamilyKey>;
  /** Families for which path identifiers are sent. */
  readonly addPathSend: ReadonlySet<FamilyKey>;
}

/** Before OPEN exchange: 2-octet AS, 4096-byte messages, no ADD-PATH. */
export const DEFAULT_CODEC_CONTEXT: CodecContext = {
  fourOctetAs: false,
  extendedMessage: false,
  addPathReceive: new Set(),
  addPathSend: new Set(),
};

// ---------------------------------------------------------------- RFC 7606 outcomes

/** RFC 7606 actions, weakest first; the strongest one seen decides. */
export const ErrorAction = {
  NONE: 0,
  ATTRIBUTE_DISCARD: 1,
  TREAT_AS_WITHDRAW: 2,
  AFI_SAFI_DISABLE: 3,
  SESSION_RESET: 4,
} as const;
export type ErrorActionCode = typeof ErrorAction[keyof typeof ErrorAction];

/** One problem found while decoding an UPDATE. */
export interface UpdateIssue {
  readonly action: ErrorActionCode;
  /** The attribute type code concerned, when there is one. */
  readonly attribute?: number;
  readonly reason: string;
  /**
   * For SESSION_RESET: the NOTIFICATION to send (RFC 4271 §6.3 / RFC 7606 §3). For the weaker
   * actions, the NOTIFICATION RFC 4271 alone would have sent (for logs and strict peers).
   */
  readonly notification?: NotificationMessage;
  /** For AFI_SAFI_DISABLE (and MP_REACH/MP_UNREACH problems): the family concerned. */
  readonly family?: AfiSafi;
}
