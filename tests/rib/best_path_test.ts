import assert from "node:assert/strict";
import { parseKey } from "../../src/common/prefix_key.ts";
import {
  BestPathReason,
  type BestPathReasonCode,
  bestPathReasonText,
  type Candidate,
  ChangeSet,
  compareCandidates,
  multipathOf,
  Rib,
  selectBest,
} from "../../src/rib/mod.ts";
import type { RouteAttributes } from "../../src/rib/attributes.ts";
import { peerSpecOf } from "../../src/rib/peer.ts";
import { announce, cand, peer, permutations, seq, spec } from "./_helpers.ts";

const ebgpA = peer({ type: "ebgp", address: "192.0.2.1", asn: 64501, bgpId: 0x01010101 });
const ebgpB = peer({ type: "ebgp", address: "192.0.2.2", asn: 64502, bgpId: 0x02020202 });
const ibgpA = peer({ type: "ibgp", address: "10.1.0.1", bgpId: 0x01010101 });
const ibgpB = peer({ type: "ibgp", address: "10.1.0.2", bgpId: 0x02020202 });
const local = peer({ type: "local", address: "0.0.0.0", bgpId: 0x0a0a0a0a });

const base: RouteAttributes = { origin: 0, asPath: seq(64501, 100), nextHop: "192.0.2.1" };

interface Case {
  name: string;
  better: Candidate;
  worse: Candidate;
  reason: BestPathReasonCode;
}

/** One criterion differs per case; everything earlier in the chain is equal. */
const CASES: Case[] = [
  {
    name: "higher LOCAL_PREF wins",
    better: cand({ ...base, localPref: 200 }, ebgpA),
    worse: cand({ ...base, localPref: 100 }, ebgpA, 1),
    reason: BestPathReason.LOCAL_PREF,
  },
  {
    name: "a missing LOCAL_PREF counts as 100",
    better: cand({ ...base }, ebgpA),
    worse: cand({ ...base, localPref: 99 }, ebgpA, 1),
    reason: BestPathReason.LOCAL_PREF,
  },
  {
    name: "shorter AS_PATH wins",
    better: cand({ ...base, asPath: seq(64501) }, ebgpA),
    worse: cand({ ...base, asPath: seq(64501, 100) }, ebgpA, 1),
    reason: BestPathReason.AS_PATH_LENGTH,
  },
  {
    name: "an AS_SET counts as one hop",
    better: cand(
      { ...base, asPath: [{ type: 2, asns: [64501] }, { type: 1, asns: [1, 2, 3] }] },
      ebgpA,
    ),
    worse: cand({ ...base, asPath: seq(64501, 5, 6) }, ebgpA, 1),
    reason: BestPathReason.AS_PATH_LENGTH,
  },
  {
    name: "confederation segments do not count",
    better: cand({
      ...base,
      asPath: [{ type: 3, asns: [65001, 65002, 65003] }, { type: 2, asns: [100] }],
    }, ibgpA),
    worse: cand({ ...base, asPath: seq(100, 200) }, ibgpA, 1),
    reason: BestPathReason.AS_PATH_LENGTH,
  },
  {
    name: "lower ORIGIN wins (IGP < EGP)",
    better: cand({ ...base, origin: 0 }, ebgpA),
    worse: cand({ ...base, origin: 1 }, ebgpA, 1),
    reason: BestPathReason.ORIGIN,
  },
  {
    name: "lower ORIGIN wins (EGP < INCOMPLETE)",
    better: cand({ ...base, origin: 1 }, ebgpA),
    worse: cand({ ...base, origin: 2 }, ebgpA, 1),
    reason: BestPathReason.ORIGIN,
  },
  {
    name: "lower MED wins from the same neighbouring AS",
    better: cand({ ...base, med: 10 }, ebgpA),
    worse: cand({ ...base, med: 20 }, ebgpB),
    reason: BestPathReason.MED,
  },
  {
    name: "a missing MED counts as 0",
    better: cand({ ...base }, ebgpB),
    worse: cand({ ...base, med: 1 }, ebgpA),
    reason: BestPathReason.MED,
  },
  {
    name: "eBGP beats iBGP",
    better: cand({ ...base }, ebgpB),
    worse: cand({ ...base }, ibgpA),
    reason: BestPathReason.EBGP_OVER_IBGP,
  },
  {
    name: "locally originated beats eBGP",
    better: cand({ ...base }, local),
    worse: cand({ ...base }, ebgpA),
    reason: BestPathReason.LOCAL_ORIGIN,
  },
  {
    name: "shorter CLUSTER_LIST wins",
    better: cand({ ...base, clusterList: ["10.9.9.9"], originatorId: "10.7.7.7" }, ibgpB),
    worse: cand(
      { ...base, clusterList: ["10.9.9.9", "10.8.8.8"], originatorId: "10.7.7.7" },
      ibgpA,
    ),
    reason: BestPathReason.CLUSTER_LIST_LENGTH,
  },
  {
    name: "lower BGP identifier wins",
    better: cand({ ...base, asPath: seq(64999) }, ebgpA),
    worse: cand({ ...base, asPath: seq(64999) }, ebgpB),
    reason: BestPathReason.ROUTER_ID,
  },
  {
    name: "ORIGINATOR_ID stands in for the BGP identifier (RFC 4456 §9)",
    better: cand({ ...base, originatorId: "1.0.0.1" }, ibgpB),
    worse: cand({ ...base, originatorId: "3.0.0.1" }, ibgpA),
    reason: BestPathReason.ROUTER_ID,
  },
  {
    name: "lower peer address wins",
    better: cand({ ...base }, peer({ type: "ibgp", address: "10.1.0.1", bgpId: 7 })),
    worse: cand({ ...base }, peer({ type: "ibgp", address: "10.1.0.10", bgpId: 7 })),
    reason: BestPathReason.PEER_ADDRESS,
  },
  {
    name: "IPv4 peer addresses order numerically, not as text",
    better: cand({ ...base }, peer({ type: "ibgp", address: "9.0.0.1", bgpId: 7 })),
    worse: cand({ ...base }, peer({ type: "ibgp", address: "10.0.0.1", bgpId: 7 })),
    reason: BestPathReason.PEER_ADDRESS,
  },
  {
    name: "lower ADD-PATH path id wins between otherwise equal paths",
    better: cand({ ...base }, ebgpA, 1),
    worse: cand({ ...base }, ebgpA, 2),
    reason: BestPathReason.PATH_ID,
  },
];

for (const c of CASES) {
  Deno.test(`compareCandidates(): ${c.name}, both orders`, () => {
    assert.deepEqual(compareCandidates(c.better, c.worse), { order: -1, reason: c.reason });
    assert.deepEqual(compareCandidates(c.worse, c.better), { order: 1, reason: c.reason });
  });
  Deno.test(`selectBest(): ${c.name}, both insertion orders`, () => {
    assert.deepEqual(selectBest([c.better, c.worse]), { index: 0, reason: c.reason });
    assert.deepEqual(selectBest([c.worse, c.better]), { index: 1, reason: c.reason });
  });
}

Deno.test("compareCandidates(): MED is not compared across neighbouring ASes unless always-compare-med", () => {
  const a = cand({ ...base, asPath: seq(64501), med: 50 }, ebgpB);
  const b = cand({ ...base, asPath: seq(64502), med: 10 }, ebgpA);
  // Default: MED skipped, eBGP/eBGP tie, then router id: ebgpA (b) wins.
  assert.deepEqual(compareCandidates(a, b), { order: 1, reason: BestPathReason.ROUTER_ID });
  const always = { alwaysCompareMed: true, medMissingAsWorst: false };
  assert.deepEqual(compareCandidates(a, b, always), { order: 1, reason: BestPathReason.MED });
  const c = cand({ ...base, asPath: seq(64501), med: 5 }, ebgpB);
  assert.deepEqual(compareCandidates(c, b, always), { order: -1, reason: BestPathReason.MED });
});

Deno.test("compareCandidates(): med-missing-as-worst makes a missing MED lose", () => {
  const missing = cand({ ...base }, ebgpA);
  const set = cand({ ...base, med: 4000 }, ebgpB);
  assert.equal(compareCandidates(missing, set).order, -1);
  const worst = { alwaysCompareMed: false, medMissingAsWorst: true };
  assert.deepEqual(compareCandidates(missing, set, worst), {
    order: 1,
    reason: BestPathReason.MED,
  });
});

Deno.test("compareCandidates(): antisymmetric over every pair of the case table", () => {
  const all = CASES.flatMap((c) => [c.better, c.worse]);
  for (const a of all) {
    for (const b of all) {
      const ab = compareCandidates(a, b), ba = compareCandidates(b, a);
      assert.equal(ab.order + ba.order, 0);
      assert.equal(ab.reason, ba.reason);
      if (a === b) assert.equal(ab.order, 0);
    }
  }
});

// RFC 4271 §9.1.2.2 c: X and Y share neighbour AS 100, Z comes from AS 200. Y's lower MED
// removes X; then Z (eBGP) beats Y (iBGP). A pairwise "keep the better" scan returns Y or Z
// depending on arrival order; elimination must return Z for every order.
const X = cand(
  { origin: 0, asPath: seq(100), nextHop: "192.0.2.1", med: 20 },
  peer({ type: "ebgp", address: "192.0.2.10", asn: 100, bgpId: 1 }),
);
const Y = cand(
  { origin: 0, asPath: seq(100), nextHop: "10.1.0.3", med: 10 },
  peer({ type: "ibgp", address: "10.1.0.3", bgpId: 3 }),
);
const Z = cand(
  { origin: 0, asPath: seq(200), nextHop: "192.0.2.20", med: 0 },
  peer({ type: "ebgp", address: "192.0.2.20", asn: 200, bgpId: 2 }),
);

Deno.test("selectBest(): the MED elimination result does not depend on order (all permutations)", () => {
  for (const order of permutations([X, Y, Z])) {
    const sel = selectBest(order);
    assert.equal(order[sel.index], Z, `order ${order.map((c) => [X, Y, Z].indexOf(c))}`);
    assert.equal(sel.reason, BestPathReason.EBGP_OVER_IBGP);
  }
});

Deno.test("selectBest(): four candidates, one criterion apart each, every permutation", () => {
  const p = [
    cand({ ...base, localPref: 300 }, ibgpB),
    cand({ ...base, localPref: 300, asPath: seq(64501, 1, 2) }, ebgpA),
    cand({ ...base, localPref: 200 }, local),
    cand({ ...base, localPref: 100 }, ebgpB),
  ];
  for (const order of permutations(p)) {
    const sel = selectBest(order);
    assert.equal(order[sel.index], p[0]);
    assert.equal(sel.reason, BestPathReason.AS_PATH_LENGTH);
  }
});

Deno.test("Rib: the best path and its reason do not depend on insertion order (all permutations)", () => {
  const sources = [
    {
      s: spec({ type: "ebgp", address: "192.0.2.10", asn: 100, bgpId: 1, enforceFirstAs: true }),
      a: { origin: 0, asPath: seq(100), nextHop: "192.0.2.10", med: 20 },
    },
    {
      s: spec({ type: "ibgp", address: "10.1.0.3", bgpId: 3 }),
      a: { origin: 0, asPath: seq(100), nextHop: "10.1.0.3", med: 10, localPref: 100 },
    },
    {
      s: spec({ type: "ebgp", address: "192.0.2.20", asn: 200, bgpId: 2 }),
      a: { origin: 0, asPath: seq(200), nextHop: "192.0.2.20", med: 0 },
    },
    {
      s: spec({ type: "ebgp", address: "192.0.2.30", asn: 300, bgpId: 4 }),
      a: { origin: 2, asPath: seq(300), nextHop: "192.0.2.30" },
    },
  ] as const;
  for (const order of permutations([0, 1, 2, 3])) {
    const rib = new Rib();
    const peers = sources.map((x) => rib.addPeer(x.s));
    const changes = new ChangeSet();
    for (const i of order) {
      rib.applyUpdate(
        peers[i]!,
        announce(sources[i]!.a as RouteAttributes, ["203.0.113.0/24"]),
        changes,
      );
    }
    const best = rib.bestRoute(parseKey("203.0.113.0/24"))!;
    assert.equal(best.peer.address, "192.0.2.20", `order ${order}`);
    assert.equal(best.reason, BestPathReason.EBGP_OVER_IBGP);
    assert.equal(best.reasonText, "eBGP over iBGP");
    // Once Z is in, later arrivals do not move the best path: the last change names Z.
    assert.equal(changes.at(changes.size - 1).best?.peer.address, "192.0.2.20");
  }
});

Deno.test("Rib: each table case picks the same best path whichever arrives first", () => {
  for (const c of CASES) {
    if (c.better.peer === c.worse.peer && c.better.pathId === c.worse.pathId) continue;
    for (const first of [c.better, c.worse]) {
      const second = first === c.better ? c.worse : c.better;
      const rib = new Rib();
      const ids = new Map<number, ReturnType<Rib["addPeer"]>>();
      for (const x of [first, second]) {
        if (!ids.has(x.peer.id)) {
          const p = x.peer;
          ids.set(p.id, rib.addPeer({ ...peerSpecOf(p), enforceFirstAs: false }));
        }
      }
      const changes = new ChangeSet();
      for (const x of [first, second]) {
        const u = x.pathId === 0
          ? announce(x.attrs.attrs, ["198.51.100.0/24"])
          : announce(x.attrs.attrs, ["198.51.100.0/24"], [x.pathId]);
        if (x.peer.type === "local") {
          rib.addLocal(
            ids.get(x.peer.id)!,
            parseKey("198.51.100.0/24"),
            x.attrs.attrs,
            changes,
            x.pathId,
          );
        } else rib.applyUpdate(ids.get(x.peer.id)!, u, changes);
      }
      const best = rib.bestRoute(parseKey("198.51.100.0/24"))!;
      assert.equal(best.reason, c.reason, `${c.name}: reason`);
      assert.equal(best.peer.address, c.better.peer.address, `${c.name}: peer`);
      assert.equal(best.pathId, c.better.pathId, `${c.name}: path id`);
      assert.equal(best.reasonText, bestPathReasonText(c.reason));
    }
  }
});

Deno.test("multipathOf(): paths equal up to the tie-breakers form the ECMP set", () => {
  const a = cand({ ...base, asPath: seq(64999, 1) }, ebgpA);
  const b = cand({ ...base, asPath: seq(64999, 2) }, ebgpB);
  const c = cand({ ...base, asPath: seq(64999, 2, 3) }, ebgpB, 1);
  assert.deepEqual(multipathOf([a, b, c], 0, 8), [0, 1]);
  assert.deepEqual(multipathOf([a, b, c], 0, 1), [0]);
});

Deno.test("bestPathReasonText(): every reason has text", () => {
  for (const r of Object.values(BestPathReason)) assert.ok(bestPathReasonText(r).length > 0);
});
