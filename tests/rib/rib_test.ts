import assert from "node:assert/strict";
import { formatKey, parseKey } from "../../src/common/prefix_key.ts";
import {
  BestPathReason,
  ChangeSet,
  endOfRibFamily,
  REJECT_ALL,
  Rib,
  runToCompletion,
} from "../../src/rib/mod.ts";
import type { RouteAttributes } from "../../src/rib/attributes.ts";
import { announce, LOCAL_AS, seq, spec, withdraw } from "./_helpers.ts";

const A: RouteAttributes = { origin: 0, asPath: seq(64501, 10), nextHop: "192.0.2.1" };
const P = parseKey("203.0.113.0/24");

function setup() {
  const rib = new Rib();
  const changes = new ChangeSet();
  const src = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.1", asn: 64501, bgpId: 1 }));
  return { rib, changes, src };
}

Deno.test("applyUpdate(): announcements become best paths and recorded changes", () => {
  const { rib, changes, src } = setup();
  const r = rib.applyUpdate(src, announce(A, ["203.0.113.0/24", "198.51.100.0/24"]), changes);
  assert.equal(r.announced, 2);
  assert.equal(changes.size, 2);
  const c = changes.at(0);
  assert.equal(formatKey(c.prefix), "203.0.113.0/24");
  assert.equal(c.old, undefined);
  assert.equal(c.best?.peer, src);
  assert.equal(c.reason, BestPathReason.ONLY_PATH);
  assert.deepEqual(rib.bestRoute(P)?.attrs, A);
  assert.deepEqual(rib.peerStats(src), { received: 2, accepted: 2, advertised: 0 });
});

Deno.test("applyUpdate(): withdrawals remove paths and report the old best", () => {
  const { rib, changes, src } = setup();
  rib.applyUpdate(src, announce(A, ["203.0.113.0/24"]), changes);
  changes.clear();
  const r = rib.applyUpdate(src, withdraw(["203.0.113.0/24", "192.0.2.0/24"]), changes);
  assert.equal(r.withdrawn, 1);
  assert.equal(changes.size, 1);
  assert.equal(changes.at(0).best, undefined);
  assert.equal(changes.at(0).old?.peer, src);
  assert.equal(rib.bestRoute(P), undefined);
  assert.equal(rib.prefixCount("1/1"), 0);
  assert.equal(rib.attrSetCount, 0);
});

Deno.test("applyUpdate(): an AS loop is treated as withdraw (RFC 7606 §2)", () => {
  const { rib, changes, src } = setup();
  rib.applyUpdate(src, announce(A, ["203.0.113.0/24"]), changes);
  const r = rib.applyUpdate(
    src,
    announce({ ...A, asPath: seq(64501, LOCAL_AS) }, ["203.0.113.0/24"]),
    changes,
  );
  assert.match(r.treatAsWithdraw!, /local AS/);
  assert.equal(r.withdrawn, 1);
  assert.equal(rib.bestRoute(P), undefined);
});

Deno.test("applyUpdate(): IPv6 NLRI from MP_REACH_NLRI carry its next hop", () => {
  const { rib, changes, src } = setup();
  const u = announce({ origin: 0, asPath: seq(64501), nextHop: "2001:db8::1" }, [
    "2001:db8:5::/48",
  ]);
  rib.applyUpdate(src, u, changes);
  const best = rib.bestRoute(parseKey("2001:db8:5::/48"))!;
  assert.equal(best.attrs.nextHop, "2001:db8::1");
  assert.equal(rib.prefixCount("2/1"), 1);
  rib.applyUpdate(src, withdraw(["2001:db8:5::/48"]), changes);
  assert.equal(rib.prefixCount("2/1"), 0);
});

Deno.test("applyUpdate(): RFC 2545 link-local next hop is kept", () => {
  const { rib, changes, src } = setup();
  const u = announce({ origin: 0, asPath: seq(64501) }, ["2001:db8:5::/48"]);
  const withLl = {
    ...u,
    mpReach: { ...u.mpReach!, nextHop: "2001:db8::1", linkLocalNextHop: "fe80::1" },
  };
  rib.applyUpdate(src, withLl, changes);
  assert.equal(rib.bestRoute(parseKey("2001:db8:5::/48"))!.attrs.linkLocalNextHop, "fe80::1");
});

Deno.test("applyUpdate(): unsupported families are reported, not stored", () => {
  const { rib, changes, src } = setup();
  const u = {
    ...announce(A, []),
    mpReach: { afi: 1, safi: 2, nextHop: "192.0.2.1", nlri: { afi: 1, safi: 2, prefixes: [P] } },
  };
  const r = rib.applyUpdate(src, u, changes);
  assert.deepEqual(r.ignoredFamilies, ["1/2"]);
  assert.equal(rib.prefixCount("1/1"), 0);
});

Deno.test("applyUpdate(): End-of-RIB markers are recognised per family (RFC 4724 §2)", () => {
  const { rib, changes, src } = setup();
  const empty = withdraw([]);
  assert.equal(rib.applyUpdate(src, empty, changes).endOfRib, "1/1");
  const v6 = {
    ...empty,
    mpUnreach: { afi: 2, safi: 1, withdrawn: { afi: 2, safi: 1, prefixes: [] } },
  };
  assert.equal(rib.applyUpdate(src, v6, changes).endOfRib, "2/1");
  assert.equal(endOfRibFamily(withdraw(["10.0.0.0/8"])), undefined);
  assert.equal(endOfRibFamily({ ...empty, attributes: { origin: 0 } }), undefined);
});

Deno.test("applyUpdate(): ADD-PATH path ids keep several paths of one peer apart (RFC 7911)", () => {
  const { rib, changes, src } = setup();
  rib.applyUpdate(src, announce({ ...A, med: 20 }, ["203.0.113.0/24"], [1]), changes);
  rib.applyUpdate(src, announce({ ...A, med: 10 }, ["203.0.113.0/24"], [2]), changes);
  assert.equal(rib.routes(P).length, 2);
  assert.equal(rib.bestRoute(P)?.pathId, 2);
  assert.equal(rib.bestRoute(P)?.reason, BestPathReason.MED);
  rib.applyUpdate(src, withdraw(["203.0.113.0/24"], [2]), changes);
  assert.equal(rib.bestRoute(P)?.pathId, 1);
  runToCompletion(rib.peerDown(src), changes);
  assert.equal(rib.routes(P).length, 0);
});

Deno.test("addLocal(): local routes win at the local-origin step and can be removed", () => {
  const { rib, changes, src } = setup();
  const cfg = rib.addPeer(
    spec({ type: "local", address: "0.0.0.0", asn: LOCAL_AS, name: "config" }),
  );
  rib.applyUpdate(
    src,
    announce({ origin: 0, asPath: [], nextHop: "192.0.2.1" }, ["203.0.113.0/24"]),
    changes,
  );
  rib.addLocal(cfg, P, { origin: 0, nextHop: "0.0.0.0" }, changes);
  // eBGP path has an empty AS path here (enforce-first-as would reject it): it was not stored.
  assert.equal(rib.routes(P).length, 1);
  rib.applyUpdate(src, announce(A, ["203.0.113.0/24"]), changes);
  assert.equal(rib.bestRoute(P)?.peer, cfg);
  assert.equal(rib.bestRoute(P)?.reason, BestPathReason.AS_PATH_LENGTH);
  const lp = { origin: 0, asPath: seq(64501), nextHop: "192.0.2.1" } as const;
  rib.applyUpdate(src, announce(lp, ["203.0.113.0/24"]), changes);
  assert.equal(rib.bestRoute(P)?.reason, BestPathReason.AS_PATH_LENGTH);
  assert.equal(rib.removeLocal(cfg, P, changes), true);
  assert.equal(rib.bestRoute(P)?.peer, src);
  assert.equal(rib.removeLocal(cfg, P, changes), false);
});

Deno.test("addLocal(): equal local and eBGP paths: the local one wins by origination", () => {
  const { rib, changes } = setup();
  const cfg = rib.addPeer(spec({ type: "local", address: "0.0.0.0", asn: LOCAL_AS }));
  const rs = rib.addPeer(
    spec({ type: "ebgp", address: "192.0.2.5", asn: 64505, enforceFirstAs: false }),
  );
  rib.applyUpdate(
    rs,
    announce({ origin: 0, asPath: [], nextHop: "192.0.2.5" }, ["203.0.113.0/24"]),
    changes,
  );
  rib.addLocal(cfg, P, { origin: 0, asPath: [], nextHop: "0.0.0.0" }, changes);
  assert.equal(rib.bestRoute(P)?.peer, cfg);
  assert.equal(rib.bestRoute(P)?.reason, BestPathReason.LOCAL_ORIGIN);
});

Deno.test("import filter: rejected routes are dropped, or kept as pre-policy copies", () => {
  const rib = new Rib();
  const changes = new ChangeSet();
  const reject10 = {
    prefixIndependent: false,
    evaluate: (p: number | string, a: RouteAttributes) =>
      formatKey(p).startsWith("10.") ? undefined : { ...a, localPref: 300 },
  };
  const plain = rib.addPeer(
    spec({ type: "ebgp", address: "192.0.2.1", asn: 64501, importFilter: reject10 }),
  );
  const soft = rib.addPeer(spec({
    type: "ebgp",
    address: "192.0.2.2",
    asn: 64502,
    importFilter: reject10,
    keepPrePolicy: true,
  }));
  rib.applyUpdate(plain, announce(A, ["10.0.0.0/24", "203.0.113.0/24"]), changes);
  rib.applyUpdate(
    soft,
    announce({ ...A, asPath: seq(64502) }, ["10.0.0.0/24", "203.0.113.0/24"]),
    changes,
  );
  assert.deepEqual(rib.peerStats(plain), { received: 1, accepted: 1, advertised: 0 });
  assert.deepEqual(rib.peerStats(soft), { received: 2, accepted: 1, advertised: 0 });
  assert.equal(rib.bestRoute(parseKey("10.0.0.0/24")), undefined);
  assert.equal(rib.bestRoute(P)?.attrs.localPref, 300);
  const pre = [...rib.adjRibIn(soft, "1/1", { prePolicy: true })];
  assert.equal(pre.length, 2);
  assert.ok(pre.every((r) => r.attrs.localPref === undefined));
  const post = [...rib.adjRibIn(soft, "1/1")];
  assert.deepEqual(post.map((r) => [formatKey(r.prefix), r.attrs.localPref]), [[
    "203.0.113.0/24",
    300,
  ]]);
  const rejected = rib.routes(parseKey("10.0.0.0/24"));
  assert.equal(rejected.length, 1);
  assert.equal(rejected[0]!.rejected, true);
});

Deno.test("softResetIn(): a new import policy is applied to stored pre-policy routes", () => {
  const rib = new Rib();
  const changes = new ChangeSet();
  let p = rib.addPeer(
    spec({ type: "ebgp", address: "192.0.2.2", asn: 64502, keepPrePolicy: true }),
  );
  rib.applyUpdate(
    p,
    announce({ ...A, asPath: seq(64502) }, ["10.0.0.0/24", "203.0.113.0/24"]),
    changes,
  );
  p = rib.updatePeer(p, {
    importFilter: {
      prefixIndependent: false,
      evaluate: (k, a) => formatKey(k).startsWith("10.") ? undefined : { ...a, med: 7 },
    },
  });
  changes.clear();
  runToCompletion(rib.softResetIn(p), changes);
  assert.equal(changes.size, 2);
  assert.equal(rib.bestRoute(parseKey("10.0.0.0/24")), undefined);
  assert.equal(rib.bestRoute(P)?.attrs.med, 7);
  // And back: the original policy-free view returns.
  p = rib.updatePeer(p, { importFilter: { prefixIndependent: true, evaluate: (_k, a) => a } });
  runToCompletion(rib.softResetIn(p), changes);
  assert.equal(rib.bestRoute(parseKey("10.0.0.0/24"))?.attrs.med, undefined);
  assert.equal(rib.bestRoute(P)?.attrs.med, undefined);
  assert.equal(rib.routeCount("1/1"), 2);
});

Deno.test("softResetIn(): without stored pre-policy routes it does nothing (use ROUTE-REFRESH)", () => {
  const { rib, changes, src } = setup();
  rib.applyUpdate(src, announce(A, ["203.0.113.0/24"]), changes);
  const p = rib.updatePeer(src, { importFilter: REJECT_ALL });
  changes.clear();
  runToCompletion(rib.softResetIn(p), changes);
  assert.equal(changes.size, 0);
  assert.ok(rib.bestRoute(P));
});

Deno.test("peerDown(): removes every route of the peer in resumable slices", () => {
  const { rib, changes, src } = setup();
  const other = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.2", asn: 64502, bgpId: 2 }));
  const prefixes = Array.from({ length: 100 }, (_, i) => `10.${i}.0.0/16`);
  rib.applyUpdate(src, announce(A, prefixes), changes);
  rib.applyUpdate(
    other,
    announce({ ...A, asPath: seq(64502, 1, 2) }, prefixes.slice(0, 10)),
    changes,
  );
  changes.clear();
  const job = rib.peerDown(src);
  let runs = 0;
  while (!job.run(7, changes)) runs++;
  assert.ok(runs >= 10);
  assert.equal(changes.size, 100);
  assert.equal(rib.routeCount("1/1"), 10);
  assert.equal(rib.prefixCount("1/1"), 10);
  assert.equal(rib.bestRoute(parseKey("10.0.0.0/16"))?.peer, other);
  assert.deepEqual(rib.peerStats(src), { received: 0, accepted: 0, advertised: 0 });
  rib.removePeer(src);
  assert.equal(rib.peer(src.id), undefined);
});

Deno.test("peerDown() with graceful restart keeps stale routes until End-of-RIB (RFC 4724 §4.2)", () => {
  const { rib, changes, src } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]), changes);
  changes.clear();
  runToCompletion(rib.peerDown(src, { gracefulRestart: true }), changes);
  assert.equal(changes.size, 0);
  assert.ok(rib.routes(parseKey("10.0.0.0/24"))[0]!.stale);
  // The restarted session re-announces two of three (one with new attributes).
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  rib.applyUpdate(src, announce({ ...A, med: 1 }, ["10.0.1.0/24"]), changes);
  assert.equal(rib.routes(parseKey("10.0.0.0/24"))[0]!.stale, false);
  assert.equal(changes.size, 1); // only 10.0.1.0/24 changed
  runToCompletion(rib.sweepStale(src, "1/1"), changes);
  assert.equal(rib.bestRoute(parseKey("10.0.2.0/24")), undefined);
  assert.ok(rib.bestRoute(parseKey("10.0.0.0/24")));
  assert.equal(rib.routeCount("1/1"), 2);
});

Deno.test("removePeer(): refuses a peer that still holds routes or is up", () => {
  const { rib, changes, src } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  assert.throws(() => rib.removePeer(src), /still has routes/);
  const up = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.3", asn: 3 }));
  rib.peerUp(up);
  assert.throws(() => rib.removePeer(up), /still up/);
});

Deno.test("interning: equal attributes share one set; sets leave the table with their last route", () => {
  const { rib, changes, src } = setup();
  const other = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.2", asn: 64501, bgpId: 2 }));
  rib.applyUpdate(src, announce({ ...A }, ["10.0.0.0/24"]), changes);
  rib.applyUpdate(src, announce({ ...A }, ["10.0.1.0/24"]), changes);
  rib.applyUpdate(other, announce({ ...A }, ["10.0.0.0/24"]), changes);
  assert.equal(rib.attrSetCount, 1);
  const set = rib.bestAttrSet(parseKey("10.0.0.0/24"))!;
  assert.equal(set, rib.bestAttrSet(parseKey("10.0.1.0/24")));
  assert.equal(set.refs, 3);
  rib.applyUpdate(src, announce({ ...A, med: 5 }, ["10.0.1.0/24"]), changes);
  assert.equal(rib.attrSetCount, 2);
  assert.equal(set.refs, 2);
  runToCompletion(rib.peerDown(other), changes);
  rib.applyUpdate(src, withdraw(["10.0.0.0/24"]), changes);
  assert.equal(set.refs, 0);
  assert.equal(rib.attrSetCount, 1);
  rib.applyUpdate(src, withdraw(["10.0.1.0/24"]), changes);
  assert.equal(rib.attrSetCount, 0);
});

Deno.test("interning: a rejected UPDATE leaves no attribute set behind", () => {
  const { rib, changes, src } = setup();
  const p = rib.updatePeer(src, { importFilter: REJECT_ALL });
  rib.applyUpdate(p, announce(A, ["10.0.0.0/24"]), changes);
  assert.equal(rib.attrSetCount, 0);
  rib.applyUpdate(p, announce({ ...A, asPath: seq(64501, LOCAL_AS) }, ["10.0.0.0/24"]), changes);
  assert.equal(rib.attrSetCount, 0);
});

Deno.test("locRib() and multipath(): iteration and ECMP sets", () => {
  const { rib, changes, src } = setup();
  const other = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.2", asn: 64502, bgpId: 2 }));
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24", "10.0.1.0/24"]), changes);
  rib.applyUpdate(other, announce({ ...A, asPath: seq(64502, 11) }, ["10.0.0.0/24"]), changes);
  assert.deepEqual([...rib.locRib("1/1")].map((r) => formatKey(r.prefix)).sort(), [
    "10.0.0.0/24",
    "10.0.1.0/24",
  ]);
  const mp = rib.multipath(parseKey("10.0.0.0/24"), 4);
  assert.deepEqual(mp.map((r) => r.peer.address), ["192.0.2.1", "192.0.2.2"]);
  assert.deepEqual(rib.multipath(parseKey("10.9.0.0/24"), 4), []);
});

Deno.test("ChangeSet: clear() keeps storage, reset() drops it, at() builds objects", () => {
  const { rib, changes, src } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24", "10.0.1.0/24"]), changes);
  assert.equal([...changes].length, 2);
  changes.clear();
  assert.equal(changes.size, 0);
  assert.equal([...changes].length, 0);
  assert.equal(changes.prefixes.length, 2);
  changes.reset();
  assert.equal(changes.prefixes.length, 0);
});
