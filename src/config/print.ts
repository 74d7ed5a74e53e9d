/**
 * The canonical printer: a model as bgpgg-style YAML, every setting explicit (defaults
 * included), one spelling per value. Loading the output gives back the same model.
 */
import { Document, isScalar, visit } from "yaml";
import { formatEndpoint, formatIp, formatPrefix } from "../common/ip.ts";
import type {
  Actions,
  BmpServerConfig,
  Conditions,
  Config,
  DefinedSets,
  PeerConfig,
  PolicyDefinition,
  PrefixSetEntry,
  SetMatch,
} from "./model.ts";

type Out = Record<string, unknown>;

/** Prints `config` as canonical YAML (the `edgebgp config print` format). */
export function printConfig(config: Config): string {
  const out: Out = {
    asn: config.asn,
    "router_id": config.routerId,
    "listen_addr": formatEndpoint(config.listen),
    "grpc_listen_addr": formatEndpoint(config.grpcListen),
    "log_level": config.logLevel,
    "hold_time_secs": config.holdTimeSecs,
    "connect_retry_secs": config.connectRetrySecs,
    "accept_unconfigured_peers": config.acceptUnconfiguredPeers,
    "ebgp_requires_policy": config.ebgpRequiresPolicy,
  };
  opt(out, "sys_name", config.sysName);
  opt(out, "sys_descr", config.sysDescr);
  const apply = config.globalApplyPolicy;
  if (apply) {
    out["apply-policy"] = {
      "import-policy": [...apply.importPolicy],
      "export-policy": [...apply.exportPolicy],
      "default-import-policy": apply.defaultImportAction,
      "default-export-policy": apply.defaultExportAction,
    };
  }
  out.peers = config.peers.map(peerOut);
  out.bmp_servers = config.bmpServers.map(bmpOut);
  out["defined-sets"] = setsOut(config.definedSets);
  out["policy-definitions"] = config.policies.map(policyOut);
  const { import: imp, export: exp } = config.netlink;
  const exportOut: Out = { enabled: exp.enabled, vrf: exp.vrf };
  opt(exportOut, "table", exp.table);
  exportOut.protocol = exp.protocol;
  exportOut.metric = exp.metric;
  opt(exportOut, "community", exp.community);
  exportOut.community_list = [...exp.communityList];
  exportOut.large_community_list = [...exp.largeCommunityList];
  exportOut.keep_routes_on_stop = exp.keepRoutesOnStop;
  out.netlink = {
    import: { enabled: imp.enabled, vrf: imp.vrf, interface_list: [...imp.interfaceList] },
    export: exportOut,
  };
  const doc = new Document(out);
  // Lists of plain values read best on one line: `import-policy: [a, b]`.
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, nullStr: "null", flowCollectionPadding: false });
}

function opt(out: Out, key: string, v: unknown): void {
  if (v !== undefined) out[key] = v;
}

const FAMILY_TEXT = { "1/1": "ipv4-unicast", "2/1": "ipv6-unicast" } as const;

function peerOut(p: PeerConfig): Out {
  const o: Out = { address: formatEndpoint({ address: p.address, port: p.port }) };
  opt(o, "asn", p.asn);
  opt(o, "description", p.description);
  opt(o, "local_address", p.localAddress && formatIp(p.localAddress));
  o.passive_mode = p.passiveMode;
  // bgpgg: null = no automatic (re)start.
  o.idle_hold_time_secs = p.idleHoldTimeSecs ?? null;
  o.damp_peer_oscillations = p.dampPeerOscillations;
  o.allow_automatic_stop = p.allowAutomaticStop;
  opt(o, "delay_open_time_secs", p.delayOpenTimeSecs);
  opt(o, "hold_time_secs", p.holdTimeSecs);
  opt(o, "connect_retry_secs", p.connectRetrySecs);
  opt(o, "max_prefix", p.maxPrefix && { limit: p.maxPrefix.limit, action: p.maxPrefix.action });
  o.send_notification_without_open = p.sendNotificationWithoutOpen;
  opt(o, "collision_detect_established_state", p.collisionDetectEstablishedState);
  opt(o, "min_route_advertisement_interval_secs", p.mraiSecs);
  o["import-policy"] = [...p.importPolicy];
  o["export-policy"] = [...p.exportPolicy];
  opt(o, "default-import-policy", p.defaultImportAction);
  opt(o, "default-export-policy", p.defaultExportAction);
  o.families = p.families.map((f) => FAMILY_TEXT[f]);
  o["rr-client"] = p.routeReflectorClient;
  o["rs-client"] = p.routeServerClient;
  opt(o, "cluster-id", p.clusterId);
  o["add-path-receive"] = p.addPathReceive;
  o["add-path-send"] = p.addPathSend;
  opt(o, "add-path-send-max", p.addPathSendMax);
  o["enforce-first-as"] = p.enforceFirstAs;
  o["next-hop-self"] = p.nextHopSelf;
  opt(o, "role", p.role);
  opt(
    o,
    "graceful-restart",
    p.gracefulRestart &&
      { enabled: p.gracefulRestart.enabled, restart_time: p.gracefulRestart.restartTimeSecs },
  );
  return o;
}

function bmpOut(b: BmpServerConfig): Out {
  const o: Out = { address: formatEndpoint(b.address) };
  opt(o, "statistics_timeout", b.statisticsTimeoutSecs);
  o.views = [...b.views];
  opt(o, "sys_name", b.sysName);
  opt(o, "sys_descr", b.sysDescr);
  return o;
}

function setsOut(s: DefinedSets): Out {
  const o: Out = {};
  const kind = <T>(
    key: string,
    sets: ReadonlyMap<string, readonly T[]>,
    memberKey: string,
    member: (m: T) => unknown,
  ) => {
    if (sets.size === 0) return;
    o[key] = [...sets].map(([name, members]) => ({ name, [memberKey]: members.map(member) }));
  };
  kind("prefix-sets", s.prefixSets, "prefixes", prefixOut);
  kind("neighbor-sets", s.neighborSets, "neighbors", (p) =>
    // A host prefix prints as its address (bgpgg neighbor sets hold IPs).
    p.length === (p.family === 4 ? 32 : 128) ? formatIp(p) : formatPrefix(p));
  kind("as-path-sets", s.asPathSets, "patterns", (x) => x);
  kind("community-sets", s.communitySets, "communities", (x) => x);
  kind("ext-community-sets", s.extCommunitySets, "ext_communities", (x) => x);
  kind("large-community-sets", s.largeCommunitySets, "large_communities", (x) => x);
  return o;
}

function prefixOut(e: PrefixSetEntry): Out {
  const o: Out = { prefix: formatPrefix(e.prefix) };
  if (e.minLength !== e.prefix.length || e.maxLength !== e.prefix.length) {
    o["masklength-range"] = `${e.minLength}..${e.maxLength}`;
  }
  return o;
}

function policyOut(p: PolicyDefinition): Out {
  return {
    name: p.name,
    statements: p.statements.map((s) => {
      const o: Out = {};
      if (s.name !== "") o.name = s.name;
      const c = conditionsOut(s.conditions);
      if (Object.keys(c).length > 0) o.conditions = c;
      o.actions = actionsOut(s.actions);
      return o;
    }),
  };
}

function conditionsOut(c: Conditions): Out {
  const o: Out = {};
  const match = (key: string, m: SetMatch | undefined) =>
    opt(o, key, m && { "set-name": m.setName, "match-option": m.matchOption });
  match("match-prefix-set", c.prefixSet);
  match("match-neighbor-set", c.neighborSet);
  match("match-as-path-set", c.asPathSet);
  match("match-community-set", c.communitySet);
  match("match-ext-community-set", c.extCommunitySet);
  match("match-large-community-set", c.largeCommunitySet);
  opt(o, "prefix", c.prefix && formatPrefix(c.prefix));
  opt(o, "neighbor", c.neighbor && formatIp(c.neighbor));
  opt(o, "has-asn", c.hasAsn);
  opt(o, "route-type", c.routeType);
  opt(o, "community", c.community);
  opt(o, "afi-safi", c.afiSafi);
  opt(
    o,
    "as-path-length",
    c.asPathLength && { operator: c.asPathLength.operator, value: c.asPathLength.value },
  );
  return o;
}

function actionsOut(a: Actions): Out {
  const o: Out = {};
  if (a.routeDisposition === "accept") o.accept = true;
  if (a.routeDisposition === "reject") o.reject = true;
  opt(o, "local-pref", a.localPref);
  const med = a.med;
  if (med) {
    o.med = med.op === "set"
      ? med.value
      : med.op === "add"
      ? `+${med.value}`
      : med.op === "subtract"
      ? `-${med.value}`
      : { remove: true };
  }
  const community = (key: string, listKey: string, v: Actions["community"]) =>
    opt(o, key, v && { operation: v.operation, [listKey]: [...v.values] });
  community("community", "communities", a.community);
  community("ext-community", "ext_communities", a.extCommunity);
  community("large-community", "large_communities", a.largeCommunity);
  opt(
    o,
    "as-path-prepend",
    a.asPathPrepend && { asn: a.asPathPrepend.asn, repeat: a.asPathPrepend.repeat },
  );
  opt(o, "next-hop", a.nextHop && (a.nextHop === "self" ? "self" : formatIp(a.nextHop)));
  return o;
}
