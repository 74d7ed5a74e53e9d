/**
 * The schema-walking toolkit both syntaxes use: a reader that collects every issue (never stops
 * at the first), map walking with unknown-key suggestions, and typed scalar readers whose
 * messages name the value and what is allowed.
 */
import type { ConfigIssue } from "./errors.ts";
import { type Fragment, type Origin, putSetting } from "./fragment.ts";
import { ValueError } from "./communities.ts";
import { closest } from "./suggest.ts";
import { keyPath, type LNode, type MapEntry, type Pos, shown } from "./tree.ts";

export class Reader {
  readonly issues: ConfigIssue[] = [];
  readonly fragment: Fragment = new Map();
  /** Keys the source wrote, even with a bad value: their absence is not reported again. */
  readonly touched = new Set<string>();
  constructor(readonly source: string) {}

  origin(at: Pos | undefined, path: string): Origin {
    return at ? { source: this.source, path, line: at.line, column: at.column } : {
      source: this.source,
      path,
    };
  }

  fail(at: Pos | undefined, path: string, message: string): void {
    const base = { source: this.source, path, message };
    this.issues.push(at ? { ...base, line: at.line, column: at.column } : base);
  }

  /**
   * Records a setting; a different value for the same key is a conflict. `label` names a whole
   * unit (a policy, a set) that must be defined identically wherever it is repeated.
   */
  put(key: string, value: unknown, node: LNode, path: string, label?: string): void {
    this.touched.add(key);
    if (value === undefined) return;
    const at = this.origin(node.at, path);
    const setting = label === undefined
      ? { value, shown: shown(node), at }
      : { value, shown: label, at, unit: true };
    const issue = putSetting(this.fragment, key, setting);
    if (issue) this.issues.push(issue);
  }
}

export type Handler = (node: LNode, path: string, entry: MapEntry) => void;

export interface MapOptions {
  /** Other accepted spellings: alias -> canonical key. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Keys of bgpgg or GoBGP that edgebgp refuses, with the reason. */
  readonly unsupported?: Readonly<Record<string, string>>;
  /** `-` and `_` are the same in keys (the YAML syntax). */
  readonly lenient?: boolean;
  /** Keys that must be present. */
  readonly required?: readonly string[];
}

const KEY_LIST_LIMIT = 15;

/** Walks a mapping, dispatching each key to its handler; false when `node` is not a mapping. */
export function readMap(
  r: Reader,
  node: LNode,
  path: string,
  handlers: Readonly<Record<string, Handler>>,
  opts: MapOptions = {},
): boolean {
  if (node.type === "scalar" && node.value === null) node = { ...node, type: "map", entries: [] };
  if (node.type !== "map") {
    r.fail(node.at, path, `${shown(node)} is not a mapping`);
    return false;
  }
  const canonical = Object.keys(handlers);
  const norm = (k: string) => opts.lenient ? k.replace(/-/g, "_") : k;
  const byNorm = new Map(canonical.map((k) => [norm(k), k]));
  for (const [alias, target] of Object.entries(opts.aliases ?? {})) byNorm.set(norm(alias), target);
  const seen = new Map<string, MapEntry>();
  for (const entry of node.entries) {
    const p = keyPath(path, entry.key);
    const key = byNorm.get(norm(entry.key));
    if (key === undefined) {
      const unsupported = opts.unsupported ?? {};
      const name = Object.keys(unsupported).find((k) => norm(k) === norm(entry.key));
      const why = name === undefined ? undefined : unsupported[name];
      if (why !== undefined) {
        r.fail(entry.keyAt, p, `not supported by edgebgp: ${why}`);
        continue;
      }
      const hint = closest(entry.key, [...canonical, ...Object.keys(opts.aliases ?? {})]);
      const tail = hint !== undefined
        ? `did you mean ${hint}?`
        : canonical.length <= KEY_LIST_LIMIT
        ? `allowed: ${canonical.join(", ")}`
        : "see the key reference in config/README.md";
      r.fail(entry.keyAt, p, `unknown key; ${tail}`);
      continue;
    }
    const dup = seen.get(key);
    if (dup) {
      const at = dup.keyAt ? ` at line ${dup.keyAt.line}` : "";
      r.fail(entry.keyAt, p, `duplicate of ${dup.key}${at}; write the key once`);
      continue;
    }
    seen.set(key, entry);
    handlers[key]!(entry.value, p, entry);
  }
  for (const k of opts.required ?? []) {
    if (!seen.has(k)) r.fail(node.at, path, `missing required key ${k}`);
  }
  return true;
}

/** Items of a list (null = empty); undefined with an issue when `node` is not a list. */
export function listItems(r: Reader, node: LNode, path: string): readonly LNode[] | undefined {
  if (node.type === "scalar" && node.value === null) return [];
  if (node.type !== "seq") {
    r.fail(node.at, path, `${shown(node)} is not a list`);
    return undefined;
  }
  return node.items;
}

function scalarOf(node: LNode): unknown {
  return node.type === "scalar" && !node.date ? node.value : undefined;
}

export function readString(r: Reader, node: LNode, path: string): string | undefined {
  const v = scalarOf(node);
  if (typeof v === "string") return v;
  r.fail(node.at, path, `${shown(node)} is not a string`);
  return undefined;
}

export function readBool(r: Reader, node: LNode, path: string): boolean | undefined {
  const v = scalarOf(node);
  if (typeof v === "boolean") return v;
  r.fail(node.at, path, `${shown(node)} is not a boolean; allowed: true, false`);
  return undefined;
}

/** A whole number in min..max; `allowed` overrides the range text in messages. */
export function readInt(
  r: Reader,
  node: LNode,
  path: string,
  min: number,
  max: number,
  allowed = `${min}..${max}`,
): number | undefined {
  const v = scalarOf(node);
  if (typeof v === "bigint") {
    r.fail(node.at, path, `${v} is out of range; allowed: ${allowed}`);
    return undefined;
  }
  if (typeof v !== "number") {
    r.fail(node.at, path, `${shown(node)} is not a number; allowed: ${allowed}`);
    return undefined;
  }
  if (!Number.isInteger(v)) {
    r.fail(node.at, path, `${v} is not a whole number; allowed: ${allowed}`);
    return undefined;
  }
  if (v < min || v > max) {
    r.fail(node.at, path, `${v} is out of range; allowed: ${allowed}`);
    return undefined;
  }
  return v;
}

/** One of a fixed set of words. */
export function readEnum<T extends string>(
  r: Reader,
  node: LNode,
  path: string,
  values: readonly T[],
  noun: string,
): T | undefined {
  const v = scalarOf(node);
  if (typeof v === "string" && (values as readonly string[]).includes(v)) return v as T;
  const hint = typeof v === "string" ? closest(v, values) : undefined;
  r.fail(
    node.at,
    path,
    `${shown(node)} is not ${noun}; ${hint !== undefined ? `did you mean ${hint}? ` : ""}allowed: ${
      values.join(", ")
    }`,
  );
  return undefined;
}

/** A string parsed by `parse` (which throws ValueError with the full message). */
export function readParsed<T>(
  r: Reader,
  node: LNode,
  path: string,
  parse: (s: string) => T,
  what = "a string",
): T | undefined {
  const v = scalarOf(node);
  if (typeof v !== "string") {
    r.fail(node.at, path, `${shown(node)} is not ${what}`);
    return undefined;
  }
  return parseOrFail(r, node, path, () => parse(v));
}

/** Runs `parse`, turning its ValueError (or IpParseError) into an issue at `node`. */
export function parseOrFail<T>(
  r: Reader,
  node: LNode,
  path: string,
  parse: () => T,
): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ValueError || (e instanceof Error && e.name === "IpParseError")) {
      r.fail(node.at, path, e.message);
      return undefined;
    }
    throw e;
  }
}

/** A list of strings, each parsed; undefined if any item fails (all are reported). */
export function readList<T>(
  r: Reader,
  node: LNode,
  path: string,
  parse: (s: string) => T,
  what = "a string",
): T[] | undefined {
  const items = listItems(r, node, path);
  if (!items) return undefined;
  const out: T[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const v = readParsed(r, item, `${path}[${i}]`, parse, what);
    if (v === undefined) ok = false;
    else out.push(v);
  });
  return ok ? out : undefined;
}
