/** Several files merge in order; a setting given twice differently names both places. */
import assert from "node:assert/strict";
import { ConfigError, type ConfigSource, formatIssue, loadConfig } from "../../src/config/mod.ts";

const BASE: ConfigSource = {
  name: "base.yaml",
  text: `asn: 65000
router_id: 10.0.0.1
listen_addr: "127.0.0.1:1179"
peers:
  - address: "10.0.0.2:179"
    passive_mode: true
    asn: 65001
policy-definitions:
  - name: p
    statements:
      - actions: { reject: true }
`,
};

function issuesOf(sources: readonly ConfigSource[]): string[] {
  try {
    loadConfig(sources);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map(formatIssue);
    throw e;
  }
  return [];
}

Deno.test("a key set differently in two files names both files and lines", () => {
  const other = { name: "other.toml", text: `[global.config]\nport = 179\n` };
  assert.deepEqual(issuesOf([BASE, other]), [
    `other.toml:2:1: global.config.port: 179 conflicts with "127.0.0.1:1179" set at base.yaml:3:14 (listen_addr)`,
  ]);
});

Deno.test("a key set to the same value in two files is fine", () => {
  const other = { name: "other.toml", text: `[global.config]\nport = 1179\nas = 65000\n` };
  const c = loadConfig([BASE, other]);
  assert.equal(c.listen.port, 1179);
  assert.equal(c.asn, 65000);
});

Deno.test("peers merge by address across syntaxes, keeping first-seen order", () => {
  const other = {
    name: "more.toml",
    text: `[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.9"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.2"
    description = "from toml"
  [neighbors.route-reflector.config]
    route-reflector-client = true
`,
  };
  const c = loadConfig([BASE, other]);
  assert.deepEqual(c.peers.map((p) => [...p.address.bytes].join(".")), ["10.0.0.2", "10.0.0.9"]);
  const merged = c.peers[0]!;
  assert.equal(merged.passiveMode, true);
  assert.equal(merged.asn, 65001);
  assert.equal(merged.description, "from toml");
  assert.equal(merged.routeReflectorClient, true);
});

Deno.test("a peer setting that differs between files is a conflict naming both", () => {
  const other = {
    name: "more.toml",
    text: `[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.2"
    peer-as = 65002
`,
  };
  assert.deepEqual(issuesOf([BASE, other]), [
    "more.toml:4:5: neighbors[0].config.peer-as: 65002 conflicts with 65001 set at base.yaml:7:10 (peers[0].asn)",
  ]);
});

Deno.test("a policy defined differently in two files names both definitions", () => {
  const other = {
    name: "policy.yaml",
    text: `policy-definitions:
  - name: p
    statements:
      - actions: { accept: true }
`,
  };
  assert.deepEqual(issuesOf([BASE, other]), [
    `policy.yaml:2:5: policy-definitions[0]: policy "p" is defined differently at base.yaml:9:5 (policy-definitions[0])`,
  ]);
});

Deno.test("an identical policy in two files, and a reference across files, are fine", () => {
  const other = {
    name: "policy.yaml",
    text: `policy-definitions:
  - name: p
    statements:
      - actions: { reject: true }
peers:
  - address: "10.0.0.3:179"
    export-policy: [p]
`,
  };
  const c = loadConfig([BASE, other]);
  assert.equal(c.policies.length, 1);
  assert.deepEqual(c.peers[1]!.exportPolicy, ["p"]);
});

Deno.test("a reference resolves against a later file, and fails when no file defines it", () => {
  const first = {
    name: "first.yaml",
    text:
      `asn: 1\nrouter_id: 1.1.1.1\npeers:\n  - address: "10.0.0.2:179"\n    import-policy: [later]\n`,
  };
  const later = {
    name: "later.toml",
    text: `[[policy-definitions]]\nname = "later"\n`,
  };
  assert.deepEqual(loadConfig([first, later]).peers[0]!.importPolicy, ["later"]);
  assert.deepEqual(issuesOf([first]), [
    `first.yaml:5:21: peers[0].import-policy[0]: unknown policy "later"; no policies are defined`,
  ]);
});

Deno.test("netlink in its own TOML merges with YAML; enabling it twice differently conflicts", () => {
  const nl = {
    name: "netlink.toml",
    text: `[netlink.import]\nenabled = true\ninterface_list = ["eth0"]\n`,
  };
  const c = loadConfig([BASE, nl]);
  assert.equal(c.netlink.import.enabled, true);
  assert.deepEqual(c.netlink.import.interfaceList, ["eth0"]);
  const off = { name: "off.yaml", text: `netlink: { import: { enabled: false } }\n` };
  assert.deepEqual(issuesOf([BASE, nl, off]), [
    "off.yaml:1:31: netlink.import.enabled: false conflicts with true set at netlink.toml:2:1 (netlink.import.enabled)",
  ]);
});

Deno.test("every conflict of every file is listed, file by file", () => {
  const b = { name: "b.yaml", text: `asn: 65001\nlog_level: debug\n` };
  const c = { name: "c.yaml", text: `log_level: warn\nrouter_id: 10.0.0.2\n` };
  assert.deepEqual(issuesOf([BASE, b, c]), [
    "b.yaml:1:6: asn: 65001 conflicts with 65000 set at base.yaml:1:6 (asn)",
    `c.yaml:1:12: log_level: "warn" conflicts with "debug" set at b.yaml:2:12 (log_level)`,
    `c.yaml:2:12: router_id: "10.0.0.2" conflicts with "10.0.0.1" set at base.yaml:2:12 (router_id)`,
  ]);
});

Deno.test("a single source may be passed alone or in a list, with the same result", () => {
  assert.deepStrictEqual(loadConfig(BASE), loadConfig([BASE]));
  assert.throws(() => loadConfig([]), ConfigError);
});
