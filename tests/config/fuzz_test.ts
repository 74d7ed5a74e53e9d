/**
 * Seeded, bounded mutation of the shipped configs: every mutant either loads or is refused
 * with a ConfigError. Anything else (a TypeError, a stack trace) is a bug in the loader.
 */
import assert from "node:assert/strict";
import { ConfigError, loadConfig, printConfig } from "../../src/config/mod.ts";
import { REPO_ROOT } from "../_helpers/run_edgebgp.ts";

const SEEDS = [
  "config/default.yaml",
  "config/examples/bgpgg.yaml",
  "config/examples/gobgp.toml",
  "config/examples/netlink.toml",
];

/** xorshift32: reproducible without Math.random. */
function rng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const TOKENS = [
  "[",
  "]",
  "{",
  "}",
  ":",
  "=",
  ",",
  '"',
  "'",
  "-",
  "\n",
  " ",
  "#",
  "*",
  "&a",
  "!!",
  "0",
  "-1",
  "null",
  "1e999",
  "true",
];

function mutate(text: string, rand: () => number): string {
  let t = text;
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (t.length + 1));
    switch (Math.floor(rand() * 4)) {
      case 0: // delete a span
        t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 8));
        break;
      case 1: // insert a token
        t = t.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)]! + t.slice(at);
        break;
      case 2: // duplicate a line
        {
          const lines = t.split("\n");
          const k = Math.floor(rand() * lines.length);
          lines.splice(k, 0, lines[k]!);
          t = lines.join("\n");
        }
        break;
      default: // truncate
        t = t.slice(0, at);
    }
  }
  return t;
}

Deno.test("mutated shipped configs load (and round-trip) or fail with ConfigError, nothing else", () => {
  let refused = 0, loaded = 0;
  for (const [s, file] of SEEDS.entries()) {
    const text = Deno.readTextFileSync(`${REPO_ROOT}${file}`);
    const rand = rng(0x5eed + s);
    for (let i = 0; i < 400; i++) {
      const mutant = mutate(text, rand);
      try {
        const c = loadConfig({ name: file, text: mutant });
        // Whatever loads also prints canonically.
        assert.deepStrictEqual(loadConfig({ name: "printed", text: printConfig(c) }), c);
        loaded++;
      } catch (e) {
        if (!(e instanceof ConfigError)) {
          throw new Error(`${file} mutant ${i} threw ${e}\n---\n${mutant}`);
        }
        assert.ok(e.issues.length > 0);
        refused++;
      }
    }
  }
  // The corpus exercises both outcomes.
  assert.ok(refused > 100 && loaded > 10, `refused ${refused}, loaded ${loaded}`);
});
