/** Value syntaxes parsed at load time, the did-you-mean helper, and TOML key positions. */
import assert from "node:assert/strict";
import {
  compileRegex,
  parseCommunity,
  parseExtCommunity,
  parseLargeCommunity,
  parseSetMember,
  ValueError,
} from "../../src/config/communities.ts";
import { detectSyntax } from "../../src/config/load.ts";
import { closest, editDistance } from "../../src/config/suggest.ts";
import { tomlPositions } from "../../src/config/toml_positions.ts";
import {
  parseAsn,
  parseMaskRange,
  parseSessionAsn,
  validateGlob,
} from "../../src/config/values.ts";

Deno.test("parseCommunity() normalises AS:VAL, decimal and well-known names", () => {
  assert.equal(parseCommunity("65000:100"), "65000:100");
  assert.equal(parseCommunity("4259840100"), "65000:100");
  assert.equal(parseCommunity("0:0"), "0:0");
  // RFC 1997: 0xFFFFFF01 is NO_EXPORT, however it is written.
  assert.equal(parseCommunity("65535:65281"), "NO_EXPORT");
  assert.equal(parseCommunity("no-export"), "NO_EXPORT");
  assert.equal(parseCommunity("4294967041"), "NO_EXPORT");
  assert.equal(parseCommunity("BLACKHOLE"), "BLACKHOLE");
  for (const bad of ["65536:1", "1:65536", "4294967296", "x", "1:2:3", ""]) {
    assert.throws(() => parseCommunity(bad), ValueError, bad);
  }
});

Deno.test("parseLargeCommunity() takes three 32-bit parts (RFC 8092)", () => {
  assert.equal(parseLargeCommunity("4294967295:0:007"), "4294967295:0:7");
  for (const bad of ["1:2", "4294967296:0:0", "a:b:c"]) {
    assert.throws(() => parseLargeCommunity(bad), ValueError, bad);
  }
});

Deno.test("parseExtCommunity() checks each field's width by type (RFC 4360, RFC 5668)", () => {
  assert.equal(parseExtCommunity("RT:65000:4294967295"), "rt:65000:4294967295");
  assert.equal(parseExtCommunity("rt:4200000000:65535"), "rt:4200000000:65535");
  assert.equal(parseExtCommunity("soo:192.0.2.1:7"), "ro:192.0.2.1:7");
  assert.equal(parseExtCommunity("color:100"), "color:100");
  assert.equal(parseExtCommunity("router-mac:AA:bb:cc:dd:ee:ff"), "router-mac:aa:bb:cc:dd:ee:ff");
  assert.equal(parseExtCommunity("rpki:not-found"), "rpki:not-found");
  assert.equal(parseExtCommunity("0x0002FDE800000064"), "0x0002fde800000064");
  assert.equal(parseExtCommunity("lb:65000:1250000.50"), "lb:65000:1250000.5");
  for (
    const bad of [
      "rt:4200000000:65536",
      "rt:192.0.2.1:65536",
      "encapsulation:65536",
      "router-mac:aa:bb",
      "rpki:unknown",
      "0x123",
      "xx:1:1",
      "rt",
    ]
  ) assert.throws(() => parseExtCommunity(bad), ValueError, bad);
});

Deno.test("parseSetMember() keeps regexes, refuses typos that are not regexes", () => {
  assert.equal(parseSetMember("^65000:.*$", parseCommunity), "^65000:.*$");
  assert.equal(parseSetMember("65000:1", parseCommunity), "65000:1");
  // No regex syntax: a mistyped value, not a pattern.
  assert.throws(() => parseSetMember("65000:70000", parseCommunity), /is not a community/);
  assert.throws(() => parseSetMember("^(65000", parseCommunity), /not a valid regular expression/);
  assert.throws(() => compileRegex("["), /missing \/|unterminated/);
});

Deno.test("parseAsn() takes asplain and asdot (RFC 5396); session ASNs refuse AS_TRANS", () => {
  assert.equal(parseAsn(65000), 65000);
  assert.equal(parseAsn("4200000000"), 4200000000);
  assert.equal(parseAsn("1.10"), 65546);
  assert.equal(parseAsn("65535.65535"), 4294967295);
  assert.equal(parseAsn(23456), 23456);
  for (const bad of [0, 4294967296, 1.5, "1.65536", "x", "", "-1"]) {
    assert.throws(() => parseAsn(bad), ValueError, String(bad));
  }
  assert.throws(() => parseSessionAsn(23456), /AS_TRANS/);
});

Deno.test("parseMaskRange() reads bgpgg and GoBGP forms against the prefix length", () => {
  assert.deepEqual(parseMaskRange("exact", 24, 32), [24, 24]);
  assert.deepEqual(parseMaskRange("24..28", 24, 32), [24, 28]);
  assert.deepEqual(parseMaskRange("25..", 24, 32), [25, 32]);
  assert.deepEqual(parseMaskRange("..26", 24, 32), [24, 26]);
  assert.deepEqual(parseMaskRange("48..64", 32, 128), [48, 64]);
  for (const bad of ["23..24", "28..24", "24..33", "..", "a..b", "24-28"]) {
    assert.throws(() => parseMaskRange(bad, 24, 32), ValueError, bad);
  }
});

Deno.test("validateGlob() accepts shell globs and refuses broken ones", () => {
  for (const ok of ["eth0", "eth*", "vlan?", "en[ab]*", "br[!0]", "wg[0-9]", "a\\*b"]) {
    assert.equal(validateGlob(ok), ok);
  }
  assert.throws(() => validateGlob(""), /empty/);
  assert.throws(() => validateGlob("eth[0"), /never closed/);
  assert.throws(() => validateGlob("eth]"), /has no '\['/);
  assert.throws(() => validateGlob("wg[9-0]"), /reversed/);
  assert.throws(() => validateGlob("eth 0"), /no spaces/);
  assert.throws(() => validateGlob("averyveryverylongname"), /longer than 15/);
});

Deno.test("closest() suggests separator slips and small typos, not distant words", () => {
  assert.equal(closest("pasive_mode", ["passive_mode", "asn"]), "passive_mode");
  assert.equal(closest("router-id", ["router_id", "asn"]), "router_id");
  assert.equal(closest("peer_as", ["peer-as", "description"]), "peer-as");
  assert.equal(closest("hold", ["passive_mode", "asn"]), undefined);
  assert.equal(editDistance("ab", "ba"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

Deno.test("tomlPositions() locates keys, table headers, array tables and inline values", () => {
  const text = `# c
[global.config]
  as = 1

[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.1"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.2"  # two
  [[neighbors.afi-safis]]
    config = { afi-safi-name = "ipv4-unicast" }
x.y = [1,
  "a]b", { z = 2 }]
s = """
k = 1
"""
t = 2
`;
  const p = tomlPositions(text);
  assert.deepEqual(p.get("global.config.as"), { line: 3, column: 3 });
  assert.deepEqual(p.get("neighbors[0].config.neighbor-address"), { line: 7, column: 5 });
  assert.deepEqual(p.get("neighbors[1].config.neighbor-address"), { line: 10, column: 5 });
  assert.deepEqual(p.get("neighbors[1].afi-safis[0].config.afi-safi-name"), {
    line: 12,
    column: 16,
  });
  assert.deepEqual(p.get("neighbors[1].afi-safis[0].x.y[2].z"), { line: 14, column: 12 });
  // A key-looking line inside a multi-line string is not a key.
  assert.equal(p.get("neighbors[1].afi-safis[0].k"), undefined);
  assert.deepEqual(p.get("neighbors[1].afi-safis[0].t"), { line: 18, column: 1 });
});

Deno.test("detectSyntax() goes by extension, then by the first line", () => {
  assert.equal(detectSyntax({ name: "a.toml", text: "asn: 1" }), "toml");
  assert.equal(detectSyntax({ name: "a.YML", text: "[x]" }), "yaml");
  assert.equal(detectSyntax({ name: "a.conf", text: "# hi\n\n[global.config]\n" }), "toml");
  assert.equal(detectSyntax({ name: "a.conf", text: "as = 1\n" }), "toml");
  assert.equal(detectSyntax({ name: "a.conf", text: "asn: 1\n" }), "yaml");
  assert.equal(detectSyntax({ name: "a.conf", text: "x", syntax: "toml" }), "toml");
});
