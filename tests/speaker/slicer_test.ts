import assert from "node:assert/strict";
import { Slicer } from "../../src/speaker/slicer.ts";
import { WorkQueue } from "../../src/speaker/work_queue.ts";

function fakeCpu() {
  let t = 0;
  return { now: () => t, spend: (ms: number) => (t += ms) };
}

Deno.test("Slicer.forEach yields once per budget of work, not per item", async () => {
  const cpu = fakeCpu();
  let yields = 0;
  const slicer = new Slicer({
    budgetMs: 10,
    now: cpu.now,
    yieldFn: () => (yields++, Promise.resolve()),
  });
  const seen: number[] = [];
  await slicer.forEach(
    Array.from({ length: 100 }, (_, i) => i),
    (i) => {
      cpu.spend(1); // each item costs 1 ms
      seen.push(i);
    },
    1,
  );
  assert.equal(seen.length, 100);
  assert.equal(yields, 10);
  assert.equal(slicer.yields, 10);
});

Deno.test("Slicer really yields to timers during a long busy loop", async () => {
  const slicer = new Slicer({ budgetMs: 5 });
  let ticks = 0;
  const iv = setInterval(() => ticks++, 10);
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < 200) {
      const s = performance.now();
      while (performance.now() - s < 1); // 1 ms of work
      await slicer.checkpoint();
    }
  } finally {
    clearInterval(iv);
  }
  // Without yielding the interval could not run at all during the loop.
  assert.ok(ticks >= 5, `interval ran ${ticks} times in 200 ms`);
});

Deno.test("WorkQueue runs jobs one at a time in order and reports errors without stopping", async () => {
  const errors: unknown[] = [];
  const q = new WorkQueue({ onError: (e) => errors.push(e) });
  const log: string[] = [];
  q.push(async (s) => {
    log.push("a1");
    await s.yield();
    log.push("a2");
  });
  q.push(() => {
    throw new Error("boom");
  });
  q.push(() => void log.push("c"));
  assert.equal(q.length, 2); // the first job started at once; two wait
  await q.idle();
  assert.deepEqual(log, ["a1", "a2", "c"]);
  assert.equal(errors.length, 1);
});

Deno.test("WorkQueue.whenBelow resolves as pending cost drains", async () => {
  const q = new WorkQueue();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  q.push(() => gate, 100);
  q.push(() => {}, 50);
  assert.equal(q.pendingCost, 150);
  let below = false;
  const w = q.whenBelow(60).then(() => (below = true));
  await Promise.resolve();
  assert.equal(below, false);
  release();
  await w;
  assert.ok(q.pendingCost <= 60);
  await q.idle();
  assert.equal(q.pendingCost, 0);
});
