import assert from "node:assert/strict";
import { type ByteSink, OutputQueue } from "../../src/speaker/output_queue.ts";

/** A sink whose writes complete only when the test says so. */
class GatedSink implements ByteSink {
  writes: Uint8Array[] = [];
  #resolvers: (() => void)[] = [];
  write(p: Uint8Array): Promise<number> {
    this.writes.push(p.slice());
    return new Promise((resolve) => this.#resolvers.push(() => resolve(p.length)));
  }
  releaseAll(): void {
    const r = this.#resolvers;
    this.#resolvers = [];
    for (const f of r) f();
  }
}

const msg = (tag: number, len = 4) => new Uint8Array(len).fill(tag);

Deno.test("OutputQueue coalesces queued messages into one write", async () => {
  const sink = new GatedSink();
  const q = new OutputQueue(sink, { limitBytes: 1000 });
  q.enqueue(msg(1)); // written alone (the queue was idle)
  q.enqueue(msg(2));
  q.enqueue(msg(3));
  assert.equal(sink.writes.length, 1);
  sink.releaseAll();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(sink.writes.length, 2);
  assert.deepEqual([...sink.writes[1]!], [2, 2, 2, 2, 3, 3, 3, 3]);
  sink.releaseAll();
  await q.flushed();
  assert.equal(q.pendingBytes, 0);
  assert.equal(q.bytesWritten, 12);
});

Deno.test("OutputQueue puts urgent messages (KEEPALIVE) ahead of queued UPDATEs", async () => {
  const sink = new GatedSink();
  const q = new OutputQueue(sink, { limitBytes: 1000 });
  q.enqueue(msg(1));
  q.enqueue(msg(2));
  q.enqueue(msg(9), true);
  sink.releaseAll();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual([...sink.writes[1]!.subarray(0, 4)], [9, 9, 9, 9]);
  sink.releaseAll();
  await q.flushed();
});

Deno.test("OutputQueue past its byte limit closes and reports the overflow once", () => {
  const sink = new GatedSink();
  const overflows: [number, number][] = [];
  const q = new OutputQueue(sink, {
    limitBytes: 10,
    onOverflow: (p, l) => overflows.push([p, l]),
  });
  assert.equal(q.enqueue(msg(1)), true);
  assert.equal(q.enqueue(msg(2)), true);
  assert.equal(q.enqueue(msg(3)), false); // 12 > 10
  assert.equal(q.enqueue(msg(4)), false);
  assert.deepEqual(overflows, [[12, 10]]);
  assert.equal(q.closed, true);
  assert.equal(q.pendingBytes, 0);
  sink.releaseAll();
});

Deno.test("OutputQueue reports a failed write and closes", async () => {
  const errors: unknown[] = [];
  const q = new OutputQueue({ write: () => Promise.reject(new Error("broken pipe")) }, {
    limitBytes: 100,
    onError: (e) => errors.push(e),
  });
  q.enqueue(msg(1));
  await q.flushed();
  assert.equal(errors.length, 1);
  assert.equal(q.closed, true);
});

Deno.test("OutputQueue handles partial writes", async () => {
  const got: number[] = [];
  const q = new OutputQueue({
    write: (p) => {
      got.push(p[0]!);
      return Promise.resolve(1);
    },
  }, { limitBytes: 100 });
  q.enqueue(new Uint8Array([1, 2, 3]));
  await q.flushed();
  assert.deepEqual(got, [1, 2, 3]);
});
