import assert from "node:assert/strict";
import {
  formatEndpoint,
  formatIpv6,
  formatPrefix,
  parseEndpoint,
  parseIp,
  parseIpv6,
  parsePrefix,
} from "../../src/common/ip.ts";

Deno.test("parseIp() reads IPv4 and IPv6 and rejects junk", () => {
  assert.deepEqual([...parseIp("10.0.0.1").bytes], [10, 0, 0, 1]);
  assert.equal(parseIp("2001:db8::1").family, 6);
  for (const bad of ["10.0.0", "256.0.0.1", "01.2.3.4", "1::2::3", "gggg::", "", "1.2.3.4.5"]) {
    assert.throws(() => parseIp(bad), /is not an IPv4 or IPv6 address/, bad);
  }
});

Deno.test("formatIpv6() follows RFC 5952", () => {
  const cases: [string, string][] = [
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["::", "::"],
    ["::ffff:192.0.2.1", "::ffff:192.0.2.1"],
    ["fe80::1", "fe80::1"],
  ];
  for (const [input, want] of cases) assert.equal(formatIpv6(parseIpv6(input)!), want, input);
});

Deno.test("parsePrefix() checks length and host bits", () => {
  assert.equal(formatPrefix(parsePrefix("10.1.0.0/16")), "10.1.0.0/16");
  assert.equal(formatPrefix(parsePrefix("2001:db8::/32")), "2001:db8::/32");
  assert.throws(() => parsePrefix("10.1.0.1/16"), /host bits set; did you mean 10\.1\.0\.0\/16/);
  assert.throws(() => parsePrefix("10.0.0.0/33"), /0\.\.32/);
  assert.throws(() => parsePrefix("10.0.0.0"), /missing \/length/);
  assert.equal(formatPrefix(parsePrefix("10.1.2.3/8", true)), "10.0.0.0/8");
});

Deno.test("parseEndpoint() reads IP:PORT and [v6]:PORT", () => {
  assert.equal(formatEndpoint(parseEndpoint("192.0.2.1:179")), "192.0.2.1:179");
  assert.equal(formatEndpoint(parseEndpoint("[2001:db8::1]:1179")), "[2001:db8::1]:1179");
  assert.equal(parseEndpoint("2001:db8::1", 179).port, 179);
  assert.throws(() => parseEndpoint("192.0.2.1"), /missing port/);
  assert.throws(() => parseEndpoint("192.0.2.1:70000"), /0\.\.65535/);
  assert.throws(() => parseEndpoint("host:179"), /not an IP address/);
});
