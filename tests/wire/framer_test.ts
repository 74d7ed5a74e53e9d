import assert from "node:assert/strict";
import { checkHeader, encodeKeepalive, Framer } from "../../src/wire/mod.ts";
import { CTX2, M, VECTORS } from "./_vectors.ts";

const EXT = { ...CTX2, extendedMessage: true };

function header(length: number, type: number): Uint8Array {
  return new Uint8Array([
    ...M, // marker
    length >> 8,
    length & 0xff, // length
    type, // type
  ]);
}

Deno.test("checkHeader() rejects a bad marker with Connection Not Synchronized (RFC 4271 §6.1)", () => {
  const h = header(19, 4);
  h[3] = 0xfe;
  const r = checkHeader(h, 0, CTX2);
  assert.equal(r.type, "error");
  if (r.type !== "error") return;
  assert.deepEqual([r.notification.code, r.notification.subcode], [1, 1]);
  assert.equal(r.notification.data.length, 0);
});

const LENGTH_CASES: [string, number, number, boolean][] = [
  ["length 18", 18, 4, false],
  ["length 4097 without extended messages", 4097, 2, false],
  ["OPEN of 28 bytes", 28, 1, false],
  ["UPDATE of 22 bytes", 22, 2, false],
  ["NOTIFICATION of 20 bytes", 20, 3, false],
  ["KEEPALIVE of 20 bytes", 20, 4, false],
  ["ROUTE-REFRESH of 22 bytes", 22, 5, false],
  ["OPEN of 4097 bytes even with extended messages (RFC 8654 §4)", 4097, 1, true],
];
for (const [name, length, type, ext] of LENGTH_CASES) {
  Deno.test(`checkHeader() answers Bad Message Length with the length as data: ${name}`, () => {
    const r = checkHeader(header(length, type), 0, ext ? EXT : CTX2);
    assert.equal(r.type, "error");
    if (r.type !== "error") return;
    assert.deepEqual([r.notification.code, r.notification.subcode], [1, 2]);
    assert.deepEqual([...r.notification.data], [length >> 8, length & 0xff]);
  });
}

Deno.test("checkHeader() accepts UPDATEs up to 65535 bytes once extended messages are negotiated", () => {
  assert.equal(checkHeader(header(65535, 2), 0, EXT).type, "ok");
  assert.equal(checkHeader(header(4096, 2), 0, CTX2).type, "ok");
});

Deno.test("checkHeader() answers Bad Message Type with the type as data", () => {
  const r = checkHeader(header(19, 9), 0, CTX2);
  assert.equal(r.type, "error");
  if (r.type !== "error") return;
  assert.deepEqual([r.notification.code, r.notification.subcode, ...r.notification.data], [
    1,
    3,
    9,
  ]);
});

Deno.test("Framer returns messages inside one chunk as views of that chunk (no copy)", () => {
  const a = encodeKeepalive();
  const b = VECTORS[1]!.bytes;
  const stream = new Uint8Array(a.length + b.length);
  stream.set(a);
  stream.set(b, a.length);
  const f = new Framer();
  f.push(stream);
  const m1 = f.next(CTX2);
  const m2 = f.next(CTX2);
  assert.equal(f.next(CTX2), undefined);
  assert.ok(m1?.type === "message" && m2?.type === "message");
  if (m1?.type !== "message" || m2?.type !== "message") return;
  assert.equal(m1.messageType, 4);
  assert.equal(m2.messageType, 1);
  assert.equal(m1.bytes.buffer, stream.buffer);
  assert.equal(m2.bytes.buffer, stream.buffer);
  assert.deepEqual([...m2.bytes], [...b]);
});

Deno.test("Framer reassembles messages split at every byte boundary", () => {
  const all: number[] = [];
  for (const v of VECTORS) all.push(...v.bytes);
  const stream = new Uint8Array(all);
  for (const chunk of [1, 2, 3, 7, 18, 19, 20, 64]) {
    const f = new Framer();
    const got: number[][] = [];
    for (let p = 0; p < stream.length; p += chunk) {
      f.push(stream.subarray(p, p + chunk));
      for (let m = f.next(CTX2); m; m = f.next(CTX2)) {
        assert.equal(m.type, "message");
        if (m.type === "message") got.push([...m.bytes]);
      }
    }
    assert.equal(got.length, VECTORS.length, `chunk size ${chunk}`);
    for (let i = 0; i < VECTORS.length; i++) assert.deepEqual(got[i], [...VECTORS[i]!.bytes]);
    assert.equal(f.buffered, 0);
  }
});

Deno.test("Framer reports a header error once and then stays failed", () => {
  const f = new Framer();
  f.push(encodeKeepalive());
  const bad = header(19, 4);
  bad[0] = 0;
  f.push(bad);
  assert.equal(f.next(CTX2)?.type, "message");
  const e = f.next(CTX2);
  assert.equal(e?.type, "error");
  f.push(encodeKeepalive());
  assert.deepEqual(f.next(CTX2), e);
});

Deno.test("Framer waits for the whole message before returning it", () => {
  const f = new Framer();
  const m = VECTORS[1]!.bytes;
  f.push(m.subarray(0, 25));
  assert.equal(f.next(CTX2), undefined);
  f.push(m.subarray(25));
  assert.equal(f.next(CTX2)?.type, "message");
});
