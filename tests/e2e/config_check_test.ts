/** `edgebgp config check` under exactly the compile task's permissions. */
import assert from "node:assert/strict";
import { runEdgebgp } from "../_helpers/run_edgebgp.ts";

Deno.test("edgebgp config check accepts the shipped GoBGP example and prints YAML", async () => {
  const r = await runEdgebgp(["config", "check", "config/examples/gobgp.toml"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^asn: 64500\nrouter_id: 192\.0\.2\.10\n/);
  assert.match(r.stderr, /config OK \(config\/examples\/gobgp\.toml\)/);
});

Deno.test("edgebgp config check refuses a broken file with exit 2 and no stack trace", async () => {
  const name = `tests/e2e/.tmp-broken-${Deno.pid}.toml`;
  await Deno.writeTextFile(name, "[global.config\nas = 1\n");
  try {
    const r = await runEdgebgp(["config", "check", name]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`${name.replace(/\./g, "\\.")}:1:\\d+: TOML syntax: `));
    assert.doesNotMatch(r.stderr, /\bat .*\.(ts|js):\d+/);
  } finally {
    await Deno.remove(name);
  }
});
