/**
 * Defined sets and policies between protobuf and the domain (config-model records, with
 * community values in the config's canonical spelling). Part of convert.ts.
 */
import { formatIp, formatPrefix, IpParseError, type IpPrefix, parsePrefix } from "../common/ip.ts";
import {
  compileRegex,
  parseCommunity,
  parseExtCommunity,
  parseLargeCommunity,
  parseSetMember,
  ValueError,
} from "../config/communities.ts";
import type {
  Actions,
  Conditions,
  MatchOption,
  PolicyDefinition,
  PrefixSetEntry,
  SetMatch,
  Statement,
} from "../config/model.ts";
import type { DefinedSet, DefinedSetType, PolicyAssignment } from "./control.ts";
import { invalidArgument, quote } from "./convert_common.ts";
import { peerAddressField } from "./convert_peer.ts";
import { ipField } from "./convert_route.ts";
import type { Init, pb } from "./proto.ts";

export const DEFINED_SET_TYPES: readonly DefinedSetType[] = [
  "prefix-set",
  "neighbor-set",
  "as-path-set",
  "community-set",
  "ext-community-set",
  "large-community-set",
];

/** A set_type string; throws INVALID_ARGUMENT listing the allowed ones. */
export function setTypeField(field: string, text: string): DefinedSetType {
  if ((DEFINED_SET_TYPES as readonly string[]).includes(text)) return text as DefinedSetType;
  throw invalidArgument(field, `${quote(text)} is not one of ${DEFINED_SET_TYPES.join(", ")}`);
}

function value<T>(field: string, text: string, parse: (s: string) => T): T {
  try {
    return parse(text);
  } catch (e) {
    const why = e instanceof ValueError || e instanceof IpParseError ? e.message : quote(text);
    throw invalidArgument(field, why);
  }
}

// ---------------------------------------------------------------- prefix sets

/** "exact", "A..B", "A.." (A..max), "..B" (len..B); unset = exact. */
function maskRange(field: string, prefix: IpPrefix, text: string | null): [number, number] {
  const max = prefix.family === 4 ? 32 : 128;
  if (text === null || text === "" || text === "exact") return [prefix.length, prefix.length];
  const m = /^([0-9]{0,3})\.\.([0-9]{0,3})$/.exec(text);
  const lo = m?.[1] === "" ? prefix.length : Number(m?.[1]);
  const hi = m?.[2] === "" ? max : Number(m?.[2]);
  if (!m || (m[1] === "" && m[2] === "") || lo < prefix.length || hi > max || lo > hi) {
    throw invalidArgument(
      field,
      `${
        quote(text)
      } is not "exact", "A..B", "A.." or "..B" with ${prefix.length} <= A <= B <= ${max}`,
    );
  }
  return [lo, hi];
}

function maskRangeText(e: PrefixSetEntry): string | null {
  if (e.minLength === e.prefix.length && e.maxLength === e.prefix.length) return null;
  return `${e.minLength}..${e.maxLength}`;
}

/** A neighbor-set member: an address (a host prefix) or a prefix. */
function neighborPrefix(field: string, text: string): IpPrefix {
  if (text.includes("/")) return value(field, text, (s) => parsePrefix(s));
  const a = ipField(field, text);
  return { family: a.family, length: a.family === 4 ? 32 : 128, bytes: a.bytes };
}

function neighborText(p: IpPrefix): string {
  const full = p.family === 4 ? 32 : 128;
  const text = formatPrefix(p);
  return p.length === full ? text.slice(0, text.lastIndexOf("/")) : text;
}

// ---------------------------------------------------------------- defined sets

/** DefinedSetConfig -> DefinedSet; the oneof decides the kind (bgpgg). */
export function definedSetFromProto(c: pb.DefinedSetConfig | null): DefinedSet {
  if (!c) throw invalidArgument("set", "missing (a DefinedSetConfig is required)");
  const name = c.name;
  if (name === "") throw invalidArgument("set.name", `"" (a name is required)`);
  let set: DefinedSet;
  if (c.prefixSet) {
    set = {
      type: "prefix-set",
      name,
      prefixes: c.prefixSet.prefixes.map((p, i) => {
        const field = `set.prefix_set.prefixes[${i}]`;
        const prefix = value(`${field}.prefix`, p.prefix, (s) => parsePrefix(s));
        const [minLength, maxLength] = maskRange(
          `${field}.masklength_range`,
          prefix,
          p.masklengthRange,
        );
        return { prefix, minLength, maxLength };
      }),
    };
  } else if (c.neighborSet) {
    set = {
      type: "neighbor-set",
      name,
      addresses: c.neighborSet.addresses.map((a, i) =>
        neighborPrefix(`set.neighbor_set.addresses[${i}]`, a)
      ),
    };
  } else if (c.asPathSet) {
    set = {
      type: "as-path-set",
      name,
      patterns: c.asPathSet.patterns.map((p, i) =>
        value(`set.as_path_set.patterns[${i}]`, p, (s) => (compileRegex(s), s))
      ),
    };
  } else if (c.communitySet) {
    set = {
      type: "community-set",
      name,
      values: c.communitySet.communities.map((v, i) =>
        value(`set.community_set.communities[${i}]`, v, (s) => parseSetMember(s, parseCommunity))
      ),
    };
  } else if (c.extCommunitySet) {
    set = {
      type: "ext-community-set",
      name,
      values: c.extCommunitySet.extCommunities.map((v, i) =>
        value(
          `set.ext_community_set.ext_communities[${i}]`,
          v,
          (s) => parseSetMember(s, parseExtCommunity),
        )
      ),
    };
  } else if (c.largeCommunitySet) {
    set = {
      type: "large-community-set",
      name,
      values: c.largeCommunitySet.largeCommunities.map((v, i) =>
        value(
          `set.large_community_set.large_communities[${i}]`,
          v,
          (s) => parseSetMember(s, parseLargeCommunity),
        )
      ),
    };
  } else {
    throw invalidArgument(
      "set",
      `no set data (one of prefix_set ... ext_community_set is required)`,
    );
  }
  if (c.setType !== "" && c.setType !== set.type) {
    throw invalidArgument(
      "set.set_type",
      `${quote(c.setType)} does not match the ${set.type} data`,
    );
  }
  return set;
}

/** DefinedSet -> DefinedSetConfig (also the shape DefinedSetInfo shares). */
export function definedSetToConfig(s: DefinedSet): Init<pb.DefinedSetConfig> {
  const base = { setType: s.type, name: s.name };
  switch (s.type) {
    case "prefix-set":
      return {
        ...base,
        prefixSet: {
          prefixes: s.prefixes.map((e) => ({
            prefix: formatPrefix(e.prefix),
            masklengthRange: maskRangeText(e),
          })),
        },
      };
    case "neighbor-set":
      return { ...base, neighborSet: { addresses: s.addresses.map(neighborText) } };
    case "as-path-set":
      return { ...base, asPathSet: { patterns: s.patterns } };
    case "community-set":
      return { ...base, communitySet: { communities: s.values } };
    case "ext-community-set":
      return { ...base, extCommunitySet: { extCommunities: s.values } };
    case "large-community-set":
      return { ...base, largeCommunitySet: { largeCommunities: s.values } };
  }
}

export function definedSetToInfo(s: DefinedSet): Init<pb.DefinedSetInfo> {
  return definedSetToConfig(s) as Init<pb.DefinedSetInfo>;
}

// ---------------------------------------------------------------- policies

function matchOption(field: string, text: string): MatchOption {
  if (text === "" || text === "any") return "any";
  if (text === "all" || text === "invert") return text;
  throw invalidArgument(field, `${quote(text)} is not "any", "all" or "invert"`);
}

function setMatch(field: string, ref: pb.MatchSetRef | null): SetMatch | undefined {
  if (!ref) return undefined;
  if (ref.setName === "") throw invalidArgument(`${field}.set_name`, `"" (a set name is required)`);
  return {
    setName: ref.setName,
    matchOption: matchOption(`${field}.match_option`, ref.matchOption),
  };
}

function conditionsFromProto(field: string, c: pb.ConditionsConfig | null): Conditions {
  if (!c) return {};
  const out: { -readonly [K in keyof Conditions]: Conditions[K] } = {};
  const put = <K extends keyof Conditions>(k: K, v: Conditions[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  put("prefixSet", setMatch(`${field}.match_prefix_set`, c.matchPrefixSet));
  put("neighborSet", setMatch(`${field}.match_neighbor_set`, c.matchNeighborSet));
  put("asPathSet", setMatch(`${field}.match_as_path_set`, c.matchAsPathSet));
  put("communitySet", setMatch(`${field}.match_community_set`, c.matchCommunitySet));
  put("extCommunitySet", setMatch(`${field}.match_ext_community_set`, c.matchExtCommunitySet));
  put(
    "largeCommunitySet",
    setMatch(`${field}.match_large_community_set`, c.matchLargeCommunitySet),
  );
  if (c.prefix !== null) put("prefix", value(`${field}.prefix`, c.prefix, (s) => parsePrefix(s)));
  if (c.neighbor !== null) put("neighbor", ipField(`${field}.neighbor`, c.neighbor));
  return out;
}

function actionsFromProto(field: string, a: pb.ActionsConfig | null): Actions {
  if (!a) return {};
  const out: { -readonly [K in keyof Actions]: Actions[K] } = {};
  if (a.accept && a.reject) {
    throw invalidArgument(`${field}`, "accept and reject are both true");
  }
  if (a.accept) out.routeDisposition = "accept";
  else if (a.reject) out.routeDisposition = "reject";
  if (a.localPref !== null) out.localPref = a.localPref;
  if (a.med !== null) out.med = { op: "set", value: a.med };
  const list = (f: string, values: readonly string[]) =>
    values.map((v, i) => value(`${field}.${f}[${i}]`, v, parseCommunity));
  // bgpgg: add_communities, when present, wins over remove_communities.
  if (a.addCommunities.length > 0) {
    out.community = { operation: "add", values: list("add_communities", a.addCommunities) };
  } else if (a.removeCommunities.length > 0) {
    out.community = {
      operation: "remove",
      values: list("remove_communities", a.removeCommunities),
    };
  }
  return out;
}

/** AddPolicyRequest -> PolicyDefinition. */
export function policyFromProto(req: pb.AddPolicyRequest): PolicyDefinition {
  if (req.name === "") throw invalidArgument("name", `"" (a policy name is required)`);
  // bgpgg reserves names starting with "_" for its built-in policies.
  if (req.name.startsWith("_")) {
    throw invalidArgument("name", `${quote(req.name)} (names starting with "_" are reserved)`);
  }
  const statements: Statement[] = req.statements.map((s, i) => ({
    name: `${req.name}-${i + 1}`,
    conditions: conditionsFromProto(`statements[${i}].conditions`, s.conditions),
    actions: actionsFromProto(`statements[${i}].actions`, s.actions),
  }));
  return { name: req.name, statements };
}

function setMatchToProto(m: SetMatch | undefined): Init<pb.MatchSetRef> | null {
  return m ? { setName: m.setName, matchOption: m.matchOption } : null;
}

/** Statement -> StatementInfo; conditions and actions bgpgg v0.2 cannot express are left out. */
function statementToProto(s: Statement): Init<pb.StatementInfo> {
  const c = s.conditions, a = s.actions;
  const conditions: Init<pb.ConditionsConfig> = {
    matchPrefixSet: setMatchToProto(c.prefixSet),
    matchNeighborSet: setMatchToProto(c.neighborSet),
    matchAsPathSet: setMatchToProto(c.asPathSet),
    matchCommunitySet: setMatchToProto(c.communitySet),
    matchExtCommunitySet: setMatchToProto(c.extCommunitySet),
    matchLargeCommunitySet: setMatchToProto(c.largeCommunitySet),
    prefix: c.prefix ? formatPrefix(c.prefix) : null,
    neighbor: c.neighbor ? formatIp(c.neighbor) : null,
  };
  const actions: Init<pb.ActionsConfig> = {
    accept: a.routeDisposition === "accept" ? true : null,
    reject: a.routeDisposition === "reject" ? true : null,
    localPref: a.localPref ?? null,
    med: a.med?.op === "set" ? a.med.value : null,
    addCommunities: a.community?.operation === "add" ? a.community.values : [],
    removeCommunities: a.community?.operation === "remove" ? a.community.values : [],
  };
  return { conditions, actions };
}

export function policyToProto(p: PolicyDefinition): Init<pb.PolicyInfo> {
  return { name: p.name, statements: p.statements.map(statementToProto) };
}

/** PolicyDefinition -> AddPolicyRequest (the CLI sends policies read from files). */
export function policyToRequest(p: PolicyDefinition): Init<pb.AddPolicyRequest> {
  return policyToProto(p) as Init<pb.AddPolicyRequest>;
}

/** SetPolicyAssignmentRequest -> PolicyAssignment. */
export function policyAssignmentFromProto(req: pb.SetPolicyAssignmentRequest): PolicyAssignment {
  const peer = peerAddressField("peer_address", req.peerAddress);
  if (req.direction !== "import" && req.direction !== "export") {
    throw invalidArgument("direction", `${quote(req.direction)} is not "import" or "export"`);
  }
  const out: { -readonly [K in keyof PolicyAssignment]: PolicyAssignment[K] } = {
    peer,
    direction: req.direction,
    policies: req.policyNames.slice(),
  };
  if (req.defaultAction !== null && req.defaultAction !== "") {
    if (req.defaultAction !== "accept" && req.defaultAction !== "reject") {
      throw invalidArgument(
        "default_action",
        `${quote(req.defaultAction)} is not "accept" or "reject"`,
      );
    }
    out.defaultAction = req.defaultAction;
  }
  return out;
}
