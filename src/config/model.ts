/** The internal config model: neither the YAML shape, nor the TOML shape, nor the API shape. */
import type { Endpoint } from "../common/ip.ts";
import type { LogLevel } from "../common/log.ts";

export interface Config {
  readonly asn: number;
  /** BGP identifier, dotted quad. */
  readonly routerId: string;
  readonly listen: Endpoint;
  readonly grpcListen: Endpoint;
  readonly logLevel: LogLevel;
}
