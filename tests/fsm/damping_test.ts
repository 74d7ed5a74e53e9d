/**
 * bgpgg's idle-hold formula (research/bgpgg.md §4.3) as a pure function:
 * wait = base when damping is off or n = 0, else min(base × 2^min(n, 6), 120 s).
 */
import assert from "node:assert/strict";
import {
  idleHoldDeadline,
  idleHoldTimeMs,
  NO_FLAPS,
  recordFlap,
  recordStable,
} from "../../src/fsm/mod.ts";

// [base seconds, damping, n flaps, expected wait seconds]
const FORMULA: [number, boolean, number, number][] = [
  [30, true, 0, 30], // n = 0: base
  [30, true, 1, 60], // 30 × 2
  [30, true, 2, 120], // 30 × 4
  [30, true, 3, 120], // 240 capped at 120
  [1, true, 5, 32], // 1 × 2^5
  [1, true, 6, 64], // 1 × 2^6
  [1, true, 7, 64], // exponent capped at 6
  [1, true, 100, 64],
  [30, false, 5, 30], // damping off: always base
  [300, true, 0, 300], // a long base is kept while n = 0…
  [300, true, 1, 120], // …and capped once damped (as in bgpgg)
  [0, true, 3, 0],
];

for (const [base, damp, n, wait] of FORMULA) {
  Deno.test(`idleHoldTimeMs() with base ${base} s, damping ${damp}, ${n} flaps is ${wait} s (bgpgg §4.3)`, () => {
    const history = { flaps: n, totalFlaps: n };
    const cfg = { idleHoldTimeSecs: base, dampPeerOscillations: damp };
    assert.equal(idleHoldTimeMs(cfg, history), wait * 1000);
    assert.equal(idleHoldDeadline(cfg, history, 5_000), 5_000 + wait * 1000);
  });
}

Deno.test("idleHoldTimeMs() is undefined without an idle hold time (AllowAutomaticStart FALSE)", () => {
  assert.equal(idleHoldTimeMs({ dampPeerOscillations: true }, NO_FLAPS), undefined);
  assert.equal(idleHoldDeadline({ dampPeerOscillations: true }, NO_FLAPS, 1), undefined);
});

Deno.test("recordFlap() counts consecutive and total flaps with the time of the last one", () => {
  const h = recordFlap(recordFlap(NO_FLAPS, 10), 20);
  assert.deepEqual(h, { flaps: 2, totalFlaps: 2, lastFlapAt: 20 });
});

Deno.test("recordStable() resets the count only after a full hold time in Established (bgpgg §4.3)", () => {
  const h = { flaps: 3, totalFlaps: 9, lastFlapAt: 1 };
  assert.equal(recordStable(h, 1_000, 90_000, 90_999), h); // 89.999 s: not yet
  assert.deepEqual(recordStable(h, 1_000, 90_000, 91_000), {
    flaps: 0,
    totalFlaps: 9,
    lastFlapAt: 1,
  });
  // Hold time 0: the first KEEPALIVE/UPDATE after Established already counts.
  assert.equal(recordStable(h, 1_000, 0, 1_000).flaps, 0);
  assert.equal(recordStable(NO_FLAPS, 0, 0, 5), NO_FLAPS);
});
