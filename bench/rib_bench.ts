/**
 * RIB core of the issue-4 transit benchmark, in process (no codec, no sockets): a synthetic
 * IPv4 table (bench/_table_gen.ts, about N/4 attribute sets, decoded-UPDATE objects built before
 * timing) goes from one eBGP peer through Adj-RIB-In, best path and Loc-RIB into the
 * Adj-RIB-Out of one eBGP sink peer, which is then drained in attribute-set groups (the
 * per-peer rewrite included). Then every prefix is withdrawn and drained again.
 * Memory: heap + array buffers after the load, per route; then a second peer with the same
 * prefixes (other next hop) for the cost of one more full-table peer; then that peer's
 * session-down removal. N = 100k and 1M.
 *
 *   deno task bench rib      (or: deno run --allow-all --v8-flags=--expose-gc bench/rib_bench.ts)
 */
import { generateTable } from "./_table_gen.ts";
import type { PathAttributes, UpdateMessage } from "../src/wire/types.ts";
import { ChangeSet, type PeerInfo, Rib, runToCompletion } from "../src/rib/mod.ts";

/** Prefixes per UPDATE: about what fits in 4096 bytes. */
const PER_UPDATE = 800;

interface Gc {
  gc?: () => void;
}
function gc(): void {
  const g = (globalThis as Gc).gc;
  if (g !== undefined) { for (let i = 0; i < 3; i++) g(); }
}

function emit(bench: string, value: number, unit: string): void {
  // deno-lint-ignore no-console
  console.log(JSON.stringify({ bench, value: Number(value.toPrecision(4)), unit }));
}

function mem(): number {
  const m = Deno.memoryUsage();
  return m.heapUsed + m.external;
}

function buildUpdates(
  prefixes: Float64Array,
  setStart: Uint32Array,
  sets: readonly PathAttributes[],
  rewrite?: (a: PathAttributes) => PathAttributes,
): UpdateMessage[] {
  const out: UpdateMessage[] = [];
  const empty = { afi: 1, safi: 1, prefixes: [] };
  for (let s = 0; s < sets.length; s++) {
    for (let i = setStart[s]!; i < setStart[s + 1]!; i += PER_UPDATE) {
      const end = Math.min(i + PER_UPDATE, setStart[s + 1]!);
      const base = sets[s]!;
      // A decoder makes a fresh object per UPDATE.
      const attributes = rewrite ? rewrite(base) : { ...base };
      out.push({
        type: "update",
        withdrawn: empty,
        attributes,
        nlri: { afi: 1, safi: 1, prefixes: Array.from(prefixes.subarray(i, end)) },
      });
    }
  }
  return out;
}

function buildWithdrawals(prefixes: Float64Array): UpdateMessage[] {
  const out: UpdateMessage[] = [];
  const empty = { afi: 1, safi: 1, prefixes: [] };
  for (let i = 0; i < prefixes.length; i += 1000) {
    out.push({
      type: "update",
      withdrawn: { afi: 1, safi: 1, prefixes: Array.from(prefixes.subarray(i, i + 1000)) },
      attributes: {},
      nlri: empty,
    });
  }
  return out;
}

function drain(rib: Rib, sink: PeerInfo): { prefixes: number; groups: number; withdrawn: number } {
  let prefixes = 0, groups = 0, withdrawn = 0;
  for (let u = rib.takeUpdates(sink, "1/1"); u; u = rib.takeUpdates(sink, "1/1")) {
    withdrawn += u.withdrawn.length;
    for (const g of u.announce) {
      prefixes += g.prefixes.length;
      groups++;
    }
  }
  return { prefixes, groups, withdrawn };
}

function run(n: number, label: string): void {
  const table = generateTable({ prefixes: n, attributeSets: Math.floor(n / 4) });
  const updates = buildUpdates(table.prefixes, table.setStart, table.attributeSets);
  const updates2 = buildUpdates(
    table.prefixes,
    table.setStart,
    table.attributeSets,
    (a) => ({ ...a, nextHop: "192.0.2.200" }),
  );
  const withdrawals = buildWithdrawals(table.prefixes);
  const changes = new ChangeSet();
  gc();
  const m0 = mem();
  const rss0 = Deno.memoryUsage().rss;

  const rib = new Rib({ expectedIpv4Prefixes: n });
  const common = { localAs: 65000, routerId: 0x0a0000fe, localAddress4: "10.0.0.254" };
  const src = rib.addPeer({ ...common, type: "ebgp", address: "10.0.0.1", asn: 0, bgpId: 1 });
  const sink = rib.addPeer({ ...common, type: "ebgp", address: "10.0.0.9", asn: 64999, bgpId: 9 });
  // The synthetic paths start with many neighbour ASes; the source is a route collector feed.
  const source = rib.updatePeer(src, { enforceFirstAs: false });
  runToCompletion(rib.peerUp(sink), changes);

  // ---- ingest: Adj-RIB-In + Loc-RIB + sink Adj-RIB-Out
  let t = performance.now();
  for (let i = 0; i < updates.length; i++) {
    rib.applyUpdate(source, updates[i]!, changes);
    changes.clear();
  }
  const tIngest = performance.now() - t;
  t = performance.now();
  const d = drain(rib, sink);
  const tDrain = performance.now() - t;
  if (d.prefixes !== n) throw new Error(`sink got ${d.prefixes} of ${n}`);
  emit(`rib.ingest_${label}`, n / (tIngest / 1000), "prefixes/s");
  emit(`rib.ingest_${label}.time`, tIngest / 1000, "s");
  emit(`rib.drain_${label}`, n / (tDrain / 1000), "prefixes/s");
  emit(`rib.transit_${label}.time`, (tIngest + tDrain) / 1000, "s");
  emit(`rib.drain_${label}.groups`, d.groups, "groups");
  gc();
  const m1 = mem();
  const rss1 = Deno.memoryUsage().rss;
  emit(`rib.load_${label}.heap_plus_buffers`, (m1 - m0) / 2 ** 20, "MiB");
  emit(`rib.load_${label}.rss`, rss1 / 2 ** 20, "MiB");
  emit(`rib.load_${label}.rss_delta`, (rss1 - rss0) / 2 ** 20, "MiB");
  emit(`rib.bytes_per_route_${label}`, (m1 - m0) / n, "bytes");

  // ---- withdraw all
  t = performance.now();
  for (let i = 0; i < withdrawals.length; i++) {
    rib.applyUpdate(source, withdrawals[i]!, changes);
    changes.clear();
  }
  const w = drain(rib, sink);
  const tWithdraw = performance.now() - t;
  if (w.withdrawn !== n) throw new Error(`sink withdrew ${w.withdrawn} of ${n}`);
  emit(`rib.withdraw_${label}`, n / (tWithdraw / 1000), "prefixes/s");
  emit(`rib.withdraw_${label}.time`, tWithdraw / 1000, "s");
  if (rib.attrSetCount !== 0 || rib.prefixCount("1/1") !== 0) throw new Error("RIB not empty");

  // ---- memory per extra full-table peer
  for (const u of updates) rib.applyUpdate(source, u, changes), changes.clear();
  drain(rib, sink);
  gc();
  const m2 = mem();
  const peer2 = rib.addPeer({ ...common, type: "ebgp", address: "10.0.0.2", asn: 0, bgpId: 2 });
  const second = rib.updatePeer(peer2, { enforceFirstAs: false });
  t = performance.now();
  for (const u of updates2) rib.applyUpdate(second, u, changes), changes.clear();
  const tSecond = performance.now() - t;
  drain(rib, sink);
  gc();
  const m3 = mem();
  emit(`rib.ingest_second_peer_${label}`, n / (tSecond / 1000), "prefixes/s");
  emit(`rib.bytes_per_route_extra_peer_${label}`, (m3 - m2) / n, "bytes");
  emit(`rib.attr_sets_${label}`, rib.attrSetCount, "sets");

  // ---- session down of a full-table peer (the other one stays best)
  t = performance.now();
  runToCompletion(rib.peerDown(second), changes);
  changes.clear();
  drain(rib, sink);
  emit(`rib.peer_down_${label}`, n / ((performance.now() - t) / 1000), "prefixes/s");
}

run(100_000, "100k");
gc();
run(1_000_000, "1m");
