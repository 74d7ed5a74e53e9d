/**
 * A located syntax tree: what both front ends (YAML, TOML) produce and the schema readers walk.
 * It keeps each key and value's line:column so every error can point at the text.
 */

/** 1-based line and column in one source. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

export type Scalar = string | number | bigint | boolean | null;

export interface MapEntry {
  /** The key exactly as written. */
  readonly key: string;
  readonly keyAt: Pos | undefined;
  readonly value: LNode;
}

export type LNode =
  | { readonly type: "map"; readonly entries: readonly MapEntry[]; readonly at: Pos | undefined }
  | { readonly type: "seq"; readonly items: readonly LNode[]; readonly at: Pos | undefined }
  | {
    readonly type: "scalar";
    readonly value: Scalar;
    /** A TOML date-time (kept as text; no key of ours takes one). */
    readonly date?: true;
    readonly at: Pos | undefined;
  };

/** Deepest nesting a config needs is about 8 levels; anything past this is refused. */
export const MAX_DEPTH = 64;

/** Largest config text accepted (a full-table prefix set still fits). */
export const MAX_TEXT_CHARS = 16 * 1024 * 1024;

/** How a value is shown in messages: scalars as written (strings quoted), collections by kind. */
export function shown(node: LNode): string {
  switch (node.type) {
    case "map":
      return "a mapping";
    case "seq":
      return "a list";
    case "scalar":
      if (node.date) return String(node.value);
      return showScalar(node.value);
  }
}

export function showScalar(v: Scalar): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "null";
  return String(v);
}

/** Child path for a map key: `a.b`; keys that are not plain words are quoted. */
export function keyPath(parent: string, key: string): string {
  const k = /^[A-Za-z0-9_<-]+$/.test(key) ? key : JSON.stringify(key);
  return parent === "" ? k : `${parent}.${k}`;
}

/** Child path for a list item: `a[2]` (0-based). */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
