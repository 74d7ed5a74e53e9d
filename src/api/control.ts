/**
 * `BgpControl`: everything the gRPC API asks of the speaker, in domain types (wire path
 * attributes, compact prefix keys, config-model records). No protobuf type appears here;
 * src/api/convert.ts translates at the edge. The speaker implements this interface; tests
 * use an in-memory fake (tests/_helpers/fake_control.ts).
 *
 * Failures are thrown as `ControlError` with a code; the API maps each code to bgpgg's
 * in-band `success=false` or to a gRPC status, per RPC (src/api/service.ts).
 */
import type { Endpoint, IpAddress, IpPrefix } from "../common/ip.ts";
import type { PrefixKey } from "../common/prefix_key.ts";
import type {
  BmpServerConfig,
  PeerConfig,
  PolicyDefinition,
  PrefixSetEntry,
} from "../config/model.ts";
import type { AfiSafi, PathAttributes } from "../wire/types.ts";

/** A value or a promise of it: the speaker may answer synchronously. */
export type Awaitable<T> = T | Promise<T>;

export type ControlErrorCode =
  | "invalid-argument"
  | "not-found"
  | "already-exists"
  | "failed-precondition"
  | "unavailable";

/** A refused control operation. The message names the object concerned (peer, set, ...). */
export class ControlError extends Error {
  readonly code: ControlErrorCode;
  constructor(code: ControlErrorCode, message: string) {
    super(message);
    this.name = "ControlError";
    this.code = code;
  }
}

// ---------------------------------------------------------------- peers

/** RFC 4271 §8.2.2 session states. */
export type SessionState =
  | "idle"
  | "connect"
  | "active"
  | "open-sent"
  | "open-confirm"
  | "established";

/** "prefix-limit-exceeded": a max-prefix TERMINATE stopped the session (RFC 4486 subcode 1). */
export type AdminStatus = "up" | "down" | "prefix-limit-exceeded";

export interface PeerStatus {
  readonly address: IpAddress;
  /** The AS from the peer's OPEN; 0 before one arrived. */
  readonly asn: number;
  readonly state: SessionState;
  readonly adminState: AdminStatus;
  /** false for a peer accepted without configuration (accept-unconfigured-peers). */
  readonly configured: boolean;
  readonly importPolicies: readonly string[];
  readonly exportPolicies: readonly string[];
}

/** Messages sent and received on the peer's sessions. */
export interface PeerMessageCounts {
  readonly openSent: number;
  readonly keepaliveSent: number;
  readonly updateSent: number;
  readonly notificationSent: number;
  readonly openReceived: number;
  readonly keepaliveReceived: number;
  readonly updateReceived: number;
  readonly notificationReceived: number;
}

export interface PeerDetail {
  readonly status: PeerStatus;
  readonly statistics: PeerMessageCounts;
}

/** A peer added through the API: the config model plus bgpgg v0.2's collision knob. */
export interface NewPeer extends PeerConfig {
  /** RFC 4271 §6.8: also detect collisions with an Established session. */
  readonly collisionDetectEstablishedState: boolean;
}

/** soft-in: ROUTE-REFRESH (RFC 2918); soft-out: re-send Adj-RIB-Out; hard: Cease/Reset. */
export type ResetKind = "soft-in" | "soft-out" | "soft" | "hard";

// ---------------------------------------------------------------- routes

/** A locally originated route (API, CLI). Addresses are canonical text. */
export interface LocalRoute {
  readonly prefix: PrefixKey;
  /** IPv4 or IPv6 next hop, canonical text. */
  readonly nextHop: string;
  /** Everything but the next hop (PathAttributes.nextHop is unset). */
  readonly attributes: PathAttributes;
}

export type RibView =
  | { readonly type: "global" }
  | { readonly type: "adj-in"; readonly peer: IpAddress }
  | { readonly type: "adj-out"; readonly peer: IpAddress };

export interface RibPath {
  /** Canonical text; for IPv6 the global next hop. */
  readonly nextHop: string;
  /** The peer the path came from, canonical text; null for locally originated paths. */
  readonly peer: string | null;
  /** Without nextHop (see the field above). */
  readonly attributes: PathAttributes;
}

export interface RibRoute {
  readonly prefix: PrefixKey;
  readonly paths: readonly RibPath[];
}

export interface ServerInfo {
  /** The BGP listener's address and actually bound port. */
  readonly listen: Endpoint;
  /** Prefixes (not paths) in the Loc-RIB. */
  readonly routeCount: number;
}

// ---------------------------------------------------------------- policy

export type DefinedSetType =
  | "prefix-set"
  | "neighbor-set"
  | "as-path-set"
  | "community-set"
  | "ext-community-set"
  | "large-community-set";

/** A named set; community values are canonical text ("65001:100", "rt:65001:1", "1:2:3"). */
export type DefinedSet =
  | {
    readonly type: "prefix-set";
    readonly name: string;
    readonly prefixes: readonly PrefixSetEntry[];
  }
  | {
    readonly type: "neighbor-set";
    readonly name: string;
    readonly addresses: readonly IpPrefix[];
  }
  | { readonly type: "as-path-set"; readonly name: string; readonly patterns: readonly string[] }
  | { readonly type: "community-set"; readonly name: string; readonly values: readonly string[] }
  | {
    readonly type: "ext-community-set";
    readonly name: string;
    readonly values: readonly string[];
  }
  | {
    readonly type: "large-community-set";
    readonly name: string;
    readonly values: readonly string[];
  };

export interface PolicyAssignment {
  readonly peer: IpAddress;
  readonly direction: "import" | "export";
  /** Replaces the peer's list for that direction. */
  readonly policies: readonly string[];
  readonly defaultAction?: "accept" | "reject";
}

// ---------------------------------------------------------------- netlink

export interface NetlinkImportRequest {
  /** "" = global RIB. */
  readonly vrf: string;
  /** Interface names or shell globs (eth*, vlan?, [ab]*). */
  readonly interfaces: readonly string[];
}

export interface NetlinkExportRequest {
  /** "" = global RIB / main table. */
  readonly vrf: string;
  /** Export only routes carrying this community ("AS:VAL"); with the lists, any match. */
  readonly community?: string;
  readonly communityList: readonly string[];
  /** "GA:LD1:LD2" each. */
  readonly largeCommunityList: readonly string[];
}

export interface NetlinkStatus {
  readonly import: NetlinkImportRequest & { readonly enabled: boolean };
  readonly export: NetlinkExportRequest & { readonly enabled: boolean };
}

// ---------------------------------------------------------------- the interface

export interface BgpControl {
  // Peers. Addresses identify peers (one peer per IP).
  /** Throws already-exists when the address is taken. */
  addPeer(peer: NewPeer): Awaitable<void>;
  /** RFC 4486 subcode 3 (Peer De-configured); throws not-found. */
  removePeer(address: IpAddress): Awaitable<void>;
  /** Admin down, RFC 4486 subcode 2 (Administrative Shutdown); throws not-found. */
  disablePeer(address: IpAddress): Awaitable<void>;
  /** Admin up and ManualStart; throws not-found. */
  enablePeer(address: IpAddress): Awaitable<void>;
  /**
   * Throws not-found, or failed-precondition for a soft reset of a session that is not
   * Established or a family that was not negotiated. `family` unset: every negotiated family.
   */
  resetPeer(address: IpAddress, kind: ResetKind, family?: AfiSafi): Awaitable<void>;
  listPeers(): Awaitable<readonly PeerStatus[]>;
  /** Throws not-found. */
  getPeer(address: IpAddress): Awaitable<PeerDetail>;

  // Routes.
  /** Adds (or replaces) locally originated paths, in order. */
  addRoutes(routes: readonly LocalRoute[]): Awaitable<void>;
  /** Removes the locally originated path; false if there was none. */
  removeRoute(prefix: PrefixKey): Awaitable<boolean>;
  /**
   * The routes of one RIB view in chunks (a few thousand routes each); the consumer pulls
   * the next chunk only when it has written the previous one, so a full table is never
   * copied at once. Throws not-found (from the first `next()`) for an unknown peer.
   * Stops early when `signal` aborts.
   */
  listRoutes(view: RibView, signal: AbortSignal): AsyncIterable<readonly RibRoute[]>;
  serverInfo(): Awaitable<ServerInfo>;

  // BMP collectors.
  /** Throws already-exists for a collector already configured. */
  addBmpServer(server: BmpServerConfig): Awaitable<void>;
  /** Throws not-found. */
  removeBmpServer(address: Endpoint): Awaitable<void>;
  listBmpServers(): Awaitable<readonly BmpServerConfig[]>;

  // Policy.
  /** Throws already-exists unless `replace`; invalid-argument for bad members. */
  addDefinedSet(set: DefinedSet, replace: boolean): Awaitable<void>;
  /** false if there was no such set; throws failed-precondition while a policy uses it. */
  removeDefinedSet(type: DefinedSetType, name: string): Awaitable<boolean>;
  listDefinedSets(
    filter: { type?: DefinedSetType; name?: string },
  ): Awaitable<readonly DefinedSet[]>;
  /** Adds or replaces; throws not-found for a set the statements reference. */
  addPolicy(policy: PolicyDefinition): Awaitable<void>;
  /** false if there was no such policy; throws failed-precondition while a peer uses it. */
  removePolicy(name: string): Awaitable<boolean>;
  listPolicies(name?: string): Awaitable<readonly PolicyDefinition[]>;
  /** Throws not-found for an unknown peer or policy. */
  setPolicyAssignment(assignment: PolicyAssignment): Awaitable<void>;

  // Kernel routing table (netlink).
  /** Replaces the import settings and enables import. */
  enableNetlinkImport(request: NetlinkImportRequest): Awaitable<void>;
  /** Replaces the export settings and enables export. */
  enableNetlinkExport(request: NetlinkExportRequest): Awaitable<void>;
  getNetlink(): Awaitable<NetlinkStatus>;
  /** keepRoutes false: withdraw imported routes / delete exported kernel routes. */
  disableNetlink(direction: "import" | "export", keepRoutes: boolean): Awaitable<void>;
}
