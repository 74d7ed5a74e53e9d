import assert from "node:assert/strict";
import { parseKey } from "../../src/common/prefix_key.ts";
import {
  asPathCount,
  type AsPathSegment,
  decodeUpdate,
  encodeUpdate,
  reconcileAs4Path,
  type UpdateMessage,
} from "../../src/wire/mod.ts";
import { CTX2 } from "./_vectors.ts";

const seq = (...asns: number[]): AsPathSegment => ({ type: 2, asns });
const set = (...asns: number[]): AsPathSegment => ({ type: 1, asns });
const confed = (...asns: number[]): AsPathSegment => ({ type: 3, asns });

Deno.test("asPathCount() counts a set as one and confederation segments as zero (RFC 6793 §4.2.3)", () => {
  assert.equal(asPathCount([confed(1, 2), seq(3, 4, 5), set(6, 7)]), 4);
});

Deno.test("reconcileAs4Path() keeps the AS_PATH head AS4_PATH does not cover", () => {
  assert.deepEqual(
    reconcileAs4Path([seq(65001, 23456, 23456)], [seq(4200000000, 4200000001)]),
    [seq(65001, 4200000000, 4200000001)],
  );
  assert.deepEqual(
    reconcileAs4Path([confed(64512), seq(65001, 23456)], [seq(4200000000)]),
    [confed(64512), seq(65001, 4200000000)],
  );
  assert.deepEqual(
    reconcileAs4Path([seq(65001), set(23456, 100)], [set(4200000000, 100)]),
    [seq(65001), set(4200000000, 100)],
  );
  // RFC 6793 §4.2.3: an AS4_PATH longer than AS_PATH is ignored.
  assert.equal(reconcileAs4Path([seq(23456)], [seq(1, 2)]), undefined);
});

Deno.test("encodeUpdate() on a 2-octet session writes AS_TRANS plus AS4_PATH without confederation segments", () => {
  const u: UpdateMessage = {
    type: "update",
    withdrawn: { afi: 1, safi: 1, prefixes: [] },
    attributes: {
      origin: 0,
      asPath: [confed(64512), seq(65001, 4200000000)],
      nextHop: "192.0.2.1",
      aggregator: { asn: 4200000000, address: "192.0.2.9" },
    },
    nlri: { afi: 1, safi: 1, prefixes: [parseKey("203.0.113.0/24")] },
  };
  const bytes = encodeUpdate(u, CTX2);
  const body = bytes.subarray(19);
  assert.deepEqual(
    [...body.subarray(8, 8 + 13)],
    [
      0x40,
      0x02,
      0x0a, // AS_PATH, length 10
      0x03,
      0x01,
      0xfc,
      0x00, // AS_CONFED_SEQUENCE: 64512
      0x02,
      0x02,
      0xfd,
      0xe9,
      0x5b,
      0xa0, // AS_SEQUENCE: 65001 AS_TRANS
    ],
  );
  const r = decodeUpdate(body, CTX2);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(r.update.attributes, u.attributes);
});

Deno.test("encodeUpdate() sends no AS4_PATH when every AS fits in 2 octets", () => {
  const u: UpdateMessage = {
    type: "update",
    withdrawn: { afi: 1, safi: 1, prefixes: [] },
    attributes: { origin: 0, asPath: [seq(65001)], nextHop: "192.0.2.1" },
    nlri: { afi: 1, safi: 1, prefixes: [parseKey("203.0.113.0/24")] },
  };
  const bytes = encodeUpdate(u, CTX2);
  assert.equal(bytes.includes(0x11), false);
  assert.equal(bytes.length, 19 + 4 + 4 + 7 + 7 + 4);
});

Deno.test("encodeUpdate() splits an AS_SEQUENCE longer than 255 ASNs into segments", () => {
  const asns = Array.from({ length: 300 }, (_, i) => 64512 + i);
  const u: UpdateMessage = {
    type: "update",
    withdrawn: { afi: 1, safi: 1, prefixes: [] },
    attributes: { origin: 0, asPath: [seq(...asns)], nextHop: "192.0.2.1" },
    nlri: { afi: 1, safi: 1, prefixes: [parseKey("203.0.113.0/24")] },
  };
  const r = decodeUpdate(encodeUpdate(u, CTX2).subarray(19), CTX2);
  assert.deepEqual(r.update.attributes.asPath, [
    seq(...asns.slice(0, 255)),
    seq(...asns.slice(255)),
  ]);
});
