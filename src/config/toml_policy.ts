/**
 * GoBGP `[defined-sets]` and `[[policy-definitions]]` (gobgp.md §2.4, §2.5) -> settings. Keys
 * are GoBGP's exactly (kebab-case, as GoBGP's own strict loader wants them).
 */
import { type IpPrefix, parseIp } from "../common/ip.ts";
import {
  compileRegex,
  parseCommunity,
  parseExtCommunity,
  parseLargeCommunity,
  parseSetMember,
  ValueError,
} from "./communities.ts";
import { policyKey, setKey, type SetKind } from "./keys.ts";
import type {
  Actions,
  CommunityOperation,
  Conditions,
  PolicyDefinition,
  PrefixSetEntry,
  Statement,
} from "./model.ts";
import {
  COMMUNITY_OPERATIONS,
  type Mutable,
  parseMedText,
  prefixEntry,
  readAsPathLength,
  readSetMatch,
  SET_NOUN,
  setIf,
} from "./policy_common.ts";
import {
  listItems,
  parseOrFail,
  readEnum,
  type Reader,
  readInt,
  readList,
  readMap,
  readParsed,
} from "./reader.ts";
import { parseNeighbor, readAsn, readName, readPrefix } from "./scalars.ts";
import { indexPath, type LNode, shown } from "./tree.ts";

const STRICT = { lenient: false } as const;

export function readTomlSets(r: Reader, node: LNode, path: string): void {
  const each =
    (kind: SetKind, nameKey: string, listKey: string, member: Handler2) => (n: LNode, p: string) =>
      listItems(r, n, p)?.forEach((item, i) => {
        const ip = indexPath(p, i);
        let name: string | undefined;
        let members: unknown;
        readMap(r, item, ip, {
          [nameKey]: (n, p) => name = readName(r, n, p),
          [listKey]: (n, p) => members = member(n, p),
        }, { required: [nameKey] });
        // GoBGP allows a set with no members; so does edgebgp (it matches nothing).
        if (name !== undefined) {
          r.put(
            setKey(kind, name),
            members ?? [],
            item,
            ip,
            `${SET_NOUN[kind]} ${JSON.stringify(name)}`,
          );
        }
      });
  readMap(r, node, path, {
    "prefix-sets": each(
      "prefixSets",
      "prefix-set-name",
      "prefix-list",
      (n, p) => readPrefixList(r, n, p),
    ),
    "neighbor-sets": each(
      "neighborSets",
      "neighbor-set-name",
      "neighbor-info-list",
      (n, p) => readList(r, n, p, parseNeighbor, "an address or prefix"),
    ),
    "bgp-defined-sets": (n, p) =>
      readMap(r, n, p, {
        "community-sets": each(
          "communitySets",
          "community-set-name",
          "community-list",
          (n, p) => readList(r, n, p, (s) => parseSetMember(s, parseCommunity), "a community"),
        ),
        "ext-community-sets": each(
          "extCommunitySets",
          "ext-community-set-name",
          "ext-community-list",
          (n, p) =>
            readList(r, n, p, (s) => parseSetMember(s, parseExtCommunity), "an extended community"),
        ),
        "large-community-sets": each(
          "largeCommunitySets",
          "large-community-set-name",
          "large-community-list",
          (n, p) =>
            readList(r, n, p, (s) => parseSetMember(s, parseLargeCommunity), "a large community"),
        ),
        "as-path-sets": each(
          "asPathSets",
          "as-path-set-name",
          "as-path-list",
          (n, p) => readList(r, n, p, (s) => (compileRegex(s), s), "a regular expression"),
        ),
      }, { unsupported: { "tag-sets": "tags are not implemented" } }),
  }, { unsupported: { "tag-sets": "tags are not implemented" } });
}

type Handler2 = (n: LNode, p: string) => unknown;

function readPrefixList(r: Reader, node: LNode, path: string): PrefixSetEntry[] | undefined {
  const items = listItems(r, node, path);
  if (!items) return undefined;
  const out: PrefixSetEntry[] = [];
  items.forEach((item, i) => {
    const ip = indexPath(path, i);
    let prefix: IpPrefix | undefined;
    let range: LNode | undefined, rangePath = "";
    readMap(r, item, ip, {
      "ip-prefix": (n, p) => prefix = readPrefix(r, n, p),
      "masklength-range": (n, p) => [range, rangePath] = [n, p],
    }, { required: ["ip-prefix"] });
    if (!prefix) return;
    const e = prefixEntry(r, prefix, range, rangePath);
    if (e) out.push(e);
  });
  return out.length === items.length ? out : undefined;
}

export function readTomlPolicies(r: Reader, node: LNode, path: string): void {
  listItems(r, node, path)?.forEach((item, i) => {
    const ip = indexPath(path, i);
    let name: string | undefined;
    const statements: Statement[] = [];
    readMap(r, item, ip, {
      name: (n, p) => name = readName(r, n, p),
      statements: (n, p) =>
        listItems(r, n, p)?.forEach((s, j) => {
          const st = readStatement(r, s, indexPath(p, j));
          if (st) statements.push(st);
        }),
    }, { required: ["name"] });
    if (name !== undefined) {
      const policy: PolicyDefinition = { name, statements };
      r.put(policyKey(name), policy, item, ip, `policy ${JSON.stringify(name)}`);
    }
  });
}

function readStatement(r: Reader, node: LNode, path: string): Statement | undefined {
  let name = "";
  let conditions: Conditions = {};
  let actions: Actions = {};
  const ok = readMap(r, node, path, {
    name: (n, p) => name = readName(r, n, p) ?? name,
    conditions: (n, p) => conditions = readConditions(r, n, p),
    actions: (n, p) => actions = readActions(r, n, p),
  });
  return ok ? { name, conditions, actions } : undefined;
}

const NOT_IMPLEMENTED = "this condition is not implemented";

function readConditions(r: Reader, node: LNode, path: string): Conditions {
  const c: Mutable<Conditions> = {};
  const match =
    (key: keyof Conditions & `${string}Set`, kind: SetKind, nameKey: string) =>
    (n: LNode, p: string) =>
      setIf(c, key, readSetMatch(r, n, p, kind, nameKey, "match-set-options", false));
  readMap(r, node, path, {
    "match-prefix-set": match("prefixSet", "prefixSets", "prefix-set"),
    "match-neighbor-set": match("neighborSet", "neighborSets", "neighbor-set"),
    "bgp-conditions": (n, p) =>
      readMap(r, n, p, {
        "match-community-set": match("communitySet", "communitySets", "community-set"),
        "match-ext-community-set": match(
          "extCommunitySet",
          "extCommunitySets",
          "ext-community-set",
        ),
        "match-large-community-set": match(
          "largeCommunitySet",
          "largeCommunitySets",
          "large-community-set",
        ),
        "match-as-path-set": match("asPathSet", "asPathSets", "as-path-set"),
        "as-path-length": (n, p) => setIf(c, "asPathLength", readAsPathLength(r, n, p, STRICT)),
        "route-type": (n, p) => {
          const t = readEnum(
            r,
            n,
            p,
            ["internal", "external", "local", "none"] as const,
            "a route type",
          );
          const map = { internal: "ibgp", external: "ebgp", local: "local" } as const;
          if (t !== undefined && t !== "none") c.routeType = map[t];
        },
        "afi-safi-in-list": (n, p) => {
          const fams = readList(r, n, p, (s) => {
            if (s === "ipv4-unicast" || s === "ipv6-unicast") return s;
            throw new ValueError(
              `${JSON.stringify(s)} is not a supported family; allowed: ipv4-unicast, ipv6-unicast`,
            );
          }, "a family name");
          // Both supported families listed = every route: no condition at all.
          const distinct = [...new Set(fams ?? [])];
          if (distinct.length === 1) c.afiSafi = distinct[0]!;
        },
      }, {
        unsupported: {
          "med-eq": NOT_IMPLEMENTED,
          "local-pref-eq": NOT_IMPLEMENTED,
          "origin-eq": NOT_IMPLEMENTED,
          "next-hop-in-list": NOT_IMPLEMENTED,
          "community-count": NOT_IMPLEMENTED,
          "large-community-count": NOT_IMPLEMENTED,
          "rpki-validation-result": "RPKI origin validation is not implemented",
        },
      }),
  }, {
    unsupported: {
      "match-tag-set": "tags are not implemented",
      "call-policy": NOT_IMPLEMENTED,
      "install-protocol-eq": NOT_IMPLEMENTED,
    },
  });
  return c;
}

function readActions(r: Reader, node: LNode, path: string): Actions {
  const a: Mutable<Actions> = {};
  const setCommunity = (
    field: "community" | "extCommunity" | "largeCommunity",
    methodKey: string,
    parse: (s: string) => string,
    what: string,
  ) =>
  (n: LNode, p: string) => {
    let operation: CommunityOperation | undefined;
    let values: string[] | undefined;
    readMap(r, n, p, {
      options: (n, p) =>
        operation = readEnum(r, n, p, COMMUNITY_OPERATIONS, "a community operation"),
      [methodKey]: (n, p) =>
        readMap(r, n, p, {
          "communities-list": (n, p) => values = readList(r, n, p, parse, what),
        }, {
          required: ["communities-list"],
          unsupported: {
            "community-set-ref": "list the communities in communities-list",
            "ext-community-set-ref": "list the communities in communities-list",
            "large-community-set-ref": "list the communities in communities-list",
          },
        }),
    }, { required: ["options", methodKey] });
    if (operation && values) a[field] = { operation, values };
  };
  readMap(r, node, path, {
    "route-disposition": (n, p) => {
      const d = readEnum(
        r,
        n,
        p,
        ["accept-route", "reject-route", "none"] as const,
        "a route disposition",
      );
      if (d === "accept-route") a.routeDisposition = "accept";
      if (d === "reject-route") a.routeDisposition = "reject";
    },
    "bgp-actions": (n, p) =>
      readMap(r, n, p, {
        "set-community": setCommunity(
          "community",
          "set-community-method",
          parseCommunity,
          "a community",
        ),
        "set-ext-community": setCommunity(
          "extCommunity",
          "set-ext-community-method",
          parseExtCommunity,
          "an extended community",
        ),
        "set-large-community": setCommunity(
          "largeCommunity",
          "set-large-community-method",
          parseLargeCommunity,
          "a large community",
        ),
        "set-as-path-prepend": (n, p) => {
          let asn: number | "self" | undefined, repeat = 1;
          readMap(r, n, p, {
            as: (n, p) => {
              if (n.type === "scalar" && n.value === "last-as") {
                r.fail(n.at, p, `not supported by edgebgp: "last-as"; give an AS number`);
              } else asn = readAsn(r, n, p);
            },
            "repeat-n": (n, p) => repeat = readInt(r, n, p, 1, 255) ?? repeat,
          }, { required: ["as"] });
          if (asn !== undefined) a.asPathPrepend = { asn, repeat };
        },
        "set-med": (n, p) => {
          if (n.type === "scalar" && typeof n.value === "string") {
            setIf(a, "med", parseOrFail(r, n, p, () => parseMedText(n.value as string)));
          } else {
            const v = readInt(r, n, p, 0, 0xffffffff, `0..4294967295, "+N" or "-N"`);
            if (v !== undefined) a.med = { op: "set", value: v };
          }
        },
        "set-local-pref": (n, p) => setIf(a, "localPref", readInt(r, n, p, 0, 0xffffffff)),
        "set-next-hop": (n, p) => {
          if (n.type === "scalar" && n.value === "self") a.nextHop = "self";
          else if (n.type === "scalar" && (n.value === "peer-address" || n.value === "unchanged")) {
            r.fail(n.at, p, `not supported by edgebgp: ${shown(n)}; give an IP address or "self"`);
          } else {
            setIf(
              a,
              "nextHop",
              readParsed(r, n, p, (s) => {
                try {
                  return parseIp(s);
                } catch {
                  throw new ValueError(`${JSON.stringify(s)} is not an IP address or "self"`);
                }
              }, `an IP address or "self"`),
            );
          }
        },
      }, { unsupported: { "set-route-origin": "setting ORIGIN is not implemented" } }),
  }, { unsupported: { "igp-actions": "IGP tags are not implemented" } });
  return a;
}
