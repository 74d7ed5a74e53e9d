/**
 * The configuration snapshot one session needs: what we put in our OPEN and accept in the
 * peer's (LocalConfig), plus the RFC 4271 §8.1.1 optional session attributes (SessionConfig).
 * The speaker builds it from the config model; the FSM never sees the config file's shape.
 */
import type { AfiSafi } from "../wire/types.ts";
import type { DampingConfig } from "./damping.ts";

/** RFC 7911 §4: which ADD-PATH directions we offer for one family. */
export interface AddPathConfig extends AfiSafi {
  readonly receive: boolean;
  readonly send: boolean;
}

/** RFC 4724 §3: what we advertise in our Graceful Restart capability. */
export interface GracefulRestartConfig {
  /** Restart Time in seconds (12 bits, at most 4095). */
  readonly restartTimeSecs: number;
  /** Restart State (R) bit: we are restarting now. */
  readonly restarting?: boolean;
  /** RFC 8538 §2: Graceful Notification (N) bit. */
  readonly notification?: boolean;
  /** Families listed with their Forwarding State (F) bit; none = receiving speaker only. */
  readonly families?: readonly (AfiSafi & { readonly forwardingPreserved: boolean })[];
}

/** RFC 9494 §2: what we advertise in our Long-Lived Graceful Restart capability. */
export interface LlgrConfig {
  readonly families: readonly (AfiSafi & {
    readonly staleTimeSecs: number;
    readonly forwardingPreserved?: boolean;
  })[];
}

/** A capability the peer MUST advertise (RFC 5492 §5); MP needs its AFI/SAFI. */
export interface RequiredCapability {
  readonly code: number;
  readonly afi?: number;
  readonly safi?: number;
}

/** RFC 9234 §4.1 BGP Role values. */
export const BgpRole = {
  PROVIDER: 0,
  RS: 1,
  RS_CLIENT: 2,
  CUSTOMER: 3,
  PEER: 4,
} as const;

/** Our side of the OPEN exchange. */
export interface LocalConfig {
  /** Our AS number (4-octet values allowed; sent as AS_TRANS in My AS when > 65535). */
  readonly asn: number;
  /** Our BGP Identifier as an unsigned 32-bit number. */
  readonly bgpId: number;
  /** Hold Time we propose (RFC 4271 §4.2: 0 or at least 3 seconds). */
  readonly holdTimeSecs: number;
  /** Expected peer AS; undefined accepts any AS (iBGP or eBGP follows the OPEN). */
  readonly peerAs?: number;
  /** Families we offer with Multiprotocol capabilities (RFC 4760 §8). */
  readonly families: readonly AfiSafi[];
  /** RFC 2918 (default true). */
  readonly routeRefresh?: boolean;
  /** RFC 7313 (default true). */
  readonly enhancedRouteRefresh?: boolean;
  /** RFC 6793 (default true). */
  readonly fourOctetAs?: boolean;
  /** RFC 8654 (default false). */
  readonly extendedMessage?: boolean;
  readonly addPath?: readonly AddPathConfig[];
  readonly gracefulRestart?: GracefulRestartConfig;
  /** Sent only together with gracefulRestart (RFC 9494 §2). */
  readonly llgr?: LlgrConfig;
  /** RFC 9234 role (BgpRole value), eBGP only. */
  readonly role?: number;
  /** RFC 9234 §4.2 strict mode: the peer must send a Role capability. */
  readonly strictRole?: boolean;
  /** draft-walton-bgp-hostname. */
  readonly fqdn?: { readonly hostname: string; readonly domain: string };
  /** Capabilities whose absence refuses the session (RFC 5492 §5). */
  readonly requiredCapabilities?: readonly RequiredCapability[];
}

/** LocalConfig plus the RFC 4271 §8.1.1 optional session attributes. */
export interface SessionConfig extends LocalConfig, DampingConfig {
  /** RFC 4271 §10 ConnectRetryTime (suggested 120 s; bgpgg uses 30 s). */
  readonly connectRetryTimeSecs: number;
  /** §8.1.1 Group 3 PassiveTcpEstablishment: never dial, only listen (automatic restarts). */
  readonly passiveTcpEstablishment: boolean;
  /** §8.1.1 Group 1 AllowAutomaticStop: Event 8 (e.g. max-prefix) may stop the session. */
  readonly allowAutomaticStop: boolean;
  /** §8.1.1 Group 4 DelayOpen/DelayOpenTime: set (> 0) to delay our OPEN. */
  readonly delayOpenTimeSecs?: number;
  /** §8.1.1 Group 4 SendNOTIFICATIONwithoutOPEN. */
  readonly sendNotificationWithoutOpen: boolean;
  /** §8.1.1 Group 4 CollisionDetectEstablishedState. */
  readonly collisionDetectEstablishedState: boolean;
  /** §8.2.2 "large value" for the HoldTimer before OPEN arrives (default 240 s = 4 min). */
  readonly largeHoldTimeSecs?: number;
}

/** RFC 4271 §8.2.2: "A HoldTimer value of 4 minutes is suggested." */
export const DEFAULT_LARGE_HOLD_TIME_SECS = 240;

/** bgpgg-compatible defaults for the optional session attributes. */
export const DEFAULT_SESSION_OPTIONS = {
  connectRetryTimeSecs: 30,
  passiveTcpEstablishment: false,
  idleHoldTimeSecs: 30,
  dampPeerOscillations: true,
  allowAutomaticStop: true,
  sendNotificationWithoutOpen: false,
  collisionDetectEstablishedState: false,
} as const;
