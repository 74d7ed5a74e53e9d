/**
 * wire: the BGP-4 message codec for IPv4 and IPv6 unicast. Pure: no I/O, no clock, no logging.
 *
 * Implements RFC 4271 (messages, §6 error checks), RFC 4760 (MP_REACH/MP_UNREACH), RFC 2545 and
 * RFC 8950 (IPv6 next hops, IPv4 NLRI over an IPv6 next hop), RFC 5492 (capabilities), RFC 6793
 * (4-octet AS, AS4_PATH reconciliation), RFC 7911 (ADD-PATH), RFC 8654 (extended messages),
 * RFC 9072 (extended optional parameters length), RFC 2918 / RFC 7313 (ROUTE-REFRESH, BoRR and
 * EoRR), RFC 4724 / RFC 9494 (graceful restart capabilities, End-of-RIB), RFC 9234 (role, OTC),
 * RFC 1997 / RFC 4360 / RFC 8092 (communities), RFC 4456 (route reflection attributes),
 * RFC 8203 / RFC 9003 (shutdown communication) and RFC 7606 (UPDATE errors as data), RFC 7607.
 *
 * The negotiated session (4-octet AS, extended message, ADD-PATH per family) is the explicit
 * CodecContext argument (negotiateCodecContext builds it from the two OPENs). Decoders return
 * data, never throw on bad input; encoders throw RangeError only for unencodable input.
 *
 * It does not: decode NLRI of other AFI/SAFIs (their MP attributes are discarded with an issue),
 * interpret ORF entries, BGPsec, or attributes beyond the registry in attributes.ts (unknown
 * optional transitive ones are carried as bytes with the Partial bit set), or make policy
 * decisions (peer AS, identifier collisions, role checks): it provides helpers for those.
 */
export * from "./types.ts";
export * from "./iana.ts";
export {
  checkHeader,
  frameMessage,
  HEADER_LENGTH,
  MAX_EXTENDED_MESSAGE_LENGTH,
  MAX_MESSAGE_LENGTH,
  maxMessageLength,
  writeHeader,
} from "./header.ts";
export { type Frame, Framer } from "./framer.ts";
export { decodeMessage, encodeMessage, type MessageDecodeResult } from "./message.ts";
export {
  checkBgpId,
  checkHoldTime,
  checkPeerAs,
  decodeOpen,
  encodeOpenBody,
  type OpenResult,
  peerAsOf,
  roleMismatchNotification,
  unsupportedCapabilityNotification,
} from "./open.ts";
export { capabilityCode, decodeCapabilities, encodeCapabilities } from "./capabilities.ts";
export { negotiateCodecContext } from "./context.ts";
export { encodeKeepalive, KEEPALIVE } from "./keepalive.ts";
export {
  decodeNotification,
  decodeShutdownCommunication,
  encodeNotificationBody,
  makeNotification,
  MAX_SHUTDOWN_COMMUNICATION,
  notificationText,
  type ShutdownCommunication,
  shutdownNotification,
} from "./notification.ts";
export {
  decodeRouteRefresh,
  encodeRouteRefreshBody,
  type RouteRefreshResult,
} from "./route_refresh.ts";
export { decodeUpdate, type UpdateDecodeResult } from "./update.ts";
export { encodeUpdate, encodeUpdateBody } from "./update_encode.ts";
export { type PreparedAttributes, type PrepareOptions, UpdatePacker } from "./packer.ts";
export { encodeEndOfRib, endOfRibFamily } from "./end_of_rib.ts";
export { ATTRIBUTES, type AttributeSpec, encodeAttributes } from "./attributes.ts";
export { asPathCount, decodeAsPath, reconcileAs4Path } from "./as_path.ts";
export { decodeIpv4Nlri, decodeIpv6Nlri, NlriError } from "./nlri.ts";
export { isSupportedFamily } from "./mp.ts";
export { checkPeerRules, type PeerFacts } from "./peer_checks.ts";
