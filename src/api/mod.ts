/**
 * The control API: bgpgg v0.2's gRPC service `bgp.BgpService` (wire-compatible) plus GoBGP's
 * netlink RPCs, served over HTTP/2 with optional TLS, mutual TLS and bearer token.
 * Handlers convert protobuf messages to domain types (convert.ts, the only place that
 * does) and call a `BgpControl`, which the speaker implements.
 * Not here: RPCs of bgpgg 0.3+ (RPKI, BGP-LS, config sessions), message compression.
 */
export * from "./control.ts";
export {
  type ApiServer,
  type ApiServerOptions,
  DEFAULT_API_LISTEN,
  startApiServer,
} from "./server.ts";
export type { TlsOptions } from "./grpc_server.ts";
export { GrpcError, Status, type StatusCode, statusName } from "./status.ts";
