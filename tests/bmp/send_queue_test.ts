import assert from "node:assert/strict";
import { SendQueue } from "../../src/bmp/send_queue.ts";
import { backoffDelay } from "../../src/bmp/backoff.ts";

function msg(n: number, fill: number): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

Deno.test("SendQueue counts bytes and hands out whole messages up to a batch size", () => {
  const q = new SendQueue();
  assert.equal(q.take(10), undefined);
  q.push(msg(4, 1));
  q.push(msg(4, 2));
  q.push(msg(8, 3));
  assert.equal(q.bytes, 16);
  assert.deepEqual([...q.take(9)!], [1, 1, 1, 1, 2, 2, 2, 2]);
  assert.equal(q.bytes, 8);
  // A message larger than the batch still goes out whole.
  assert.deepEqual(q.take(2)!.length, 8);
  assert.ok(q.empty);
  q.push(msg(3, 4));
  q.clear();
  assert.equal(q.bytes, 0);
  assert.equal(q.take(10), undefined);
});

Deno.test("SendQueue stays correct across compaction", () => {
  const q = new SendQueue();
  let next = 0;
  let expect = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 100; i++) q.push(new Uint8Array([next++ & 0xff]));
    for (let i = 0; i < 70; i++) assert.equal(q.take(1)![0], expect++ & 0xff);
  }
  assert.equal(q.bytes, next - expect);
});

Deno.test("backoffDelay doubles from the initial delay up to the cap", () => {
  const o = { initialMs: 2000, maxMs: 120_000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 7, 100].map((a) => backoffDelay(a, o)),
    [2000, 4000, 8000, 16000, 32000, 64000, 120000, 120000, 120000],
  );
});
