/** diffConfig(): what a reload would change, and nothing more. */
import assert from "node:assert/strict";
import { type Config, diffConfig, loadConfig } from "../../src/config/mod.ts";

const BASE = `asn: 65000
router_id: 10.0.0.1
listen_addr: "127.0.0.1:1179"
peers:
  - address: "10.0.0.2:179"
    import-policy: [in]
  - address: "10.0.0.3:179"
    export-policy: [out]
  - address: "10.0.0.4:179"
bmp_servers:
  - address: "127.0.0.1:11019"
defined-sets:
  prefix-sets:
    - name: own
      prefixes: [{ prefix: "203.0.113.0/24" }]
policy-definitions:
  - name: in
    statements:
      - conditions: { match-prefix-set: { set-name: own } }
        actions: { reject: true }
  - name: out
    statements:
      - actions: { accept: true }
netlink:
  import: { enabled: true, interface_list: [eth0] }
`;

function load(text: string): Config {
  return loadConfig({ name: "c.yaml", text });
}

function edit(from: string, to: string): Config {
  assert.ok(BASE.includes(from), from);
  return load(BASE.replace(from, to));
}

const base = load(BASE);
const ips = (ps: readonly { address: { bytes: Uint8Array } }[]) =>
  ps.map((p) => [...p.address.bytes].join("."));

Deno.test("diffConfig() of a config with itself is empty", () => {
  const d = diffConfig(base, load(BASE));
  assert.equal(d.empty, true);
  assert.deepEqual(d.peersChanged, []);
  assert.deepEqual(d.peersToSoftReset, []);
});

Deno.test("diffConfig() reports an added and a removed peer, and no change to the others", () => {
  const d = diffConfig(
    base,
    edit(`  - address: "10.0.0.4:179"\n`, `  - address: "10.0.0.5:179"\n`),
  );
  assert.deepEqual(ips(d.peersAdded), ["10.0.0.5"]);
  assert.deepEqual(ips(d.peersRemoved), ["10.0.0.4"]);
  assert.deepEqual(d.peersChanged, []);
  assert.equal(d.empty, false);
});

Deno.test("diffConfig() lists only the changed peer, with the changed fields", () => {
  const d = diffConfig(
    base,
    edit(`  - address: "10.0.0.4:179"\n`, `  - address: "10.0.0.4:1179"\n    passive_mode: true\n`),
  );
  assert.equal(d.peersChanged.length, 1);
  assert.deepEqual(ips([d.peersChanged[0]!.new]), ["10.0.0.4"]);
  assert.deepEqual(d.peersChanged[0]!.fields, ["passiveMode", "port"]);
  assert.deepEqual(d.peersAdded, []);
  assert.deepEqual(d.peersRemoved, []);
});

Deno.test("a changed policy soft-resets the peers that use it, and only those", () => {
  const d = diffConfig(
    base,
    edit("      - actions: { accept: true }", "      - actions: { reject: true }"),
  );
  assert.deepEqual(d.policiesChanged, ["out"]);
  assert.deepEqual(d.peersToSoftReset, ["10.0.0.3"]);
  assert.deepEqual(d.peersChanged, []);
});

Deno.test("a changed set soft-resets the peers whose policies match on it", () => {
  const d = diffConfig(base, edit(`"203.0.113.0/24"`, `"198.51.100.0/24"`));
  assert.deepEqual(d.definedSetsChanged, [{ kind: "prefixSets", name: "own" }]);
  assert.deepEqual(d.policiesChanged, []);
  assert.deepEqual(d.peersToSoftReset, ["10.0.0.2"]);
});

Deno.test("a changed global apply-policy soft-resets every unchanged peer", () => {
  const d = diffConfig(base, load(BASE + `apply-policy: { import-policy: [in] }\n`));
  assert.equal(d.globalApplyPolicyChanged, true);
  assert.deepEqual(d.peersToSoftReset, ["10.0.0.2", "10.0.0.3", "10.0.0.4"]);
});

Deno.test("BMP servers: a changed collector is removed and added; others stay", () => {
  const d = diffConfig(
    base,
    edit(
      `  - address: "127.0.0.1:11019"\n`,
      `  - address: "127.0.0.1:11019"\n    statistics_timeout: 30\n  - address: "127.0.0.1:11020"\n`,
    ),
  );
  assert.deepEqual(d.bmpServersAdded.map((b) => b.address.port), [11019, 11020]);
  assert.deepEqual(d.bmpServersRemoved.map((b) => b.address.port), [11019]);
});

Deno.test("netlink import and export changes are reported separately", () => {
  const d = diffConfig(base, edit("interface_list: [eth0]", "interface_list: [eth0, eth1]"));
  assert.equal(d.netlinkImportChanged, true);
  assert.equal(d.netlinkExportChanged, false);
  const e = diffConfig(
    base,
    load(BASE.replace("netlink:\n", "netlink:\n  export: { metric: 5 }\n")),
  );
  assert.equal(e.netlinkImportChanged, false);
  assert.equal(e.netlinkExportChanged, true);
});

Deno.test("identity and listener changes need a restart; log level does not", () => {
  const d = diffConfig(
    base,
    load(BASE.replace("asn: 65000", "asn: 65001\nlog_level: debug").replace(":1179", ":1180")),
  );
  assert.deepEqual(d.restartRequired, ["asn", "listen"]);
  assert.deepEqual(d.globalsChanged, ["logLevel"]);
});
