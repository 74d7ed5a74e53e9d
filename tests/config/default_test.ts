import assert from "node:assert/strict";
import { DEFAULT_CONFIG_YAML, loadConfig } from "../../src/config/mod.ts";
import { REPO_ROOT } from "../_helpers/run_edgebgp.ts";

Deno.test("the embedded default config equals config/default.yaml", () => {
  assert.equal(DEFAULT_CONFIG_YAML, Deno.readTextFileSync(`${REPO_ROOT}config/default.yaml`));
});

Deno.test("the default config is loopback only with gRPC on 127.0.0.1:50051", () => {
  const c = loadConfig({ name: "default", text: DEFAULT_CONFIG_YAML });
  assert.deepEqual([...c.listen.address.bytes], [127, 0, 0, 1]);
  assert.deepEqual([...c.grpcListen.address.bytes], [127, 0, 0, 1]);
  assert.equal(c.grpcListen.port, 50051);
});
