/**
 * Policy pieces both syntaxes share: set matches, references, prefix-set entries, AS-path
 * length, MED arithmetic.
 */
import { formatPrefix, type IpPrefix } from "../common/ip.ts";
import { ValueError } from "./communities.ts";
import { type Reference, refKey, type SetKind } from "./keys.ts";
import type {
  Actions,
  CommunityOperation,
  Conditions,
  MatchOption,
  PrefixSetEntry,
  SetMatch,
} from "./model.ts";
import { readEnum, type Reader, readInt, readMap, readParsed } from "./reader.ts";
import { readName } from "./scalars.ts";
import type { LNode } from "./tree.ts";
import { parseMaskRange } from "./values.ts";

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Assigns `v` unless it is undefined (exactOptionalPropertyTypes-friendly). */
export function setIf<T, K extends keyof T>(obj: T, key: K, v: T[K] | undefined): void {
  if (v !== undefined) obj[key] = v;
}

/** Records that `path` refers to a policy or set, to be checked after all files merge. */
export function reference(r: Reader, node: LNode, path: string, ref: Reference): void {
  r.put(refKey(r.source, path), ref, node, path);
}

export const SET_NOUN: Record<SetKind, string> = {
  prefixSets: "prefix set",
  neighborSets: "neighbor set",
  asPathSets: "AS-path set",
  communitySets: "community set",
  extCommunitySets: "extended-community set",
  largeCommunitySets: "large-community set",
};

/**
 * `{<nameKey>: set, <optionKey>: any|all|invert}`. A route has one prefix and one neighbor, so
 * "all" only makes sense for the multi-valued attributes (GoBGP refuses it the same way).
 */
export function readSetMatch(
  r: Reader,
  node: LNode,
  path: string,
  kind: SetKind,
  nameKey: string,
  optionKey: string,
  lenient: boolean,
): SetMatch | undefined {
  const single = kind === "prefixSets" || kind === "neighborSets";
  const options: readonly MatchOption[] = single ? ["any", "invert"] : ["any", "all", "invert"];
  let setName: string | undefined;
  let matchOption: MatchOption = "any";
  let nameNode: LNode | undefined, namePath = "";
  const ok = readMap(r, node, path, {
    [nameKey]: (n, p) => {
      setName = readName(r, n, p);
      [nameNode, namePath] = [n, p];
    },
    [optionKey]: (n, p) => {
      matchOption = readEnum(r, n, p, options, "a match option") ?? matchOption;
    },
  }, { lenient, required: [nameKey] });
  if (!ok || setName === undefined || nameNode === undefined) return undefined;
  reference(r, nameNode, namePath, { type: "set", kind, name: setName });
  return { setName, matchOption };
}

export const COMMUNITY_OPERATIONS: readonly CommunityOperation[] = ["add", "remove", "replace"];

/** A prefix with its (optional) mask-length range text. */
export function prefixEntry(
  r: Reader,
  prefix: IpPrefix,
  range: LNode | undefined,
  path: string,
): PrefixSetEntry | undefined {
  if (!range) return { prefix, minLength: prefix.length, maxLength: prefix.length };
  const max = prefix.family === 4 ? 32 : 128;
  const lengths = readParsed(
    r,
    range,
    path,
    (s) => parseMaskRange(s, prefix.length, max),
    `a mask-length range for ${formatPrefix(prefix)}`,
  );
  return lengths && { prefix, minLength: lengths[0], maxLength: lengths[1] };
}

/** `{operator: eq|ge|le, value: N}` (GoBGP as-path-length). */
export function readAsPathLength(
  r: Reader,
  node: LNode,
  path: string,
  opts: { lenient: boolean },
): Conditions["asPathLength"] {
  let operator: "eq" | "ge" | "le" | undefined, value: number | undefined;
  readMap(r, node, path, {
    operator: (n, p) => operator = readEnum(r, n, p, ["eq", "ge", "le"] as const, "an operator"),
    value: (n, p) => value = readInt(r, n, p, 0, 0xffffffff),
  }, { ...opts, required: ["operator", "value"] });
  return operator !== undefined && value !== undefined ? { operator, value } : undefined;
}

/** GoBGP set-med text: "100" sets, "+10" adds, "-10" subtracts. */
export function parseMedText(s: string): NonNullable<Actions["med"]> {
  const m = /^([+-]?)([0-9]{1,10})$/.exec(s);
  if (!m || Number(m[2]) > 0xffffffff) {
    throw new ValueError(
      `${JSON.stringify(s)} is not a MED action; allowed: 0..4294967295, "+N" or "-N"`,
    );
  }
  const value = Number(m[2]);
  return m[1] === "+"
    ? { op: "add", value }
    : m[1] === "-"
    ? { op: "subtract", value }
    : { op: "set", value };
}
