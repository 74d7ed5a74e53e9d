/**
 * The internal config model: neither the YAML shape, nor the TOML shape, nor the API shape.
 * Every value is already parsed and validated (addresses, prefixes, regexes...).
 */
import type { Endpoint, IpAddress, IpPrefix } from "../common/ip.ts";
import type { LogLevel } from "../common/log.ts";

export interface Config {
  readonly asn: number;
  /** BGP identifier, dotted quad. */
  readonly routerId: string;
  readonly listen: Endpoint;
  readonly grpcListen: Endpoint;
  readonly logLevel: LogLevel;
  /** Proposed hold time (RFC 4271 §4.2); 0 or >= 3. */
  readonly holdTimeSecs: number;
  readonly connectRetrySecs: number;
  readonly acceptUnconfiguredPeers: boolean;
  /** RFC 8212: eBGP routes need an explicit policy. Default false (bgpgg v0.2 / GoBGP). */
  readonly ebgpRequiresPolicy: boolean;
  readonly sysName?: string;
  readonly sysDescr?: string;
  readonly peers: readonly PeerConfig[];
  readonly bmpServers: readonly BmpServerConfig[];
  readonly definedSets: DefinedSets;
  readonly policies: readonly PolicyDefinition[];
  /** Global import/export policy (GoBGP [global.apply-policy]). */
  readonly globalApplyPolicy?: ApplyPolicy;
  readonly netlink: NetlinkConfig;
}

export interface MaxPrefix {
  readonly limit: number;
  readonly action: "terminate" | "discard";
}

export interface PeerConfig {
  readonly address: IpAddress;
  /** Remote port to dial (bgpgg v0.2 "IP:PORT"); 179 by default. */
  readonly port: number;
  /** Expected remote AS; undefined = accept any (then eBGP/iBGP follows the OPEN). */
  readonly asn?: number;
  readonly localAddress?: IpAddress;
  readonly passiveMode: boolean;
  /** undefined = AllowAutomaticStart false (bgpgg: null). */
  readonly idleHoldTimeSecs?: number;
  readonly dampPeerOscillations: boolean;
  readonly allowAutomaticStop: boolean;
  readonly delayOpenTimeSecs?: number;
  readonly holdTimeSecs?: number;
  readonly connectRetrySecs?: number;
  readonly maxPrefix?: MaxPrefix;
  readonly sendNotificationWithoutOpen: boolean;
  readonly mraiSecs?: number;
  readonly importPolicy: readonly string[];
  readonly exportPolicy: readonly string[];
  readonly defaultImportAction?: "accept" | "reject";
  readonly defaultExportAction?: "accept" | "reject";
  /** Families to negotiate, "1/1" / "2/1"; default both unicast families. */
  readonly families: readonly ("1/1" | "2/1")[];
  readonly routeReflectorClient: boolean;
  readonly routeServerClient: boolean;
  readonly clusterId?: string;
  readonly addPathReceive: boolean;
  readonly addPathSend: "disabled" | "all" | "best";
  readonly enforceFirstAs: boolean;
  readonly nextHopSelf: boolean;
  /** RFC 9234 role: provider, rs, rs-client, customer, peer. */
  readonly role?: "provider" | "rs" | "rs-client" | "customer" | "peer";
  readonly gracefulRestart?: { readonly enabled: boolean; readonly restartTimeSecs: number };
  readonly description?: string;
  /** bgpgg v0.2: also run collision detection against an Established session. */
  readonly collisionDetectEstablishedState?: boolean;
  /** GoBGP add-paths send-max: most paths per prefix when addPathSend is "all". */
  readonly addPathSendMax?: number;
}

export interface BmpServerConfig {
  readonly address: Endpoint;
  readonly statisticsTimeoutSecs?: number;
  /** Views to send; default ["pre-policy"]. */
  readonly views:
    readonly ("pre-policy" | "post-policy" | "adj-rib-out-pre" | "adj-rib-out-post" | "loc-rib")[];
  /** Per-collector Initiation sysName/sysDescr (GoBGP); default the global ones. */
  readonly sysName?: string;
  readonly sysDescr?: string;
}

export type MatchOption = "any" | "all" | "invert";

export interface PrefixSetEntry {
  readonly prefix: IpPrefix;
  /** Inclusive mask-length range; exact = [len, len]. */
  readonly minLength: number;
  readonly maxLength: number;
}

export interface DefinedSets {
  readonly prefixSets: ReadonlyMap<string, readonly PrefixSetEntry[]>;
  readonly neighborSets: ReadonlyMap<string, readonly IpPrefix[]>;
  /** Regular expressions over the AS path string ("65001 65002 {65003,65004}"). */
  readonly asPathSets: ReadonlyMap<string, readonly string[]>;
  /**
   * Values "AS:VAL", well-known names, or regexes (GoBGP style). Normalised at load: a
   * well-known value is always its name (NO_EXPORT, never 65535:65281), others "AS:VAL" without
   * leading zeros; a member that is not a value contains regex syntax and compiles.
   */
  readonly communitySets: ReadonlyMap<string, readonly string[]>;
  /** Normalised lower-case forms: "rt:AS:N", "ro:IP:N", "color:N", "0x<16 hex>"... or regexes. */
  readonly extCommunitySets: ReadonlyMap<string, readonly string[]>;
  /** "GA:LD1:LD2" without leading zeros, or regexes. */
  readonly largeCommunitySets: ReadonlyMap<string, readonly string[]>;
}

export interface SetMatch {
  readonly setName: string;
  readonly matchOption: MatchOption;
}

export interface Conditions {
  readonly prefixSet?: SetMatch;
  readonly neighborSet?: SetMatch;
  readonly asPathSet?: SetMatch;
  readonly communitySet?: SetMatch;
  readonly extCommunitySet?: SetMatch;
  readonly largeCommunitySet?: SetMatch;
  readonly prefix?: IpPrefix;
  readonly neighbor?: IpAddress;
  readonly hasAsn?: number;
  readonly routeType?: "ebgp" | "ibgp" | "local";
  readonly community?: string;
  readonly asPathLength?: { readonly operator: "eq" | "ge" | "le"; readonly value: number };
  readonly afiSafi?: "ipv4-unicast" | "ipv6-unicast";
}

export type CommunityOperation = "add" | "remove" | "replace";

export interface Actions {
  /** accept / reject / next (fall through to the next statement). */
  readonly routeDisposition?: "accept" | "reject" | "next";
  readonly localPref?: number;
  readonly med?:
    | { readonly op: "set"; readonly value: number }
    | { readonly op: "add" | "subtract"; readonly value: number }
    | { readonly op: "remove" };
  readonly community?: {
    readonly operation: CommunityOperation;
    readonly values: readonly string[];
  };
  readonly extCommunity?: {
    readonly operation: CommunityOperation;
    readonly values: readonly string[];
  };
  readonly largeCommunity?: {
    readonly operation: CommunityOperation;
    readonly values: readonly string[];
  };
  readonly asPathPrepend?: { readonly asn: number | "self"; readonly repeat: number };
  readonly nextHop?: IpAddress | "self";
}

export interface Statement {
  readonly name: string;
  readonly conditions: Conditions;
  readonly actions: Actions;
}

export interface PolicyDefinition {
  readonly name: string;
  readonly statements: readonly Statement[];
}

export interface ApplyPolicy {
  readonly importPolicy: readonly string[];
  readonly exportPolicy: readonly string[];
  readonly defaultImportAction: "accept" | "reject";
  readonly defaultExportAction: "accept" | "reject";
}

export interface NetlinkImportConfig {
  readonly enabled: boolean;
  /** "" = global RIB. */
  readonly vrf: string;
  /** Shell globs (eth*, vlan?, [ab]*). */
  readonly interfaceList: readonly string[];
}

export interface NetlinkExportConfig {
  readonly enabled: boolean;
  readonly vrf: string;
  /** Kernel table; undefined = main, or the VRF's table when vrf is set. */
  readonly table?: number;
  /** rtm_protocol mark, default 186. */
  readonly protocol: number;
  readonly metric: number;
  readonly community?: string;
  readonly communityList: readonly string[];
  readonly largeCommunityList: readonly string[];
  /** Keep exported routes in the kernel on shutdown. */
  readonly keepRoutesOnStop: boolean;
}

export interface NetlinkConfig {
  readonly import: NetlinkImportConfig;
  readonly export: NetlinkExportConfig;
}
