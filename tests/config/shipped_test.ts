/** Every shipped config parses, and printing is canonical: load(print(x)) deep-equals x. */
import assert from "node:assert/strict";
import {
  type Config,
  ConfigError,
  DEFAULT_CONFIG_NAME,
  DEFAULT_CONFIG_YAML,
  loadConfig,
  printConfig,
  readSource,
} from "../../src/config/mod.ts";
import { REPO_ROOT } from "../_helpers/run_edgebgp.ts";

function* configFiles(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(`${REPO_ROOT}${dir}`)) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory) yield* configFiles(rel);
    else if (/\.(ya?ml|toml)$/.test(e.name)) yield rel;
  }
}

function source(rel: string) {
  return { name: rel, text: Deno.readTextFileSync(`${REPO_ROOT}${rel}`) };
}

/** Files that hold only part of a config, and what they are meant to be merged with. */
const PARTIAL: Record<string, string> = {
  "config/examples/netlink.toml": "config/examples/bgpgg.yaml",
};

function roundTrip(c: Config, name: string): void {
  const printed = printConfig(c);
  let again: Config;
  try {
    again = loadConfig({ name: `print(${name})`, text: printed });
  } catch (e) {
    throw new Error(`${name}: printed form does not load:\n${e}\n${printed}`);
  }
  assert.deepStrictEqual(again, c, name);
  // Canonical: printing again gives the same text.
  assert.equal(printConfig(again), printed);
}

Deno.test("config/ holds the default and the three examples", () => {
  const files = [...configFiles("config")].sort();
  for (
    const f of [
      "config/default.yaml",
      "config/examples/bgpgg.yaml",
      "config/examples/gobgp.toml",
      "config/examples/netlink.toml",
    ]
  ) assert.ok(files.includes(f), f);
});

Deno.test("every file in config/ reads without an issue", () => {
  for (const f of configFiles("config")) {
    const read = readSource(source(f));
    assert.deepEqual(read.issues, [], f);
    assert.ok(read.fragment.size > 0, f);
  }
});

Deno.test("every complete file in config/ loads and round-trips through the printer", () => {
  let n = 0;
  for (const f of configFiles("config")) {
    const partner = PARTIAL[f];
    const c = partner ? loadConfig([source(partner), source(f)]) : loadConfig(source(f));
    roundTrip(c, f);
    n++;
  }
  assert.ok(n >= 4);
});

Deno.test("a partial file alone is refused for the missing global settings", () => {
  assert.throws(() => loadConfig(source("config/examples/netlink.toml")), (e) => {
    assert.ok(e instanceof ConfigError);
    assert.deepEqual(e.issues.map((i) => i.message), [
      "missing required setting asn (YAML: asn; TOML: global.config.as)",
      "missing required setting router_id (YAML: router_id; TOML: global.config.router-id)",
    ]);
    return true;
  });
});

Deno.test("the embedded default round-trips and keeps its meaning", () => {
  const c = loadConfig({ name: DEFAULT_CONFIG_NAME, text: DEFAULT_CONFIG_YAML });
  roundTrip(c, "default");
  assert.equal(c.peers.length, 0);
  assert.equal(c.netlink.import.enabled, false);
  assert.equal(c.netlink.export.enabled, false);
  assert.equal(c.listen.port, 1179);
});

Deno.test("the examples say what they show: peers, policy, BMP, netlink", () => {
  const yaml = loadConfig([
    source("config/examples/bgpgg.yaml"),
    source("config/examples/netlink.toml"),
  ]);
  assert.equal(yaml.peers.length, 2);
  assert.equal(yaml.peers[1]!.address.family, 6);
  assert.equal(yaml.peers[1]!.port, 1179);
  assert.deepEqual(yaml.policies.map((p) => p.name), ["from-transit", "to-transit"]);
  assert.equal(yaml.bmpServers.length, 1);
  assert.deepEqual(yaml.netlink.import.interfaceList, ["eth0", "eth1", "vlan*"]);
  assert.equal(yaml.netlink.export.table, 100);
  assert.deepEqual(yaml.definedSets.communitySets.get("blackhole"), ["BLACKHOLE", "64600:666"]);

  const toml = loadConfig(source("config/examples/gobgp.toml"));
  assert.equal(toml.peers.length, 2);
  assert.deepEqual(toml.peers[0]!.families, ["1/1"]);
  assert.deepEqual(toml.peers[0]!.maxPrefix, { limit: 1200000, action: "terminate" });
  assert.equal(toml.peers[1]!.addPathSend, "all");
  assert.equal(toml.peers[1]!.addPathSendMax, 4);
  assert.deepEqual(toml.bmpServers[0]!.views, ["pre-policy", "post-policy"]);
  assert.equal(toml.netlink.import.enabled, true);
  assert.deepEqual(toml.netlink.export.communityList, ["64500:100"]);
  assert.deepEqual(toml.globalApplyPolicy?.importPolicy, ["from-transit"]);
});
