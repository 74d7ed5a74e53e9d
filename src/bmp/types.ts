/**
 * The BMP message model (RFC 7854 §4, RFC 8671, RFC 9069). Encoders consume it, decoders
 * produce it. BGP PDUs inside BMP messages are opaque bytes (whole messages, marker included).
 */
import type { IpAddress } from "../common/ip.ts";

/** RFC 7854 §4.2: the 42-byte per-peer header. */
export interface PerPeerHeader {
  /** 0 global, 1 RD, 2 local instance, 3 Loc-RIB instance (RFC 9069); see PeerType. */
  readonly peerType: number;
  /**
   * Peer flags as sent (see PeerFlag / LocRibFlag). For peer types 0-2 the encoder derives V
   * from `address.family`, so callers need not set it.
   */
  readonly flags: number;
  /** Peer Distinguisher (RD or instance id), 8 bytes as an unsigned 64-bit number. */
  readonly distinguisher: bigint;
  /** IPv4 is carried in the last 4 bytes of the 16-byte field (RFC 7854 §4.2). */
  readonly address: IpAddress;
  /** Always 4 octets on the wire. */
  readonly asn: number;
  /** BGP Identifier as an unsigned 32-bit number. */
  readonly bgpId: number;
  /** Seconds since the Unix epoch; 0 when unknown (RFC 7854 §4.2). */
  readonly timestampSeconds: number;
  /** Microseconds within the second. */
  readonly timestampMicros: number;
}

/** Initiation Information TLVs (RFC 7854 §4.4). */
export type InitiationTlv =
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "sys-descr"; readonly value: string }
  | { readonly type: "sys-name"; readonly value: string }
  | UnknownTlv;

/** Termination Information TLVs (RFC 7854 §4.5). */
export type TerminationTlv =
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "reason"; readonly reason: number }
  | UnknownTlv;

/** Peer Up (and Peer Down reason 6) Information TLVs (RFC 7854 §4.10, RFC 9069, RFC 8671). */
export type PeerInformationTlv =
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "vrf-table-name"; readonly value: string }
  | { readonly type: "admin-label"; readonly value: string }
  | UnknownTlv;

/** A TLV of a type this codec does not interpret, kept as bytes. */
export interface UnknownTlv {
  readonly type: "unknown";
  readonly code: number;
  readonly value: Uint8Array;
}

/** RFC 7854 §4.9 / RFC 9069 §5.3 Peer Down reason and its data. */
export type PeerDownReason =
  | { readonly type: "local-notification"; readonly notification: Uint8Array } // 1
  | { readonly type: "local-no-notification"; readonly fsmEvent: number } // 2
  | { readonly type: "remote-notification"; readonly notification: Uint8Array } // 3
  | { readonly type: "remote-no-notification" } // 4
  | { readonly type: "peer-deconfigured" } // 5
  | { readonly type: "local-tlv"; readonly information: readonly PeerInformationTlv[] } // 6
  | { readonly type: "unknown"; readonly code: number; readonly data: Uint8Array };

/** One Stat TLV of a Statistics Report (RFC 7854 §4.8). */
export type StatEntry =
  | { readonly type: "counter"; readonly statType: number; readonly value: number }
  | { readonly type: "gauge"; readonly statType: number; readonly value: bigint }
  | {
    readonly type: "afi-safi-gauge";
    readonly statType: number;
    readonly afi: number;
    readonly safi: number;
    readonly value: bigint;
  }
  | { readonly type: "unknown"; readonly statType: number; readonly data: Uint8Array };

/** Route Mirroring TLVs (RFC 7854 §4.7). */
export type RouteMirroringTlv =
  | { readonly type: "bgp-message"; readonly pdu: Uint8Array }
  | { readonly type: "information"; readonly code: number }
  | UnknownTlv;

export interface RouteMonitoringMessage {
  readonly type: "route-monitoring";
  readonly peer: PerPeerHeader;
  /** One whole BGP UPDATE PDU. */
  readonly update: Uint8Array;
}

export interface StatisticsReportMessage {
  readonly type: "statistics-report";
  readonly peer: PerPeerHeader;
  readonly stats: readonly StatEntry[];
}

export interface PeerDownMessage {
  readonly type: "peer-down";
  readonly peer: PerPeerHeader;
  readonly reason: PeerDownReason;
}

export interface PeerUpMessage {
  readonly type: "peer-up";
  readonly peer: PerPeerHeader;
  /** Local end of the BGP session; its family follows the V flag (RFC 7854 §4.10). */
  readonly localAddress: IpAddress;
  readonly localPort: number;
  readonly remotePort: number;
  /** The whole OPEN PDU this router sent. */
  readonly sentOpen: Uint8Array;
  /** The whole OPEN PDU this router received. */
  readonly receivedOpen: Uint8Array;
  readonly information: readonly PeerInformationTlv[];
}

export interface InitiationMessage {
  readonly type: "initiation";
  readonly information: readonly InitiationTlv[];
}

export interface TerminationMessage {
  readonly type: "termination";
  readonly information: readonly TerminationTlv[];
}

export interface RouteMirroringMessage {
  readonly type: "route-mirroring";
  readonly peer: PerPeerHeader;
  readonly tlvs: readonly RouteMirroringTlv[];
}

/** A message type this codec does not know; receivers skip it (RFC 7854 §4.1). */
export interface UnknownBmpMessage {
  readonly type: "unknown";
  readonly messageType: number;
  readonly body: Uint8Array;
}

export type BmpMessage =
  | RouteMonitoringMessage
  | StatisticsReportMessage
  | PeerDownMessage
  | PeerUpMessage
  | InitiationMessage
  | TerminationMessage
  | RouteMirroringMessage
  | UnknownBmpMessage;
