/**
 * Cease NOTIFICATIONs for operator actions (RFC 4486 §4) and the Shutdown Communication
 * (RFC 8203, revised by RFC 9003): length octet + UTF-8, at most 255 octets.
 */
import assert from "node:assert/strict";
import {
  administrativeReset,
  administrativeShutdown,
  encodeShutdownCommunication,
  manualStop,
  peerDeconfigured,
  step,
  truncateUtf8,
} from "../../src/fsm/mod.ts";
import { decodeShutdownCommunication } from "../../src/fsm/shutdown.ts";
import { fixture, summarize, T1 } from "./_fixtures.ts";

Deno.test("administrativeShutdown() encodes the communication as length + UTF-8 (RFC 9003 §2)", () => {
  const n = administrativeShutdown("Möve");
  assert.equal(n.code, 6); // Error Code: Cease
  assert.equal(n.subcode, 2); // Subcode: Administrative Shutdown
  // deno-fmt-ignore
  assert.deepEqual([...n.data], [
    0x05,       // Length: 5 octets
    0x4d,       // "M"
    0xc3, 0xb6, // "ö" (U+00F6, 2 octets)
    0x76,       // "v"
    0x65,       // "e"
  ]);
});

Deno.test("administrativeShutdown() without a message sends an empty data field (RFC 4486)", () => {
  assert.deepEqual([...administrativeShutdown().data], []);
  assert.deepEqual([...administrativeShutdown("").data], []);
});

Deno.test("administrativeReset() and peerDeconfigured() use Cease subcodes 4 and 3 (RFC 4486 §4)", () => {
  const reset = administrativeReset("new policy");
  assert.deepEqual([reset.code, reset.subcode, reset.data[0]], [6, 4, 10]);
  assert.equal(decodeShutdownCommunication(reset.data), "new policy");
  const gone = peerDeconfigured();
  assert.deepEqual([gone.code, gone.subcode, gone.data.length], [6, 3, 0]);
});

Deno.test("encodeShutdownCommunication() keeps exactly 255 octets of ASCII (RFC 9003 §2)", () => {
  const data = encodeShutdownCommunication("x".repeat(300));
  assert.equal(data.length, 256);
  assert.equal(data[0], 255);
});

// Multi-byte characters straddling octet 255: the cut backs off to the character's start.
// [text, expected octets kept]
const TRUNCATION: [string, string, number][] = [
  ["2-octet char at 254-255", "a".repeat(254) + "é" + "tail", 254],
  ["2-octet char at 253-254", "a".repeat(253) + "é" + "tail", 255],
  ["3-octet char at 254-256", "a".repeat(254) + "€", 254],
  ["3-octet char at 253-255", "a".repeat(253) + "€" + "x", 253],
  ["4-octet char at 252-255", "a".repeat(252) + "😀" + "x", 252],
  ["4-octet char at 251-254", "a".repeat(251) + "😀" + "xy", 255],
  ["only 4-octet chars", "😀".repeat(70), 252],
];

for (const [label, text, kept] of TRUNCATION) {
  Deno.test(`truncateUtf8() cuts on a character boundary: ${label} → ${kept} octets (RFC 9003 §2)`, () => {
    const bytes = truncateUtf8(text);
    assert.equal(bytes.length, kept);
    // Still valid UTF-8, and a prefix of the original text.
    const decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    assert.ok(text.startsWith(decoded));
    const data = encodeShutdownCommunication(text);
    assert.equal(data[0], kept);
    assert.equal(decodeShutdownCommunication(data), decoded);
  });
}

Deno.test("decodeShutdownCommunication() rejects bad lengths and invalid UTF-8 (RFC 9003 §4)", () => {
  assert.equal(decodeShutdownCommunication(new Uint8Array([])), undefined);
  assert.equal(decodeShutdownCommunication(new Uint8Array([0])), undefined);
  assert.equal(decodeShutdownCommunication(new Uint8Array([5, 0x41])), undefined); // overruns
  assert.equal(decodeShutdownCommunication(new Uint8Array([2, 0xc3, 0x28])), undefined); // bad UTF-8
  assert.equal(decodeShutdownCommunication(new Uint8Array([1, 0x41, 0x42])), "A"); // trailing ignored
});

Deno.test("step(): ManualStop sends the given shutdown Cease and records it as the last error", () => {
  const stop = manualStop(administrativeShutdown("bye"));
  const { session, actions } = step(fixture("Established"), stop, T1);
  assert.equal(summarize(actions, T1)[0], "send notification 6/2");
  const sent = actions[0];
  assert.ok(sent?.type === "send" && sent.message.type === "notification");
  assert.deepEqual([...sent.message.data], [3, 0x62, 0x79, 0x65]); // length 3, "bye"
  assert.equal(session.lastError?.notification?.direction, "sent");
  assert.match(session.lastError!.text, /Administrative Shutdown \(6\/2\): "bye"/);
});

Deno.test("step(): a reset is ManualStop with Administrative Reset, then a damped automatic start", () => {
  let s = fixture("Established");
  s = step(s, manualStop(administrativeReset()), T1).session;
  assert.equal(s.state, "Idle");
  const restart = step(s, { type: "AutomaticStart_with_DampPeerOscillations", number: 6 }, T1);
  assert.deepEqual(summarize(restart.actions, T1), ["arm idleHold +30s"]); // ManualStop is no flap
  assert.equal(restart.session.state, "Idle");
});
