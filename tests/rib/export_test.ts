import assert from "node:assert/strict";
import {
  exportBlock,
  isReflection,
  rewriteForPeer,
  WellKnownCommunity as WK,
} from "../../src/rib/mod.ts";
import type { RouteAttributes } from "../../src/rib/attributes.ts";
import type { PeerInfo } from "../../src/rib/peer.ts";
import { cand, LOCAL_AS, peer, ROUTER_ID, seq } from "./_helpers.ts";

const ebgp = peer({ type: "ebgp", address: "192.0.2.1", asn: 64501, bgpId: 0x01010101 });
const ebgp2 = peer({ type: "ebgp", address: "192.0.2.2", asn: 64502 });
const ibgp = peer({ type: "ibgp", address: "10.1.0.1", bgpId: 0x0a010001 });
const ibgp2 = peer({ type: "ibgp", address: "10.1.0.2" });
const client = peer({ type: "ibgp", address: "10.1.0.3", rrClient: true, bgpId: 0x0a010003 });
const client2 = peer({ type: "ibgp", address: "10.1.0.4", rrClient: true });
const rsClient = peer({ type: "ebgp", address: "192.0.2.3", asn: 64503, rsClient: true });
const local = peer({ type: "local", address: "0.0.0.0" });
const customer = peer({ type: "ebgp", address: "192.0.2.4", asn: 64504, localRole: "provider" });
const provider = peer({ type: "ebgp", address: "192.0.2.5", asn: 64505, localRole: "customer" });
const lateral = peer({ type: "ebgp", address: "192.0.2.6", asn: 64506, localRole: "peer" });
const routeServer = peer({
  type: "ebgp",
  address: "192.0.2.7",
  asn: 64507,
  localRole: "rs-client",
});

const base: RouteAttributes = { origin: 0, asPath: seq(64501, 100), nextHop: "192.0.2.1" };

/** [case, attributes, source, target, expected block reason (undefined = advertised)] */
const BLOCK_TABLE: [string, RouteAttributes, PeerInfo, PeerInfo, string | undefined][] = [
  ["eBGP -> eBGP", base, ebgp, ebgp2, undefined],
  ["eBGP -> iBGP", base, ebgp, ibgp, undefined],
  ["local -> eBGP", { origin: 0, nextHop: "0.0.0.0" }, local, ebgp, undefined],
  ["local -> iBGP", { origin: 0 }, local, ibgp, undefined],
  ["never back to the peer it came from", base, ebgp, ebgp, "split horizon"],
  ["never to a local origin", base, ebgp, local, "local origins"],
  ["iBGP -> iBGP non-client is not reflected", base, ibgp, ibgp2, "non-client"],
  ["iBGP -> eBGP", base, ibgp, ebgp, undefined],
  ["iBGP non-client -> client is reflected", base, ibgp, client, undefined],
  ["client -> non-client is reflected", base, client, ibgp, undefined],
  ["client -> client is reflected", base, client, client2, undefined],
  [
    "NO_ADVERTISE goes nowhere (iBGP)",
    { ...base, communities: [WK.NO_ADVERTISE] },
    ebgp,
    ibgp,
    "NO_ADVERTISE",
  ],
  [
    "NO_ADVERTISE goes nowhere (eBGP)",
    { ...base, communities: [WK.NO_ADVERTISE] },
    ibgp,
    ebgp,
    "NO_ADVERTISE",
  ],
  [
    "NO_EXPORT stays inside the AS",
    { ...base, communities: [1, WK.NO_EXPORT] },
    ibgp,
    ebgp,
    "NO_EXPORT",
  ],
  ["NO_EXPORT goes to iBGP", { ...base, communities: [WK.NO_EXPORT] }, ebgp, ibgp, undefined],
  [
    "NO_EXPORT_SUBCONFED stays inside",
    { ...base, communities: [WK.NO_EXPORT_SUBCONFED] },
    ebgp,
    ebgp2,
    "NO_EXPORT_SUBCONFED",
  ],
  [
    "NO_EXPORT to a route-server client too",
    { ...base, communities: [WK.NO_EXPORT] },
    ebgp,
    rsClient,
    "NO_EXPORT",
  ],
  ["NOPEER not to a lateral peer", { ...base, communities: [WK.NOPEER] }, ebgp, lateral, "NOPEER"],
  ["NOPEER to a customer", { ...base, communities: [WK.NOPEER] }, ebgp, customer, undefined],
  [
    "NOPEER to a peer of unknown role",
    { ...base, communities: [WK.NOPEER] },
    ebgp,
    ebgp2,
    undefined,
  ],
  ["OTC route not to a provider (RFC 9234)", { ...base, otc: 64501 }, ebgp, provider, "OTC"],
  ["OTC route not to a lateral peer", { ...base, otc: 64501 }, ebgp, lateral, "OTC"],
  ["OTC route not to a route server", { ...base, otc: 64501 }, ebgp, routeServer, "OTC"],
  ["OTC route to a customer", { ...base, otc: 64501 }, ebgp, customer, undefined],
  ["OTC route to iBGP", { ...base, otc: 64501 }, ebgp, ibgp, undefined],
];

for (const [name, attrs, source, target, expected] of BLOCK_TABLE) {
  Deno.test(`exportBlock(): ${name}`, () => {
    const set = cand(attrs, source).attrs;
    const got = exportBlock(set, source, target);
    if (expected === undefined) assert.equal(got, undefined);
    else assert.ok(got?.includes(expected), `got ${got}`);
  });
}

Deno.test("isReflection(): only iBGP to iBGP", () => {
  assert.equal(isReflection(ibgp, client), true);
  assert.equal(isReflection(ebgp, client), false);
  assert.equal(isReflection(local, ibgp), false);
  assert.equal(isReflection(client, ebgp), false);
});

Deno.test("rewriteForPeer(): eBGP prepends the local AS, sets next hop self, strips LOCAL_PREF and RR attributes", () => {
  const set = cand({
    ...base,
    localPref: 250,
    med: 30,
    originatorId: "10.9.9.9",
    clusterList: ["10.8.8.8"],
    communities: [0x00010002],
  }, ibgp).attrs;
  const out = rewriteForPeer(set, ebgp2, false);
  assert.deepEqual(out, {
    origin: 0,
    asPath: [{ type: 2, asns: [LOCAL_AS, 64501, 100] }],
    nextHop: "10.0.0.254",
    communities: [0x00010002],
  });
});

Deno.test("rewriteForPeer(): eBGP keeps a MED set inside the local AS (RFC 4271 §5.1.4)", () => {
  const set = cand({ origin: 0, asPath: [], nextHop: "10.1.0.9", med: 7 }, ibgp).attrs;
  const out = rewriteForPeer(set, ebgp, false);
  assert.equal(out.med, 7);
  assert.deepEqual(out.asPath, [{ type: 2, asns: [LOCAL_AS] }]);
});

Deno.test("rewriteForPeer(): eBGP prepends into a path that starts with an AS_SET as a new sequence", () => {
  const set =
    cand({ origin: 0, asPath: [{ type: 1, asns: [1, 2] }], nextHop: "1.1.1.1" }, ibgp).attrs;
  assert.deepEqual(rewriteForPeer(set, ebgp, false).asPath, [
    { type: 2, asns: [LOCAL_AS] },
    { type: 1, asns: [1, 2] },
  ]);
});

Deno.test("rewriteForPeer(): a local route with an explicit next hop keeps it towards eBGP (GoBGP)", () => {
  const explicit = cand({ origin: 0, nextHop: "198.51.100.77" }, local).attrs;
  assert.equal(rewriteForPeer(explicit, ebgp, false).nextHop, "198.51.100.77");
  const unspecified = cand({ origin: 0, nextHop: "0.0.0.0" }, local).attrs;
  assert.equal(rewriteForPeer(unspecified, ebgp, false).nextHop, "10.0.0.254");
  assert.equal(rewriteForPeer(unspecified, ibgp, false).nextHop, "10.0.0.254");
});

Deno.test("rewriteForPeer(): IPv6 routes use the IPv6 session address as next hop self", () => {
  const set = cand(
    { origin: 0, asPath: seq(64501), nextHop: "2001:db8:1::1", linkLocalNextHop: "fe80::1" },
    ebgp,
  ).attrs;
  const out = rewriteForPeer(set, ebgp2, true);
  assert.equal(out.nextHop, "2001:db8::fe");
  assert.equal(out.linkLocalNextHop, undefined);
});

Deno.test("rewriteForPeer(): drops non-transitive extended communities and unknown attributes towards eBGP", () => {
  const rt = 0x0002fde800000064n; // transitive two-octet-AS route target 65000:100
  const nonTransitive = 0x4300000000000001n; // type 0x43: T bit set
  const unknown = [
    { flags: 0xc0, code: 99, value: new Uint8Array([1]) }, // optional transitive
    { flags: 0x80, code: 98, value: new Uint8Array([2]) }, // optional non-transitive
  ];
  const set = cand({ ...base, extendedCommunities: [rt, nonTransitive], unknown }, ebgp).attrs;
  const out = rewriteForPeer(set, ebgp2, false);
  assert.deepEqual(out.extendedCommunities, [rt]);
  assert.deepEqual(out.unknown, [unknown[0]]);
  const internal = rewriteForPeer(set, ibgp, false);
  assert.deepEqual(internal.extendedCommunities, [rt, nonTransitive]);
  assert.equal(internal.unknown?.length, 2);
});

Deno.test("rewriteForPeer(): a route-server client gets the path transparently (RFC 7947)", () => {
  const set = cand({ ...base, med: 5, localPref: 300 }, ebgp).attrs;
  assert.deepEqual(rewriteForPeer(set, rsClient, false), {
    origin: 0,
    asPath: seq(64501, 100),
    nextHop: "192.0.2.1",
    med: 5,
  });
});

Deno.test("rewriteForPeer(): iBGP keeps attributes, adds LOCAL_PREF 100 when missing", () => {
  const set = cand({ ...base, med: 9 }, ebgp).attrs;
  assert.deepEqual(rewriteForPeer(set, ibgp, false), {
    origin: 0,
    asPath: seq(64501, 100),
    nextHop: "192.0.2.1",
    med: 9,
    localPref: 100,
  });
  const nhs = peer({ type: "ibgp", address: "10.1.0.5", nextHopSelf: true });
  assert.equal(rewriteForPeer(set, nhs, false).nextHop, "10.0.0.254");
});

Deno.test("rewriteForPeer(): reflection sets ORIGINATOR_ID and prepends the CLUSTER_ID (RFC 4456 §8)", () => {
  const set = cand({ ...base, localPref: 120 }, client).attrs;
  const out = rewriteForPeer(set, ibgp, false, client);
  assert.equal(out.originatorId, "10.1.0.3");
  assert.deepEqual(out.clusterList, ["10.254.0.1"]);
  assert.equal(ROUTER_ID, 0x0afe0001);
  const again =
    cand({ ...base, originatorId: "10.7.7.7", clusterList: ["10.6.6.6"] }, client).attrs;
  const out2 = rewriteForPeer(again, client2, false, client);
  assert.equal(out2.originatorId, "10.7.7.7");
  assert.deepEqual(out2.clusterList, ["10.254.0.1", "10.6.6.6"]);
});

Deno.test("rewriteForPeer(): OTC added towards customers, lateral peers and RS clients (RFC 9234 §5)", () => {
  const set = cand(base, ebgp).attrs;
  assert.equal(rewriteForPeer(set, customer, false).otc, LOCAL_AS);
  assert.equal(rewriteForPeer(set, lateral, false).otc, LOCAL_AS);
  const rsRole = peer({ type: "ebgp", address: "192.0.2.8", asn: 64508, localRole: "rs" });
  assert.equal(rewriteForPeer(set, rsRole, false).otc, LOCAL_AS);
  assert.equal(rewriteForPeer(set, provider, false).otc, undefined);
  assert.equal(rewriteForPeer(set, ebgp2, false).otc, undefined);
  const marked = cand({ ...base, otc: 64501 }, ebgp).attrs;
  assert.equal(rewriteForPeer(marked, customer, false).otc, 64501);
});
