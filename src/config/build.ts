/**
 * Merged settings -> the validated model: defaults filled in, rules that span several keys
 * checked, and every policy or set reference resolved (they may live in another file).
 */
import type { Endpoint, IpAddress, IpPrefix } from "../common/ip.ts";
import { parseEndpoint } from "../common/ip.ts";
import type { ConfigIssue } from "./errors.ts";
import { type Fragment, issueAt, type Setting } from "./fragment.ts";
import type { Reference, SetKind } from "./keys.ts";
import type {
  ApplyPolicy,
  BmpServerConfig,
  Config,
  DefinedSets,
  NetlinkConfig,
  PeerConfig,
  PolicyDefinition,
  PrefixSetEntry,
} from "./model.ts";
import { SET_NOUN } from "./policy_common.ts";
import { closest } from "./suggest.ts";

/** bgpgg v0.2 defaults (bgpgg.md §2.2, §2.3); the same whichever syntax set the rest. */
export const DEFAULTS = {
  listen: "0.0.0.0:179",
  grpcListen: "127.0.0.1:50051",
  logLevel: "info",
  holdTimeSecs: 180,
  connectRetrySecs: 30,
  peerPort: 179,
  idleHoldTimeSecs: 30,
  bmpViews: ["pre-policy"],
  netlinkProtocol: 186, // RTPROT_BGP, GoBGP's default
  netlinkMetric: 20,
} as const;

/** Fresh per peer: no two configs share a mutable-looking default array. */
function peerDefaults(): Omit<PeerConfig, "address"> {
  return {
    port: DEFAULTS.peerPort,
    passiveMode: false,
    idleHoldTimeSecs: DEFAULTS.idleHoldTimeSecs,
    dampPeerOscillations: true,
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
  };
}

export interface BuildResult {
  readonly config?: Config;
  readonly issues: readonly ConfigIssue[];
}

/** Builds the model from merged settings. `touched` holds keys written with a bad value. */
export function buildConfig(
  merged: Fragment,
  touched: ReadonlySet<string>,
  sourceNames: readonly string[],
): BuildResult {
  const issues: ConfigIssue[] = [];
  const globals = new Map<string, Setting>();
  const peers = new Map<string, { setting: Setting; fields: Map<string, Setting> }>();
  const bmps = new Map<string, { setting: Setting; fields: Map<string, Setting> }>();
  const sets = new Map<SetKind, Map<string, unknown>>();
  const policies = new Map<string, PolicyDefinition>();
  const netlink = new Map<string, Setting>();
  const refs: Setting[] = [];

  for (const [key, s] of merged) {
    const [head, id, ...rest] = key.split(" ");
    switch (head) {
      case "peer":
      case "bmp": {
        const group = head === "peer" ? peers : bmps;
        if (rest.length === 0) group.set(id!, { setting: s, fields: new Map() });
        else group.get(id!)?.fields.set(rest[0]!, s);
        break;
      }
      case "set": {
        const kind = id as SetKind;
        if (!sets.has(kind)) sets.set(kind, new Map());
        sets.get(kind)!.set(rest.join(" "), s.value);
        break;
      }
      case "policy":
        policies.set([id, ...rest].join(" "), s.value as PolicyDefinition);
        break;
      case "netlink":
        netlink.set(id!, s);
        break;
      case "ref":
        refs.push(s);
        break;
      default:
        globals.set(key, s);
    }
  }

  const g = <T>(key: string, def: T): T => (globals.get(key)?.value as T | undefined) ?? def;
  const required = (key: string, yaml: string, toml: string) => {
    if (!globals.has(key) && !touched.has(key)) {
      issues.push({
        source: sourceNames.join(", "),
        path: "",
        message: `missing required setting ${yaml} (YAML: ${yaml}; TOML: ${toml})`,
      });
    }
  };
  required("asn", "asn", "global.config.as");
  required("routerId", "router_id", "global.config.router-id");

  const defaultListen = parseEndpoint(DEFAULTS.listen);
  const listen: Endpoint = {
    address: g<IpAddress>("listenAddress", defaultListen.address),
    port: g("listenPort", defaultListen.port),
  };

  const peerList: PeerConfig[] = [];
  for (const { setting, fields } of peers.values()) {
    const p: Record<string, unknown> = { address: setting.value, ...peerDefaults() };
    for (const [f, s] of fields) {
      if (s.value === null) delete p[f];
      else p[f] = s.value;
    }
    const peer = p as unknown as PeerConfig;
    checkPeer(peer, fields, issues);
    peerList.push(peer);
  }

  const bmpServers: BmpServerConfig[] = [];
  for (const { setting, fields } of bmps.values()) {
    const b: Record<string, unknown> = { address: setting.value, views: [...DEFAULTS.bmpViews] };
    for (const [f, s] of fields) if (s.value !== null) b[f] = s.value;
    bmpServers.push(b as unknown as BmpServerConfig);
  }

  const setMap = <T>(kind: SetKind) => (sets.get(kind) ?? new Map()) as Map<string, T>;
  const definedSets: DefinedSets = {
    prefixSets: setMap<readonly PrefixSetEntry[]>("prefixSets"),
    neighborSets: setMap<readonly IpPrefix[]>("neighborSets"),
    asPathSets: setMap<readonly string[]>("asPathSets"),
    communitySets: setMap<readonly string[]>("communitySets"),
    extCommunitySets: setMap<readonly string[]>("extCommunitySets"),
    largeCommunitySets: setMap<readonly string[]>("largeCommunitySets"),
  };

  for (const ref of refs) checkReference(ref, policies, sets, touched, issues);

  const nl = <T>(key: string, def: T): T => (netlink.get(key)?.value as T | undefined) ?? def;
  const exportCommunity = netlink.get("export.community")?.value as string | undefined;
  const exportTable = netlink.get("export.table")?.value as number | undefined;
  const netlinkConfig: NetlinkConfig = {
    import: {
      enabled: nl("import.enabled", false),
      vrf: nl("import.vrf", ""),
      interfaceList: nl("import.interfaceList", []),
    },
    export: {
      enabled: nl("export.enabled", false),
      vrf: nl("export.vrf", ""),
      ...(exportTable !== undefined ? { table: exportTable } : {}),
      protocol: nl("export.protocol", DEFAULTS.netlinkProtocol),
      metric: nl("export.metric", DEFAULTS.netlinkMetric),
      ...(exportCommunity !== undefined ? { community: exportCommunity } : {}),
      communityList: nl("export.communityList", []),
      largeCommunityList: nl("export.largeCommunityList", []),
      keepRoutesOnStop: nl("export.keepRoutesOnStop", false),
    },
  };

  const applyKeys = [
    "apply.importPolicy",
    "apply.exportPolicy",
    "apply.defaultImportAction",
    "apply.defaultExportAction",
  ];
  const apply: ApplyPolicy | undefined = applyKeys.some((k) => globals.has(k))
    ? {
      importPolicy: g("apply.importPolicy", []),
      exportPolicy: g("apply.exportPolicy", []),
      defaultImportAction: g("apply.defaultImportAction", "accept"),
      defaultExportAction: g("apply.defaultExportAction", "accept"),
    }
    : undefined;

  const sysName = globals.get("sysName")?.value as string | undefined;
  const sysDescr = globals.get("sysDescr")?.value as string | undefined;
  if (issues.length > 0) return { issues };
  const config: Config = {
    asn: g("asn", 0),
    routerId: g("routerId", ""),
    listen,
    grpcListen: g("grpcListen", parseEndpoint(DEFAULTS.grpcListen)),
    logLevel: g("logLevel", DEFAULTS.logLevel),
    holdTimeSecs: g("holdTimeSecs", DEFAULTS.holdTimeSecs),
    connectRetrySecs: g("connectRetrySecs", DEFAULTS.connectRetrySecs),
    acceptUnconfiguredPeers: g("acceptUnconfiguredPeers", false),
    ebgpRequiresPolicy: g("ebgpRequiresPolicy", false),
    ...(sysName !== undefined ? { sysName } : {}),
    ...(sysDescr !== undefined ? { sysDescr } : {}),
    peers: peerList,
    bmpServers,
    definedSets,
    policies: [...policies.values()],
    ...(apply ? { globalApplyPolicy: apply } : {}),
    netlink: netlinkConfig,
  };
  return { config, issues };
}

/** Rules that involve more than one key of a peer (checked after merging). */
function checkPeer(peer: PeerConfig, fields: Map<string, Setting>, issues: ConfigIssue[]): void {
  const at = (f: string) => fields.get(f)?.at;
  if (peer.routeServerClient && peer.routeReflectorClient) {
    // RFC 7947 §2: a route server client is an eBGP peer; RFC 4456 reflection is iBGP only.
    const o = at("routeServerClient") ?? at("routeReflectorClient");
    if (o) issues.push(issueAt(o, "a peer cannot be both rs-client and rr-client"));
  }
  if (peer.routeServerClient && peer.addPathReceive) {
    const o = at("addPathReceive") ?? at("routeServerClient");
    if (o) issues.push(issueAt(o, "a route-server client cannot use add-path-receive"));
  }
  if (peer.addPathSendMax !== undefined && peer.addPathSend !== "all") {
    const o = at("addPathSendMax");
    if (o) issues.push(issueAt(o, "add-path-send-max needs add-path-send: all"));
  }
}

function checkReference(
  ref: Setting,
  policies: ReadonlyMap<string, PolicyDefinition>,
  sets: ReadonlyMap<SetKind, ReadonlyMap<string, unknown>>,
  touched: ReadonlySet<string>,
  issues: ConfigIssue[],
): void {
  const r = ref.value as Reference;
  if (r.type === "policy") {
    if (policies.has(r.name) || touched.has(`policy ${r.name}`)) return;
    issues.push(issueAt(ref.at, unknownName("policy", r.name, [...policies.keys()], "policies")));
    return;
  }
  if (sets.get(r.kind)?.has(r.name) || touched.has(`set ${r.kind} ${r.name}`)) return;
  const noun = SET_NOUN[r.kind];
  const other = [...sets].find(([, m]) => m.has(r.name))?.[0];
  const message = other
    ? `unknown ${noun} ${JSON.stringify(r.name)}; it is a ${SET_NOUN[other]}`
    : unknownName(noun, r.name, [...(sets.get(r.kind)?.keys() ?? [])], `${noun}s`);
  issues.push(issueAt(ref.at, message));
}

function unknownName(noun: string, name: string, known: string[], plural: string): string {
  const head = `unknown ${noun} ${JSON.stringify(name)}`;
  if (known.length === 0) return `${head}; no ${plural} are defined`;
  const hint = closest(name, known);
  return hint !== undefined
    ? `${head}; did you mean ${hint}?`
    : `${head}; defined: ${known.join(", ")}`;
}
