/** Decodes (and where the form matches, re-encodes) the gobgpd captures in _captures.ts. */
import assert from "node:assert/strict";
import { parseKey } from "../../src/common/prefix_key.ts";
import { decodeMessage, encodeMessage } from "../../src/wire/mod.ts";
import { OPEN, UPDATE_V4, UPDATE_V6 } from "./_captures.ts";
import { CTX2, CTX4 } from "./_vectors.ts";

Deno.test("decodeMessage() decodes gobgpd 3.10's OPEN and re-encodes it byte for byte", () => {
  const r = decodeMessage(OPEN, CTX2);
  assert.equal(r.type, "open");
  if (r.type !== "open") return;
  assert.deepEqual(r.message, {
    type: "open",
    version: 4,
    myAs: 65001,
    holdTime: 90,
    bgpId: 0x0ad37d02,
    capabilities: [
      { type: "route-refresh" },
      { type: "fqdn", hostname: "vm", domain: "" },
      { type: "multiprotocol", afi: 1, safi: 1 },
      { type: "multiprotocol", afi: 2, safi: 1 },
      { type: "four-octet-as", asn: 65001 },
      { type: "unknown", code: 5, value: new Uint8Array([0, 1, 0, 1, 0, 2]) },
    ],
  });
  assert.deepEqual(encodeMessage(r.message, CTX2), OPEN);
});

Deno.test("decodeMessage() decodes gobgpd 3.10's IPv4 UPDATE and re-encodes it byte for byte", () => {
  const r = decodeMessage(UPDATE_V4, CTX4);
  assert.equal(r.type, "update");
  if (r.type !== "update") return;
  assert.deepEqual(r.issues, []);
  assert.deepEqual(r.message, {
    type: "update",
    withdrawn: { afi: 1, safi: 1, prefixes: [] },
    attributes: {
      origin: 0,
      asPath: [{ type: 2, asns: [65001] }],
      nextHop: "10.211.125.2",
      med: 50,
      communities: [0xfde90064],
      largeCommunities: [[65001, 1, 2]],
    },
    nlri: { afi: 1, safi: 1, prefixes: [parseKey("198.51.100.0/24")] },
  });
  assert.deepEqual(encodeMessage(r.message, CTX4), UPDATE_V4);
});

Deno.test("decodeMessage() decodes gobgpd 3.10's IPv6 UPDATE with MP_REACH_NLRI last", () => {
  const r = decodeMessage(UPDATE_V6, CTX4);
  assert.equal(r.type, "update");
  if (r.type !== "update") return;
  assert.deepEqual(r.issues, []);
  const expected = {
    type: "update" as const,
    withdrawn: { afi: 1, safi: 1, prefixes: [] },
    attributes: {
      origin: 2 as const,
      asPath: [{ type: 2 as const, asns: [65001] }],
      communities: [0xfde900c8],
    },
    nlri: { afi: 1, safi: 1, prefixes: [] },
    mpReach: {
      afi: 2,
      safi: 1,
      nextHop: "::ffff:10.211.125.2",
      nlri: { afi: 2, safi: 1, prefixes: [parseKey("2001:db8:100::/48")] },
    },
  };
  assert.deepEqual(r.message, expected);
  // Our encoding puts MP_REACH_NLRI first (RFC 7606 §5.1): different bytes, same message.
  const again = decodeMessage(encodeMessage(r.message, CTX4), CTX4);
  assert.equal(again.type, "update");
  if (again.type === "update") assert.deepEqual(again.message, expected);
});
