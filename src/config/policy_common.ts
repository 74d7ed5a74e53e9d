/** Pieces of policy reading both syntaxes share: set matches, references, community actions. */
import { type Reference, refKey, type SetKind } from "./keys.ts";
import type { CommunityOperation, MatchOption, SetMatch } from "./model.ts";
import { readEnum, type Reader, readMap } from "./reader.ts";
import { readName } from "./scalars.ts";
import type { LNode } from "./tree.ts";

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
