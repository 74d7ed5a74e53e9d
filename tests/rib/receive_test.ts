import assert from "node:assert/strict";
import { applyIngressOtc, receiveCheck } from "../../src/rib/mod.ts";
import type { RouteAttributes } from "../../src/rib/attributes.ts";
import type { PeerInfo } from "../../src/rib/peer.ts";
import { LOCAL_AS, peer, seq } from "./_helpers.ts";

const ebgp = peer({ type: "ebgp", address: "192.0.2.1", asn: 64501 });
const ibgp = peer({ type: "ibgp", address: "10.1.0.1", clusterId: 0x0a636363 });
const lenient = peer({ type: "ebgp", address: "192.0.2.2", asn: 64502, enforceFirstAs: false });
const allowOwn = peer({ type: "ebgp", address: "192.0.2.3", asn: 64503, allowOwnAs: 1 });
const fromCustomer = peer({
  type: "ebgp",
  address: "192.0.2.4",
  asn: 64504,
  localRole: "provider",
});
const fromRsClient = peer({ type: "ebgp", address: "192.0.2.5", asn: 64505, localRole: "rs" });
const fromPeer = peer({ type: "ebgp", address: "192.0.2.6", asn: 64506, localRole: "peer" });
const fromProvider = peer({
  type: "ebgp",
  address: "192.0.2.7",
  asn: 64507,
  localRole: "customer",
});

const ok: RouteAttributes = { origin: 0, asPath: seq(64501, 7), nextHop: "192.0.2.1" };

/** [case, attributes, peer, expected reason substring (undefined = accepted)] */
const TABLE: [string, RouteAttributes, PeerInfo, string | undefined][] = [
  ["a clean eBGP route", ok, ebgp, undefined],
  ["own AS in the path is a loop", { ...ok, asPath: seq(64501, LOCAL_AS, 9) }, ebgp, "local AS"],
  [
    "own AS inside an AS_SET is a loop",
    { ...ok, asPath: [...seq(64501), { type: 1, asns: [LOCAL_AS] }] },
    ebgp,
    "local AS",
  ],
  [
    "allow-own-as 1 accepts one occurrence",
    { ...ok, asPath: seq(64503, LOCAL_AS) },
    allowOwn,
    undefined,
  ],
  [
    "allow-own-as 1 rejects two",
    { ...ok, asPath: seq(64503, LOCAL_AS, LOCAL_AS) },
    allowOwn,
    "local AS",
  ],
  ["first AS must be the peer AS", { ...ok, asPath: seq(7, 64501) }, ebgp, "first AS"],
  ["an empty path from eBGP fails first-AS", { ...ok, asPath: [] }, ebgp, "first AS"],
  ["enforce-first-as off accepts it", { ...ok, asPath: seq(7) }, lenient, undefined],
  ["iBGP has no first-AS check", { ...ok, asPath: seq(7) }, ibgp, undefined],
  ["own router id as ORIGINATOR_ID", { ...ok, originatorId: "10.254.0.1" }, ibgp, "ORIGINATOR_ID"],
  ["other ORIGINATOR_ID", { ...ok, originatorId: "10.254.0.2" }, ibgp, undefined],
  [
    "own cluster id in CLUSTER_LIST",
    { ...ok, clusterList: ["10.1.1.1", "10.99.99.99"] },
    ibgp,
    "CLUSTER_LIST",
  ],
  [
    "OTC from a customer is a leak",
    { ...ok, asPath: seq(64504), otc: 1 },
    fromCustomer,
    "route leak",
  ],
  [
    "OTC from an RS client is a leak",
    { ...ok, asPath: seq(64505), otc: 1 },
    fromRsClient,
    "route leak",
  ],
  [
    "OTC from a lateral peer with its own AS is fine",
    { ...ok, asPath: seq(64506), otc: 64506 },
    fromPeer,
    undefined,
  ],
  [
    "OTC from a lateral peer with another AS is a leak",
    { ...ok, asPath: seq(64506), otc: 5 },
    fromPeer,
    "route leak",
  ],
  ["OTC from a provider is fine", { ...ok, asPath: seq(64507), otc: 5 }, fromProvider, undefined],
  ["no OTC from a customer is fine", { ...ok, asPath: seq(64504) }, fromCustomer, undefined],
];

for (const [name, attrs, p, expected] of TABLE) {
  Deno.test(`receiveCheck(): ${name}`, () => {
    const got = receiveCheck(attrs, p);
    if (expected === undefined) assert.equal(got, undefined);
    else assert.ok(got?.includes(expected), `got ${got}`);
  });
}

Deno.test("receiveCheck(): local origins are not checked", () => {
  const local = peer({ type: "local", address: "0.0.0.0" });
  assert.equal(receiveCheck({ origin: 0, asPath: seq(LOCAL_AS) }, local), undefined);
});

Deno.test("applyIngressOtc(): adds OTC = peer AS from providers, lateral peers and route servers only", () => {
  const a: RouteAttributes = { origin: 0, asPath: seq(1) };
  assert.equal(applyIngressOtc(a, fromProvider).otc, 64507);
  assert.equal(applyIngressOtc(a, fromPeer).otc, 64506);
  const fromRs = peer({ type: "ebgp", address: "192.0.2.8", asn: 64508, localRole: "rs-client" });
  assert.equal(applyIngressOtc(a, fromRs).otc, 64508);
  assert.equal(applyIngressOtc(a, fromCustomer), a);
  assert.equal(applyIngressOtc(a, ebgp), a);
  const marked = { ...a, otc: 3 };
  assert.equal(applyIngressOtc(marked, fromProvider), marked);
});
