/** The daemon under `deno run` with exactly the compile task's permissions. */
import assert from "node:assert/strict";
import { edgebgpCommand, runEdgebgp, taskPermissionFlags } from "../_helpers/run_edgebgp.ts";

Deno.test("serve and compile tasks grant the same permissions, and not -A", () => {
  const compile = taskPermissionFlags("compile");
  assert.deepEqual(taskPermissionFlags("serve"), compile);
  assert.ok(compile.length > 0);
  assert.ok(!compile.includes("-A") && !compile.includes("--allow-all"));
});

Deno.test("edgebgp serve runs the embedded default config and stops on SIGTERM", async () => {
  const child = edgebgpCommand(["serve"]).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  try {
    // Bounded: give up after 20 s of no "started" line.
    const deadline = Date.now() + 20_000;
    while (!seen.includes("edgebgp started") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    assert.match(seen, /edgebgp started/);
    assert.match(seen, /bgp_listen=127\.0\.0\.1:1179/);
    // The listener is really open.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: 1179 });
    conn.close();
  } finally {
    child.kill("SIGTERM");
  }
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  const status = await child.status;
  await child.stdout.cancel();
  assert.equal(status.code, 0, seen);
  assert.match(seen, /stopped/);
});

Deno.test("edgebgp serve names a config outside the permitted paths, without a stack trace", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/x.yaml`, "asn: 1\n");
    const r = await runEdgebgp(["serve", "--config", `${dir}/x.yaml`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read config .*x\.yaml: not permitted/);
    assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
