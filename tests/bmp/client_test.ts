/**
 * BmpClient against in-test TCP collectors on 127.0.0.1 (ports 24000-24099): ordering,
 * reconnect with full resync, overflow of a slow collector, statistics timer, removal.
 */
import assert from "node:assert/strict";
import { parseIp } from "../../src/common/ip.ts";
import { Logger } from "../../src/common/log.ts";
import type { BmpServerConfig } from "../../src/config/model.ts";
import {
  BmpClient,
  type BmpClientOptions,
  type BmpEvent,
  type BmpMessage,
  type BmpView,
} from "../../src/bmp/mod.ts";
import { kinds, TestCollector, waitFor } from "./_collector.ts";
import { announce, FakeSource, peerUp, withdraw } from "./_scenario.ts";

function endpoint(port: number) {
  return { address: parseIp("127.0.0.1"), port };
}

interface Harness {
  source: FakeSource;
  client: BmpClient;
  logs: string[];
  /** Applies the event to the fake RIB and pushes it to the client, as the speaker would. */
  emit(e: BmpEvent): void;
}

function harness(options: Partial<BmpClientOptions> = {}, chunkSize = 3): Harness {
  const source = new FakeSource(chunkSize);
  const logs: string[] = [];
  const client = new BmpClient({
    source,
    sysName: "r1",
    sysDescr: "edgebgp test",
    logger: new Logger({ level: "debug", sink: (l) => logs.push(l) }),
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    closeTimeoutMs: 500,
    ...options,
  });
  return {
    source,
    client,
    logs,
    emit(e) {
      source.apply(e);
      client.push(e);
    },
  };
}

/** Two peers with routes in pre- and post-policy views. */
function seed(h: Harness): void {
  for (const n of [1, 2]) {
    h.emit(peerUp(n));
    for (const view of ["pre-policy", "post-policy"] as const) {
      h.emit(announce(view, `192.0.2.${n}`, [`198.51.${100 + n}.0/24`], [65000 + n]));
      h.emit(announce(view, `192.0.2.${n}`, [`2001:db8:${n}::/48`], [65000 + n]));
    }
  }
}

/** RFC 7854 §3.3 order checks on one session's messages. */
function assertSessionOrder(ms: readonly BmpMessage[]): void {
  assert.equal(ms[0]?.type, "initiation", "Initiation first");
  const up = new Set<number>();
  ms.forEach((m, i) => {
    if (m.type === "peer-up") up.add(m.peer.asn);
    if (m.type === "peer-down") up.delete(m.peer.asn);
    if (m.type === "route-monitoring" && m.peer.peerType !== 3) {
      assert.ok(up.has(m.peer.asn), `message ${i}: RM for AS ${m.peer.asn} before its Peer Up`);
    }
    if (m.type === "termination") assert.equal(i, ms.length - 1, "nothing after Termination");
  });
}

function eorIndex(ms: readonly BmpMessage[]): number {
  return kinds(ms).lastIndexOf("eor:65002");
}

Deno.test("client: Initiation, Peer Ups, dump, End-of-RIBs, live changes, Termination last", async () => {
  const collector = new TestCollector(24001);
  const h = harness();
  try {
    seed(h);
    // The config model's BmpServerConfig is what addServer takes.
    const server: BmpServerConfig = {
      address: endpoint(24001),
      views: ["pre-policy", "post-policy"],
    };
    h.client.addServer(server);
    const s = await waitFor("a session", () => collector.sessions[0]);
    // 2 peers x 2 views x 2 families of End-of-RIB.
    await waitFor(
      "the End-of-RIBs",
      () => kinds(s.messages).filter((k) => k.startsWith("eor")).length === 8,
    );
    assert.equal(h.client.listServers()[0]?.state, "up");
    assert.ok(h.client.wants("post-policy"));
    assert.ok(!h.client.wants("loc-rib"));
    h.emit(withdraw("pre-policy", "192.0.2.1", ["198.51.101.0/24"]));
    // A broken UPDATE from the speaker neither throws at it nor costs the session.
    h.client.routeMonitoring("pre-policy", "192.0.2.1", new Uint8Array(19));
    assert.ok(h.logs.some((l) => l.includes("bmp event dropped: it cannot be encoded")));
    h.emit({ type: "peer-down", peerKey: "192.0.2.2", reason: { type: "remote-no-notification" } });
    await h.client.close();
    await waitFor("EOF", () => s.eof);
    const k = kinds(s.messages);
    assert.deepEqual(k, [
      "initiation",
      "peer-up:65001",
      "rm:65001",
      "rm:65001",
      "rm:65001",
      "rm:65001",
      "peer-up:65002",
      "rm:65002",
      "rm:65002",
      "rm:65002",
      "rm:65002",
      "eor:65001",
      "eor:65001",
      "eor:65001",
      "eor:65001",
      "eor:65002",
      "eor:65002",
      "eor:65002",
      "eor:65002",
      "rm:65001",
      "peer-down:65002",
      "termination",
    ]);
    assertSessionOrder(s.messages);
    const term = s.messages.at(-1)!;
    assert.deepEqual(term.type === "termination" && term.information, [{
      type: "reason",
      reason: 0,
    }]);
    assert.equal(h.client.listServers().length, 0);
  } finally {
    await h.client.close();
    await collector.close();
  }
});

Deno.test("client: reconnects after the collector closes and resyncs in full", async () => {
  const collector = new TestCollector(24002);
  const h = harness();
  try {
    seed(h);
    h.client.addServer({ address: endpoint(24002), views: ["pre-policy"] });
    const first = await waitFor("session 1", () => collector.sessions[0]);
    await waitFor("dump 1", () => eorIndex(first.messages) >= 0);
    first.close(); // the collector goes away
    // While no session is up, the RIB changes: the resync must carry it.
    await waitFor("client notices", () => h.client.listServers()[0]?.state !== "up");
    h.emit(announce("pre-policy", "192.0.2.1", ["203.0.113.0/24"], [65001, 3]));
    const second = await waitFor("session 2", () => collector.sessions[1]);
    await waitFor("dump 2", () => eorIndex(second.messages) >= 0);
    assert.equal(h.source.snapshots, 2);
    assertSessionOrder(second.messages);
    assert.deepEqual(kinds(second.messages).slice(0, 2), ["initiation", "peer-up:65001"]);
    // Session 2 has everything: 2 Peer Ups, 4 + 1 routes, 4 End-of-RIBs.
    const k = kinds(second.messages);
    assert.equal(k.filter((x) => x.startsWith("peer-up")).length, 2);
    assert.equal(k.filter((x) => x.startsWith("rm")).length, 5);
    assert.equal(k.filter((x) => x.startsWith("eor")).length, 4);
    assert.equal(h.client.listServers()[0]?.sessions, 2);
    assert.ok(h.logs.some((l) => l.includes("bmp collector session ended")));
  } finally {
    await h.client.close();
    await collector.close();
  }
});

Deno.test("client: a collector that stops reading is dropped on overflow and resynced later", async () => {
  const collector = new TestCollector(24003);
  collector.pauseNewSessions = true;
  const h = harness({ maxQueueBytes: 256 * 1024, closeTimeoutMs: 200 });
  try {
    h.emit(peerUp(1));
    h.client.addServer({ address: endpoint(24003), views: ["pre-policy"] });
    const slow = await waitFor("session 1", () => collector.sessions[0]);
    await waitFor("up", () => h.client.listServers()[0]?.state === "up");
    collector.pauseNewSessions = false;
    // Feed events in ticks until the kernel buffers and then the queue fill up.
    let pushed = 0;
    const update = announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"]);
    for (let tick = 0; tick < 2000; tick++) {
      for (let i = 0; i < 200; i++) h.client.push(update); // never awaited, never blocks
      pushed += 200;
      if (h.logs.some((l) => l.includes("too slow"))) break;
      await new Promise((r) => setTimeout(r, 0));
    }
    const line = h.logs.find((l) => l.includes("too slow"));
    assert.ok(line, `no overflow log line after ${pushed} events`);
    assert.match(line, /level=warn/);
    assert.match(line, /collector=127\.0\.0\.1:24003/);
    assert.match(line, /limitBytes=262144/);
    const fast = await waitFor("session 2 after the drop", () => collector.sessions[1]);
    await waitFor("resync", () => kinds(fast.messages).includes("eor:65001"));
    assertSessionOrder(fast.messages);
    assert.equal(h.client.listServers()[0]?.overflows, 1);
    // The slow session got whatever fitted, never half a message: read what is left of it.
    slow.resume();
    await waitFor("slow session closed", () => slow.eof || slow.error !== undefined);
    assertSessionOrder(slow.messages);
  } finally {
    await h.client.close();
    await collector.close();
  }
});

Deno.test("client: Statistics Reports every statistics_timeout seconds", async () => {
  const collector = new TestCollector(24004);
  const h = harness();
  try {
    h.emit(peerUp(1));
    h.source.stats = [{
      peerKey: "192.0.2.1",
      counters: { rejectedPrefixes: 4, adjRibInRoutes: 7, updatesTreatedAsWithdraw: 1 },
    }];
    h.client.addServer({
      address: endpoint(24004),
      views: ["pre-policy"],
      statisticsTimeoutSecs: 0.05,
    });
    const s = await waitFor("session", () => collector.sessions[0]);
    await waitFor(
      "3 reports",
      () => kinds(s.messages).filter((k) => k.startsWith("stat")).length >= 3,
    );
    const sr = s.messages.find((m) => m.type === "statistics-report");
    assert.ok(sr?.type === "statistics-report");
    assert.deepEqual(sr.stats, [
      { type: "counter", statType: 0, value: 4 },
      { type: "gauge", statType: 7, value: 7n },
      { type: "counter", statType: 11, value: 1 },
    ]);
    assertSessionOrder(s.messages);
  } finally {
    await h.client.close();
    await collector.close();
  }
});

Deno.test("client: removeServer sends Termination reason 4 and stops reconnecting", async () => {
  const collector = new TestCollector(24005);
  const h = harness();
  try {
    h.emit(peerUp(1));
    h.client.addServer({ address: endpoint(24005), views: ["loc-rib"] });
    const s = await waitFor("session", () => collector.sessions[0]);
    await waitFor("loc-rib EoR", () => kinds(s.messages).includes("eor:loc"));
    assert.ok(await h.client.removeServer(endpoint(24005)));
    assert.ok(!(await h.client.removeServer(endpoint(24005))));
    await waitFor("EOF", () => s.eof);
    const k = kinds(s.messages);
    assert.deepEqual(k, [
      "initiation",
      "peer-up:loc",
      "peer-up:65001",
      "eor:loc",
      "eor:loc",
      "peer-down:loc",
      "termination",
    ]);
    const term = s.messages.at(-1)!;
    assert.deepEqual(term.type === "termination" && term.information, [{
      type: "reason",
      reason: 4,
    }]);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(collector.sessions.length, 1, "no reconnect after removal");
  } finally {
    await h.client.close();
    await collector.close();
  }
});

Deno.test("client: several collectors at once, each with its own views", async () => {
  const a = new TestCollector(24006);
  const b = new TestCollector(24007);
  const h = harness();
  try {
    seed(h);
    h.client.addServer({ address: endpoint(24006), views: ["pre-policy"] });
    h.client.addServer({ address: endpoint(24007), views: ["post-policy", "adj-rib-out-post"] });
    assert.throws(() => h.client.addServer({ address: endpoint(24006), views: [] }), /already/);
    const sa = await waitFor("a", () => a.sessions[0]);
    const sb = await waitFor("b", () => b.sessions[0]);
    await waitFor("dump a", () => eorIndex(sa.messages) >= 0);
    await waitFor("dump b", () => eorIndex(sb.messages) >= 0);
    h.emit(announce("adj-rib-out-post", "192.0.2.1", ["192.0.2.0/24"]));
    const isOut = (m: BmpMessage | undefined) =>
      m?.type === "route-monitoring" && (m.peer.flags & 0x10) !== 0;
    await waitFor("live b", () => isOut(sb.messages.at(-1)));
    const flagsOf = (ms: BmpMessage[]) =>
      new Set(ms.flatMap((m) => m.type === "route-monitoring" ? [m.peer.flags] : []));
    assert.deepEqual(flagsOf(sa.messages), new Set([0]));
    assert.deepEqual(flagsOf(sb.messages), new Set([0x40, 0x50]));
    // 2 peers x 2 families x (1 view for a, 2 views for b).
    assert.equal(kinds(sa.messages).filter((k) => k.startsWith("eor")).length, 4);
    assert.equal(kinds(sb.messages).filter((k) => k.startsWith("eor")).length, 8);
    assert.deepEqual(
      h.client.listServers().map((s) => [s.address.port, s.views, s.state]),
      [[24006, ["pre-policy"], "up"], [24007, ["post-policy", "adj-rib-out-post"], "up"]],
    );
  } finally {
    await h.client.close();
    await a.close();
    await b.close();
  }
});

Deno.test("client: retries with backoff until the collector starts listening", async () => {
  const h = harness({ reconnectInitialMs: 20, reconnectMaxMs: 80 });
  let collector: TestCollector | undefined;
  try {
    h.emit(peerUp(1));
    const views: BmpView[] = ["pre-policy"];
    h.client.addServer({ address: endpoint(24008), views });
    await waitFor("a failed attempt", () => h.logs.some((l) => l.includes("connect failed")));
    await waitFor("waiting", () => h.client.listServers()[0]?.state === "waiting");
    collector = new TestCollector(24008);
    const s = await waitFor("session", () => collector!.sessions[0], 3000);
    await waitFor("dump", () => kinds(s.messages).includes("eor:65001"));
    assert.equal(h.client.listServers()[0]?.sessions, 1);
    assert.ok(!h.client.wants("post-policy"));
  } finally {
    await h.client.close();
    await collector?.close();
  }
});
