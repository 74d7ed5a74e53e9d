/** TOML text -> located tree. Syntax errors come from smol-toml with their line:column. */
import { parse, TomlDate, TomlError } from "smol-toml";
import { tomlPositions } from "./toml_positions.ts";
import { indexPath, keyPath, type LNode, MAX_DEPTH, type Pos } from "./tree.ts";
import type { TreeResult } from "./yaml_tree.ts";

export function tomlTree(source: string, text: string): TreeResult {
  let data: Record<string, unknown>;
  try {
    data = parse(text, { integersAsBigInt: "asNeeded", maxDepth: MAX_DEPTH });
  } catch (e) {
    if (e instanceof TomlError) {
      const message = `TOML syntax: ${
        e.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "")
      }`;
      return { issues: [{ source, path: "", message, line: e.line, column: e.column }] };
    }
    const why = e instanceof RangeError ? "nesting too deep" : String(e);
    return { issues: [{ source, path: "", message: `TOML: ${why}` }] };
  }
  const positions = tomlPositions(text);
  /** The position of a path, or of its nearest recorded ancestor. */
  const posOf = (path: string): Pos | undefined => {
    for (let p = path; p !== "";) {
      const at = positions.get(p);
      if (at) return at;
      const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      p = cut < 0 ? "" : p.slice(0, cut);
    }
    return undefined;
  };
  const convert = (v: unknown, path: string): LNode => {
    const at = posOf(path);
    if (v instanceof TomlDate || v instanceof Date) {
      return { type: "scalar", value: v.toISOString(), date: true, at };
    }
    if (Array.isArray(v)) {
      return { type: "seq", items: v.map((x, i) => convert(x, indexPath(path, i))), at };
    }
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v).map(([key, value]) => {
        const p = keyPath(path, key);
        return { key, keyAt: posOf(p), value: convert(value, p) };
      });
      return { type: "map", entries, at };
    }
    if (
      typeof v === "string" || typeof v === "number" || typeof v === "bigint" ||
      typeof v === "boolean"
    ) {
      return { type: "scalar", value: v, at };
    }
    return { type: "scalar", value: String(v), at };
  };
  return { tree: convert(data, ""), issues: [] };
}
