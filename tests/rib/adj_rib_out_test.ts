import assert from "node:assert/strict";
import { formatKey, parseKey, type PrefixKey } from "../../src/common/prefix_key.ts";
import { ChangeSet, type OutboundUpdate, Rib, runToCompletion } from "../../src/rib/mod.ts";
import type { RouteAttributes } from "../../src/rib/attributes.ts";
import type { PeerInfo } from "../../src/rib/peer.ts";
import { announce, seq, spec, withdraw } from "./_helpers.ts";

interface Wire {
  withdrawn: string[];
  announce: { nextHop: string | undefined; asPath: string; prefixes: string[] }[];
  eor: boolean;
}

/** Everything queued for `to`, flattened to text. */
function flush(rib: Rib, to: PeerInfo, family: "1/1" | "2/1" = "1/1", budget?: number): Wire {
  const w: Wire = { withdrawn: [], announce: [], eor: false };
  let u: OutboundUpdate | undefined;
  while ((u = rib.takeUpdates(to, family, budget)) !== undefined) {
    w.withdrawn.push(...u.withdrawn.map(formatKey));
    for (const g of u.announce) {
      w.announce.push({
        nextHop: g.attrs.nextHop,
        asPath: (g.attrs.asPath ?? []).map((s) => s.asns.join(" ")).join(" | "),
        prefixes: g.prefixes.map((p: PrefixKey) => formatKey(p)),
      });
    }
    w.eor ||= u.endOfRib;
  }
  return w;
}

function setup() {
  const rib = new Rib();
  const changes = new ChangeSet();
  const src = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.1", asn: 64501, bgpId: 1 }));
  const src2 = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.2", asn: 64502, bgpId: 2 }));
  const sink = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.9", asn: 64999, bgpId: 9 }));
  runToCompletion(rib.peerUp(sink), changes);
  assert.deepEqual(flush(rib, sink), { withdrawn: [], announce: [], eor: true });
  return { rib, changes, src, src2, sink };
}

const A: RouteAttributes = { origin: 0, asPath: seq(64501, 10), nextHop: "192.0.2.1" };
const B: RouteAttributes = { origin: 0, asPath: seq(64501, 20), nextHop: "192.0.2.1" };

Deno.test("Adj-RIB-Out: prefixes with one attribute set go out as one group, rewritten for eBGP", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24", "10.0.1.0/24"]), changes);
  rib.applyUpdate(src, announce(B, ["10.0.2.0/24"]), changes);
  rib.applyUpdate(src, announce({ ...A }, ["10.0.3.0/24"]), changes); // equal attrs, new object
  assert.deepEqual(flush(rib, sink), {
    withdrawn: [],
    announce: [
      {
        nextHop: "10.0.0.254",
        asPath: "65000 64501 10",
        prefixes: ["10.0.0.0/24", "10.0.1.0/24", "10.0.3.0/24"],
      },
      { nextHop: "10.0.0.254", asPath: "65000 64501 20", prefixes: ["10.0.2.0/24"] },
    ],
    eor: false,
  });
  assert.equal(rib.peerStats(sink).advertised, 4);
});

Deno.test("Adj-RIB-Out: a repeated announcement sends nothing", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  flush(rib, sink);
  changes.clear();
  rib.applyUpdate(src, announce({ ...A }, ["10.0.0.0/24"]), changes);
  assert.equal(changes.size, 0);
  assert.equal(rib.hasPendingUpdates(sink, "1/1"), false);
  assert.equal(rib.hasPendingUpdates(sink), true); // IPv6 End-of-RIB still queued
  assert.equal(rib.takeUpdates(sink, "1/1"), undefined);
});

Deno.test("Adj-RIB-Out: changed attributes replace the advertised route (implicit withdraw)", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  flush(rib, sink);
  rib.applyUpdate(src, announce(B, ["10.0.0.0/24"]), changes);
  assert.deepEqual(flush(rib, sink).announce, [
    { nextHop: "10.0.0.254", asPath: "65000 64501 20", prefixes: ["10.0.0.0/24"] },
  ]);
});

Deno.test("Adj-RIB-Out: A then B before a flush sends only B", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  rib.applyUpdate(src, announce(B, ["10.0.0.0/24"]), changes);
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  assert.deepEqual(flush(rib, sink).announce, [
    { nextHop: "10.0.0.254", asPath: "65000 64501 10", prefixes: ["10.0.0.0/24"] },
  ]);
});

Deno.test("Adj-RIB-Out: announce then withdraw before a flush sends nothing", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  rib.applyUpdate(src, withdraw(["10.0.0.0/24"]), changes);
  assert.deepEqual(flush(rib, sink), { withdrawn: [], announce: [], eor: false });
  assert.equal(rib.prefixCount("1/1"), 0);
});

Deno.test("Adj-RIB-Out: an advertised prefix is withdrawn once", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24", "10.0.1.0/24"]), changes);
  flush(rib, sink);
  rib.applyUpdate(src, withdraw(["10.0.0.0/24", "10.0.0.0/24", "10.9.9.0/24"]), changes);
  assert.deepEqual(flush(rib, sink), { withdrawn: ["10.0.0.0/24"], announce: [], eor: false });
  assert.equal(rib.peerStats(sink).advertised, 1);
});

Deno.test("Adj-RIB-Out: withdraw then re-announce before a flush sends only the announcement", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  flush(rib, sink);
  rib.applyUpdate(src, withdraw(["10.0.0.0/24"]), changes);
  rib.applyUpdate(src, announce(B, ["10.0.0.0/24"]), changes);
  assert.deepEqual(flush(rib, sink), {
    withdrawn: [],
    announce: [{ nextHop: "10.0.0.254", asPath: "65000 64501 20", prefixes: ["10.0.0.0/24"] }],
    eor: false,
  });
});

Deno.test("Adj-RIB-Out: advertised, withdrawn, re-announced, withdrawn again sends one withdrawal", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  flush(rib, sink);
  rib.applyUpdate(src, withdraw(["10.0.0.0/24"]), changes);
  rib.applyUpdate(src, announce(B, ["10.0.0.0/24"]), changes);
  rib.applyUpdate(src, withdraw(["10.0.0.0/24"]), changes);
  assert.deepEqual(flush(rib, sink), { withdrawn: ["10.0.0.0/24"], announce: [], eor: false });
  assert.equal(rib.prefixCount("1/1"), 0);
});

Deno.test("Adj-RIB-Out: a better path from another peer replaces the advertisement", () => {
  const { rib, changes, src, src2, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  flush(rib, sink);
  rib.applyUpdate(
    src2,
    announce({ origin: 0, asPath: seq(64502), nextHop: "192.0.2.2" }, ["10.0.0.0/24"]),
    changes,
  );
  assert.deepEqual(flush(rib, sink).announce, [
    { nextHop: "10.0.0.254", asPath: "65000 64502", prefixes: ["10.0.0.0/24"] },
  ]);
  // The source of the best path gets nothing back; the other source gets the best path.
  runToCompletion(rib.peerUp(src2), changes);
  assert.deepEqual(flush(rib, src2), { withdrawn: [], announce: [], eor: true });
  runToCompletion(rib.peerUp(src), changes);
  assert.deepEqual(flush(rib, src).announce, [
    { nextHop: "10.0.0.254", asPath: "65000 64502", prefixes: ["10.0.0.0/24"] },
  ]);
  // The best path's source leaves: src2 now gets src's path, src gets a withdrawal.
  rib.applyUpdate(src2, withdraw(["10.0.0.0/24"]), changes);
  assert.deepEqual(flush(rib, src).withdrawn, ["10.0.0.0/24"]);
  assert.deepEqual(flush(rib, src2).announce, [
    { nextHop: "10.0.0.254", asPath: "65000 64501 10", prefixes: ["10.0.0.0/24"] },
  ]);
});

Deno.test("Adj-RIB-Out: the initial dump is grouped by attribute set and ends with End-of-RIB", () => {
  const { rib, changes, src } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24", "10.0.2.0/24"]), changes);
  rib.applyUpdate(src, announce(B, ["10.0.1.0/24"]), changes);
  const late = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.10", asn: 64510 }));
  const job = rib.peerUp(late);
  assert.equal(job.run(1, changes), false); // one slot per run: resumable
  runToCompletion(job, changes);
  const w = flush(rib, late);
  assert.equal(w.eor, true);
  assert.deepEqual(w.announce.map((g) => g.prefixes.sort()), [
    ["10.0.0.0/24", "10.0.2.0/24"],
    ["10.0.1.0/24"],
  ]);
});

Deno.test("Adj-RIB-Out: End-of-RIB waits until the dump is flushed, even with small budgets", () => {
  const { rib, changes, src } = setup();
  const many = Array.from({ length: 50 }, (_, i) => `10.1.${i}.0/24`);
  rib.applyUpdate(src, announce(A, many), changes);
  const late = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.10", asn: 64510 }));
  runToCompletion(rib.peerUp(late), changes);
  const first = rib.takeUpdates(late, "1/1", 20)!;
  assert.equal(first.endOfRib, false);
  assert.equal(first.announce[0]!.prefixes.length, 20);
  const w = flush(rib, late, "1/1", 20);
  assert.equal(w.announce.flatMap((g) => g.prefixes).length, 30);
  assert.equal(w.eor, true);
});

Deno.test("Adj-RIB-Out: route refresh resends everything; soft reset out sends only differences", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24", "10.0.1.0/24"]), changes);
  flush(rib, sink);
  runToCompletion(rib.refreshOut(sink, "1/1"), changes);
  assert.equal(rib.takeUpdates(sink, "1/1"), undefined);
  runToCompletion(rib.refreshOut(sink, "1/1", { resend: true }), changes);
  assert.deepEqual(flush(rib, sink).announce.flatMap((g) => g.prefixes), [
    "10.0.0.0/24",
    "10.0.1.0/24",
  ]);
  // Export policy now rejects 10.0.1.0/24: soft reset out withdraws just that one.
  const sink2 = rib.updatePeer(sink, {
    exportFilter: {
      prefixIndependent: false,
      evaluate: (prefix, attrs) => prefix === parseKey("10.0.1.0/24") ? undefined : attrs,
    },
  });
  runToCompletion(rib.refreshOut(sink2, "1/1"), changes);
  assert.deepEqual(flush(rib, sink2), { withdrawn: ["10.0.1.0/24"], announce: [], eor: false });
});

Deno.test("Adj-RIB-Out: export policy modifications are interned and grouped", () => {
  const rib = new Rib();
  const changes = new ChangeSet();
  const src = rib.addPeer(spec({ type: "ebgp", address: "192.0.2.1", asn: 64501 }));
  const sink = rib.addPeer(spec({
    type: "ebgp",
    address: "192.0.2.9",
    asn: 64999,
    exportFilter: { prefixIndependent: true, evaluate: (_p, a) => ({ ...a, med: 42 }) },
  }));
  runToCompletion(rib.peerUp(sink), changes);
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24", "10.0.1.0/24"]), changes);
  rib.applyUpdate(src, announce({ ...A }, ["10.0.2.0/24"]), changes);
  const u = rib.takeUpdates(sink, "1/1")!;
  assert.equal(u.announce.length, 1);
  assert.equal(u.announce[0]!.attrs.med, 42);
  assert.deepEqual(u.announce[0]!.attrs.asPath, seq(65000, 64501, 10));
  assert.equal(u.announce[0]!.prefixes.length, 3);
  const before = rib.attrSetCount;
  rib.applyUpdate(src, withdraw(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]), changes);
  rib.takeUpdates(sink, "1/1");
  assert.equal(rib.attrSetCount, 0, `${before} sets before`);
});

Deno.test("Adj-RIB-Out: iBGP-learned routes reach clients with ORIGINATOR_ID and CLUSTER_LIST", () => {
  const rib = new Rib();
  const changes = new ChangeSet();
  const nonClient = rib.addPeer(spec({ type: "ibgp", address: "10.1.0.1", bgpId: 0x0a010001 }));
  const nonClient2 = rib.addPeer(spec({ type: "ibgp", address: "10.1.0.2" }));
  const client = rib.addPeer(spec({ type: "ibgp", address: "10.1.0.3", rrClient: true }));
  for (const p of [nonClient2, client]) runToCompletion(rib.peerUp(p), changes);
  rib.applyUpdate(
    nonClient,
    announce({ origin: 0, asPath: seq(7), nextHop: "10.1.0.1", localPref: 100 }, ["10.0.0.0/24"]),
    changes,
  );
  assert.equal(rib.takeUpdates(nonClient2, "1/1")?.announce.length ?? 0, 0);
  const u = rib.takeUpdates(client, "1/1")!;
  assert.equal(u.announce[0]!.attrs.originatorId, "10.1.0.1");
  assert.deepEqual(u.announce[0]!.attrs.clusterList, ["10.254.0.1"]);
  assert.equal(u.announce[0]!.attrs.nextHop, "10.1.0.1");
});

Deno.test("Adj-RIB-Out: IPv6 groups carry the IPv6 next hop self", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(
    src,
    announce({ origin: 0, asPath: seq(64501), nextHop: "2001:db8:1::1" }, ["2001:db8:100::/48"]),
    changes,
  );
  runToCompletion(rib.peerUp(sink), changes);
  const u = rib.takeUpdates(sink, "2/1")!;
  assert.equal(u.family, "2/1");
  assert.equal(u.announce[0]!.attrs.nextHop, "2001:db8::fe");
  assert.deepEqual(u.announce[0]!.prefixes.map(formatKey), ["2001:db8:100::/48"]);
});

Deno.test("Adj-RIB-Out: session down drops it; a new session starts from scratch", () => {
  const { rib, changes, src, sink } = setup();
  rib.applyUpdate(src, announce(A, ["10.0.0.0/24"]), changes);
  runToCompletion(rib.peerDown(sink), changes);
  assert.equal(rib.takeUpdates(sink, "1/1"), undefined);
  assert.equal(rib.peerStats(sink).advertised, 0);
  runToCompletion(rib.peerUp(sink), changes);
  assert.deepEqual(flush(rib, sink).announce.flatMap((g) => g.prefixes), ["10.0.0.0/24"]);
});
