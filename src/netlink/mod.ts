/**
 * netlink/: rtnetlink (NETLINK_ROUTE) in TypeScript: message codec (nlmsghdr, nlmsgerr, rtmsg,
 * ifinfomsg, ifaddrmsg, rtattr), the command socket (sequence numbers, ACKs, dumps, batches),
 * route/link/address operations, the monitor, connected-prefix import and best-path export.
 *
 * Pure: no Deno APIs and no timers. It reaches the kernel only through the `Transport`
 * interface (ffi/ implements it over libmnl; tests fake it) and reads time through a Clock.
 * It does not know the RIB: the speaker feeds it best paths and receives import events.
 * Not implemented: kernel nexthop objects (RTM_NEWNEXTHOP), neighbours, rules, MPLS/SRv6 encap.
 */
export * from "./constants.ts";
export { ERRNO_CODE, errnoMessage, errnoName } from "./errno.ts";
export {
  beginMessage,
  endMessage,
  type NetlinkMessage,
  NetlinkParseError,
  parseMessages,
} from "./nlmsg.ts";
export {
  type Attr,
  attrString,
  attrU16,
  attrU32,
  attrU8,
  beginNest,
  endNest,
  findAttr,
  parseAttrs,
  putAttr,
  putAttrString,
  putAttrU16,
  putAttrU32,
  putAttrU8,
} from "./attr.ts";
export { decodeNlMsgErr, messageTypeName, NetlinkError, type NlMsgErr } from "./nlmsgerr.ts";
export {
  afOf,
  decodeRoute,
  describeRoute,
  encodeRouteDumpRequest,
  encodeRouteGetRequest,
  encodeRouteMessage,
  familyOfAf,
  isRouteLinkDown,
  type Route,
  type RouteDumpFilter,
  type RouteNextHop,
} from "./route_msg.ts";
export {
  decodeLink,
  encodeLinkDumpRequest,
  encodeLinkGetRequest,
  isLinkRunning,
  isLinkUp,
  isLoopback,
  type Link,
} from "./link_msg.ts";
export { type Address, decodeAddress, encodeAddressDumpRequest } from "./addr_msg.ts";
export { routeEchoFilter } from "./bpf.ts";
export {
  type ChannelOptions,
  type NetlinkChannel,
  NetlinkUnavailableError,
  type ReceiveResult,
  type Transport,
  type WaitResult,
} from "./transport.ts";
export {
  type BatchFailure,
  type BatchResult,
  type ItemEncoder,
  NetlinkSocket,
  type NetlinkSocketOptions,
  type RequestEncoder,
} from "./socket.ts";
export { parseProtocol, protocolName } from "./protocol.ts";
export {
  type AddressInput,
  buildRoute,
  type GatewayInput,
  type NextHopInput,
  RouteApi,
  type RouteOptions,
} from "./routes.ts";
export { LinkApi } from "./links.ts";
export { LinkTable } from "./link_table.ts";
export { compileGlob, fnmatch, type Glob, GlobSyntaxError } from "./glob.ts";
export {
  connectedPrefix,
  type ConnectedRoute,
  connectedRoutes,
  isSpecialAddress,
  type LinkVerdict,
  linkVerdict,
} from "./connected.ts";
export {
  ConnectedImporter,
  type ImportCounters,
  type ImportEvent,
  type ImportSettings,
} from "./import.ts";
export {
  decodeNotifications,
  DEFAULT_MONITOR_GROUPS,
  Monitor,
  type MonitorEvent,
  type MonitorOptions,
} from "./monitor.ts";
export {
  type ExportNextHop,
  nextHopKey,
  type Resolution,
  type ResolvedPath,
  resolveNextHop,
  type RouteLookup,
} from "./nexthop.ts";
export {
  type ExportCounters,
  type ExporterDeps,
  type ExportSettings,
  type ExportStatus,
  FibExporter,
} from "./export.ts";
export {
  type ExportTarget,
  NetlinkService,
  type NetlinkServiceDeps,
  type NetlinkStatus,
} from "./service.ts";
