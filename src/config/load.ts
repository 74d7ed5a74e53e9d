/**
 * Texts -> one validated model. Each source is read in its own syntax (bgpgg YAML or GoBGP
 * TOML), the sources merge in order, then defaults and cross-file references are resolved.
 * Takes text, never reads files; every problem is reported at once in one ConfigError.
 */
import { buildConfig } from "./build.ts";
import { ConfigError, type ConfigIssue } from "./errors.ts";
import { type Fragment, mergeFragments } from "./fragment.ts";
import type { Config } from "./model.ts";
import { Reader } from "./reader.ts";
import { readToml } from "./toml_schema.ts";
import { tomlTree } from "./toml_tree.ts";
import { MAX_TEXT_CHARS, shown } from "./tree.ts";
import { readYaml } from "./yaml_schema.ts";
import { yamlTree } from "./yaml_tree.ts";

export type ConfigSyntax = "yaml" | "toml";

export interface ConfigSource {
  /** File name (or "<embedded default>") used in messages; its extension picks the syntax. */
  readonly name: string;
  readonly text: string;
  /** Overrides the choice by extension / content. */
  readonly syntax?: ConfigSyntax;
}

/** What one source contributes, before merging. */
export interface SourceSettings {
  readonly fragment: Fragment;
  readonly touched: ReadonlySet<string>;
  readonly issues: readonly ConfigIssue[];
  /** False when the text could not be read as a document of keys at all. */
  readonly complete: boolean;
}

/** `.toml` is TOML, `.yaml`/`.yml` YAML; otherwise a first line like `[table]` or `k = v`. */
export function detectSyntax(source: ConfigSource): ConfigSyntax {
  if (source.syntax) return source.syntax;
  const name = source.name.toLowerCase();
  if (name.endsWith(".toml")) return "toml";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  const first = source.text.split("\n").map((l) => l.trim()).find((l) =>
    l !== "" && !l.startsWith("#")
  );
  return first !== undefined && /^(\[\[?[A-Za-z0-9_"'.-]+\]\]?|[A-Za-z0-9_"'.-]+\s*=)/.test(first)
    ? "toml"
    : "yaml";
}

/** Reads one source into settings (no defaults, no cross-file checks). */
export function readSource(source: ConfigSource): SourceSettings {
  const r = new Reader(source.name);
  const failed = (issues: readonly ConfigIssue[]): SourceSettings => ({
    fragment: r.fragment,
    touched: r.touched,
    issues,
    complete: false,
  });
  if (source.text.length > MAX_TEXT_CHARS) {
    r.fail(
      undefined,
      "",
      `file is ${source.text.length} characters; the limit is ${MAX_TEXT_CHARS}`,
    );
    return failed(r.issues);
  }
  const syntax = detectSyntax(source);
  const { tree, issues } = syntax === "toml"
    ? tomlTree(source.name, source.text)
    : yamlTree(source.name, source.text);
  if (!tree) return failed(issues);
  if (tree.type !== "map" && !(tree.type === "scalar" && tree.value === null)) {
    r.fail(tree.at, "", `the document is ${shown(tree)}; it must be a mapping of keys`);
    return failed(r.issues);
  }
  if (syntax === "toml") readToml(r, tree);
  else readYaml(r, tree);
  return { fragment: r.fragment, touched: r.touched, issues: r.issues, complete: true };
}

/**
 * Loads one source or several merged in order (later files add peers, sets, policies and
 * settings; a setting given twice with different values is an error naming both places).
 * Throws ConfigError listing every issue.
 */
export function loadConfig(sources: ConfigSource | readonly ConfigSource[]): Config {
  const list: readonly ConfigSource[] = "text" in sources ? [sources] : sources;
  if (list.length === 0) {
    throw new ConfigError([{ source: "<none>", path: "", message: "no config sources given" }]);
  }
  const read = list.map(readSource);
  const issues: ConfigIssue[] = read.flatMap((s) => s.issues);
  const { merged, issues: conflicts } = mergeFragments(read.map((s) => s.fragment));
  issues.push(...conflicts);
  // A source that is not a document at all would make every setting look missing.
  if (read.some((s) => !s.complete)) throw new ConfigError(ordered(issues, list));
  const touched = new Set(read.flatMap((s) => [...s.touched]));
  const built = buildConfig(merged, touched, list.map((s) => s.name));
  issues.push(...built.issues);
  if (issues.length > 0 || !built.config) throw new ConfigError(ordered(issues, list));
  return built.config;
}

/** Issues by file (in the order given), then line; file-wide ones last. Repeats dropped. */
function ordered(issues: ConfigIssue[], sources: readonly ConfigSource[]): ConfigIssue[] {
  const rank = (i: ConfigIssue) => {
    const n = sources.findIndex((s) => s.name === i.source);
    return n < 0 ? sources.length : n;
  };
  return dedupe(issues).map((issue, index) => ({ issue, index })).sort((a, b) =>
    rank(a.issue) - rank(b.issue) ||
    (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) ||
    (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.index - b.index
  ).map((x) => x.issue);
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = JSON.stringify(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
