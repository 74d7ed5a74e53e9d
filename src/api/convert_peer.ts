/**
 * Peers, BMP collectors, server info and netlink between protobuf and the domain.
 * Part of convert.ts.
 */
import {
  type Endpoint,
  formatEndpoint,
  formatIp,
  type IpAddress,
  IpParseError,
  parseEndpoint,
} from "../common/ip.ts";
import {
  LARGE_COMMUNITY_FORMS,
  parseCommunity,
  parseLargeCommunity,
  ValueError,
} from "../config/communities.ts";
import type { BmpServerConfig, MaxPrefix } from "../config/model.ts";
import { AFI_IPV4, AFI_IPV6, type AfiSafi, SAFI_UNICAST } from "../wire/types.ts";
import type {
  AdminStatus,
  NetlinkExportRequest,
  NetlinkImportRequest,
  NetlinkStatus,
  NewPeer,
  PeerDetail,
  PeerStatus,
  ResetKind,
  ServerInfo,
  SessionState,
} from "./control.ts";
import { invalidArgument, quote } from "./convert_common.ts";
import { type Init, pb } from "./proto.ts";

/** RFC 4271 §8.2.1.3 / bgpgg: passive peers wait; others dial port 179 unless told. */
export const BGP_PORT = 179;

// ---------------------------------------------------------------- addresses

/** "IP:PORT", "[v6]:PORT" or a bare IP (port 179). */
export function endpointField(field: string, text: string, defaultPort?: number): Endpoint {
  if (text === "") throw invalidArgument(field, `"" (an address is required)`);
  try {
    return parseEndpoint(text, defaultPort);
  } catch (e) {
    throw invalidArgument(field, e instanceof IpParseError ? e.message : quote(text));
  }
}

/**
 * A peer reference: a bare IP, or bgpgg v0.2's "IP:PORT" whose port is ignored (peers are
 * keyed by IP).
 */
export function peerAddressField(field: string, text: string): IpAddress {
  return endpointField(field, text, BGP_PORT).address;
}

// ---------------------------------------------------------------- peers

/**
 * AddPeerRequest -> NewPeer. Unset SessionConfig fields take bgpgg's API defaults (idle hold
 * 30 s, damping and automatic stop on); everything bgpgg v0.2 cannot express takes the
 * config model's defaults.
 */
export function newPeerFromProto(req: pb.AddPeerRequest): NewPeer {
  const ep = endpointField("address", req.address, BGP_PORT);
  const c = req.config;
  const peer: { -readonly [K in keyof NewPeer]: NewPeer[K] } = {
    address: ep.address,
    port: ep.port,
    passiveMode: c?.passiveMode ?? false,
    idleHoldTimeSecs: c?.idleHoldTimeSecs ?? 30,
    dampPeerOscillations: c?.dampPeerOscillations ?? true,
    allowAutomaticStop: c?.allowAutomaticStop ?? true,
    sendNotificationWithoutOpen: c?.sendNotificationWithoutOpen ?? false,
    collisionDetectEstablishedState: c?.collisionDetectEstablishedState ?? false,
    importPolicy: [],
    exportPolicy: [],
    families: ["1/1", "2/1"],
    routeReflectorClient: false,
    routeServerClient: false,
    addPathReceive: false,
    addPathSend: "disabled",
    enforceFirstAs: true,
    nextHopSelf: false,
  };
  if (c) {
    if (c.asn !== null) peer.asn = c.asn;
    if (c.delayOpenTimeSecs !== null) peer.delayOpenTimeSecs = c.delayOpenTimeSecs;
    if (c.minRouteAdvertisementIntervalSecs !== null) {
      peer.mraiSecs = c.minRouteAdvertisementIntervalSecs;
    }
    if (c.maxPrefix) peer.maxPrefix = maxPrefixFromProto(c.maxPrefix);
  }
  return peer;
}

function maxPrefixFromProto(m: pb.MaxPrefixSetting): MaxPrefix {
  const action = m.action === pb.MaxPrefixAction.TERMINATE
    ? "terminate"
    : m.action === pb.MaxPrefixAction.DISCARD
    ? "discard"
    : undefined;
  if (!action) {
    throw invalidArgument(
      "config.max_prefix.action",
      `${m.action} is not TERMINATE (0) or DISCARD (1)`,
    );
  }
  return { limit: m.limit, action };
}

const STATE: Record<SessionState, number> = {
  "idle": pb.BgpState.IDLE,
  "connect": pb.BgpState.CONNECT,
  "active": pb.BgpState.ACTIVE,
  "open-sent": pb.BgpState.OPEN_SENT,
  "open-confirm": pb.BgpState.OPEN_CONFIRM,
  "established": pb.BgpState.ESTABLISHED,
};

const ADMIN: Record<AdminStatus, number> = {
  "up": pb.AdminState.UP,
  "down": pb.AdminState.DOWN,
  "prefix-limit-exceeded": pb.AdminState.PREFIX_LIMIT_EXCEEDED,
};

export function peerToProto(p: PeerStatus): Init<pb.Peer> {
  return {
    address: formatIp(p.address),
    asn: p.asn,
    state: STATE[p.state],
    adminState: ADMIN[p.adminState],
    configured: p.configured,
    importPolicies: p.importPolicies,
    exportPolicies: p.exportPolicies,
  };
}

export function peerDetailToProto(d: PeerDetail): Init<pb.GetPeerResponse> {
  return { peer: peerToProto(d.status), statistics: { ...d.statistics } };
}

/** ResetType -> ResetKind. */
export function resetKindFromProto(t: number): ResetKind {
  switch (t) {
    case pb.ResetType.SOFT_IN:
      return "soft-in";
    case pb.ResetType.SOFT_OUT:
      return "soft-out";
    case pb.ResetType.SOFT:
      return "soft";
    case pb.ResetType.HARD:
      return "hard";
    default:
      throw invalidArgument(
        "reset_type",
        `${t} is not SOFT_IN (0), SOFT_OUT (1), SOFT (2) or HARD (3)`,
      );
  }
}

/**
 * ResetPeerRequest afi/safi (proto enums, not IANA numbers) -> the family, or undefined for
 * "every negotiated family".
 */
export function resetFamilyFromProto(afi: number | null, safi: number | null): AfiSafi | undefined {
  if (afi === null && safi === null) return undefined;
  let ianaAfi: number;
  if (afi === null || afi === pb.Afi.IPV4) ianaAfi = AFI_IPV4;
  else if (afi === pb.Afi.IPV6) ianaAfi = AFI_IPV6;
  else throw invalidArgument("afi", `${afi} is not IPV4 (0) or IPV6 (1)`);
  if (safi !== null && safi !== pb.Safi.UNICAST) {
    throw invalidArgument("safi", `${safi} is not UNICAST (0)`);
  }
  return { afi: ianaAfi, safi: SAFI_UNICAST };
}

export function serverInfoToProto(i: ServerInfo): Init<pb.GetServerInfoResponse> {
  return {
    listenAddr: formatIp(i.listen.address),
    listenPort: i.listen.port,
    numRoutes: i.routeCount,
  };
}

// ---------------------------------------------------------------- BMP

export function bmpServerFromProto(req: pb.AddBmpServerRequest): BmpServerConfig {
  const address = endpointField("address", req.address);
  const server: { -readonly [K in keyof BmpServerConfig]: BmpServerConfig[K] } = {
    address,
    views: ["pre-policy"],
  };
  // RFC 7854 §4.8: 0 or unset = no Statistics Reports.
  if (req.statisticsTimeout !== null && req.statisticsTimeout > 0) {
    server.statisticsTimeoutSecs = req.statisticsTimeout;
  }
  return server;
}

export function bmpServerText(s: BmpServerConfig): string {
  return formatEndpoint(s.address);
}

// ---------------------------------------------------------------- netlink

function community(field: string, v: string): string {
  try {
    return parseCommunity(v);
  } catch (e) {
    throw invalidArgument(field, e instanceof ValueError ? e.message : quote(v));
  }
}

function communityList(field: string, values: readonly string[]): string[] {
  return values.map((v, i) => community(`${field}[${i}]`, v));
}

function largeCommunityList(field: string, values: readonly string[]): string[] {
  return values.map((v, i) => {
    try {
      return parseLargeCommunity(v);
    } catch (e) {
      throw invalidArgument(
        `${field}[${i}]`,
        e instanceof ValueError ? e.message : `${quote(v)}; allowed: ${LARGE_COMMUNITY_FORMS}`,
      );
    }
  });
}

/** Shell-style globs the import watcher matches against interface names. */
const GLOB = /^[A-Za-z0-9_.:@*?[\]!-]{1,64}$/;

/** EnableNetlinkRequest: non-empty `interfaces` = import, otherwise export (GoBGP seed). */
export function netlinkEnableFromProto(
  req: pb.EnableNetlinkRequest,
):
  | { readonly direction: "import"; readonly request: NetlinkImportRequest }
  | { readonly direction: "export"; readonly request: NetlinkExportRequest } {
  if (req.interfaces.length > 0) {
    req.interfaces.forEach((name, i) => {
      if (
        !GLOB.test(name) || (name.match(/\[/g)?.length ?? 0) !== (name.match(/\]/g)?.length ?? 0)
      ) {
        throw invalidArgument(
          `interfaces[${i}]`,
          `${
            quote(name)
          } is not an interface name or glob (letters, digits, _ . : @ - and * ? [ ])`,
        );
      }
    });
    return { direction: "import", request: { vrf: req.vrf, interfaces: req.interfaces.slice() } };
  }
  const request: { -readonly [K in keyof NetlinkExportRequest]: NetlinkExportRequest[K] } = {
    vrf: req.vrf,
    communityList: communityList("community_list", req.communityList),
    largeCommunityList: largeCommunityList("large_community_list", req.largeCommunityList),
  };
  if (req.communityName !== "") {
    request.community = community("community_name", req.communityName);
  }
  return { direction: "export", request };
}

export function netlinkToProto(s: NetlinkStatus): Init<pb.GetNetlinkResponse> {
  return {
    importEnabled: s.import.enabled,
    exportEnabled: s.export.enabled,
    vrf: s.import.vrf,
    interfaces: s.import.interfaces,
    communityName: s.export.community ?? "",
    communityList: s.export.communityList,
    largeCommunityList: s.export.largeCommunityList,
    exportVrf: s.export.vrf,
  };
}

export function netlinkDirectionFromProto(d: number): "import" | "export" {
  if (d === pb.NetlinkDirection.NETLINK_IMPORT) return "import";
  if (d === pb.NetlinkDirection.NETLINK_EXPORT) return "export";
  throw invalidArgument("direction", `${d} is not NETLINK_IMPORT (1) or NETLINK_EXPORT (2)`);
}
