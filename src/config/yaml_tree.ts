/** YAML text -> located tree, with every syntax error reported at its line:column. */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node as YamlNode,
  parseDocument,
} from "yaml";
import type { ConfigIssue } from "./errors.ts";
import { type LNode, type MapEntry, MAX_DEPTH, type Pos, showScalar } from "./tree.ts";

/** The converted tree is capped at this many nodes (a full-table prefix set still fits). */
const MAX_NODES = 2_000_000;

/** Aliases can multiply a document ("billion laughs"); nodes reached through them are capped. */
const MAX_ALIAS_NODES = 10_000;

export interface TreeResult {
  readonly tree?: LNode;
  readonly issues: readonly ConfigIssue[];
}

/** Parses one YAML document. An empty document is an empty mapping. */
export function yamlTree(source: string, text: string): TreeResult {
  const lines = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    // The parser is iterative, but its composer recurses; a pathological nesting overflows.
    const why = e instanceof RangeError ? "nesting too deep" : String(e);
    return { issues: [{ source, path: "", message: `YAML: ${why}` }] };
  }
  const posOf = (offset: number | undefined): Pos | undefined => {
    if (offset === undefined) return undefined;
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e): ConfigIssue => {
      const at = posOf(e.pos[0]);
      const message = `YAML syntax: ${syntaxMessage(e.code, e.message, text, e.pos)}`;
      return at ? { source, path: "", message, line: at.line, column: at.column } : {
        source,
        path: "",
        message,
      };
    });
    return { issues };
  }
  const issues: ConfigIssue[] = [];
  let count = 0, aliasCount = 0;
  const anchors = new Map<YamlNode, YamlNode | undefined>();
  const fail = (node: YamlNode | null, message: string) => {
    const at = posOf(node?.range?.[0]);
    issues.push(
      at ? { source, path: "", message, line: at.line, column: at.column } : {
        source,
        path: "",
        message,
      },
    );
  };
  const convert = (node: YamlNode | null, depth: number, viaAlias: boolean): LNode | undefined => {
    if (++count > MAX_NODES) {
      if (count === MAX_NODES + 1) fail(node, `document has more than ${MAX_NODES} nodes`);
      return undefined;
    }
    if (viaAlias && ++aliasCount > MAX_ALIAS_NODES) {
      if (aliasCount === MAX_ALIAS_NODES + 1) {
        fail(node, `aliases expand to more than ${MAX_ALIAS_NODES} nodes`);
      }
      return undefined;
    }
    if (depth > MAX_DEPTH) {
      fail(node, `nesting deeper than ${MAX_DEPTH} levels`);
      return undefined;
    }
    const at = posOf(node?.range?.[0]);
    if (node === null) return { type: "scalar", value: null, at };
    if (isAlias(node)) {
      // resolve() searches the document; each alias is looked up once.
      if (!anchors.has(node)) anchors.set(node, node.resolve(doc) as YamlNode | undefined);
      const target = anchors.get(node);
      if (!target) {
        fail(node, `alias *${node.source} has no anchor`);
        return undefined;
      }
      return convert(target, depth + 1, true);
    }
    if (isScalar(node)) {
      const v = node.value;
      if (
        typeof v === "string" || typeof v === "number" || typeof v === "boolean" ||
        typeof v === "bigint" || v === null
      ) {
        return { type: "scalar", value: v, at };
      }
      return { type: "scalar", value: String(v), at };
    }
    if (isSeq(node)) {
      const items: LNode[] = [];
      for (const item of node.items) {
        const c = convert(item as YamlNode | null, depth + 1, viaAlias);
        if (c) items.push(c);
      }
      return { type: "seq", items, at };
    }
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        const k = pair.key as YamlNode | null;
        if (!isScalar(k) || typeof k.value === "object" && k.value !== null) {
          fail(k, "keys must be plain scalars");
          continue;
        }
        const keyText = typeof k.value === "string" ? k.value : showScalar(
          k.value as string | number | boolean | null,
        );
        const value = convert(pair.value as YamlNode | null, depth + 1, viaAlias);
        if (value) entries.push({ key: keyText, keyAt: posOf(k.range?.[0]), value });
      }
      return { type: "map", entries, at };
    }
    fail(node, "unsupported YAML node");
    return undefined;
  };
  const root = doc.contents as YamlNode | null;
  const tree = root === null
    ? { type: "map" as const, entries: [], at: undefined }
    : convert(root, 0, false);
  if (issues.length > 0 || !tree) return { issues };
  return { tree, issues };
}

/** The parser's message, in operator terms for the common cases. */
function syntaxMessage(code: string, message: string, text: string, pos: [number, number]): string {
  if (code === "MULTIPLE_DOCS") return "a config file holds one document; found a second (---)";
  if (code === "DUPLICATE_KEY") {
    const key = text.slice(pos[0]).split("\n")[0]!.split(":")[0]!.trim();
    return `duplicate key ${JSON.stringify(key)}`;
  }
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
