/**
 * The API server: bgp.BgpService on gRPC, bound to a BgpControl. Listens on 127.0.0.1:50051
 * unless told otherwise; TLS, mutual TLS and a bearer token are optional (bgpgg has none).
 * Takes certificates as bytes: the CLI reads files, the API never does.
 */
import type { Endpoint } from "../common/ip.ts";
import { formatEndpoint, formatIp, parseEndpoint } from "../common/ip.ts";
import type { Logger } from "../common/log.ts";
import type { BgpControl } from "./control.ts";
import { GrpcServer, type TlsOptions } from "./grpc_server.ts";
import { createBgpService } from "./service.ts";

/** bgpgg's default: loopback only. Anything else must be configured explicitly. */
export const DEFAULT_API_LISTEN: Endpoint = parseEndpoint("127.0.0.1:50051");

export interface ApiServerOptions {
  /** Default DEFAULT_API_LISTEN; port 0 picks a free port. */
  readonly listen?: Endpoint;
  readonly tls?: TlsOptions;
  /** Clients must send "authorization: Bearer <token>". */
  readonly bearerToken?: string;
  readonly maxReceiveBytes?: number;
  readonly log?: Logger;
}

export interface ApiServer {
  /** The bound address (with the actual port). */
  readonly listen: Endpoint;
  close(): Promise<void>;
}

/** Starts serving `control`; rejects when the address cannot be bound. */
export async function startApiServer(
  control: BgpControl,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const listen = options.listen ?? DEFAULT_API_LISTEN;
  const server = await GrpcServer.listen(createBgpService(control), {
    hostname: formatIp(listen.address),
    port: listen.port,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.bearerToken !== undefined ? { bearerToken: options.bearerToken } : {}),
    ...(options.maxReceiveBytes !== undefined ? { maxReceiveBytes: options.maxReceiveBytes } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const bound = { address: listen.address, port: server.port };
  options.log?.info("gRPC API listening", {
    addr: formatEndpoint(bound),
    tls: options.tls ? (options.tls.clientCa ? "mutual" : "server") : "off",
    token: options.bearerToken !== undefined,
  });
  return { listen: bound, close: () => server.close() };
}
