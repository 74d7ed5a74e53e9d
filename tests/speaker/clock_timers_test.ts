import assert from "node:assert/strict";
import { FakeClock } from "../../src/common/clock.ts";
import { SystemClock } from "../../src/speaker/system_clock.ts";
import { TimerSet } from "../../src/speaker/timers.ts";

Deno.test("FakeClock fires timers in deadline order, ties in arming order", () => {
  const clock = new FakeClock(0);
  const fired: string[] = [];
  clock.setTimer(30, () => fired.push("c"));
  clock.setTimer(10, () => fired.push("a"));
  clock.setTimer(10, () => fired.push("b"));
  const d = clock.setTimer(20, () => fired.push("cancelled"));
  d.cancel();
  clock.advance(25);
  assert.deepEqual(fired, ["a", "b"]);
  assert.equal(clock.now(), 25);
  clock.advance(5);
  assert.deepEqual(fired, ["a", "b", "c"]);
});

Deno.test("FakeClock runs timers armed by callbacks when they fall due in the same advance", () => {
  const clock = new FakeClock(0);
  const at: number[] = [];
  const tick = () => {
    at.push(clock.now());
    if (at.length < 4) clock.setTimer(clock.now() + 10, tick);
  };
  clock.setTimer(10, tick);
  clock.advance(100);
  assert.deepEqual(at, [10, 20, 30, 40]);
});

Deno.test("TimerSet keeps one deadline per name and reports expiry by name", () => {
  const clock = new FakeClock(0);
  const expired: string[] = [];
  const timers = new TimerSet<"hold" | "keepalive">(clock, (n) => expired.push(n));
  timers.arm("hold", 90_000);
  timers.arm("keepalive", 30_000);
  timers.arm("hold", 120_000); // re-armed: the 90 s deadline must not fire
  assert.equal(timers.deadline("hold"), 120_000);
  clock.advance(100_000);
  assert.deepEqual(expired, ["keepalive"]);
  clock.advance(20_000);
  assert.deepEqual(expired, ["keepalive", "hold"]);
  assert.deepEqual(timers.armed(), []);
});

Deno.test("TimerSet.cancelAll stops everything and ignores later arms", () => {
  const clock = new FakeClock(0);
  const expired: string[] = [];
  const timers = new TimerSet<"hold">(clock, (n) => expired.push(n));
  timers.arm("hold", 10);
  timers.cancelAll();
  timers.arm("hold", 20);
  clock.advance(100);
  assert.deepEqual(expired, []);
  assert.deepEqual(clock.pending(), []);
});

Deno.test("SystemClock timers fire after their deadline and can be cancelled", async () => {
  const clock = new SystemClock();
  const t0 = clock.now();
  const cancelled = clock.setTimer(t0 + 5, () => assert.fail("cancelled timer fired"));
  cancelled.cancel();
  const firedAt = await new Promise<number>((resolve) => {
    clock.setTimer(t0 + 20, () => resolve(clock.now()));
  });
  assert.ok(firedAt >= t0 + 20, `fired at +${firedAt - t0} ms`);
});
