/**
 * Config model -> the FSM's SessionConfig for one peer (the FSM never sees the config file's
 * shape), and the synthetic PeerConfig of a dynamic peer (accept_unconfigured_peers).
 */
import { type IpAddress, parseIpv4 } from "../common/ip.ts";
import type { Config, PeerConfig } from "../config/model.ts";
import { BgpRole, type SessionConfig } from "../fsm/mod.ts";
import type { AfiSafi } from "../wire/types.ts";

/** Our side of every session: the global part of the config. */
export interface LocalIdentity {
  readonly asn: number;
  /** BGP identifier, dotted quad. */
  readonly routerId: string;
  readonly holdTimeSecs: number;
  readonly connectRetrySecs: number;
}

export function localIdentity(config: Config): LocalIdentity {
  return {
    asn: config.asn,
    routerId: config.routerId,
    holdTimeSecs: config.holdTimeSecs,
    connectRetrySecs: config.connectRetrySecs,
  };
}

/** A dotted quad as the unsigned 32-bit number OPEN carries (RFC 4271 §4.2). */
export function bgpIdNumber(dotted: string): number {
  const b = parseIpv4(dotted);
  if (!b) throw new RangeError(`"${dotted}" is not a BGP identifier (dotted quad)`);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

export function bgpIdText(n: number): string {
  return `${n >>> 24 & 0xff}.${n >>> 16 & 0xff}.${n >>> 8 & 0xff}.${n & 0xff}`;
}

function family(key: "1/1" | "2/1"): AfiSafi {
  const [afi, safi] = key.split("/").map(Number) as [number, number];
  return { afi, safi };
}

const ROLE: Record<NonNullable<PeerConfig["role"]>, number> = {
  provider: BgpRole.PROVIDER,
  rs: BgpRole.RS,
  "rs-client": BgpRole.RS_CLIENT,
  customer: BgpRole.CUSTOMER,
  peer: BgpRole.PEER,
};

/** The FSM configuration of one peer. */
export function sessionConfig(local: LocalIdentity, peer: PeerConfig): SessionConfig {
  const families = peer.families.map(family);
  const addPath = peer.addPathReceive || peer.addPathSend !== "disabled"
    ? families.map((f) => ({
      ...f,
      receive: peer.addPathReceive,
      send: peer.addPathSend !== "disabled",
    }))
    : undefined;
  const gr = peer.gracefulRestart?.enabled
    ? { restartTimeSecs: peer.gracefulRestart.restartTimeSecs }
    : undefined;
  return {
    asn: local.asn,
    bgpId: bgpIdNumber(local.routerId),
    holdTimeSecs: peer.holdTimeSecs ?? local.holdTimeSecs,
    ...(peer.asn !== undefined ? { peerAs: peer.asn } : {}),
    families,
    routeRefresh: true,
    fourOctetAs: true,
    ...(addPath ? { addPath } : {}),
    ...(gr ? { gracefulRestart: gr } : {}),
    ...(peer.role !== undefined ? { role: ROLE[peer.role] } : {}),
    connectRetryTimeSecs: peer.connectRetrySecs ?? local.connectRetrySecs,
    passiveTcpEstablishment: peer.passiveMode,
    ...(peer.idleHoldTimeSecs !== undefined ? { idleHoldTimeSecs: peer.idleHoldTimeSecs } : {}),
    dampPeerOscillations: peer.dampPeerOscillations,
    allowAutomaticStop: peer.allowAutomaticStop,
    ...(peer.delayOpenTimeSecs !== undefined && peer.delayOpenTimeSecs > 0
      ? { delayOpenTimeSecs: peer.delayOpenTimeSecs }
      : {}),
    sendNotificationWithoutOpen: peer.sendNotificationWithoutOpen,
    collisionDetectEstablishedState: peer.collisionDetectEstablishedState ?? false,
  };
}

/**
 * A peer for an unconfigured address (bgpgg v0.2 accept_unconfigured_peers): passive, any AS,
 * both unicast families, and no automatic restart (it exists only for its session).
 */
export function dynamicPeerConfig(address: IpAddress): PeerConfig {
  return {
    address,
    port: 179,
    passiveMode: true,
    dampPeerOscillations: false,
    allowAutomaticStop: true,
    sendNotificationWithoutOpen: false,
    importPolicy: [],
    exportPolicy: [],
    families: ["1/1", "2/1"],
    routeReflectorClient: false,
    routeServerClient: false,
    addPathReceive: false,
    addPathSend: "disabled",
    enforceFirstAs: true,
    nextHopSelf: false,
    description: "dynamic peer",
  };
}
