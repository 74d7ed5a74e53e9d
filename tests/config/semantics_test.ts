/** How each syntax's keys land in the model: defaults, nulls, spellings, GoBGP mappings. */
import assert from "node:assert/strict";
import { type Config, loadConfig } from "../../src/config/mod.ts";

function yaml(body: string): Config {
  return loadConfig({ name: "t.yaml", text: `asn: 65000\nrouter_id: 10.0.0.1\n${body}` });
}

function toml(body: string): Config {
  return loadConfig({
    name: "t.toml",
    text: `[global.config]\nas = 65000\nrouter-id = "10.0.0.1"\n${body}`,
  });
}

Deno.test("bgpgg v0.2 defaults fill what the YAML leaves out", () => {
  const c = yaml(`peers:\n  - address: "10.0.0.2:179"\n`);
  assert.deepEqual([...c.listen.address.bytes, c.listen.port], [0, 0, 0, 0, 179]);
  assert.equal(c.grpcListen.port, 50051);
  assert.equal(c.holdTimeSecs, 180);
  assert.equal(c.connectRetrySecs, 30);
  assert.equal(c.logLevel, "info");
  const p = c.peers[0]!;
  assert.equal(p.idleHoldTimeSecs, 30);
  assert.equal(p.dampPeerOscillations, true);
  assert.equal(p.allowAutomaticStop, true);
  assert.equal(p.enforceFirstAs, true);
  assert.deepEqual(p.families, ["1/1", "2/1"]);
  assert.equal(p.asn, undefined);
  assert.equal("maxPrefix" in p, false);
});

Deno.test("YAML null means 'not set', except idle_hold_time_secs: null = no automatic start", () => {
  const p = yaml(
    `peers:\n  - address: 10.0.0.2\n    max_prefix: null\n    passive_mode: ~\n    idle_hold_time_secs: null\n`,
  ).peers[0]!;
  assert.equal("maxPrefix" in p, false);
  assert.equal(p.passiveMode, false);
  assert.equal("idleHoldTimeSecs" in p, false);
  assert.equal(p.port, 179);
});

Deno.test("YAML keys take either separator, so bgpgg v0.3 spellings read too", () => {
  const c = loadConfig({
    name: "v03.yaml",
    text: `asn: 65000\nrouter-id: 10.0.0.1\nlisten-addr: "127.0.0.1:1790"\n` +
      `peers:\n  - address: "10.0.0.2:179"\n    passive-mode: true\n    rr_client: true\n`,
  });
  assert.equal(c.listen.port, 1790);
  assert.equal(c.peers[0]!.passiveMode, true);
  assert.equal(c.peers[0]!.routeReflectorClient, true);
});

Deno.test("YAML communities may be decimal numbers; families are canonical order", () => {
  const c = yaml(
    `defined-sets:\n  community-sets:\n    - { name: c, communities: [4259840100, "no_advertise"] }\n` +
      `peers:\n  - address: "[::1]:1179"\n    families: [ipv6-unicast, "1/1", ipv6-unicast]\n`,
  );
  assert.deepEqual(c.definedSets.communitySets.get("c"), ["65000:100", "NO_ADVERTISE"]);
  assert.deepEqual(c.peers[0]!.families, ["1/1", "2/1"]);
  assert.equal(c.peers[0]!.address.family, 6);
});

Deno.test("statistics_timeout 0 or null means no Statistics Reports", () => {
  const c = yaml(
    `bmp_servers:\n  - { address: "127.0.0.1:1", statistics_timeout: 0 }\n` +
      `  - { address: "127.0.0.1:2", statistics_timeout: null }\n` +
      `  - { address: "[::1]:3", statistics_timeout: 15 }\n`,
  );
  assert.deepEqual(c.bmpServers.map((b) => b.statisticsTimeoutSecs), [undefined, undefined, 15]);
  assert.deepEqual(c.bmpServers[0]!.views, ["pre-policy"]);
});

Deno.test("GoBGP mappings: families, add-paths send-max 0, route-type none, both families", () => {
  const c = toml(`
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.2"
  [neighbors.add-paths.config]
    send-max = 0
[[policy-definitions]]
  name = "p"
  [[policy-definitions.statements]]
    [policy-definitions.statements.conditions.bgp-conditions]
      route-type = "none"
      afi-safi-in-list = ["ipv4-unicast", "ipv6-unicast"]
    [policy-definitions.statements.actions]
      route-disposition = "none"
`);
  const p = c.peers[0]!;
  assert.deepEqual(p.families, ["1/1", "2/1"]);
  assert.equal(p.addPathSend, "disabled");
  assert.equal(p.addPathSendMax, undefined);
  assert.deepEqual(c.policies[0]!.statements[0], { name: "", conditions: {}, actions: {} });
});

Deno.test("GoBGP BMP: port defaults to 11019, monitoring policies map to views", () => {
  const c = toml(`
[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    route-monitoring-policy = "local-rib"
[[bmp-servers]]
  [bmp-servers.config]
    address = "::1"
    port = 5000
`);
  assert.deepEqual(c.bmpServers.map((b) => b.address.port), [11019, 5000]);
  assert.deepEqual(c.bmpServers.map((b) => b.views), [["loc-rib"], ["pre-policy"]]);
});

Deno.test("GoBGP netlink section as the seed writes it, nested under [netlink]", () => {
  const c = toml(`
[netlink]
  [netlink.import]
    enabled = true
    vrf = "vrf-red"
    interface_list = ["eth0", "eth1", "vlan*"]
  [netlink.export]
    enabled = true
    vrf = "vrf-blue"
    community = "65001:100"
`);
  assert.deepEqual(c.netlink.import, {
    enabled: true,
    vrf: "vrf-red",
    interfaceList: ["eth0", "eth1", "vlan*"],
  });
  assert.deepEqual(c.netlink.export, {
    enabled: true,
    vrf: "vrf-blue",
    protocol: 186,
    metric: 20,
    community: "65001:100",
    communityList: [],
    largeCommunityList: [],
    keepRoutesOnStop: false,
  });
});
