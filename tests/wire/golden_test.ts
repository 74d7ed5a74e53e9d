import assert from "node:assert/strict";
import { decodeMessage, encodeMessage } from "../../src/wire/mod.ts";
import { VECTORS } from "./_vectors.ts";

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
}

for (const v of VECTORS) {
  Deno.test(`decodeMessage() decodes the golden ${v.name}`, () => {
    const r = decodeMessage(v.bytes, v.ctx);
    assert.notEqual(
      r.type,
      "error",
      JSON.stringify(r, (_, x) => typeof x === "bigint" ? String(x) : x),
    );
    if (r.type === "error") return;
    assert.deepEqual(r.message, v.message);
    if (r.type === "update") {
      assert.deepEqual(r.issues, []);
      assert.equal(r.action, 0);
    }
  });
  Deno.test(`encodeMessage() reproduces the golden ${v.name}`, () => {
    assert.equal(hex(encodeMessage(v.message, v.ctx)), hex(v.bytes));
  });
}
