/**
 * Max-prefix decisions (bgpgg §4.4) and the Cease they produce (RFC 4486 §4).
 */
import assert from "node:assert/strict";
import {
  automaticStop,
  maximumPrefixesReached,
  type MaxPrefixConfig,
  maxPrefixDecision,
  step,
} from "../../src/fsm/mod.ts";
import { fixture, summarize, T1 } from "./_fixtures.ts";

const V4 = { afi: 1, safi: 1 };
const TERMINATE: MaxPrefixConfig = { limit: 100, action: "terminate" };
const DISCARD: MaxPrefixConfig = { limit: 100, action: "discard" };

Deno.test("maximumPrefixesReached() carries AFI, SAFI and the limit (RFC 4486 §4)", () => {
  const n = maximumPrefixesReached({ afi: 2, safi: 1 }, 0x01020304);
  assert.equal(n.code, 6); // Cease
  assert.equal(n.subcode, 1); // Maximum Number of Prefixes Reached
  // deno-fmt-ignore
  assert.deepEqual([...n.data], [
    0x00, 0x02,             // AFI: 2 (IPv6), 2 octets
    0x01,                   // SAFI: 1 (unicast), 1 octet
    0x01, 0x02, 0x03, 0x04, // prefix upper bound: 16909060, 4 octets
  ]);
});

// [config, allowAutomaticStop, current, added, expected decision]
const CASES: [MaxPrefixConfig | undefined, boolean, number, number, unknown][] = [
  [undefined, true, 1_000_000, 1, { type: "accept" }], // no limit configured
  [TERMINATE, true, 99, 1, { type: "accept" }], // exactly at the limit is fine
  [DISCARD, true, 0, 100, { type: "accept" }],
  [DISCARD, true, 95, 10, { type: "discard", accept: 5, discard: 5 }], // fill up to the limit
  [DISCARD, true, 100, 3, { type: "discard", accept: 0, discard: 3 }],
  [DISCARD, false, 120, 3, { type: "discard", accept: 0, discard: 3 }], // already above
  [TERMINATE, false, 99, 2, {
    type: "drop-update",
    reason: "101 prefixes for 1/1 exceed the limit of 100 (AllowAutomaticStop is false)",
  }],
];

for (const [cfg, allowAutomaticStop, current, added, expected] of CASES) {
  Deno.test(`maxPrefixDecision() ${cfg?.action ?? "unlimited"} with ${current}+${added} of 100, AllowAutomaticStop ${allowAutomaticStop} (bgpgg §4.4)`, () => {
    assert.deepEqual(
      maxPrefixDecision({
        ...(cfg ? { config: cfg } : {}),
        allowAutomaticStop,
        family: V4,
        current,
        added,
      }),
      expected,
    );
  });
}

Deno.test("maxPrefixDecision() terminates with Cease / Maximum Number of Prefixes Reached (bgpgg §4.4)", () => {
  const d = maxPrefixDecision({
    config: TERMINATE,
    allowAutomaticStop: true,
    family: V4,
    current: 100,
    added: 1,
  });
  assert.equal(d.type, "terminate");
  if (d.type !== "terminate") return;
  assert.deepEqual(d.notification, maximumPrefixesReached(V4, 100));
  assert.equal(d.reason, "101 prefixes for 1/1 exceed the limit of 100");
});

Deno.test("step(): AutomaticStop for max-prefix sends the Cease and leaves the peer Idle without restart", () => {
  const d = maxPrefixDecision({
    config: TERMINATE,
    allowAutomaticStop: true,
    family: V4,
    current: 100,
    added: 1,
  });
  assert.equal(d.type, "terminate");
  if (d.type !== "terminate") return;
  const { session, actions } = step(fixture("Established"), automaticStop(d.notification), T1);
  assert.equal(session.state, "Idle");
  assert.deepEqual(summarize(actions, T1), [
    "send notification 6/1",
    "cancel hold",
    "cancel keepalive",
    "release-resources",
    "close-connection",
    "session-down sent 6/1",
  ]);
  assert.equal(session.timers.idleHold, undefined);
  assert.match(session.lastError!.text, /Maximum Number of Prefixes Reached/);
});

Deno.test("step(): AutomaticStop is ignored when AllowAutomaticStop is false (RFC 4271 §8.1.2)", () => {
  const s = fixture("Established", { allowAutomaticStop: false });
  const { session, actions } = step(s, automaticStop(maximumPrefixesReached(V4, 1)), T1);
  assert.equal(session.state, "Established");
  assert.deepEqual(summarize(actions, T1), []);
  assert.equal(actions[0]?.type, "note");
});
