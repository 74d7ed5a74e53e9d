import assert from "node:assert/strict";
import {
  decodeMessage,
  decodeRouteRefresh,
  decodeShutdownCommunication,
  makeNotification,
  notificationName,
  NotificationSubcodeName,
  notificationText,
  shutdownNotification,
} from "../../src/wire/mod.ts";
import { CTX2, M } from "./_vectors.ts";

Deno.test("notificationText() shows the shutdown communication", () => {
  const n = shutdownNotification("going down for maintenance");
  assert.equal(
    notificationText(n),
    "Cease / Administrative Shutdown: 'going down for maintenance'",
  );
  const reset = shutdownNotification("bye", 4);
  assert.equal(notificationText(reset), "Cease / Administrative Reset: 'bye'");
});

Deno.test("shutdownNotification() cuts at 255 octets on a UTF-8 boundary (RFC 9003 §2)", () => {
  const n = shutdownNotification("é".repeat(200));
  assert.equal(n.data[0], 254);
  const d = decodeShutdownCommunication(n);
  assert.deepEqual(d, { type: "message", message: "é".repeat(127) });
});

Deno.test("decodeShutdownCommunication() flags a length past the data and invalid UTF-8", () => {
  assert.equal(
    decodeShutdownCommunication(makeNotification(6, 2, new Uint8Array([5, 0x61]))).type,
    "invalid",
  );
  assert.equal(
    decodeShutdownCommunication(makeNotification(6, 2, new Uint8Array([1, 0xff]))).type,
    "invalid",
  );
  assert.equal(decodeShutdownCommunication(makeNotification(6, 3)).type, "none");
});

Deno.test("notificationText() names every code and subcode and shows other data in hex", () => {
  assert.equal(
    notificationText(makeNotification(3, 3, new Uint8Array([2]))),
    "UPDATE Message Error / Missing Well-known Attribute (data 02)",
  );
  assert.equal(notificationText(makeNotification(9, 1)), "Error code 9 / subcode 1");
  assert.equal(notificationName(8, 0), "Send Hold Timer Expired / Unspecific");
  for (const [code, subs] of Object.entries(NotificationSubcodeName)) {
    for (const sub of Object.keys(subs)) {
      assert.doesNotMatch(notificationName(Number(code), Number(sub)), /code \d|subcode \d/);
    }
  }
  assert.equal(Object.keys(NotificationSubcodeName[6]!).length, 11);
});

Deno.test("decodeRouteRefresh() answers a long BoRR with ROUTE-REFRESH Message Error carrying the message (RFC 7313 §5)", () => {
  const msg = new Uint8Array([
    ...M, // marker
    0x00,
    0x18, // length: 24
    0x05, // type: ROUTE-REFRESH
    0x00,
    0x01, // AFI: 1
    0x01, // subtype: 1 (BoRR)
    0x01, // SAFI: 1
    0x00, // one byte too many
  ]);
  const r = decodeMessage(msg, CTX2);
  assert.equal(r.type, "error");
  if (r.type !== "error") return;
  assert.deepEqual([r.notification.code, r.notification.subcode], [7, 1]);
  assert.deepEqual([...r.notification.data], [...msg]);
  // A plain request may carry ORF entries (RFC 5291): accepted, extra bytes ignored.
  msg[21] = 0;
  const ok = decodeRouteRefresh(msg);
  assert.equal(ok.type, "ok");
});
