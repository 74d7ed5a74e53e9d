import assert from "node:assert/strict";
import { ipv4Key, parseKey } from "../../src/common/prefix_key.ts";
import { Ipv4PrefixIndex, Ipv6PrefixIndex } from "../../src/rib/prefix_index.ts";

Deno.test("Ipv4PrefixIndex: insert, find, free and reuse across rehashes", () => {
  const idx = new Ipv4PrefixIndex(16);
  const keys: number[] = [];
  for (let i = 0; i < 5000; i++) keys.push(ipv4Key(((i * 2654435761) >>> 0) & 0xffffff00, 24));
  keys.push(ipv4Key(0xffffffff, 32), ipv4Key(0, 0), ipv4Key(0x0a000000, 8));
  const slots = keys.map((k) => idx.getOrInsert(k));
  assert.equal(new Set(slots).size, keys.length);
  assert.equal(idx.size, keys.length);
  keys.forEach((k, i) => assert.equal(idx.get(k), slots[i]));
  keys.forEach((k, i) => assert.equal(idx.keyAt(slots[i]!), k));
  assert.equal(idx.getOrInsert(keys[7]!), slots[7]);
  // Free every other key; the rest stay findable, freed ones are gone, slots get reused.
  for (let i = 0; i < keys.length; i += 2) idx.free(slots[i]!);
  for (let i = 0; i < keys.length; i++) {
    assert.equal(idx.get(keys[i]!), i % 2 === 0 ? -1 : slots[i]);
    assert.equal(idx.isLive(slots[i]!), i % 2 === 1);
  }
  const again = idx.getOrInsert(keys[0]!);
  assert.ok(again < idx.highWater);
  assert.equal(idx.get(keys[0]!), again);
  // Many insert/free cycles (tombstones) keep working.
  for (let round = 0; round < 20; round++) {
    const s = keys.slice(1, 200).map((k) => idx.getOrInsert(k + 64 * 256 * (round + 1)));
    s.forEach((x) => idx.free(x));
  }
  for (let i = 1; i < keys.length; i += 2) assert.equal(idx.get(keys[i]!), slots[i]);
});

Deno.test("Ipv4PrefixIndex: same address, different lengths are different keys", () => {
  const idx = new Ipv4PrefixIndex();
  const a = idx.getOrInsert(parseKey("10.0.0.0/8") as number);
  const b = idx.getOrInsert(parseKey("10.0.0.0/16") as number);
  assert.notEqual(a, b);
  assert.equal(idx.get(parseKey("10.0.0.0/24") as number), -1);
});

Deno.test("Ipv6PrefixIndex: insert, find, free and reuse", () => {
  const idx = new Ipv6PrefixIndex();
  const k1 = parseKey("2001:db8::/32") as string, k2 = parseKey("2001:db8::/48") as string;
  const s1 = idx.getOrInsert(k1), s2 = idx.getOrInsert(k2);
  assert.notEqual(s1, s2);
  assert.equal(idx.get(k1), s1);
  assert.equal(idx.keyAt(s2), k2);
  idx.free(s1);
  assert.equal(idx.get(k1), -1);
  assert.equal(idx.isLive(s1), false);
  assert.equal(idx.getOrInsert(parseKey("2001:db8:1::/48") as string), s1);
  assert.equal(idx.size, 2);
});
