/**
 * GoBGP TOML (gobgp.md §2) -> settings: `[global]`, `[[neighbors]]`, `[[bmp-servers]]`, the
 * netlink section of the seed, and the sets/policies of toml_policy.ts. Keys are GoBGP's,
 * kebab-case and exact (GoBGP's own loader is that strict); the netlink keys also take the
 * seed's underscore spellings. GoBGP keys edgebgp does not implement are refused by name.
 */
import { formatEndpoint, formatIp, parseIp } from "../common/ip.ts";
import { LOG_LEVELS } from "../common/log.ts";
import { ValueError } from "./communities.ts";
import {
  bmpFieldKey,
  bmpKey,
  type GlobalKey,
  type PeerField,
  peerFieldKey,
  peerKey,
} from "./keys.ts";
import { readNetlink } from "./netlink_section.ts";
import { reference } from "./policy_common.ts";
import {
  type Handler,
  listItems,
  type MapOptions,
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
  readName,
  readRouterId,
  readSeconds,
} from "./scalars.ts";
import { readTomlPolicies, readTomlSets } from "./toml_policy.ts";
import { indexPath, keyPath, type LNode, type MapEntry, type Pos } from "./tree.ts";
import { BMP_VIEWS, canonicalViews, FAMILY_NAMES, PEER_ROLES } from "./vocabulary.ts";

/** GoBGP's default BMP collector port (gobgp.md §2.6). */
const GOBGP_BMP_PORT = 11019;

const NI = "not implemented";

export function readToml(r: Reader, root: LNode): void {
  const seenPeers = new Map<string, string>();
  const seenBmp = new Map<string, string>();
  readMap(r, root, "", {
    global: (n, p) => readGlobal(r, n, p),
    neighbors: (n, p) =>
      listItems(r, n, p)?.forEach((item, i) => readNeighbor(r, item, indexPath(p, i), seenPeers)),
    "defined-sets": (n, p) => readTomlSets(r, n, p),
    "policy-definitions": (n, p) => readTomlPolicies(r, n, p),
    "bmp-servers": (n, p) =>
      listItems(r, n, p)?.forEach((item, i) => readBmp(r, item, indexPath(p, i), seenBmp)),
    netlink: (n, p) => readNetlink(r, n, p, true),
  }, {
    unsupported: {
      "peer-groups": "peer groups are not implemented; give each neighbor its settings",
      "dynamic-neighbors": "dynamic neighbors are not implemented",
      "rpki-servers": "RPKI is not implemented",
      vrfs: "GoBGP VRFs are not implemented",
      "mrt-dump": "MRT dumps are not implemented",
      zebra: "zebra is not used; edgebgp programs the kernel through [netlink.export]",
      collector: NI,
    },
  });
}

/** `{config = {...}}`: GoBGP wraps most settings in a `config` table. */
function config(
  r: Reader,
  handlers: Record<string, Handler>,
  opts: MapOptions = {},
): (n: LNode, p: string) => void {
  return (n, p) =>
    readMap(r, n, p, { config: (n, p) => readMap(r, n, p, handlers, opts) }, {
      unsupported: { state: "state is output only" },
    });
}

function readGlobal(r: Reader, node: LNode, path: string): void {
  const g = (key: GlobalKey, read: (n: LNode, p: string) => unknown): Handler => (n, p) =>
    r.put(key, read(n, p), n, p);
  readMap(r, node, path, {
    config: (n, p) =>
      readMap(r, n, p, {
        as: g("asn", (n, p) => readAsn(r, n, p)),
        "router-id": g("routerId", (n, p) => readRouterId(r, n, p)),
        port: (n, p) => {
          if (n.type === "scalar" && n.value === -1) {
            r.fail(n.at, p, "not supported by edgebgp: port -1; bind a loopback address instead");
          } else r.put("listenPort", readInt(r, n, p, 0, 65535), n, p);
        },
        "local-address-list": (n, p) => {
          const list = readList(r, n, p, parseIp, "an IP address");
          if (list && list.length > 1) {
            r.fail(n.at, p, `edgebgp listens on one address; got ${list.length}, give one`);
          } else if (list && list.length === 1) r.put("listenAddress", list[0], n, p);
        },
        // edgebgp extras (bgpgg's globals, in GoBGP's spelling).
        "grpc-listen-addr": g("grpcListen", (n, p) => readEndpoint(r, n, p)),
        "log-level": g("logLevel", (n, p) => readEnum(r, n, p, LOG_LEVELS, "a log level")),
        "hold-time": g("holdTimeSecs", (n, p) => readHoldTime(r, n, p)),
        "connect-retry": g("connectRetrySecs", (n, p) => readSeconds(r, n, p, 1)),
        "accept-unconfigured-peers": g("acceptUnconfiguredPeers", (n, p) => readBool(r, n, p)),
        "ebgp-requires-policy": g("ebgpRequiresPolicy", (n, p) => readBool(r, n, p)),
        "sys-name": g("sysName", (n, p) => readString(r, n, p)),
        "sys-descr": g("sysDescr", (n, p) => readString(r, n, p)),
      }, { unsupported: { "bind-to-device": NI } }),
    "apply-policy": config(
      r,
      applyPolicyHandlers(r, (k, v, n, p) => r.put(`apply.${k}`, v, n, p)),
      {
        unsupported: { "in-policy-list": "GoBGP v3 only", "default-in-policy": "GoBGP v3 only" },
      },
    ),
  }, {
    unsupported: {
      "route-selection-options": NI,
      "use-multiple-paths": "ECMP is not implemented",
      confederation: "confederations are not implemented",
      "default-route-distance": NI,
      "graceful-restart": "configure graceful restart per neighbor",
      "afi-safis": "configure families per neighbor",
      "mpls-label-range": NI,
    },
  });
}

type ApplyField = "importPolicy" | "exportPolicy" | "defaultImportAction" | "defaultExportAction";

/** GoBGP apply-policy.config keys; the default actions are `accept-route` / `reject-route`. */
function applyPolicyHandlers(
  r: Reader,
  put: (field: ApplyField, v: unknown, n: LNode, p: string) => void,
): Record<string, Handler> {
  const names = (field: ApplyField): Handler => (n, p) => {
    const items = listItems(r, n, p);
    if (!items) return;
    const out: string[] = [];
    items.forEach((item, i) => {
      const ip = indexPath(p, i);
      const name = readName(r, item, ip);
      if (name === undefined) return;
      reference(r, item, ip, { type: "policy", name });
      out.push(name);
    });
    put(field, out.length === items.length ? out : undefined, n, p);
  };
  const action = (field: ApplyField): Handler => (n, p) => {
    const v = readEnum(r, n, p, ["accept-route", "reject-route"] as const, "a default policy");
    put(field, v && (v === "accept-route" ? "accept" : "reject"), n, p);
  };
  return {
    "import-policy-list": names("importPolicy"),
    "export-policy-list": names("exportPolicy"),
    "default-import-policy": action("defaultImportAction"),
    "default-export-policy": action("defaultExportAction"),
  };
}

function entryOf(node: LNode | undefined, key: string): MapEntry | undefined {
  return node?.type === "map" ? node.entries.find((e) => e.key === key) : undefined;
}

function where(at: Pos | undefined, path: string): string {
  return at ? `line ${at.line} (${path})` : path;
}

function readNeighbor(r: Reader, node: LNode, path: string, seen: Map<string, string>): void {
  const cfg = entryOf(node, "config");
  const addr = entryOf(cfg?.value, "neighbor-address");
  let id = `?${path}`;
  if (!addr) {
    r.fail(cfg?.keyAt ?? node.at, keyPath(path, "config"), "missing required key neighbor-address");
  } else {
    const p = keyPath(keyPath(path, "config"), "neighbor-address");
    const a = readIp(r, addr.value, p);
    if (a) {
      id = formatIp(a);
      const before = seen.get(id);
      if (before !== undefined) {
        r.fail(addr.value.at, p, `neighbor ${id} is already configured at ${before}`);
        return;
      }
      seen.set(id, where(addr.value.at, path));
      r.put(peerKey(id), a, addr.value, p);
    }
  }
  const put = (f: PeerField, v: unknown, n: LNode, p: string) =>
    r.put(peerFieldKey(id, f), v, n, p);
  const f = (field: PeerField, read: (n: LNode, p: string) => unknown): Handler => (n, p) =>
    put(field, read(n, p), n, p);
  const bool = (field: PeerField) => f(field, (n, p) => readBool(r, n, p));
  readMap(r, node, path, {
    config: (n, p) =>
      readMap(r, n, p, {
        "neighbor-address": () => {},
        "peer-as": f("asn", (n, p) => readAsn(r, n, p)),
        description: f("description", (n, p) => readString(r, n, p)),
        // edgebgp extras.
        "enforce-first-as": bool("enforceFirstAs"),
        "next-hop-self": bool("nextHopSelf"),
        role: f("role", (n, p) => readEnum(r, n, p, PEER_ROLES, "a BGP role (RFC 9234)")),
        "damp-peer-oscillations": bool("dampPeerOscillations"),
        "allow-automatic-stop": bool("allowAutomaticStop"),
        "send-notification-without-open": bool("sendNotificationWithoutOpen"),
        "collision-detect-established-state": bool("collisionDetectEstablishedState"),
      }, {
        unsupported: {
          "local-as": "one local AS per speaker ([global.config] as)",
          "auth-password": "TCP-MD5 is not implemented",
          "peer-group": "peer groups are not implemented",
          "admin-down": NI,
          "neighbor-interface": "unnumbered neighbors are not implemented",
          vrf: "GoBGP VRFs are not implemented",
          "remove-private-as": NI,
          "route-flap-damping": NI,
          "send-community": "communities are always sent",
          "peer-type": "derived from the AS numbers",
          "send-software-version": NI,
        },
      }),
    transport: config(r, {
      "passive-mode": bool("passiveMode"),
      "remote-port": f("port", (n, p) => readInt(r, n, p, 1, 65535)),
      "local-address": f("localAddress", (n, p) => readIp(r, n, p)),
    }, {
      unsupported: {
        "local-port": NI,
        "tcp-mss": NI,
        "mtu-discovery": NI,
        "bind-interface": NI,
        ttl: NI,
        "ip-tos": NI,
      },
    }),
    timers: (n, p) => readTimers(r, n, p, put),
    "route-reflector": config(r, {
      "route-reflector-client": bool("routeReflectorClient"),
      "route-reflector-cluster-id": f("clusterId", (n, p) => readRouterId(r, n, p)),
    }),
    "route-server": config(r, { "route-server-client": bool("routeServerClient") }, {
      unsupported: { "secondary-route": NI },
    }),
    "add-paths": config(r, {
      receive: bool("addPathReceive"),
      "send-max": (n, p) => {
        // RFC 7911: send-max 0 sends one path (no ADD-PATH send); N > 0 sends up to N.
        const v = readInt(r, n, p, 0, 255);
        if (v === undefined) return;
        put("addPathSend", v === 0 ? "disabled" : "all", n, p);
        if (v > 0) put("addPathSendMax", v, n, p);
      },
    }),
    "graceful-restart": (n, p) => {
      let enabled = true, restartTimeSecs = 120, node: LNode = n, at = p;
      config(r, {
        enabled: (n, p) => enabled = readBool(r, n, p) ?? enabled,
        "restart-time": (n, p) => {
          restartTimeSecs = readInt(r, n, p, 0, 4095) ?? restartTimeSecs;
          [node, at] = [n, p];
        },
      }, {
        unsupported: {
          "stale-routes-time": NI,
          "helper-only": NI,
          "deferral-time": NI,
          "notification-enabled": NI,
          "long-lived-enabled": "long-lived graceful restart is not implemented",
        },
      })(n, p);
      put("gracefulRestart", { enabled, restartTimeSecs }, node, at);
    },
    "apply-policy": config(r, applyPolicyHandlers(r, put)),
    "afi-safis": (n, p) => readAfiSafis(r, n, p, put),
  }, {
    unsupported: {
      "ebgp-multihop": NI,
      "ttl-security": "GTSM is not implemented",
      "as-path-options": NI,
      "error-handling": "RFC 7606 treat-as-withdraw is always on",
      "use-multiple-paths": "ECMP is not implemented",
      bfd: "BFD is not implemented",
      state: "state is output only",
    },
  });
}

type Put = (f: PeerField, v: unknown, n: LNode, p: string) => void;

function readTimers(r: Reader, node: LNode, path: string, put: Put): void {
  let hold: number | undefined;
  let keepalive: { v: number; n: LNode; p: string } | undefined;
  config(r, {
    "connect-retry": (n, p) => put("connectRetrySecs", readSeconds(r, n, p, 1), n, p),
    "hold-time": (n, p) => {
      hold = readHoldTime(r, n, p);
      put("holdTimeSecs", hold, n, p);
    },
    "keepalive-interval": (n, p) => {
      const v = readSeconds(r, n, p);
      if (v !== undefined) keepalive = { v, n, p };
    },
    "minimum-advertisement-interval": (n, p) => put("mraiSecs", readSeconds(r, n, p), n, p),
    "idle-hold-time-after-reset": (n, p) => put("idleHoldTimeSecs", readSeconds(r, n, p), n, p),
    "delay-open-time": (n, p) => put("delayOpenTimeSecs", readSeconds(r, n, p), n, p),
  })(node, path);
  if (keepalive && (hold === undefined || keepalive.v !== Math.floor(hold / 3))) {
    // RFC 4271 §10: KeepaliveTime is one third of the hold time; edgebgp derives it.
    r.fail(
      keepalive.n.at,
      keepalive.p,
      `${keepalive.v} is not allowed; edgebgp sends KEEPALIVE every hold-time / 3, so ` +
        `keepalive-interval must be ${
          hold === undefined ? "left out (or hold-time set beside it)" : Math.floor(hold / 3)
        }`,
    );
  }
}

function readAfiSafis(r: Reader, node: LNode, path: string, put: Put): void {
  const items = listItems(r, node, path);
  if (!items) return;
  const families: ("1/1" | "2/1")[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const ip = indexPath(path, i);
    let family: "1/1" | "2/1" | undefined, enabled = true;
    readMap(r, item, ip, {
      config: (n, p) =>
        readMap(r, n, p, {
          "afi-safi-name": (n, p) => {
            const name = readEnum(
              r,
              n,
              p,
              Object.keys(FAMILY_NAMES) as (keyof typeof FAMILY_NAMES)[],
              "a supported family",
            );
            if (name === undefined) ok = false;
            else family = FAMILY_NAMES[name];
          },
          enabled: (n, p) => enabled = readBool(r, n, p) ?? enabled,
        }, { required: ["afi-safi-name"] }),
      "prefix-limit": config(r, {
        "max-prefixes": (n, p) => {
          const limit = readInt(r, n, p, 1, 0xffffffff);
          put("maxPrefix", limit && { limit, action: "terminate" }, n, p);
        },
      }, {
        unsupported: {
          "shutdown-threshold-pct": "warning thresholds are not implemented",
          "restart-timer": "a peer stopped by max-prefix stays down until reset",
        },
      }),
    }, {
      required: ["config"],
      unsupported: {
        "mp-graceful-restart": "graceful restart is per neighbor ([neighbors.graceful-restart])",
        "long-lived-graceful-restart": "long-lived graceful restart is not implemented",
        "add-paths": "ADD-PATH is per neighbor ([neighbors.add-paths])",
        "route-target-membership": NI,
        "apply-policy": "policies are per neighbor ([neighbors.apply-policy])",
        "use-multiple-paths": "ECMP is not implemented",
        "route-selection-options": NI,
        "ipv4-unicast": NI,
        "ipv6-unicast": NI,
        state: "state is output only",
      },
    });
    if (family && enabled) families.push(family);
  });
  if (!ok) return;
  if (families.length === 0) {
    r.fail(node.at, path, "no family enabled; allowed: ipv4-unicast, ipv6-unicast");
    return;
  }
  put("families", (["1/1", "2/1"] as const).filter((f) => families.includes(f)), node, path);
}

const MONITORING_POLICY = {
  "pre-policy": ["pre-policy"],
  "post-policy": ["post-policy"],
  both: ["pre-policy", "post-policy"],
  "local-rib": ["loc-rib"],
  all: ["pre-policy", "post-policy", "loc-rib"],
} as const;

function readBmp(r: Reader, node: LNode, path: string, seen: Map<string, string>): void {
  const cfg = entryOf(node, "config");
  const cfgPath = keyPath(path, "config");
  const addr = entryOf(cfg?.value, "address");
  const portEntry = entryOf(cfg?.value, "port");
  let id = `?${path}`;
  const port = portEntry
    ? readInt(r, portEntry.value, keyPath(cfgPath, "port"), 1, 65535)
    : GOBGP_BMP_PORT;
  if (!addr) {
    r.fail(cfg?.keyAt ?? node.at, cfgPath, "missing required key address");
  } else {
    const p = keyPath(cfgPath, "address");
    const a = readIp(r, addr.value, p);
    if (a && port !== undefined) {
      const ep = { address: a, port };
      id = formatEndpoint(ep);
      const before = seen.get(id);
      if (before !== undefined) {
        r.fail(addr.value.at, p, `BMP server ${id} is already configured at ${before}`);
        return;
      }
      seen.set(id, where(addr.value.at, path));
      r.put(bmpKey(id), ep, addr.value, p);
    }
  }
  const views = (n: LNode, p: string, v: readonly (typeof BMP_VIEWS[number])[] | undefined) =>
    r.put(bmpFieldKey(id, "views"), v && canonicalViews(r, v, n, p), n, p);
  readMap(r, node, path, {
    config: (n, p) =>
      readMap(r, n, p, {
        address: () => {},
        port: () => {},
        "route-monitoring-policy": (n, p) => {
          const k = readEnum(
            r,
            n,
            p,
            Object.keys(MONITORING_POLICY) as (keyof typeof MONITORING_POLICY)[],
            "a route-monitoring policy",
          );
          views(n, p, k && MONITORING_POLICY[k]);
        },
        // edgebgp extra: any combination, including the Adj-RIB-Out views (RFC 8671).
        views: (n, p) =>
          views(
            n,
            p,
            readList(r, n, p, (s) => {
              if ((BMP_VIEWS as readonly string[]).includes(s)) {
                return s as typeof BMP_VIEWS[number];
              }
              throw new ValueError(
                `${JSON.stringify(s)} is not a BMP view; allowed: ${BMP_VIEWS.join(", ")}`,
              );
            }, "a BMP view"),
          ),
        "statistics-timeout": (n, p) => {
          const v = readSeconds(r, n, p);
          r.put(bmpFieldKey(id, "statisticsTimeoutSecs"), v === 0 ? null : v, n, p);
        },
        "route-mirroring-enabled": (n, p) => {
          if (readBool(r, n, p) === true) {
            r.fail(n.at, p, "not supported by edgebgp: route mirroring");
          }
        },
        "sys-name": (n, p) => r.put(bmpFieldKey(id, "sysName"), readString(r, n, p), n, p),
        "sys-descr": (n, p) => r.put(bmpFieldKey(id, "sysDescr"), readString(r, n, p), n, p),
      }),
  }, { required: ["config"] });
}
