/** The same setup written as bgpgg YAML and as GoBGP TOML loads into deep-equal models. */
import assert from "node:assert/strict";
import { loadConfig, printConfig } from "../../src/config/mod.ts";
import { FULL_TOML as TOML, FULL_YAML as YAML } from "./_fixtures.ts";

Deno.test("YAML and TOML of the same setup load into deep-equal models", () => {
  const y = loadConfig({ name: "same.yaml", text: YAML });
  const t = loadConfig({ name: "same.toml", text: TOML });
  assert.deepStrictEqual(t, y);
  // And the setup really is rich: nothing above fell back to a default.
  assert.equal(y.asn, 65546);
  assert.equal(y.peers.length, 3);
  assert.equal(y.policies[0]!.statements[1]!.actions.asPathPrepend?.repeat, 2);
  assert.deepEqual(y.definedSets.communitySets.get("tagged"), [
    "64496:10",
    "NO_EXPORT",
    "65000:100",
    "^64496:.*$",
  ]);
  assert.deepEqual(y.bmpServers[0]!.views, ["pre-policy", "post-policy", "loc-rib"]);
  assert.equal(y.netlink.export.protocol, 200);
});

Deno.test("the shared setup prints identically from either syntax and round-trips", () => {
  const y = loadConfig({ name: "same.yaml", text: YAML });
  const t = loadConfig({ name: "same.toml", text: TOML });
  const printed = printConfig(y);
  assert.equal(printConfig(t), printed);
  assert.deepStrictEqual(loadConfig({ name: "printed.yaml", text: printed }), y);
});

Deno.test("a file without an extension is read in the syntax its content shows", () => {
  const t = loadConfig({ name: "edgebgp.conf", text: TOML });
  const y = loadConfig({ name: "edgebgp.conf", text: YAML });
  assert.deepStrictEqual(t, y);
});
