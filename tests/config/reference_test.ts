/** config/README.md documents every key the shipped examples and the full fixture use. */
import assert from "node:assert/strict";
import { tomlTree } from "../../src/config/toml_tree.ts";
import type { LNode } from "../../src/config/tree.ts";
import { yamlTree } from "../../src/config/yaml_tree.ts";
import { REPO_ROOT } from "../_helpers/run_edgebgp.ts";
import { FULL_TOML, FULL_YAML } from "./_fixtures.ts";

function keysOf(node: LNode, out: Set<string>): Set<string> {
  if (node.type === "map") {
    for (const e of node.entries) {
      out.add(e.key);
      keysOf(e.value, out);
    }
  } else if (node.type === "seq") node.items.forEach((n) => keysOf(n, out));
  return out;
}

/** Every word inside `backticks` in the README. */
function documentedWords(): Set<string> {
  // Fenced blocks first: their ``` would pair up with inline backticks.
  const text = Deno.readTextFileSync(`${REPO_ROOT}config/README.md`).replace(/```[^]*?```/g, "");
  const words = new Set<string>();
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    for (const w of m[1]!.split(/[^A-Za-z0-9_-]+/)) if (w) words.add(w);
  }
  return words;
}

Deno.test("config/README.md names every key used by the examples and the full fixture", () => {
  const keys = new Set<string>();
  const sources: [string, string][] = [
    ["full.yaml", FULL_YAML],
    ["full.toml", FULL_TOML],
    ...["config/default.yaml", "config/examples/bgpgg.yaml", "config/examples/gobgp.toml"].map(
      (f): [string, string] => [f, Deno.readTextFileSync(`${REPO_ROOT}${f}`)],
    ),
  ];
  for (const [name, text] of sources) {
    const { tree } = name.endsWith(".toml") ? tomlTree(name, text) : yamlTree(name, text);
    assert.ok(tree, name);
    keysOf(tree, keys);
  }
  const documented = documentedWords();
  const missing = [...keys].filter((k) => !documented.has(k)).sort();
  assert.deepEqual(missing, []);
  assert.ok(keys.size > 100, `only ${keys.size} keys`);
});
