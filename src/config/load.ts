/** Text -> validated model. Takes text, never reads files. */
import { parse as parseYaml } from "yaml";
import { IpParseError, parseEndpoint, parseIpv4 } from "../common/ip.ts";
import { isLogLevel } from "../common/log.ts";
import { ConfigError, type ConfigIssue } from "./errors.ts";
import type { Config } from "./model.ts";

export interface ConfigSource {
  /** File name (or "<embedded default>") used in messages. */
  readonly name: string;
  readonly text: string;
}

const TOP_KEYS = ["asn", "router_id", "listen_addr", "grpc_listen_addr", "log_level", "peers"];

/** Parses and validates bgpgg-style YAML; throws ConfigError listing every issue. */
export function loadConfig(source: ConfigSource): Config {
  const issues: ConfigIssue[] = [];
  const issue = (path: string, message: string) =>
    issues.push({ source: source.name, path, message });
  let doc: unknown;
  try {
    doc = parseYaml(source.text);
  } catch (e) {
    throw new ConfigError([{ source: source.name, path: "", message: String(e) }]);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new ConfigError([{ source: source.name, path: "", message: "expected a mapping" }]);
  }
  const root = doc as Record<string, unknown>;
  for (const k of Object.keys(root)) if (!TOP_KEYS.includes(k)) issue(k, "unknown key");

  const asn = root["asn"];
  if (typeof asn !== "number" || !Number.isInteger(asn) || asn < 1 || asn > 0xffffffff) {
    issue("asn", `${JSON.stringify(asn)} is not an AS number (1..4294967295)`);
  }
  const routerId = root["router_id"];
  if (typeof routerId !== "string" || !parseIpv4(routerId)) {
    issue("router_id", `${JSON.stringify(routerId)} is not a dotted-quad IPv4 address`);
  }
  const endpoint = (key: string, def: string) => {
    const v = root[key] ?? def;
    if (typeof v !== "string") {
      issue(key, `${JSON.stringify(v)} is not "IP:PORT"`);
      return parseEndpoint(def);
    }
    try {
      return parseEndpoint(v);
    } catch (e) {
      issue(key, e instanceof IpParseError ? e.message : String(e));
      return parseEndpoint(def);
    }
  };
  const listen = endpoint("listen_addr", "0.0.0.0:179");
  const grpcListen = endpoint("grpc_listen_addr", "127.0.0.1:50051");
  const logLevel = root["log_level"] ?? "info";
  if (typeof logLevel !== "string" || !isLogLevel(logLevel)) {
    issue("log_level", `${JSON.stringify(logLevel)} is not one of trace, debug, info, warn, error`);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    asn: asn as number,
    routerId: routerId as string,
    listen,
    grpcListen,
    logLevel: logLevel as Config["logLevel"],
    holdTimeSecs: 180,
    connectRetrySecs: 30,
    acceptUnconfiguredPeers: false,
    ebgpRequiresPolicy: false,
    peers: [],
    bmpServers: [],
    definedSets: {
      prefixSets: new Map(),
      neighborSets: new Map(),
      asPathSets: new Map(),
      communitySets: new Map(),
      extCommunitySets: new Map(),
      largeCommunitySets: new Map(),
    },
    policies: [],
    netlink: {
      import: { enabled: false, vrf: "", interfaceList: [] },
      export: {
        enabled: false,
        vrf: "",
        protocol: 186,
        metric: 20,
        communityList: [],
        largeCommunityList: [],
        keepRoutesOnStop: false,
      },
    },
  };
}
