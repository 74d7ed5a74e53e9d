/**
 * IANA code points used by the BGP-4 codec, grouped by registry, with names for log text.
 * Registries: "Border Gateway Protocol (BGP) Parameters" and "Capability Codes".
 */
import { MessageType } from "./types.ts";

export { MessageType };

/** RFC 4271 §4.2: the only version we speak. */
export const BGP_VERSION = 4;

/** RFC 6793 §9: the 2-octet stand-in for a 4-octet AS number. */
export const AS_TRANS = 23456;

export const MessageTypeName: Readonly<Record<number, string>> = {
  1: "OPEN",
  2: "UPDATE",
  3: "NOTIFICATION",
  4: "KEEPALIVE",
  5: "ROUTE-REFRESH",
};

/** Optional parameter types (RFC 4271 §4.2, RFC 5492, RFC 9072). */
export const OptionalParameterType = {
  /** RFC 4271 (deprecated by RFC 5492). */
  AUTHENTICATION: 1,
  CAPABILITIES: 2,
  /** RFC 9072 §2: marks the extended optional parameters length encoding. */
  EXTENDED_LENGTH: 255,
} as const;

/** Capability Codes registry. */
export const CapabilityCode = {
  MULTIPROTOCOL: 1, // RFC 4760
  ROUTE_REFRESH: 2, // RFC 2918
  OUTBOUND_ROUTE_FILTERING: 3, // RFC 5291
  EXTENDED_NEXT_HOP_ENCODING: 5, // RFC 8950
  EXTENDED_MESSAGE: 6, // RFC 8654
  BGPSEC: 7, // RFC 8205
  MULTIPLE_LABELS: 8, // RFC 8277
  ROLE: 9, // RFC 9234
  GRACEFUL_RESTART: 64, // RFC 4724
  FOUR_OCTET_AS: 65, // RFC 6793
  DYNAMIC: 67,
  MULTISESSION: 68,
  ADD_PATH: 69, // RFC 7911
  ENHANCED_ROUTE_REFRESH: 70, // RFC 7313
  LONG_LIVED_GRACEFUL_RESTART: 71, // RFC 9494
  ROUTING_POLICY_DISTRIBUTION: 72,
  FQDN: 73, // draft-walton-bgp-hostname-capability
  BFD: 74,
  SOFTWARE_VERSION: 75,
  PATHS_LIMIT: 76,
  ROUTE_REFRESH_CISCO: 128, // pre-standard, deprecated
} as const;

export const CapabilityName: Readonly<Record<number, string>> = {
  1: "Multiprotocol Extensions",
  2: "Route Refresh",
  3: "Outbound Route Filtering",
  5: "Extended Next Hop Encoding",
  6: "Extended Message",
  7: "BGPsec",
  8: "Multiple Labels",
  9: "BGP Role",
  64: "Graceful Restart",
  65: "4-octet AS",
  67: "Dynamic Capability",
  68: "Multisession",
  69: "ADD-PATH",
  70: "Enhanced Route Refresh",
  71: "Long-Lived Graceful Restart",
  72: "Routing Policy Distribution",
  73: "FQDN",
  74: "BFD",
  75: "Software Version",
  76: "Paths-Limit",
  128: "Route Refresh (Cisco)",
};

/** RFC 9234 §4.1 BGP Role values. */
export const Role = {
  PROVIDER: 0,
  ROUTE_SERVER: 1,
  ROUTE_SERVER_CLIENT: 2,
  CUSTOMER: 3,
  PEER: 4,
} as const;

export const RoleName: Readonly<Record<number, string>> = {
  0: "Provider",
  1: "RS",
  2: "RS-Client",
  3: "Customer",
  4: "Peer",
};

/** Path attribute flag bits (RFC 4271 §4.3). */
export const AttributeFlag = {
  OPTIONAL: 0x80,
  TRANSITIVE: 0x40,
  PARTIAL: 0x20,
  EXTENDED_LENGTH: 0x10,
} as const;

/** BGP Path Attributes registry. */
export const AttributeCode = {
  ORIGIN: 1, // RFC 4271
  AS_PATH: 2, // RFC 4271
  NEXT_HOP: 3, // RFC 4271
  MULTI_EXIT_DISC: 4, // RFC 4271
  LOCAL_PREF: 5, // RFC 4271
  ATOMIC_AGGREGATE: 6, // RFC 4271
  AGGREGATOR: 7, // RFC 4271
  COMMUNITIES: 8, // RFC 1997
  ORIGINATOR_ID: 9, // RFC 4456
  CLUSTER_LIST: 10, // RFC 4456
  MP_REACH_NLRI: 14, // RFC 4760
  MP_UNREACH_NLRI: 15, // RFC 4760
  EXTENDED_COMMUNITIES: 16, // RFC 4360
  AS4_PATH: 17, // RFC 6793
  AS4_AGGREGATOR: 18, // RFC 6793
  PMSI_TUNNEL: 22, // RFC 6514
  TUNNEL_ENCAPSULATION: 23, // RFC 9012
  TRAFFIC_ENGINEERING: 24, // RFC 5543
  IPV6_ADDRESS_SPECIFIC_EXTENDED_COMMUNITY: 25, // RFC 5701
  AIGP: 26, // RFC 7311
  PE_DISTINGUISHER_LABELS: 27, // RFC 6514
  BGP_LS: 29, // RFC 9552
  LARGE_COMMUNITY: 32, // RFC 8092
  BGPSEC_PATH: 33, // RFC 8205
  OTC: 35, // RFC 9234
  SFP: 37, // RFC 9015
  BFD_DISCRIMINATOR: 38, // RFC 9026
  BGP_PREFIX_SID: 40, // RFC 8669
  ATTR_SET: 128, // RFC 6368
} as const;

export const AttributeName: Readonly<Record<number, string>> = {
  1: "ORIGIN",
  2: "AS_PATH",
  3: "NEXT_HOP",
  4: "MULTI_EXIT_DISC",
  5: "LOCAL_PREF",
  6: "ATOMIC_AGGREGATE",
  7: "AGGREGATOR",
  8: "COMMUNITIES",
  9: "ORIGINATOR_ID",
  10: "CLUSTER_LIST",
  14: "MP_REACH_NLRI",
  15: "MP_UNREACH_NLRI",
  16: "EXTENDED_COMMUNITIES",
  17: "AS4_PATH",
  18: "AS4_AGGREGATOR",
  22: "PMSI_TUNNEL",
  23: "TUNNEL_ENCAPSULATION",
  24: "TRAFFIC_ENGINEERING",
  25: "IPV6_ADDRESS_SPECIFIC_EXTENDED_COMMUNITY",
  26: "AIGP",
  27: "PE_DISTINGUISHER_LABELS",
  29: "BGP_LS",
  32: "LARGE_COMMUNITY",
  33: "BGPSEC_PATH",
  35: "OTC",
  37: "SFP",
  38: "BFD_DISCRIMINATOR",
  40: "BGP_PREFIX_SID",
  128: "ATTR_SET",
};

/** "AS_PATH" for known codes, "attribute 99" otherwise. */
export function attributeName(code: number): string {
  return AttributeName[code] ?? `attribute ${code}`;
}

/** ORIGIN values (RFC 4271 §4.3). */
export const Origin = { IGP: 0, EGP: 1, INCOMPLETE: 2 } as const;

/** ROUTE-REFRESH Message Subtype (RFC 7313 §3). */
export const RouteRefreshSubtype = {
  REQUEST: 0,
  BORR: 1,
  EORR: 2,
} as const;

/** BGP Error (NOTIFICATION) Codes registry. */
export const NotificationCode = {
  MESSAGE_HEADER_ERROR: 1, // RFC 4271
  OPEN_MESSAGE_ERROR: 2, // RFC 4271
  UPDATE_MESSAGE_ERROR: 3, // RFC 4271
  HOLD_TIMER_EXPIRED: 4, // RFC 4271
  FSM_ERROR: 5, // RFC 4271, RFC 6608
  CEASE: 6, // RFC 4271, RFC 4486
  ROUTE_REFRESH_MESSAGE_ERROR: 7, // RFC 7313
  SEND_HOLD_TIMER_EXPIRED: 8, // RFC 9687
} as const;

/** Message Header Error subcodes. */
export const MessageHeaderErrorSubcode = {
  UNSPECIFIC: 0,
  CONNECTION_NOT_SYNCHRONIZED: 1,
  BAD_MESSAGE_LENGTH: 2,
  BAD_MESSAGE_TYPE: 3,
} as const;

/** OPEN Message Error subcodes. */
export const OpenMessageErrorSubcode = {
  UNSPECIFIC: 0,
  UNSUPPORTED_VERSION_NUMBER: 1,
  BAD_PEER_AS: 2,
  BAD_BGP_IDENTIFIER: 3,
  UNSUPPORTED_OPTIONAL_PARAMETER: 4,
  /** 5 is deprecated (Authentication Failure, RFC 4271). */
  UNACCEPTABLE_HOLD_TIME: 6,
  UNSUPPORTED_CAPABILITY: 7, // RFC 5492
  /** 8, 9, 10 are deprecated. */
  ROLE_MISMATCH: 11, // RFC 9234
} as const;

/** UPDATE Message Error subcodes. */
export const UpdateMessageErrorSubcode = {
  UNSPECIFIC: 0,
  MALFORMED_ATTRIBUTE_LIST: 1,
  UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE: 2,
  MISSING_WELL_KNOWN_ATTRIBUTE: 3,
  ATTRIBUTE_FLAGS_ERROR: 4,
  ATTRIBUTE_LENGTH_ERROR: 5,
  INVALID_ORIGIN_ATTRIBUTE: 6,
  /** 7 is deprecated (AS Routing Loop). */
  INVALID_NEXT_HOP_ATTRIBUTE: 8,
  OPTIONAL_ATTRIBUTE_ERROR: 9,
  INVALID_NETWORK_FIELD: 10,
  MALFORMED_AS_PATH: 11,
} as const;

/** BGP Finite State Machine Error subcodes (RFC 6608). */
export const FsmErrorSubcode = {
  UNSPECIFIED: 0,
  UNEXPECTED_MESSAGE_IN_OPENSENT: 1,
  UNEXPECTED_MESSAGE_IN_OPENCONFIRM: 2,
  UNEXPECTED_MESSAGE_IN_ESTABLISHED: 3,
} as const;

/** BGP Cease NOTIFICATION subcodes (RFC 4486, RFC 8538, RFC 9384). */
export const CeaseSubcode = {
  MAXIMUM_NUMBER_OF_PREFIXES_REACHED: 1,
  ADMINISTRATIVE_SHUTDOWN: 2,
  PEER_DECONFIGURED: 3,
  ADMINISTRATIVE_RESET: 4,
  CONNECTION_REJECTED: 5,
  OTHER_CONFIGURATION_CHANGE: 6,
  CONNECTION_COLLISION_RESOLUTION: 7,
  OUT_OF_RESOURCES: 8,
  HARD_RESET: 9, // RFC 8538
  BFD_DOWN: 10, // RFC 9384
} as const;

/** BGP ROUTE-REFRESH Message Error subcodes (RFC 7313). */
export const RouteRefreshErrorSubcode = {
  RESERVED: 0,
  INVALID_MESSAGE_LENGTH: 1,
} as const;

export const NotificationCodeName: Readonly<Record<number, string>> = {
  1: "Message Header Error",
  2: "OPEN Message Error",
  3: "UPDATE Message Error",
  4: "Hold Timer Expired",
  5: "Finite State Machine Error",
  6: "Cease",
  7: "ROUTE-REFRESH Message Error",
  8: "Send Hold Timer Expired",
};

/** Subcode names per error code, as in the IANA registries. */
export const NotificationSubcodeName: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  1: {
    0: "Unspecific",
    1: "Connection Not Synchronized",
    2: "Bad Message Length",
    3: "Bad Message Type",
  },
  2: {
    0: "Unspecific",
    1: "Unsupported Version Number",
    2: "Bad Peer AS",
    3: "Bad BGP Identifier",
    4: "Unsupported Optional Parameter",
    5: "Authentication Failure (deprecated)",
    6: "Unacceptable Hold Time",
    7: "Unsupported Capability",
    8: "Deprecated",
    9: "Deprecated",
    10: "Deprecated",
    11: "Role Mismatch",
  },
  3: {
    0: "Unspecific",
    1: "Malformed Attribute List",
    2: "Unrecognized Well-known Attribute",
    3: "Missing Well-known Attribute",
    4: "Attribute Flags Error",
    5: "Attribute Length Error",
    6: "Invalid ORIGIN Attribute",
    7: "AS Routing Loop (deprecated)",
    8: "Invalid NEXT_HOP Attribute",
    9: "Optional Attribute Error",
    10: "Invalid Network Field",
    11: "Malformed AS_PATH",
  },
  4: { 0: "Unspecific" },
  5: {
    0: "Unspecified Error",
    1: "Receive Unexpected Message in OpenSent State",
    2: "Receive Unexpected Message in OpenConfirm State",
    3: "Receive Unexpected Message in Established State",
  },
  6: {
    0: "Unspecific",
    1: "Maximum Number of Prefixes Reached",
    2: "Administrative Shutdown",
    3: "Peer De-configured",
    4: "Administrative Reset",
    5: "Connection Rejected",
    6: "Other Configuration Change",
    7: "Connection Collision Resolution",
    8: "Out of Resources",
    9: "Hard Reset",
    10: "BFD Down",
  },
  7: { 0: "Reserved", 1: "Invalid Message Length" },
  8: { 0: "Unspecific" },
};

/** "Cease / Administrative Shutdown"; unknown values are shown as numbers. */
export function notificationName(code: number, subcode: number): string {
  const c = NotificationCodeName[code] ?? `Error code ${code}`;
  const s = NotificationSubcodeName[code]?.[subcode] ?? `subcode ${subcode}`;
  return `${c} / ${s}`;
}
