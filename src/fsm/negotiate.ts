/**
 * OPEN message checks (RFC 4271 §6.2) and capability negotiation (RFC 5492), producing either
 * the exact NOTIFICATION to send or ONE object describing the session: families, 4-octet AS,
 * ADD-PATH directions, route refresh, extended messages, graceful restart, LLGR, role, and
 * the CodecContext every later encode/decode call takes.
 */
import {
  AFI_IPV4,
  type AfiSafi,
  type Capability,
  type CodecContext,
  type FamilyKey,
  familyKey,
  type NotificationMessage,
  type OpenMessage,
  SAFI_UNICAST,
} from "../wire/types.ts";
import type { LocalConfig, RequiredCapability } from "./config.ts";
import { notification, NotificationCode, OpenMessageErrorSubcode } from "./notification.ts";

/** RFC 6793 §9: the 2-octet placeholder for a 4-octet AS in My Autonomous System. */
export const AS_TRANS = 23456;

/** RFC 4271 §4.2: the only version we speak. */
export const BGP_VERSION = 4;

/** IANA Capability Codes for the capability variants of src/wire/types.ts. */
export const CapabilityCode = {
  MULTIPROTOCOL: 1,
  ROUTE_REFRESH: 2,
  EXTENDED_MESSAGE: 6,
  ROLE: 9,
  GRACEFUL_RESTART: 64,
  FOUR_OCTET_AS: 65,
  ADD_PATH: 69,
  ENHANCED_ROUTE_REFRESH: 70,
  LONG_LIVED_GRACEFUL_RESTART: 71,
  FQDN: 73,
  /** Pre-standard route refresh (RFC 2918 §2 notes it); some old speakers still send it. */
  ROUTE_REFRESH_CISCO: 128,
} as const;

const IPV4_UNICAST: AfiSafi = { afi: AFI_IPV4, safi: SAFI_UNICAST };

/** RFC 7911 §4: the directions agreed for one family. */
export interface AddPathDirection extends AfiSafi {
  /** We receive path identifiers: we said receive and the peer said send. */
  readonly receive: boolean;
  /** We send path identifiers: we said send and the peer said receive. */
  readonly send: boolean;
}

/** RFC 4724 §3: the peer's Graceful Restart parameters (both sides advertised GR). */
export interface PeerGracefulRestart {
  readonly restartTimeSecs: number;
  /** R bit: the peer has restarted. */
  readonly restartState: boolean;
  /** RFC 8538 N bit: the peer supports Graceful Notification. */
  readonly notification: boolean;
  /** Negotiated families the peer listed, with its F bit. */
  readonly families: readonly (AfiSafi & { readonly forwardingPreserved: boolean })[];
}

/** RFC 9494 §2: the peer's Long-Lived Graceful Restart parameters. */
export interface PeerLlgr {
  readonly families: readonly (AfiSafi & {
    readonly staleTimeSecs: number;
    readonly forwardingPreserved: boolean;
  })[];
}

/** Everything the OPEN exchange decided, in one object. */
export interface Negotiated {
  /** The peer's real AS (from the 4-octet AS capability when present). */
  readonly peerAs: number;
  readonly peerBgpId: number;
  /** RFC 4271 §8.2.2: "internal" when the peer's AS equals ours. */
  readonly ibgp: boolean;
  /** RFC 4271 §4.2: the smaller of the two proposals (0 = no hold or keepalive timers). */
  readonly holdTimeSecs: number;
  /** RFC 4271 §10: one third of the hold time. */
  readonly keepaliveTimeSecs: number;
  /** RFC 4760 §8: families both sides offered, in our configured order. */
  readonly families: readonly AfiSafi[];
  readonly fourOctetAs: boolean;
  /** Families with at least one ADD-PATH direction agreed. */
  readonly addPath: readonly AddPathDirection[];
  readonly routeRefresh: boolean;
  readonly enhancedRouteRefresh: boolean;
  readonly extendedMessage: boolean;
  readonly gracefulRestart?: PeerGracefulRestart;
  readonly llgr?: PeerLlgr;
  readonly role?: { readonly local: number; readonly peer: number };
  readonly peerFqdn?: { readonly hostname: string; readonly domain: string };
  readonly codec: CodecContext;
}

/** The result of checking a received OPEN. */
export type OpenCheck =
  | { readonly ok: true; readonly negotiated: Negotiated }
  | {
    readonly ok: false;
    /** The NOTIFICATION to send (RFC 4271 §6.2). */
    readonly notification: NotificationMessage;
    /** One sentence for logs and the peer's last error. */
    readonly reason: string;
  };

function fail(subcode: number, reason: string, data?: Uint8Array): OpenCheck {
  return {
    ok: false,
    notification: notification(NotificationCode.OPEN_MESSAGE_ERROR, subcode, data),
    reason,
  };
}

/** The IANA capability code of a decoded capability. */
export function capabilityCode(c: Capability): number {
  switch (c.type) {
    case "multiprotocol":
      return CapabilityCode.MULTIPROTOCOL;
    case "route-refresh":
      return CapabilityCode.ROUTE_REFRESH;
    case "enhanced-route-refresh":
      return CapabilityCode.ENHANCED_ROUTE_REFRESH;
    case "four-octet-as":
      return CapabilityCode.FOUR_OCTET_AS;
    case "extended-message":
      return CapabilityCode.EXTENDED_MESSAGE;
    case "add-path":
      return CapabilityCode.ADD_PATH;
    case "graceful-restart":
      return CapabilityCode.GRACEFUL_RESTART;
    case "long-lived-graceful-restart":
      return CapabilityCode.LONG_LIVED_GRACEFUL_RESTART;
    case "role":
      return CapabilityCode.ROLE;
    case "fqdn":
      return CapabilityCode.FQDN;
    case "unknown":
      return c.code;
  }
}

/** The OPEN we send (RFC 4271 §4.2), with capabilities from the configuration (RFC 5492). */
export function buildOpen(config: LocalConfig): OpenMessage {
  const caps: Capability[] = [];
  // RFC 4760 §8: one Multiprotocol capability per family.
  for (const f of config.families) caps.push({ type: "multiprotocol", afi: f.afi, safi: f.safi });
  if (config.routeRefresh ?? true) caps.push({ type: "route-refresh" });
  if ((config.enhancedRouteRefresh ?? true) && (config.routeRefresh ?? true)) {
    caps.push({ type: "enhanced-route-refresh" }); // RFC 7313 §3: needs route refresh too
  }
  const fourOctet = config.fourOctetAs ?? true;
  if (fourOctet) caps.push({ type: "four-octet-as", asn: config.asn });
  if (config.extendedMessage ?? false) caps.push({ type: "extended-message" });
  const addPath = (config.addPath ?? []).filter((a) => a.receive || a.send);
  if (addPath.length > 0) {
    caps.push({
      type: "add-path",
      // RFC 7911 §4 Send/Receive: 1 receive, 2 send, 3 both.
      families: addPath.map((a) => ({
        afi: a.afi,
        safi: a.safi,
        mode: ((a.receive ? 1 : 0) | (a.send ? 2 : 0)) as 1 | 2 | 3,
      })),
    });
  }
  const gr = config.gracefulRestart;
  if (gr) {
    caps.push({
      type: "graceful-restart",
      // RFC 4724 §3: R bit 0x8; RFC 8538 §2: N bit 0x4.
      flags: (gr.restarting ? 0x8 : 0) | (gr.notification ? 0x4 : 0),
      restartTime: Math.min(gr.restartTimeSecs, 0xfff),
      // RFC 4724 §3: Flags for Address Family, F bit 0x80 = forwarding state preserved.
      families: (gr.families ?? []).map((f) => ({
        afi: f.afi,
        safi: f.safi,
        flags: f.forwardingPreserved ? 0x80 : 0,
      })),
    });
    if (config.llgr) {
      caps.push({
        type: "long-lived-graceful-restart",
        families: config.llgr.families.map((f) => ({
          afi: f.afi,
          safi: f.safi,
          flags: f.forwardingPreserved ? 0x80 : 0,
          staleTime: Math.min(f.staleTimeSecs, 0xffffff), // RFC 9494 §2: 24 bits
        })),
      });
    }
  }
  if (config.role !== undefined) caps.push({ type: "role", role: config.role });
  if (config.fqdn) caps.push({ type: "fqdn", ...config.fqdn });
  return {
    type: "open",
    version: BGP_VERSION,
    // RFC 6793 §4.1: My Autonomous System carries AS_TRANS when our AS needs 4 octets.
    myAs: config.asn > 0xffff ? AS_TRANS : config.asn,
    holdTime: config.holdTimeSecs,
    bgpId: config.bgpId,
    capabilities: caps,
  };
}

/** RFC 5492 §5: Unsupported Capability data lists the missing capabilities as TLVs. */
export function encodeRequiredCapabilities(missing: readonly RequiredCapability[]): Uint8Array {
  const parts: number[] = [];
  for (const r of missing) {
    if (r.code === CapabilityCode.MULTIPROTOCOL && r.afi !== undefined) {
      // RFC 4760 §8: Capability Value = AFI (2), Reserved (1), SAFI (1).
      parts.push(r.code, 4, r.afi >> 8, r.afi & 0xff, 0, r.safi ?? 0);
    } else {
      parts.push(r.code, 0);
    }
  }
  return new Uint8Array(parts);
}

function hasFamily(list: readonly AfiSafi[], f: AfiSafi): boolean {
  return list.some((x) => x.afi === f.afi && x.safi === f.safi);
}

/** RFC 9234 §4.2 Table 2: the role pairs that are allowed. */
function rolesMatch(local: number, peer: number): boolean {
  switch (local) {
    case 0:
      return peer === 3; // Provider - Customer
    case 3:
      return peer === 0; // Customer - Provider
    case 1:
      return peer === 2; // RS - RS-Client
    case 2:
      return peer === 1; // RS-Client - RS
    case 4:
      return peer === 4; // Peer - Peer
    default:
      return false;
  }
}

/** The families the peer offered; none offered means IPv4 unicast only (RFC 4760 §8). */
export function peerFamilies(open: OpenMessage): AfiSafi[] {
  const mp = open.capabilities.filter((c) => c.type === "multiprotocol");
  return mp.length === 0 ? [IPV4_UNICAST] : mp.map((c) => ({ afi: c.afi, safi: c.safi }));
}

/** RFC 4271 §4.2 / RFC 4760 §8: what we offer; no MP capability means IPv4 unicast. */
function localFamilies(config: LocalConfig): readonly AfiSafi[] {
  return config.families.length === 0 ? [IPV4_UNICAST] : config.families;
}

/**
 * Checks a received OPEN against our configuration (RFC 4271 §6.2, RFC 5492, RFC 6793,
 * RFC 6286, RFC 7607, RFC 9234) and negotiates the session.
 */
export function checkOpen(config: LocalConfig, open: OpenMessage): OpenCheck {
  // RFC 4271 §6.2: unsupported version -> subcode 1, data = largest version we support (2 octets).
  if (open.version !== BGP_VERSION) {
    return fail(
      OpenMessageErrorSubcode.UNSUPPORTED_VERSION_NUMBER,
      `peer speaks BGP version ${open.version}, we speak ${BGP_VERSION}`,
      new Uint8Array([0, BGP_VERSION]),
    );
  }

  // RFC 6793 §4.1: the 4-octet AS capability carries the real AS; My AS may be AS_TRANS.
  const fourOctetCap = open.capabilities.find((c) => c.type === "four-octet-as");
  const weSpeakFourOctet = config.fourOctetAs ?? true;
  const peerAs = weSpeakFourOctet && fourOctetCap ? fourOctetCap.asn : open.myAs;
  // RFC 7607 §2: AS 0 in My AS or in the 4-octet AS capability is a Bad Peer AS.
  if (open.myAs === 0 || peerAs === 0) {
    return fail(OpenMessageErrorSubcode.BAD_PEER_AS, "peer AS is 0 (RFC 7607)");
  }
  // RFC 4271 §6.2: "If the Autonomous System field of the OPEN message is unacceptable".
  if (config.peerAs !== undefined && peerAs !== config.peerAs) {
    const trans = open.myAs === AS_TRANS && !fourOctetCap
      ? " (AS_TRANS without the 4-octet AS capability)"
      : "";
    return fail(
      OpenMessageErrorSubcode.BAD_PEER_AS,
      `peer AS ${peerAs}${trans} is not the configured ${config.peerAs}`,
    );
  }

  // RFC 4271 §6.2: a Hold Time of one or two seconds MUST be rejected.
  if (open.holdTime === 1 || open.holdTime === 2) {
    return fail(
      OpenMessageErrorSubcode.UNACCEPTABLE_HOLD_TIME,
      `peer hold time ${open.holdTime} s (must be 0 or at least 3)`,
    );
  }

  const ibgp = peerAs === config.asn;
  // RFC 6286 §2.2: zero is invalid; for iBGP it must also differ from ours.
  if (open.bgpId === 0) {
    return fail(OpenMessageErrorSubcode.BAD_BGP_IDENTIFIER, "peer BGP identifier is 0");
  }
  if (ibgp && open.bgpId === config.bgpId) {
    return fail(OpenMessageErrorSubcode.BAD_BGP_IDENTIFIER, "iBGP peer uses our BGP identifier");
  }

  // RFC 5492 §5: a required capability that the peer did not send refuses the session.
  const missing = (config.requiredCapabilities ?? []).filter((r) =>
    !open.capabilities.some((c) =>
      capabilityCode(c) === r.code &&
      (c.type !== "multiprotocol" || r.afi === undefined ||
        (c.afi === r.afi && c.safi === (r.safi ?? c.safi)))
    )
  );
  if (missing.length > 0) {
    return fail(
      OpenMessageErrorSubcode.UNSUPPORTED_CAPABILITY,
      `peer lacks required capabilities ${missing.map((m) => m.code).join(", ")}`,
      encodeRequiredCapabilities(missing),
    );
  }

  // RFC 9234 §4.2: roles must form an allowed pair; several different roles are a mismatch.
  let role: Negotiated["role"];
  if (config.role !== undefined && !ibgp) {
    const peerRoles = [
      ...new Set(open.capabilities.flatMap((c) => c.type === "role" ? [c.role] : [])),
    ];
    if (peerRoles.length > 1) {
      return fail(OpenMessageErrorSubcode.ROLE_MISMATCH, `peer sent several roles ${peerRoles}`);
    }
    const peerRole = peerRoles[0];
    if (peerRole === undefined) {
      if (config.strictRole) {
        return fail(OpenMessageErrorSubcode.ROLE_MISMATCH, "peer sent no role (strict mode)");
      }
    } else if (!rolesMatch(config.role, peerRole)) {
      return fail(
        OpenMessageErrorSubcode.ROLE_MISMATCH,
        `role ${config.role} vs peer role ${peerRole}`,
      );
    } else {
      role = { local: config.role, peer: peerRole };
    }
  }

  return { ok: true, negotiated: negotiate(config, open, peerAs, ibgp, role) };
}

function negotiate(
  config: LocalConfig,
  open: OpenMessage,
  peerAs: number,
  ibgp: boolean,
  role: Negotiated["role"],
): Negotiated {
  const caps = open.capabilities;
  const has = (type: Capability["type"]) => caps.some((c) => c.type === type);

  // RFC 4271 §4.2: "use the smaller of its configured Hold Time and the Hold Time received".
  const holdTimeSecs = Math.min(config.holdTimeSecs, open.holdTime);
  const theirs = peerFamilies(open);
  const families = localFamilies(config).filter((f) => hasFamily(theirs, f));

  const fourOctetAs = (config.fourOctetAs ?? true) && has("four-octet-as");
  const routeRefresh = (config.routeRefresh ?? true) &&
    caps.some((c) =>
      c.type === "route-refresh" ||
      (c.type === "unknown" && c.code === CapabilityCode.ROUTE_REFRESH_CISCO)
    );
  const enhancedRouteRefresh = routeRefresh && (config.enhancedRouteRefresh ?? true) &&
    has("enhanced-route-refresh");
  const extendedMessage = (config.extendedMessage ?? false) && has("extended-message");

  // RFC 7911 §4: receive when we said receive and they said send; send when the reverse.
  const peerModes = new Map<FamilyKey, number>();
  for (const c of caps) {
    if (c.type !== "add-path") continue;
    // Several entries for one family: take every direction offered.
    for (const f of c.families) {
      peerModes.set(familyKey(f), (peerModes.get(familyKey(f)) ?? 0) | f.mode);
    }
  }
  const addPath: AddPathDirection[] = [];
  for (const f of families) {
    const mine = (config.addPath ?? []).find((a) => a.afi === f.afi && a.safi === f.safi);
    const theirMode = peerModes.get(familyKey(f)) ?? 0;
    const receive = (mine?.receive ?? false) && (theirMode & 2) !== 0;
    const send = (mine?.send ?? false) && (theirMode & 1) !== 0;
    if (receive || send) addPath.push({ afi: f.afi, safi: f.safi, receive, send });
  }

  // RFC 4724 §4: GR procedures apply only when both sides advertised the capability.
  let gracefulRestart: PeerGracefulRestart | undefined;
  const grCap = caps.find((c) => c.type === "graceful-restart");
  if (config.gracefulRestart && grCap) {
    gracefulRestart = {
      restartTimeSecs: grCap.restartTime,
      restartState: (grCap.flags & 0x8) !== 0,
      notification: (grCap.flags & 0x4) !== 0,
      families: grCap.families.filter((f) => hasFamily(families, f)).map((f) => ({
        afi: f.afi,
        safi: f.safi,
        forwardingPreserved: (f.flags & 0x80) !== 0,
      })),
    };
  }
  // RFC 9494 §2: LLGR is meaningful only together with GR.
  let llgr: PeerLlgr | undefined;
  const llgrCap = caps.find((c) => c.type === "long-lived-graceful-restart");
  if (gracefulRestart && config.llgr && llgrCap) {
    llgr = {
      families: llgrCap.families.filter((f) => hasFamily(families, f)).map((f) => ({
        afi: f.afi,
        safi: f.safi,
        staleTimeSecs: f.staleTime,
        forwardingPreserved: (f.flags & 0x80) !== 0,
      })),
    };
  }
  const fqdnCap = caps.find((c) => c.type === "fqdn");

  const codec: CodecContext = {
    fourOctetAs,
    extendedMessage,
    addPathReceive: new Set(addPath.filter((a) => a.receive).map(familyKey)),
    addPathSend: new Set(addPath.filter((a) => a.send).map(familyKey)),
  };
  return {
    peerAs,
    peerBgpId: open.bgpId,
    ibgp,
    holdTimeSecs,
    keepaliveTimeSecs: Math.floor(holdTimeSecs / 3),
    families,
    fourOctetAs,
    addPath,
    routeRefresh,
    enhancedRouteRefresh,
    extendedMessage,
    ...(gracefulRestart ? { gracefulRestart } : {}),
    ...(llgr ? { llgr } : {}),
    ...(role ? { role } : {}),
    ...(fqdnCap ? { peerFqdn: { hostname: fqdnCap.hostname, domain: fqdnCap.domain } } : {}),
    codec,
  };
}
