/**
 * Event numbering (RFC 4271 §8.1), message → event mapping, and the timer helpers a driver
 * uses (next deadline, due timers).
 */
import assert from "node:assert/strict";
import {
  describeNotification,
  dueTimers,
  event,
  eventForDecodeError,
  eventForMessage,
  EventNumber,
  nextDeadline,
  notification,
  STATE_NUMBER,
  step,
  TIMER_NAMES,
  timerEvent,
} from "../../src/fsm/mod.ts";
import { fixture, peerOpen, T0, T1 } from "./_fixtures.ts";

Deno.test("EventNumber numbers the 28 RFC 4271 §8.1 events 1 to 28 in RFC order", () => {
  assert.deepEqual(Object.values(EventNumber), Array.from({ length: 28 }, (_, i) => i + 1));
  assert.equal(EventNumber.AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment, 7);
  assert.equal(EventNumber.OpenCollisionDump, 23);
  assert.deepEqual(event("TcpConnectionConfirmed"), { type: "TcpConnectionConfirmed", number: 17 });
});

Deno.test("STATE_NUMBER follows RFC 4273 bgpPeerState: idle(1) … established(6)", () => {
  assert.deepEqual(STATE_NUMBER, {
    Idle: 1,
    Connect: 2,
    Active: 3,
    OpenSent: 4,
    OpenConfirm: 5,
    Established: 6,
  });
});

Deno.test("eventForMessage() maps an OPEN to Event 19, or 20 while the DelayOpenTimer runs (RFC 4271 §8.1.5)", () => {
  assert.equal(eventForMessage(fixture("OpenSent"), peerOpen())?.number, 19);
  assert.equal(eventForMessage(fixture("Active+DelayOpen"), peerOpen())?.number, 20);
});

Deno.test("eventForMessage() maps a version-error NOTIFICATION to Event 24, others to 25 (RFC 4271 §8.1.5)", () => {
  const s = fixture("OpenSent");
  assert.equal(eventForMessage(s, notification(2, 1))?.number, 24);
  assert.equal(eventForMessage(s, notification(2, 2))?.number, 25);
  assert.equal(eventForMessage(s, notification(6, 2))?.number, 25);
});

Deno.test("eventForMessage() maps KEEPALIVE to 26, UPDATE to 27 and leaves ROUTE-REFRESH to the speaker", () => {
  const s = fixture("Established");
  assert.equal(eventForMessage(s, { type: "keepalive" })?.number, 26);
  const update = {
    type: "update" as const,
    withdrawn: { afi: 1, safi: 1, prefixes: [] },
    attributes: {},
    nlri: { afi: 1, safi: 1, prefixes: [] },
  };
  assert.equal(eventForMessage(s, update)?.number, 27);
  assert.equal(
    eventForMessage(s, { type: "route-refresh", afi: 1, safi: 1, subtype: 0 }),
    undefined,
  );
});

Deno.test("eventForDecodeError() maps header errors to 21, OPEN errors to 22, the rest to 28", () => {
  assert.equal(eventForDecodeError(notification(1, 2)).number, 21);
  assert.equal(eventForDecodeError(notification(2, 4)).number, 22);
  assert.equal(eventForDecodeError(notification(3, 1)).number, 28);
  assert.equal(eventForDecodeError(notification(7, 1)).number, 28);
});

Deno.test("timerEvent() maps each timer to its expiry event (RFC 4271 §8.1.3)", () => {
  assert.deepEqual(TIMER_NAMES.map((t) => timerEvent(t).number), [9, 10, 11, 12, 13]);
});

Deno.test("nextDeadline() and dueTimers() let a driver keep one clock timer per session", () => {
  const s = fixture("Established"); // hold at T0+90 s, keepalive at T0+30 s
  assert.deepEqual(nextDeadline(s), { timer: "keepalive", at: T0 + 30_000 });
  assert.deepEqual(dueTimers(s, T0 + 29_999), []);
  assert.deepEqual(dueTimers(s, T0 + 90_000), ["keepalive", "hold"]);
  const idle = fixture("Idle");
  assert.equal(nextDeadline(idle), undefined);
});

Deno.test("step() clears an expired timer even when the row ignores the event", () => {
  const s = fixture("Idle");
  const waiting = step(s, event("AutomaticStart_with_DampPeerOscillations"), T1).session;
  assert.notEqual(waiting.timers.idleHold, undefined);
  const fired = step(waiting, event("IdleHoldTimer_Expires"), T1 + 30_000).session;
  assert.equal(fired.timers.idleHold, undefined);
  assert.equal(fired.state, "Connect");
});

Deno.test("describeNotification() names code and subcode for logs", () => {
  assert.equal(describeNotification(notification(6, 2)), "Cease / Administrative Shutdown (6/2)");
  assert.equal(describeNotification(notification(4, 0)), "Hold Timer Expired (4/0)");
  assert.equal(describeNotification(notification(9, 9)), "Error code 9 (9/9)");
});
