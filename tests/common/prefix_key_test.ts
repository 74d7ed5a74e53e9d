import assert from "node:assert/strict";
import {
  formatKey,
  ipv4Key,
  ipv4KeyAddress,
  ipv4KeyLength,
  isIpv4Key,
  parseKey,
} from "../../src/common/prefix_key.ts";

Deno.test("IPv4 prefix keys are address*64+length numbers and round-trip", () => {
  const k = parseKey("192.0.2.0/24");
  assert.ok(isIpv4Key(k));
  assert.equal(k, ipv4Key(0xc0000200, 24));
  assert.equal(ipv4KeyAddress(k), 0xc0000200);
  assert.equal(ipv4KeyLength(k), 24);
  assert.equal(formatKey(k), "192.0.2.0/24");
  // The largest key stays exact in a double.
  const top = parseKey("255.255.255.255/32");
  assert.equal(top, 0xffffffff * 64 + 32);
  assert.ok(Number.isSafeInteger(top));
  assert.equal(formatKey(top), "255.255.255.255/32");
  assert.equal(formatKey(parseKey("0.0.0.0/0")), "0.0.0.0/0");
});

Deno.test("IPv6 prefix keys are fixed-width hex strings and round-trip", () => {
  const k = parseKey("2001:db8::/32");
  assert.equal(k, "20010db8000000000000000000000000/32");
  assert.equal(formatKey(k), "2001:db8::/32");
  assert.equal(formatKey(parseKey("::/0")), "::/0");
  assert.notEqual(parseKey("2001:db8::/32"), parseKey("2001:db8::/33"));
});
