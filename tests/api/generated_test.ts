import assert from "node:assert/strict";
import { generate, GENERATED_DIR, PROTO_PATH } from "../../proto/generate.ts";

Deno.test("src/api/_generated matches `deno task proto` output for proto/bgp.proto", async () => {
  const files = generate(await Deno.readTextFile(PROTO_PATH));
  assert.deepEqual([...files.keys()].sort(), ["bgp_descriptor.ts", "bgp_messages.ts"]);
  const committed = [...Deno.readDirSync(GENERATED_DIR)].map((e) => e.name).sort();
  assert.deepEqual(committed, [...files.keys()].sort(), "stray or missing generated files");
  for (const [name, text] of files) {
    const onDisk = await Deno.readTextFile(new URL(name, GENERATED_DIR));
    assert.ok(onDisk === text, `src/api/_generated/${name} is stale: run \`deno task proto\``);
  }
});

Deno.test("generate() output changes when the proto changes (the staleness check can fail)", async () => {
  const text = await Deno.readTextFile(PROTO_PATH);
  const edited = text.replace("uint64 num_routes = 3;", "uint64 num_routes = 4;");
  assert.notEqual(edited, text);
  const a = generate(text).get("bgp_descriptor.ts");
  const b = generate(edited).get("bgp_descriptor.ts");
  assert.notEqual(a, b);
});
