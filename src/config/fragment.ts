/**
 * What one source contributes: settings keyed by where they land in the model, each remembering
 * the file, line and key path that set it. Fragments merge in order; a setting given twice with
 * different values is a conflict that names both places.
 */
import type { ConfigIssue } from "./errors.ts";
import { sameValue } from "./equal.ts";

/** Where a setting was written. */
export interface Origin {
  readonly source: string;
  /** The key path as written in that source (`peers[1].passive_mode`). */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
}

export interface Setting {
  readonly value: unknown;
  /** The value as the user wrote it, for messages. */
  readonly shown: string;
  readonly at: Origin;
  /** A whole definition (policy, set): repeated only if identical. */
  readonly unit?: boolean;
}

/** A source's settings, in the order written. */
export type Fragment = Map<string, Setting>;

export function where(o: Origin): string {
  return o.line === undefined ? o.source : `${o.source}:${o.line}:${o.column ?? 1}`;
}

export function issueAt(o: Origin, message: string): ConfigIssue {
  const base = { source: o.source, path: o.path, message };
  return o.line === undefined ? base : { ...base, line: o.line, column: o.column ?? 1 };
}

/**
 * Adds `s` under `key` to `into`; returns the issue when `key` already holds a different value.
 * The message names the earlier place, the issue itself points at the later one.
 */
export function putSetting(into: Fragment, key: string, s: Setting): ConfigIssue | undefined {
  const old = into.get(key);
  if (old === undefined) {
    into.set(key, s);
    return undefined;
  }
  if (sameValue(old.value, s.value)) return undefined;
  const message = s.unit
    ? `${s.shown} is defined differently at ${where(old.at)} (${old.at.path})`
    : `${s.shown} conflicts with ${old.shown} set at ${where(old.at)} (${old.at.path})`;
  return issueAt(s.at, message);
}

/** Merges fragments in order into one; every conflict is reported. */
export function mergeFragments(fragments: readonly Fragment[]): {
  merged: Fragment;
  issues: ConfigIssue[];
} {
  const merged: Fragment = new Map();
  const issues: ConfigIssue[] = [];
  for (const f of fragments) {
    for (const [key, s] of f) {
      const issue = putSetting(merged, key, s);
      if (issue) issues.push(issue);
    }
  }
  return { merged, issues };
}
