import assert from "node:assert/strict";
import { ByteReader, ShortReadError } from "../../src/common/byte_reader.ts";
import { ByteWriter } from "../../src/common/byte_writer.ts";

Deno.test("ByteWriter and ByteReader round-trip big- and little-endian fields", () => {
  const w = new ByteWriter(2);
  w.u8(1).u16(0x0203).u32(0x04050607).u16le(0x0809).u32le(0x0a0b0c0d).u64(0x0e0f101112131415n);
  const at = w.reserve(2);
  w.bytes(new Uint8Array([0xaa]));
  w.setU16At(at, 0xbeef);
  const bytes = w.finish();
  assert.deepEqual(
    [...bytes.subarray(0, 11)],
    [1, 2, 3, 4, 5, 6, 7, 9, 8, 0x0d, 0x0c],
  );
  const r = new ByteReader(bytes);
  assert.equal(r.u8(), 1);
  assert.equal(r.u16(), 0x0203);
  assert.equal(r.u32(), 0x04050607);
  assert.equal(r.u16le(), 0x0809);
  assert.equal(r.u32le(), 0x0a0b0c0d);
  assert.equal(r.u64(), 0x0e0f101112131415n);
  assert.equal(r.u16(), 0xbeef);
  assert.deepEqual([...r.rest()], [0xaa]);
  assert.ok(r.atEnd);
});

Deno.test("ByteReader throws ShortReadError past its end, also in a sub-reader", () => {
  const r = new ByteReader(new Uint8Array([1, 2, 3, 4]));
  const sub = r.sub(2);
  assert.equal(sub.u16(), 0x0102);
  assert.throws(() => sub.u8(), ShortReadError);
  assert.throws(() => r.u32(), ShortReadError);
  assert.equal(r.u16(), 0x0304);
});
