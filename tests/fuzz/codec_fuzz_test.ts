/**
 * Seeded, bounded mutation fuzzing of the codec over the golden corpus (tests/wire/_vectors.ts):
 * bit flips, truncation, length-field lies, extension and splices. Every input must decode or
 * yield a classified error (a NOTIFICATION the registry names, or RFC 7606 issues); nothing may
 * be thrown. Clean decodes must survive an encode/decode round trip unchanged.
 */
import assert from "node:assert/strict";
import {
  type CodecContext,
  decodeMessage,
  decodeUpdate,
  encodeMessage,
  ErrorAction,
  Framer,
  NotificationSubcodeName,
  type UpdateIssue,
} from "../../src/wire/mod.ts";
import { CAPTURES } from "../wire/_captures.ts";
import { VECTORS } from "../wire/_vectors.ts";

/** mulberry32: a small seeded PRNG, so every run mutates the same way. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ITERATIONS_PER_VECTOR = 1500;

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  let b = src.slice();
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    switch (int(7)) {
      case 0: { // flip 1..4 bits
        for (let i = 1 + int(4); i > 0; i--) b[int(b.length)]! ^= 1 << int(8);
        break;
      }
      case 1: // truncate
        b = b.slice(0, int(b.length + 1));
        break;
      case 2: { // lie in a length field: header, withdrawn, total attributes, or any byte
        const at = [16, 17, 19, 20, 21, 22, 23 + int(Math.max(1, b.length - 23))][int(7)]!;
        if (at < b.length) b[at] = [0, 1, 0xff, 0x7f, b[at]! + 1, b[at]! - 1][int(6)]! & 0xff;
        break;
      }
      case 3: { // extend with random bytes, fixing the header length so the body is parsed
        const extra = new Uint8Array(1 + int(40)).map(() => int(256));
        const n = new Uint8Array(b.length + extra.length);
        n.set(b);
        n.set(extra, b.length);
        if (n.length >= 19 && rnd() < 0.7) {
          n[16] = n.length >> 8;
          n[17] = n.length & 0xff;
        }
        b = n;
        break;
      }
      case 4: { // overwrite a byte with a boundary value
        if (b.length > 0) b[int(b.length)] = [0, 1, 0x7f, 0x80, 0xfe, 0xff][int(6)]!;
        break;
      }
      case 5: { // delete a span, keeping the header length honest
        const n = Math.min(1 + int(8), b.length);
        const at = int(b.length - n + 1);
        const out = new Uint8Array(b.length - n);
        out.set(b.subarray(0, at));
        out.set(b.subarray(at + n), at);
        if (out.length >= 19) {
          out[16] = out.length >> 8;
          out[17] = out.length & 0xff;
        }
        b = out;
        break;
      }
      default: { // duplicate a span (repeats attributes, prefixes, capabilities)
        const at = int(b.length);
        const n = 1 + int(16);
        const span = b.slice(at, at + n);
        const out = new Uint8Array(b.length + span.length);
        out.set(b.subarray(0, at));
        out.set(span, at);
        out.set(b.subarray(at), at + span.length);
        if (out.length >= 19 && rnd() < 0.8) {
          out[16] = out.length >> 8;
          out[17] = out.length & 0xff;
        }
        b = out;
      }
    }
  }
  return b;
}

function assertIssues(issues: readonly UpdateIssue[]): void {
  for (const i of issues) {
    assert.ok(i.action >= ErrorAction.NONE && i.action <= ErrorAction.SESSION_RESET);
    assert.equal(typeof i.reason, "string");
    if (i.notification) assert.ok(NotificationSubcodeName[i.notification.code]);
  }
}

function check(bytes: Uint8Array, ctx: CodecContext): "ok" | "error" {
  const r = decodeMessage(bytes, ctx);
  switch (r.type) {
    case "error":
      assert.ok(
        NotificationSubcodeName[r.notification.code]?.[r.notification.subcode],
        `unclassified NOTIFICATION ${r.notification.code}/${r.notification.subcode}`,
      );
      if (r.issues) assertIssues(r.issues);
      return "error";
    case "update": {
      assertIssues(r.issues);
      assert.ok(r.action < ErrorAction.SESSION_RESET);
      if (r.issues.length === 0) {
        const again = decodeMessage(encodeMessage(r.message, ctx), ctx);
        assert.equal(again.type, "update");
        if (again.type === "update") assert.deepEqual(again.message, r.message);
      }
      return "ok";
    }
    case "open":
    case "notification":
    case "route-refresh": {
      const again = decodeMessage(encodeMessage(r.message, ctx), ctx);
      assert.deepEqual(again, r);
      return "ok";
    }
    case "keepalive":
      return "ok";
  }
}

Deno.test("codec fuzz: mutated golden messages decode or yield a classified error", () => {
  const rnd = prng(0x5eed_b6b);
  let ok = 0, errors = 0;
  for (const v of [...VECTORS, ...CAPTURES]) {
    for (let i = 0; i < ITERATIONS_PER_VECTOR; i++) {
      const input = mutate(v.bytes, rnd);
      try {
        if (check(input, v.ctx) === "ok") ok++;
        else errors++;
        // The body alone through decodeUpdate, and the stream through a Framer.
        if (input.length > 19) assertIssues(decodeUpdate(input.subarray(19), v.ctx).issues);
        const f = new Framer();
        f.push(input);
        for (let n = 0, m = f.next(v.ctx); m && n < 4; n++, m = f.next(v.ctx)) {
          if (m.type === "message") check(m.bytes, v.ctx);
        }
      } catch (e) {
        const hex = [...input].map((x) => x.toString(16).padStart(2, "0")).join("");
        throw new Error(`${v.name}, iteration ${i}: ${e}\ninput: ${hex}`);
      }
    }
  }
  // The mutations must exercise both outcomes, or the fuzzer is not doing its job.
  assert.ok(ok > 500, `${ok} clean decodes`);
  assert.ok(errors > 500, `${errors} errors`);
});
