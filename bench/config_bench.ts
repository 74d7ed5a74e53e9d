/**
 * Config load throughput on a large file (a 20k-entry prefix set and 200 peers), per syntax:
 *   config.load_yaml / config.load_toml: prefix-set entries per second through the whole load
 *     (parse, locate, validate, build)
 *   config.print: prefix-set entries per second through the canonical printer
 * One warm-up pass, then the median of five timed passes.
 */
import { loadConfig, printConfig } from "../src/config/mod.ts";

const PREFIXES = 20_000;
const PEERS = 200;

function prefix(i: number): string {
  return `10.${(i >> 8) & 0xff}.${i & 0xff}.0/24`.replace(/^10\./, `${10 + (i >> 16)}.`);
}

function yamlText(): string {
  const lines = ["asn: 65000", "router_id: 10.0.0.1", "peers:"];
  for (let i = 0; i < PEERS; i++) {
    lines.push(`  - address: "192.0.${i >> 8}.${i & 0xff}:179"`, `    asn: ${64512 + (i % 1000)}`);
    lines.push("    import-policy: [in]");
  }
  lines.push("defined-sets:", "  prefix-sets:", "    - name: big", "      prefixes:");
  for (let i = 0; i < PREFIXES; i++) lines.push(`        - prefix: "${prefix(i)}"`);
  lines.push("policy-definitions:", "  - name: in", "    statements:");
  lines.push("      - conditions: { match-prefix-set: { set-name: big } }");
  lines.push("        actions: { accept: true }");
  return lines.join("\n") + "\n";
}

function tomlText(): string {
  const lines = ["[global.config]", "as = 65000", 'router-id = "10.0.0.1"'];
  for (let i = 0; i < PEERS; i++) {
    lines.push("[[neighbors]]", "[neighbors.config]");
    lines.push(
      `neighbor-address = "192.0.${i >> 8}.${i & 0xff}"`,
      `peer-as = ${64512 + (i % 1000)}`,
    );
  }
  lines.push("[[defined-sets.prefix-sets]]", 'prefix-set-name = "big"');
  for (let i = 0; i < PREFIXES; i++) {
    lines.push("[[defined-sets.prefix-sets.prefix-list]]", `ip-prefix = "${prefix(i)}"`);
  }
  return lines.join("\n") + "\n";
}

function median(fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2]!;
}

function report(bench: string, ms: number): void {
  // deno-lint-ignore no-console
  console.log(
    JSON.stringify({ bench, value: Math.round(PREFIXES / (ms / 1000)), unit: "prefixes/s" }),
  );
}

const yaml = yamlText();
const toml = tomlText();
report("config.load_yaml", median(() => loadConfig({ name: "big.yaml", text: yaml })));
report("config.load_toml", median(() => loadConfig({ name: "big.toml", text: toml })));
const config = loadConfig({ name: "big.yaml", text: yaml });
report("config.print", median(() => printConfig(config)));
