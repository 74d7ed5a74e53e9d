import assert from "node:assert/strict";
import { formatKey, ipv4Key, parseKey, type PrefixKey } from "../../src/common/prefix_key.ts";
import {
  type CodecContext,
  decodeMessage,
  encodeEndOfRib,
  encodeUpdate,
  endOfRibFamily,
  type PathAttributes,
  type UpdateMessage,
  UpdatePacker,
} from "../../src/wire/mod.ts";
import { CTX4, CTX_ADDPATH } from "./_vectors.ts";

const ATTRS: PathAttributes = {
  origin: 0,
  asPath: [{ type: 2, asns: [65001, 65002, 4200000000] }],
  nextHop: "192.0.2.1",
  med: 10,
  communities: [0xfde90001, 0xfde90002],
  largeCommunities: [[65001, 1, 2]],
};

function decodeAll(bytes: Uint8Array, ctx: CodecContext): UpdateMessage[] {
  const out: UpdateMessage[] = [];
  for (let p = 0; p < bytes.length;) {
    const len = (bytes[p + 16]! << 8) | bytes[p + 17]!;
    assert.ok(len <= (ctx.extendedMessage ? 65535 : 4096));
    const r = decodeMessage(bytes.subarray(p, p + len), ctx);
    assert.equal(r.type, "update", JSON.stringify(r));
    if (r.type === "update") {
      assert.deepEqual(r.issues, []);
      out.push(r.message);
    }
    p += len;
  }
  return out;
}

function v4Prefixes(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(ipv4Key(((10 << 24) | (i << 8)) >>> 0, 24));
  return out;
}

Deno.test("UpdatePacker packs IPv4 NLRI into the fewest 4096-byte UPDATEs", () => {
  const packer = new UpdatePacker(CTX4);
  const prefixes = v4Prefixes(5000);
  const prepared = packer.prepare(ATTRS);
  const n = packer.announce(prepared, prefixes);
  const perMessage = Math.floor((4096 - 23 - prepared.block.length) / 4);
  assert.equal(n, Math.ceil(5000 / perMessage));
  const updates = decodeAll(packer.take(), CTX4);
  assert.equal(updates.length, n);
  assert.deepEqual(updates.flatMap((u) => u.nlri.prefixes), prefixes);
  for (const u of updates) assert.deepEqual(u.attributes, ATTRS);
  assert.equal(packer.byteLength, 0);
});

Deno.test("UpdatePacker fills 65535-byte UPDATEs with extended messages (RFC 8654)", () => {
  const ctx = { ...CTX4, extendedMessage: true };
  const packer = new UpdatePacker(ctx);
  const prefixes = v4Prefixes(40000);
  const prepared = packer.prepare(ATTRS);
  const n = packer.announce(prepared, prefixes);
  assert.equal(n, Math.ceil(40000 / Math.floor((65535 - 23 - prepared.block.length) / 4)));
  assert.deepEqual(decodeAll(packer.take(), ctx).flatMap((u) => u.nlri.prefixes), prefixes);
});

Deno.test("UpdatePacker round-trips every IPv4 prefix length from /0 to /32", () => {
  const prefixes: number[] = [];
  for (let len = 0; len <= 32; len++) {
    const addr = len === 0 ? 0 : ((0xc6336480 >>> (32 - len)) << (32 - len)) >>> 0;
    prefixes.push(ipv4Key(addr, len));
  }
  const packer = new UpdatePacker(CTX4);
  packer.announce(packer.prepare(ATTRS), prefixes);
  assert.deepEqual(decodeAll(packer.take(), CTX4)[0]!.nlri.prefixes, prefixes);
});

Deno.test("UpdatePacker puts IPv6 NLRI in MP_REACH_NLRI with global and link-local next hops", () => {
  const prefixes: PrefixKey[] = [];
  for (let i = 0; i < 900; i++) {
    prefixes.push(parseKey(`2001:db8:${i.toString(16)}::/48`));
  }
  prefixes.push(parseKey("::/0"), parseKey("2001:db8::1/128"));
  const packer = new UpdatePacker(CTX4);
  const prepared = packer.prepare(ATTRS, { afi: 2, safi: 1 }, {
    nextHop: "2001:db8::1",
    linkLocalNextHop: "fe80::1",
  });
  const n = packer.announce(prepared, prefixes);
  const updates = decodeAll(packer.take(), CTX4);
  assert.equal(updates.length, n);
  assert.ok(n <= Math.ceil((902 * 7) / (4096 - 23 - 45 - prepared.block.length)) + 1);
  const got = updates.flatMap((u) => u.mpReach!.nlri.prefixes);
  assert.deepEqual(got.map(formatKey), prefixes.map(formatKey));
  for (const u of updates) {
    assert.equal(u.mpReach?.nextHop, "2001:db8::1");
    assert.equal(u.mpReach?.linkLocalNextHop, "fe80::1");
    assert.equal(u.nlri.prefixes.length, 0);
    // RFC 7606 §5.1: no NEXT_HOP attribute without IPv4 NLRI.
    const { nextHop: _, ...rest } = ATTRS;
    assert.deepEqual(u.attributes, rest);
  }
});

Deno.test("UpdatePacker sends IPv4 NLRI over an IPv6 next hop in MP_REACH_NLRI (RFC 8950)", () => {
  const packer = new UpdatePacker(CTX4);
  const prefixes = v4Prefixes(10);
  packer.announce(packer.prepare(ATTRS, { afi: 1, safi: 1 }, { nextHop: "2001:db8::9" }), prefixes);
  const [u] = decodeAll(packer.take(), CTX4);
  assert.deepEqual(u!.mpReach?.nlri.prefixes, prefixes);
  assert.equal(u!.mpReach?.afi, 1);
  assert.equal(u!.mpReach?.nextHop, "2001:db8::9");
});

Deno.test("UpdatePacker withdraws IPv4 and IPv6 prefixes in as few UPDATEs as fit", () => {
  const packer = new UpdatePacker(CTX4);
  const v4 = v4Prefixes(3000);
  const n4 = packer.withdraw({ afi: 1, safi: 1 }, v4);
  assert.equal(n4, Math.ceil(3000 / Math.floor((4096 - 23) / 4)));
  const v6 = Array.from({ length: 1000 }, (_, i) => parseKey(`2001:db8:${i.toString(16)}::/48`));
  const n6 = packer.withdraw({ afi: 2, safi: 1 }, v6);
  assert.equal(n6, Math.ceil(1000 / Math.floor((4096 - 23 - 7) / 7)));
  const updates = decodeAll(packer.take(), CTX4);
  assert.deepEqual(updates.slice(0, n4).flatMap((u) => u.withdrawn.prefixes), v4);
  assert.deepEqual(updates.slice(n4).flatMap((u) => u.mpUnreach!.withdrawn.prefixes), v6);
});

Deno.test("UpdatePacker writes path identifiers when ADD-PATH sends for the family", () => {
  const packer = new UpdatePacker(CTX_ADDPATH);
  const prefixes = v4Prefixes(2000);
  const ids = prefixes.map((_, i) => i + 1);
  packer.announce(packer.prepare(ATTRS), prefixes, ids);
  packer.withdraw({ afi: 1, safi: 1 }, prefixes.slice(0, 5), ids.slice(0, 5));
  const updates = decodeAll(packer.take(), CTX_ADDPATH);
  const ann = updates.filter((u) => u.nlri.prefixes.length > 0);
  assert.deepEqual(ann.flatMap((u) => u.nlri.pathIds!), ids);
  assert.deepEqual(ann.flatMap((u) => u.nlri.prefixes), prefixes);
  assert.deepEqual(updates.at(-1)!.withdrawn.pathIds, [1, 2, 3, 4, 5]);
});

Deno.test("End-of-RIB: packer, encoder and detector agree for IPv4 and IPv6", () => {
  const packer = new UpdatePacker(CTX4);
  packer.endOfRib();
  packer.endOfRib({ afi: 2, safi: 1 });
  const [v4, v6] = packer.takeMessages();
  assert.deepEqual(v4, encodeEndOfRib({ afi: 1, safi: 1 }));
  assert.deepEqual(v6, encodeEndOfRib({ afi: 2, safi: 1 }));
  const [d4, d6] = decodeAll(new Uint8Array([...v4!, ...v6!]), CTX4);
  assert.deepEqual(endOfRibFamily(d4!), { afi: 1, safi: 1 });
  assert.deepEqual(endOfRibFamily(d6!), { afi: 2, safi: 1 });
  assert.equal(
    endOfRibFamily({ ...d4!, attributes: { origin: 0 } }),
    undefined,
  );
  assert.equal(
    endOfRibFamily({ ...d4!, withdrawn: { afi: 1, safi: 1, prefixes: [parseKey("10.0.0.0/8")] } }),
    undefined,
  );
});

Deno.test("encodeUpdate() refuses an UPDATE larger than the session allows", () => {
  const u: UpdateMessage = {
    type: "update",
    withdrawn: { afi: 1, safi: 1, prefixes: [] },
    attributes: ATTRS,
    nlri: { afi: 1, safi: 1, prefixes: v4Prefixes(1100) },
  };
  assert.throws(() => encodeUpdate(u, CTX4), RangeError);
  assert.equal(encodeUpdate(u, { ...CTX4, extendedMessage: true }).length > 4096, true);
});

Deno.test("UpdatePacker.prepare() needs a next hop", () => {
  const packer = new UpdatePacker(CTX4);
  const { nextHop: _, ...noNextHop } = ATTRS;
  assert.throws(() => packer.prepare(noNextHop), RangeError);
  assert.throws(() => packer.prepare(ATTRS, { afi: 2, safi: 1 }), RangeError);
  assert.doesNotThrow(() =>
    packer.prepare(noNextHop, { afi: 1, safi: 1 }, { nextHop: "10.0.0.1" })
  );
});
