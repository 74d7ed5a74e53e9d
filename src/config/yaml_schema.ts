/**
 * bgpgg v0.2 YAML (bgpgg.md §2.2-2.4) -> settings. Keys are bgpgg's; `-` and `_` are
 * interchangeable (bgpgg itself mixes them: `passive_mode` beside `import-policy`). Extras the
 * model has use bgpgg v0.3's spelling where it has one (rr-client, add-path-send...).
 */
import { formatEndpoint, formatIp } from "../common/ip.ts";
import { ValueError } from "./communities.ts";
import { LOG_LEVELS } from "../common/log.ts";
import {
  bmpFieldKey,
  bmpKey,
  type GlobalKey,
  type PeerField,
  peerFieldKey,
  peerKey,
} from "./keys.ts";
import type { PeerConfig } from "./model.ts";
import { readNetlink } from "./netlink_section.ts";
import {
  type Handler,
  listItems,
  readBool,
  readEnum,
  type Reader,
  readInt,
  readList,
  readMap,
  readString,
} from "./reader.ts";
import {
  readAsn,
  readEndpoint,
  readHoldTime,
  readIp,
  readRouterId,
  readSeconds,
} from "./scalars.ts";
import { indexPath, keyPath, type LNode, type MapEntry, type Pos } from "./tree.ts";
import { BMP_VIEWS, canonicalViews, FAMILY_NAMES, PEER_ROLES } from "./vocabulary.ts";
import {
  readNamesWithRefs,
  readYamlApplyPolicy,
  readYamlPolicies,
  readYamlSets,
} from "./yaml_policy.ts";

const L = { lenient: true } as const;

/** Reads a whole bgpgg-style document. */
export function readYaml(r: Reader, root: LNode): void {
  const g = (key: GlobalKey, read: (n: LNode, p: string) => unknown): Handler => (n, p) =>
    r.put(key, read(n, p), n, p);
  const seenPeers = new Map<string, string>();
  const seenBmp = new Map<string, string>();
  readMap(r, root, "", {
    asn: g("asn", (n, p) => readAsn(r, n, p)),
    router_id: g("routerId", (n, p) => readRouterId(r, n, p)),
    listen_addr: (n, p) => {
      const e = readEndpoint(r, n, p);
      r.put("listenAddress", e?.address, n, p);
      r.put("listenPort", e?.port, n, p);
    },
    grpc_listen_addr: g("grpcListen", (n, p) => readEndpoint(r, n, p)),
    hold_time_secs: g("holdTimeSecs", (n, p) => readHoldTime(r, n, p)),
    connect_retry_secs: g("connectRetrySecs", (n, p) => readSeconds(r, n, p, 1)),
    accept_unconfigured_peers: g("acceptUnconfiguredPeers", (n, p) => readBool(r, n, p)),
    ebgp_requires_policy: g("ebgpRequiresPolicy", (n, p) => readBool(r, n, p)),
    log_level: g("logLevel", (n, p) => readEnum(r, n, p, LOG_LEVELS, "a log level")),
    sys_name: g("sysName", (n, p) => readString(r, n, p)),
    sys_descr: g("sysDescr", (n, p) => readString(r, n, p)),
    peers: (n, p) =>
      listItems(r, n, p)?.forEach((item, i) => readPeer(r, item, indexPath(p, i), seenPeers)),
    bmp_servers: (n, p) =>
      listItems(r, n, p)?.forEach((item, i) => readBmp(r, item, indexPath(p, i), seenBmp)),
    "defined-sets": (n, p) => readYamlSets(r, n, p),
    "policy-definitions": (n, p) => readYamlPolicies(r, n, p),
    "apply-policy": (n, p) => readYamlApplyPolicy(r, n, p),
    netlink: (n, p) => readNetlink(r, n, p, true),
  }, {
    ...L,
    unsupported: {
      "rpki-caches": "RPKI is not implemented",
      "cluster-id": "set cluster-id per peer (peers[].cluster-id)",
      llgr: "long-lived graceful restart is not implemented",
      "enhanced-rr-stale-ttl": "enhanced route refresh is not implemented",
      "bgp-ls": "BGP-LS is not implemented",
    },
  });
}

/** Finds `key` (any separator) in a mapping without reading the rest. */
function entryOf(node: LNode, key: string): MapEntry | undefined {
  if (node.type !== "map") return undefined;
  const norm = (k: string) => k.replace(/-/g, "_");
  return node.entries.find((e) => norm(e.key) === norm(key));
}

/** A peer is keyed by its IP (bgpgg.md §4.2: peers are identified by address only). */
function readPeer(r: Reader, node: LNode, path: string, seen: Map<string, string>): void {
  const addrEntry = entryOf(node, "address");
  let id = `?${path}`;
  if (addrEntry) {
    const p = keyPath(path, addrEntry.key);
    const ep = readEndpoint(r, addrEntry.value, p, 179);
    if (ep) {
      id = formatIp(ep.address);
      const before = seen.get(id);
      if (before !== undefined) {
        r.fail(addrEntry.value.at, p, `peer ${id} is already configured at ${before}`);
        return;
      }
      seen.set(id, where(addrEntry.value.at, path));
      r.put(peerKey(id), ep.address, addrEntry.value, p);
      r.put(peerFieldKey(id, "port"), ep.port, addrEntry.value, p);
    }
  }
  readPeerFields(r, node, path, (f, v, n, p) => r.put(peerFieldKey(id, f), v, n, p), {
    address: () => {},
  }, { required: ["address"] });
}

function where(at: Pos | undefined, path: string): string {
  return at ? `line ${at.line} (${path})` : path;
}

type PeerPut = (field: PeerField, value: unknown, node: LNode, path: string) => void;

function readPeerFields(
  r: Reader,
  node: LNode,
  path: string,
  put: PeerPut,
  extra: Record<string, Handler>,
  opts: { required?: string[] },
): void {
  /** bgpgg (serde Option): `key: null` means "not set" (idle_hold_time_secs gives it a meaning). */
  const f = (field: PeerField, read: (n: LNode, p: string) => unknown): Handler => (n, p) =>
    put(field, n.type === "scalar" && n.value === null ? undefined : read(n, p), n, p);
  const bool = (field: PeerField) => f(field, (n, p) => readBool(r, n, p));
  const optSecs = (field: PeerField) => f(field, (n, p) => readSeconds(r, n, p));
  readMap(r, node, path, {
    ...extra,
    asn: f("asn", (n, p) => readAsn(r, n, p)),
    // bgpgg §2.3: null disables automatic start (AllowAutomaticStart = false).
    idle_hold_time_secs: (n, p) =>
      put(
        "idleHoldTimeSecs",
        n.type === "scalar" && n.value === null ? null : readSeconds(r, n, p),
        n,
        p,
      ),
    damp_peer_oscillations: bool("dampPeerOscillations"),
    allow_automatic_stop: bool("allowAutomaticStop"),
    passive_mode: bool("passiveMode"),
    delay_open_time_secs: optSecs("delayOpenTimeSecs"),
    max_prefix: f("maxPrefix", (n, p) => readMaxPrefix(r, n, p)),
    send_notification_without_open: bool("sendNotificationWithoutOpen"),
    collision_detect_established_state: bool("collisionDetectEstablishedState"),
    min_route_advertisement_interval_secs: optSecs("mraiSecs"),
    "import-policy": f("importPolicy", (n, p) => readNamesWithRefs(r, n, p)),
    "export-policy": f("exportPolicy", (n, p) => readNamesWithRefs(r, n, p)),
    // edgebgp extras.
    local_address: f("localAddress", (n, p) => readIp(r, n, p)),
    hold_time_secs: f("holdTimeSecs", (n, p) => readHoldTime(r, n, p)),
    connect_retry_secs: f("connectRetrySecs", (n, p) => readSeconds(r, n, p, 1)),
    "default-import-policy": f(
      "defaultImportAction",
      (n, p) => readEnum(r, n, p, ["accept", "reject"] as const, "a default action"),
    ),
    "default-export-policy": f(
      "defaultExportAction",
      (n, p) => readEnum(r, n, p, ["accept", "reject"] as const, "a default action"),
    ),
    families: f("families", (n, p) => readFamilies(r, n, p)),
    "rr-client": bool("routeReflectorClient"),
    "rs-client": bool("routeServerClient"),
    "cluster-id": f("clusterId", (n, p) => readRouterId(r, n, p)),
    "add-path-receive": bool("addPathReceive"),
    "add-path-send": f(
      "addPathSend",
      (n, p) => readEnum(r, n, p, ["disabled", "all", "best"] as const, "an ADD-PATH send mode"),
    ),
    "add-path-send-max": f("addPathSendMax", (n, p) => readInt(r, n, p, 1, 255)),
    "enforce-first-as": bool("enforceFirstAs"),
    "next-hop-self": bool("nextHopSelf"),
    role: f("role", (n, p) => readEnum(r, n, p, PEER_ROLES, "a BGP role (RFC 9234)")),
    "graceful-restart": f("gracefulRestart", (n, p) => readGracefulRestart(r, n, p)),
    description: f("description", (n, p) => readString(r, n, p)),
  }, {
    ...L,
    ...opts,
    unsupported: {
      port: `write the port in address as "IP:PORT" (bgpgg v0.2)`,
      "md5-key-file": "TCP-MD5 is not implemented",
      "ttl-min": "GTSM is not implemented",
      llgr: "long-lived graceful restart is not implemented",
      "send-rpki-community": "RPKI is not implemented",
      "graceful-shutdown": "graceful shutdown (RFC 8326) is not implemented",
      "afi-safis": "use families: [ipv4-unicast, ipv6-unicast] and max_prefix",
    },
  });
}

function readMaxPrefix(r: Reader, node: LNode, path: string): PeerConfig["maxPrefix"] {
  let limit: number | undefined;
  let action: "terminate" | "discard" = "terminate";
  readMap(r, node, path, {
    limit: (n, p) => limit = readInt(r, n, p, 1, 0xffffffff),
    action: (n, p) =>
      action = readEnum(r, n, p, ["terminate", "discard"] as const, "a max-prefix action") ??
        action,
  }, { ...L, required: ["limit"] });
  return limit === undefined ? undefined : { limit, action };
}

function readFamilies(r: Reader, node: LNode, path: string): PeerConfig["families"] | undefined {
  const names = Object.keys(FAMILY_NAMES) as (keyof typeof FAMILY_NAMES)[];
  const list = readList(r, node, path, (s) => {
    if (s === "1/1" || s === "2/1") return s;
    if (Object.hasOwn(FAMILY_NAMES, s)) return FAMILY_NAMES[s as keyof typeof FAMILY_NAMES];
    throw new ValueError(
      `${JSON.stringify(s)} is not a supported family; allowed: ${names.join(", ")}`,
    );
  }, "a family name");
  if (!list) return undefined;
  if (list.length === 0) {
    r.fail(node.at, path, "a peer needs at least one family; allowed: ipv4-unicast, ipv6-unicast");
    return undefined;
  }
  // Canonical order, no repeats: the set is what is negotiated (RFC 4760 §8).
  return (["1/1", "2/1"] as const).filter((f) => list.includes(f));
}

function readGracefulRestart(
  r: Reader,
  node: LNode,
  path: string,
): PeerConfig["gracefulRestart"] {
  let enabled = true, restartTimeSecs = 120;
  const ok = readMap(r, node, path, {
    enabled: (n, p) => enabled = readBool(r, n, p) ?? enabled,
    // RFC 4724 §3: Restart Time is a 12-bit field.
    restart_time: (n, p) => restartTimeSecs = readInt(r, n, p, 0, 4095) ?? restartTimeSecs,
  }, L);
  return ok ? { enabled, restartTimeSecs } : undefined;
}

/** bgpgg §2.4; GoBGP's per-collector extras (views, sys_name, sys_descr). */
function readBmp(r: Reader, node: LNode, path: string, seen: Map<string, string>): void {
  const addrEntry = entryOf(node, "address");
  let id = `?${path}`;
  if (addrEntry) {
    const p = keyPath(path, addrEntry.key);
    const ep = readEndpoint(r, addrEntry.value, p);
    if (ep) {
      id = formatEndpoint(ep);
      const before = seen.get(id);
      if (before !== undefined) {
        r.fail(addrEntry.value.at, p, `BMP server ${id} is already configured at ${before}`);
        return;
      }
      seen.set(id, where(addrEntry.value.at, path));
      r.put(bmpKey(id), ep, addrEntry.value, p);
    }
  }
  readMap(r, node, path, {
    address: () => {},
    statistics_timeout: (n, p) => {
      // bgpgg: 0 or null = no Statistics Reports.
      const v = n.type === "scalar" && n.value === null ? 0 : readSeconds(r, n, p);
      r.put(bmpFieldKey(id, "statisticsTimeoutSecs"), v === 0 ? null : v, n, p);
    },
    views: (n, p) => {
      const views = readList(r, n, p, (s) => {
        if ((BMP_VIEWS as readonly string[]).includes(s)) return s as typeof BMP_VIEWS[number];
        throw new ValueError(
          `${JSON.stringify(s)} is not a BMP view; allowed: ${BMP_VIEWS.join(", ")}`,
        );
      }, "a BMP view");
      r.put(bmpFieldKey(id, "views"), views && canonicalViews(r, views, n, p), n, p);
    },
    sys_name: (n, p) => r.put(bmpFieldKey(id, "sysName"), readString(r, n, p), n, p),
    sys_descr: (n, p) => r.put(bmpFieldKey(id, "sysDescr"), readString(r, n, p), n, p),
  }, { ...L, required: ["address"] });
}
