/**
 * bgpgg v0.2 `defined-sets` and `policy-definitions` (bgpgg.md §2.6, §2.7), plus the edgebgp
 * extras the model has (as-path-prepend, next-hop, MED arithmetic, as-path-length, afi-safi).
 */
import { type IpAddress, type IpPrefix, parseIp } from "../common/ip.ts";
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
  reference,
  SET_NOUN,
  setIf,
} from "./policy_common.ts";
import {
  listItems,
  parseOrFail,
  readBool,
  readEnum,
  type Reader,
  readInt,
  readList,
  readMap,
  readParsed,
} from "./reader.ts";
import { parseNeighbor, readAsn, readIp, readName, readPrefix } from "./scalars.ts";
import { indexPath, type LNode } from "./tree.ts";

const L = { lenient: true } as const;

/** Text of a list item that may be written as a YAML number (decimal communities). */
function text(node: LNode): LNode {
  return node.type === "scalar" && typeof node.value === "number"
    ? { ...node, value: String(node.value) }
    : node;
}

function readTextList<T>(
  r: Reader,
  node: LNode,
  path: string,
  parse: (s: string) => T,
  what: string,
) {
  const n = node.type === "seq" ? { ...node, items: node.items.map(text) } : node;
  return readList(r, n, path, parse, what);
}

/** `defined-sets:` */
export function readYamlSets(r: Reader, node: LNode, path: string): void {
  const each = (
    kind: SetKind,
    memberKey: string,
    member: (n: LNode, p: string) => unknown,
  ) =>
  (n: LNode, p: string) => {
    listItems(r, n, p)?.forEach((item, i) => {
      const ip = indexPath(p, i);
      let name: string | undefined;
      let members: unknown;
      readMap(r, item, ip, {
        name: (n, p) => name = readName(r, n, p),
        [memberKey]: (n, p) => members = member(n, p),
      }, { ...L, required: ["name", memberKey] });
      if (name !== undefined) {
        r.put(setKey(kind, name), members, item, ip, `${SET_NOUN[kind]} ${JSON.stringify(name)}`);
      }
    });
  };
  readMap(r, node, path, {
    "prefix-sets": each("prefixSets", "prefixes", (n, p) => readPrefixEntries(r, n, p)),
    "neighbor-sets": each(
      "neighborSets",
      "neighbors",
      (n, p) => readList(r, n, p, parseNeighbor, "an address or prefix"),
    ),
    "as-path-sets": each(
      "asPathSets",
      "patterns",
      (n, p) => readList(r, n, p, (s) => (compileRegex(s), s), "a regular expression"),
    ),
    "community-sets": each(
      "communitySets",
      "communities",
      (n, p) => readTextList(r, n, p, (s) => parseSetMember(s, parseCommunity), "a community"),
    ),
    "ext-community-sets": each(
      "extCommunitySets",
      "ext_communities",
      (n, p) =>
        readList(r, n, p, (s) => parseSetMember(s, parseExtCommunity), "an extended community"),
    ),
    "large-community-sets": each(
      "largeCommunitySets",
      "large_communities",
      (n, p) =>
        readList(r, n, p, (s) => parseSetMember(s, parseLargeCommunity), "a large community"),
    ),
  }, L);
}

function readPrefixEntries(r: Reader, node: LNode, path: string): PrefixSetEntry[] | undefined {
  const items = listItems(r, node, path);
  if (!items) return undefined;
  const out: PrefixSetEntry[] = [];
  items.forEach((item, i) => {
    const ip = indexPath(path, i);
    let prefix: IpPrefix | undefined;
    let range: LNode | undefined, rangePath = "";
    readMap(r, item, ip, {
      prefix: (n, p) => prefix = readPrefix(r, n, p),
      "masklength-range": (n, p) => [range, rangePath] = [text(n), p],
    }, { ...L, required: ["prefix"] });
    if (!prefix) return;
    const e = prefixEntry(r, prefix, range, rangePath);
    if (e) out.push(e);
  });
  return out.length === items.length ? out : undefined;
}

/** `policy-definitions:` */
export function readYamlPolicies(r: Reader, node: LNode, path: string): void {
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
    }, { ...L, required: ["name"] });
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
  }, { ...L, required: ["actions"] });
  return ok ? { name, conditions, actions } : undefined;
}

function readConditions(r: Reader, node: LNode, path: string): Conditions {
  const c: Mutable<Conditions> = {};
  const match = (key: keyof Conditions & `${string}Set`, kind: SetKind) => (n: LNode, p: string) =>
    setIf(c, key, readSetMatch(r, n, p, kind, "set-name", "match-option", true));
  readMap(r, node, path, {
    "match-prefix-set": match("prefixSet", "prefixSets"),
    "match-neighbor-set": match("neighborSet", "neighborSets"),
    "match-as-path-set": match("asPathSet", "asPathSets"),
    "match-community-set": match("communitySet", "communitySets"),
    "match-ext-community-set": match("extCommunitySet", "extCommunitySets"),
    "match-large-community-set": match("largeCommunitySet", "largeCommunitySets"),
    prefix: (n, p) => setIf(c, "prefix", readPrefix(r, n, p)),
    neighbor: (n, p) => setIf(c, "neighbor", readIp(r, n, p)),
    "has-asn": (n, p) => setIf(c, "hasAsn", readAsn(r, n, p, false)),
    "route-type": (n, p) =>
      setIf(c, "routeType", readEnum(r, n, p, ["ebgp", "ibgp", "local"] as const, "a route type")),
    community: (n, p) =>
      setIf(c, "community", readParsed(r, text(n), p, parseCommunity, "a community")),
    "afi-safi": (n, p) =>
      setIf(
        c,
        "afiSafi",
        readEnum(r, n, p, ["ipv4-unicast", "ipv6-unicast"] as const, "a supported family"),
      ),
    "as-path-length": (n, p) => setIf(c, "asPathLength", readAsPathLength(r, n, p, L)),
  }, {
    ...L,
    unsupported: {
      "rpki-validation": "RPKI origin validation is not implemented",
      "ls-nlri-type": "BGP-LS is not implemented",
      "ls-protocol-id": "BGP-LS is not implemented",
      "ls-instance-id": "BGP-LS is not implemented",
      "ls-node-as": "BGP-LS is not implemented",
      "ls-node-router-id": "BGP-LS is not implemented",
    },
  });
  return c;
}

function readActions(r: Reader, node: LNode, path: string): Actions {
  const a: Mutable<Actions> = {};
  let accept: { v: boolean; n: LNode; p: string } | undefined;
  let reject: { v: boolean; n: LNode; p: string } | undefined;
  const community = (
    field: "community" | "extCommunity" | "largeCommunity",
    listKey: string,
    parse: (s: string) => string,
    what: string,
  ) =>
  (n: LNode, p: string) => {
    let operation: CommunityOperation | undefined;
    let values: string[] | undefined;
    readMap(r, n, p, {
      operation: (n, p) =>
        operation = readEnum(r, n, p, COMMUNITY_OPERATIONS, "a community operation"),
      [listKey]: (n, p) => values = readTextList(r, n, p, parse, what),
    }, { ...L, required: ["operation", listKey] });
    if (operation && values) a[field] = { operation, values };
  };
  readMap(r, node, path, {
    accept: (n, p) => {
      const v = readBool(r, n, p);
      if (v !== undefined) accept = { v, n, p };
    },
    reject: (n, p) => {
      const v = readBool(r, n, p);
      if (v !== undefined) reject = { v, n, p };
    },
    "local-pref": (n, p) => setIf(a, "localPref", readLocalPref(r, n, p)),
    med: (n, p) => setIf(a, "med", readMed(r, n, p)),
    community: community("community", "communities", parseCommunity, "a community"),
    "ext-community": community(
      "extCommunity",
      "ext_communities",
      parseExtCommunity,
      "an extended community",
    ),
    "large-community": community(
      "largeCommunity",
      "large_communities",
      parseLargeCommunity,
      "a large community",
    ),
    "as-path-prepend": (n, p) => {
      let asn: number | "self" | undefined, repeat = 1;
      readMap(r, n, p, {
        asn: (n, p) => {
          asn = n.type === "scalar" && n.value === "self" ? "self" : readAsn(r, n, p);
        },
        repeat: (n, p) => repeat = readInt(r, n, p, 1, 255) ?? repeat,
      }, { ...L, required: ["asn"] });
      if (asn !== undefined) a.asPathPrepend = { asn, repeat };
    },
    "next-hop": (n, p) => {
      if (n.type === "scalar" && n.value === "self") a.nextHop = "self";
      else {
        setIf(a, "nextHop", readParsed(r, n, p, parseNextHop, `an IP address or "self"`));
      }
    },
  }, {
    ...L,
    unsupported: { "set-rpki-state": "RPKI origin validation is not implemented" },
  });
  if (accept?.v && reject?.v) {
    r.fail(reject.n.at, reject.p, "accept and reject are both true; choose one");
  } else if (accept?.v) a.routeDisposition = "accept";
  else if (reject?.v) a.routeDisposition = "reject";
  return a;
}

function parseNextHop(s: string): IpAddress {
  try {
    return parseIp(s);
  } catch {
    throw new ValueError(`${JSON.stringify(s)} is not an IP address or "self"`);
  }
}

/** `local-pref: N` or `{value: N, force: false}` (bgpgg). */
function readLocalPref(r: Reader, node: LNode, path: string): number | undefined {
  if (node.type !== "map") return readInt(r, node, path, 0, 0xffffffff);
  let value: number | undefined;
  readMap(r, node, path, {
    value: (n, p) => value = readInt(r, n, p, 0, 0xffffffff),
    force: (n, p) => {
      if (readBool(r, n, p) === true) {
        r.fail(n.at, p, "force: true is not supported by edgebgp; LOCAL_PREF is set as usual");
      }
    },
  }, { ...L, required: ["value"] });
  return value;
}

/** `med: N` (set), `"+N"` / `"-N"` (add / subtract, GoBGP style) or `{remove: true}` (bgpgg). */
export function readMed(r: Reader, node: LNode, path: string): Actions["med"] {
  if (node.type === "map") {
    let remove = false;
    readMap(r, node, path, { remove: (n, p) => remove = readBool(r, n, p) ?? false }, {
      ...L,
      required: ["remove"],
    });
    return remove ? { op: "remove" } : undefined;
  }
  if (node.type === "scalar" && typeof node.value === "string") {
    return parseOrFail(r, node, path, () => parseMedText(node.value as string));
  }
  const v = readInt(r, node, path, 0, 0xffffffff, `0..4294967295, "+N", "-N" or {remove: true}`);
  return v === undefined ? undefined : { op: "set", value: v };
}

/** `apply-policy:` (edgebgp extra in YAML; GoBGP's [global.apply-policy]). */
export function readYamlApplyPolicy(r: Reader, node: LNode, path: string): void {
  const names = (key: "apply.importPolicy" | "apply.exportPolicy") => (n: LNode, p: string) => {
    const list = readNamesWithRefs(r, n, p);
    r.put(key, list, n, p);
  };
  const action =
    (key: "apply.defaultImportAction" | "apply.defaultExportAction") => (n: LNode, p: string) =>
      r.put(key, readEnum(r, n, p, ["accept", "reject"] as const, "a default action"), n, p);
  readMap(r, node, path, {
    "import-policy": names("apply.importPolicy"),
    "export-policy": names("apply.exportPolicy"),
    "default-import-policy": action("apply.defaultImportAction"),
    "default-export-policy": action("apply.defaultExportAction"),
  }, L);
}

/** A list of policy names, each recorded as a reference to check after merging. */
export function readNamesWithRefs(r: Reader, node: LNode, path: string): string[] | undefined {
  const items = listItems(r, node, path);
  if (!items) return undefined;
  const out: string[] = [];
  items.forEach((item, i) => {
    const p = indexPath(path, i);
    const name = readName(r, item, p);
    if (name === undefined) return;
    reference(r, item, p, { type: "policy", name });
    out.push(name);
  });
  return out.length === items.length ? out : undefined;
}
