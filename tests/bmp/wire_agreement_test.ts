/**
 * The few BGP PDUs the BMP code builds itself (End-of-RIB, the Loc-RIB OPEN) agree with the wire
 * codec, and so do the test helpers' OPEN/UPDATE/NOTIFICATION bytes.
 */
import assert from "node:assert/strict";
import { endOfRibUpdate, locRibOpen } from "../../src/bmp/mod.ts";
import {
  decodeMessage,
  DEFAULT_CODEC_CONTEXT,
  encodeEndOfRib,
  endOfRibFamily,
} from "../../src/wire/mod.ts";
import type { CodecContext } from "../../src/wire/types.ts";
import { notificationPdu, openPdu, updatePdu } from "./_bgp.ts";
import { assertBytes } from "./_hex.ts";

const AS4: CodecContext = { ...DEFAULT_CODEC_CONTEXT, fourOctetAs: true };

Deno.test("endOfRibUpdate() agrees with the wire codec's End-of-RIB (RFC 4724 §2)", () => {
  assertBytes(endOfRibUpdate(1, 1), encodeEndOfRib({ afi: 1, safi: 1 }), "IPv4 unicast");
  // Other families: the wire codec sets the Extended Length bit on MP_UNREACH_NLRI (30 bytes);
  // BMP uses the regular length GoBGP sends (29 bytes). Both are the same marker.
  for (const f of [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]) {
    for (const bytes of [endOfRibUpdate(f.afi, f.safi), encodeEndOfRib(f)]) {
      const d = decodeMessage(bytes, AS4);
      assert.ok(d.type === "update" && d.issues.length === 0, JSON.stringify(d));
      assert.deepEqual(endOfRibFamily(d.message), f);
    }
  }
  assert.equal(endOfRibUpdate(2, 1).length, 29);
});

Deno.test("locRibOpen() decodes as an OPEN with multiprotocol and 4-octet AS (RFC 9069 §5.2)", () => {
  const d = decodeMessage(
    locRibOpen(4_200_000_000, 0xc0000264, [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]),
    DEFAULT_CODEC_CONTEXT,
  );
  assert.ok(d.type === "open", JSON.stringify(d));
  assert.equal(d.message.version, 4);
  assert.equal(d.message.myAs, 23456); // AS_TRANS (RFC 6793 §4.2.1)
  assert.equal(d.message.holdTime, 0);
  assert.equal(d.message.bgpId, 0xc0000264);
  assert.deepEqual(d.message.capabilities, [
    { type: "multiprotocol", afi: 1, safi: 1 },
    { type: "multiprotocol", afi: 2, safi: 1 },
    { type: "four-octet-as", asn: 4_200_000_000 },
  ]);
});

Deno.test("the test helpers build PDUs the wire codec accepts", () => {
  const open = decodeMessage(openPdu({ asn: 65001, bgpId: "192.0.2.1" }), DEFAULT_CODEC_CONTEXT);
  assert.ok(open.type === "open");
  assert.ok(open.message.capabilities.some((c) => c.type === "four-octet-as" && c.asn === 65001));
  const v4 = decodeMessage(
    updatePdu({ announce: ["198.51.100.0/24"], asPath: [65001, 64512] }),
    AS4,
  );
  assert.ok(v4.type === "update" && v4.issues.length === 0, JSON.stringify(v4));
  assert.deepEqual(v4.message.attributes.asPath, [{ type: 2, asns: [65001, 64512] }]);
  const legacy = decodeMessage(
    updatePdu({ announce: ["203.0.113.0/24"], asPath: [65002], fourOctetAs: false }),
    DEFAULT_CODEC_CONTEXT,
  );
  assert.ok(legacy.type === "update" && legacy.issues.length === 0, JSON.stringify(legacy));
  assert.deepEqual(legacy.message.attributes.asPath, [{ type: 2, asns: [65002] }]);
  const v6 = decodeMessage(
    updatePdu({ announce: ["2001:db8:1::/48"], withdraw: ["2001:db8:2::/48"] }),
    AS4,
  );
  assert.ok(v6.type === "update" && v6.issues.length === 0, JSON.stringify(v6));
  assert.equal(v6.message.mpReach?.nlri.prefixes.length, 1);
  assert.equal(v6.message.mpUnreach?.withdrawn.prefixes.length, 1);
  const n = decodeMessage(notificationPdu(6, 2), DEFAULT_CODEC_CONTEXT);
  assert.ok(n.type === "notification");
  assert.equal(n.message.code, 6);
  assert.equal(n.message.subcode, 2);
});
