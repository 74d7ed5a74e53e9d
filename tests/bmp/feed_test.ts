/** CollectorFeed: message order and content of one collector session, without sockets. */
import assert from "node:assert/strict";
import {
  type BmpMessage,
  type BmpView,
  CollectorFeed,
  decodeBmpMessage,
  TerminationReason,
} from "../../src/bmp/mod.ts";
import { notificationPdu } from "./_bgp.ts";
import { announce, LOCAL_RIB, peerUp, withdraw } from "./_scenario.ts";

const NOW = 1_700_000_100_250.5;

function feed(views: BmpView[]): { feed: CollectorFeed; out: BmpMessage[] } {
  const out: BmpMessage[] = [];
  const f = new CollectorFeed({
    views: new Set(views),
    sysName: "r1",
    sysDescr: "edgebgp test",
    send: (b) => out.push(decodeBmpMessage(b)),
    now: () => NOW,
  });
  return { feed: f, out };
}

/** A short label per message: "init", "up 192.0.2.1", "rm 192.0.2.1 L", "eor ...". */
function label(m: BmpMessage): string {
  switch (m.type) {
    case "initiation":
      return "init";
    case "termination":
      return "term";
    case "peer-up":
      return m.peer.peerType === 3 ? "up loc-rib" : `up ${m.peer.asn}`;
    case "peer-down":
      return m.peer.peerType === 3 ? "down loc-rib" : `down ${m.peer.asn}`;
    case "statistics-report":
      return `stats ${m.peer.peerType === 3 ? "loc-rib" : m.peer.asn}`;
    case "route-monitoring": {
      const who = m.peer.peerType === 3 ? "loc-rib" : `${m.peer.asn}`;
      const f = m.peer.flags;
      const flags = m.peer.peerType === 3
        ? ""
        : `${f & 0x40 ? "L" : ""}${f & 0x20 ? "A" : ""}${f & 0x10 ? "O" : ""}`;
      const eor = m.update.length === 23 || (m.update.length === 29 && m.update[23] === 0x80);
      return `${eor ? "eor" : "rm"} ${who}${flags ? " " + flags : ""}${
        eor ? (m.update.length === 23 ? " v4" : " v6") : ""
      }`;
    }
    default:
      return m.type;
  }
}

Deno.test("feed: Initiation, Peer Up, dump, End-of-RIB per family and view, then live", () => {
  const { feed: f, out } = feed(["pre-policy", "post-policy"]);
  f.open();
  assert.equal(f.phase, "dump");
  f.snapshot(peerUp(1));
  f.snapshot(announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"]));
  f.snapshot(announce("post-policy", "192.0.2.1", ["198.51.100.0/24"]));
  f.endDump();
  f.event(announce("pre-policy", "192.0.2.1", ["203.0.113.0/24"]));
  assert.deepEqual(out.map(label), [
    "init",
    "up 65001",
    "rm 65001",
    "rm 65001 L",
    "eor 65001 v4",
    "eor 65001 v6",
    "eor 65001 L v4",
    "eor 65001 L v6",
    "rm 65001",
  ]);
  const init = out[0]!;
  assert.deepEqual(init.type === "initiation" && init.information, [
    { type: "sys-descr", value: "edgebgp test" },
    { type: "sys-name", value: "r1" },
  ]);
  const up = out[1]!;
  assert.ok(up.type === "peer-up");
  assert.equal(up.peer.timestampSeconds, 1_700_000_000);
  assert.equal(up.peer.timestampMicros, 1000);
  assert.deepEqual(up.sentOpen, peerUp(1).sentOpen);
  assert.deepEqual(up.receivedOpen, peerUp(1).receivedOpen);
  assert.equal(up.localPort, 179);
  assert.equal(up.remotePort, 40001);
  // A live event without its own timestamp gets the time it was pushed, microseconds included.
  const live = out[8]!;
  assert.ok(live.type === "route-monitoring");
  assert.equal(live.peer.timestampSeconds, 1_700_000_100);
  assert.equal(live.peer.timestampMicros, 250_500);
});

Deno.test("feed: views select the L and O flags; A only for a 2-octet AS session", () => {
  const { feed: f, out } = feed([
    "pre-policy",
    "post-policy",
    "adj-rib-out-pre",
    "adj-rib-out-post",
  ]);
  f.open();
  f.snapshot(peerUp(1));
  f.snapshot(peerUp(2, false));
  f.endDump();
  out.length = 0;
  for (
    const view of ["pre-policy", "post-policy", "adj-rib-out-pre", "adj-rib-out-post"] as const
  ) {
    f.event(announce(view, "192.0.2.1", ["198.51.100.0/24"]));
    f.event(announce(view, "192.0.2.2", ["198.51.100.0/24"], [65002], false));
  }
  assert.deepEqual(out.map(label), [
    "rm 65001",
    "rm 65002 A",
    "rm 65001 L",
    "rm 65002 LA",
    "rm 65001 O",
    "rm 65002 AO",
    "rm 65001 LO",
    "rm 65002 LAO",
  ]);
});

Deno.test("feed: a view the collector did not ask for is not sent", () => {
  const { feed: f, out } = feed(["post-policy"]);
  f.open();
  f.snapshot(peerUp(1));
  f.snapshot(announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"]));
  f.endDump();
  f.event(announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"]));
  f.event(announce("loc-rib", undefined, ["198.51.100.0/24"]));
  f.event(announce("post-policy", "192.0.2.1", ["198.51.100.0/24"]));
  assert.deepEqual(out.map(label), [
    "init",
    "up 65001",
    "eor 65001 L v4",
    "eor 65001 L v6",
    "rm 65001 L",
  ]);
});

Deno.test("feed: Loc-RIB gets its own Peer Up (type 3, TLV), RM type 3, EoR, Peer Down 6", () => {
  const { feed: f, out } = feed(["loc-rib"]);
  f.open(LOCAL_RIB);
  f.snapshot(peerUp(1));
  f.snapshot(announce("loc-rib", undefined, ["198.51.100.0/24"]));
  f.endDump();
  f.event(withdraw("loc-rib", undefined, ["198.51.100.0/24"]));
  f.terminate(TerminationReason.PERMANENTLY_ADMINISTRATIVELY_CLOSED);
  assert.deepEqual(out.map(label), [
    "init",
    "up loc-rib",
    "up 65001",
    "rm loc-rib",
    "eor loc-rib v4",
    "eor loc-rib v6",
    "rm loc-rib",
    "down loc-rib",
    "term",
  ]);
  const up = out[1]!;
  assert.ok(up.type === "peer-up");
  assert.equal(up.peer.peerType, 3);
  assert.equal(up.peer.flags, 0);
  assert.equal(up.peer.asn, 65000);
  assert.equal(up.peer.bgpId, 0xc0000264);
  assert.deepEqual(up.peer.address, { family: 4, bytes: new Uint8Array(4) });
  assert.deepEqual(up.sentOpen, up.receivedOpen);
  assert.equal(up.localPort, 0);
  assert.deepEqual(up.information, [{ type: "vrf-table-name", value: "global" }]);
  const down = out[7]!;
  assert.ok(down.type === "peer-down");
  assert.deepEqual(down.reason, {
    type: "local-tlv",
    information: [{ type: "vrf-table-name", value: "global" }],
  });
  const term = out[8]!;
  assert.deepEqual(term.type === "termination" && term.information, [{
    type: "reason",
    reason: 4,
  }]);
});

Deno.test("feed: events during the dump come after the End-of-RIBs, in order", () => {
  const { feed: f, out } = feed(["pre-policy"]);
  f.open();
  f.snapshot(peerUp(1));
  // A live change arrives while the dump is still running...
  f.event(announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"], [65001, 1]));
  f.event(peerUp(3));
  f.event(announce("pre-policy", "192.0.2.3", ["203.0.113.0/24"], [65003]));
  assert.ok(f.deferredBytes > 0);
  // ...and a stale snapshot item for the same prefix is read after it.
  f.snapshot(announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"], [65001]));
  f.endDump();
  assert.equal(f.deferredBytes, 0);
  assert.deepEqual(out.map(label), [
    "init",
    "up 65001",
    "rm 65001",
    "eor 65001 v4",
    "eor 65001 v6",
    "rm 65001",
    "up 65003",
    "rm 65003",
  ]);
  // The newer UPDATE (AS_PATH 65001 1) is the last one the collector sees for that prefix.
  const last = out[5]!;
  assert.ok(last.type === "route-monitoring");
  assert.deepEqual(last.update, announce("pre-policy", "", ["198.51.100.0/24"], [65001, 1]).update);
});

Deno.test("feed: a peer that flaps during the dump goes down and up again after it", () => {
  const { feed: f, out } = feed(["pre-policy"]);
  f.open();
  f.event({ type: "peer-down", peerKey: "192.0.2.1", reason: { type: "remote-no-notification" } });
  const again = { ...peerUp(1), remotePort: 50000 };
  f.event(again);
  // The snapshot already reads the new session, so its Peer Up is not repeated.
  f.snapshot(again);
  f.endDump();
  assert.deepEqual(out.map(label), [
    "init",
    "up 65001",
    "eor 65001 v4",
    "eor 65001 v6",
    "down 65001",
    "up 65001",
  ]);
});

Deno.test("feed: no RM or Peer Down for a peer the collector has not seen come up", () => {
  const { feed: f, out } = feed(["pre-policy"]);
  f.open();
  f.endDump();
  f.event(announce("pre-policy", "192.0.2.9", ["198.51.100.0/24"]));
  f.event({ type: "peer-down", peerKey: "192.0.2.9", reason: { type: "peer-deconfigured" } });
  f.event(peerUp(1));
  f.event(peerUp(1)); // the same session again: skipped
  f.event({
    type: "peer-down",
    peerKey: "192.0.2.1",
    reason: { type: "local-notification", notification: notificationPdu(6, 2) },
  });
  f.event(announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"]));
  assert.deepEqual(out.map(label), ["init", "up 65001", "down 65001"]);
  assert.equal(f.counts.droppedUnknownPeer, 3);
  const down = out[2]!;
  assert.ok(down.type === "peer-down");
  assert.deepEqual(down.reason, {
    type: "local-notification",
    notification: notificationPdu(6, 2),
  });
  assert.equal(down.peer.flags, 0);
});

Deno.test("feed: Statistics Reports for up peers only, O flag 0, RFC stat types", () => {
  const { feed: f, out } = feed(["adj-rib-out-post", "loc-rib"]);
  f.open(LOCAL_RIB);
  f.snapshot(peerUp(1));
  f.endDump();
  out.length = 0;
  f.statistics([
    {
      peerKey: "192.0.2.1",
      counters: {
        rejectedPrefixes: 1,
        duplicatePrefixAdvertisements: 2,
        duplicateWithdraws: 3,
        adjRibInRoutes: 2 ** 33,
        locRibRoutes: 5,
        adjRibInRoutesPerFamily: [{ afi: 1, safi: 1, routes: 6 }],
        locRibRoutesPerFamily: [{ afi: 2, safi: 1, routes: 7 }],
        updatesTreatedAsWithdraw: 8,
        prefixesTreatedAsWithdraw: 2 ** 32 + 9,
      },
    },
    { peerKey: "192.0.2.7", counters: { rejectedPrefixes: 1 } },
    { peerKey: "192.0.2.1", counters: {} },
    { counters: { locRibRoutes: 10, locRibRoutesPerFamily: [{ afi: 1, safi: 1, routes: 10 }] } },
  ]);
  assert.deepEqual(out.map(label), ["stats 65001", "stats loc-rib"]);
  const sr = out[0]!;
  assert.ok(sr.type === "statistics-report");
  assert.equal(sr.peer.flags, 0);
  assert.deepEqual(sr.stats, [
    { type: "counter", statType: 0, value: 1 },
    { type: "counter", statType: 1, value: 2 },
    { type: "counter", statType: 2, value: 3 },
    { type: "gauge", statType: 7, value: 2n ** 33n },
    { type: "gauge", statType: 8, value: 5n },
    { type: "afi-safi-gauge", statType: 9, afi: 1, safi: 1, value: 6n },
    { type: "afi-safi-gauge", statType: 10, afi: 2, safi: 1, value: 7n },
    { type: "counter", statType: 11, value: 8 },
    { type: "counter", statType: 12, value: 9 }, // 32-bit counter wraps
  ]);
  const loc = out[1]!;
  assert.ok(loc.type === "statistics-report");
  assert.equal(loc.peer.peerType, 3);
  assert.deepEqual(loc.stats, [
    { type: "gauge", statType: 8, value: 10n },
    { type: "afi-safi-gauge", statType: 10, afi: 1, safi: 1, value: 10n },
  ]);
});

Deno.test("feed: nothing after Termination", () => {
  const { feed: f, out } = feed(["pre-policy"]);
  f.open();
  f.snapshot(peerUp(1));
  f.endDump();
  f.terminate(TerminationReason.OUT_OF_RESOURCES, "queue overflow");
  const n = out.length;
  f.event(announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"]));
  f.event(peerUp(2));
  f.statistics([{ peerKey: "192.0.2.1", counters: { rejectedPrefixes: 1 } }]);
  f.terminate();
  assert.equal(out.length, n);
  assert.equal(f.phase, "terminated");
  const term = out[n - 1]!;
  assert.deepEqual(term.type === "termination" && term.information, [
    { type: "reason", reason: 2 },
    { type: "string", value: "queue overflow" },
  ]);
});

Deno.test("feed: the loc-rib view needs the local RIB identity", () => {
  const { feed: f } = feed(["loc-rib"]);
  assert.throws(() => f.open(), /local RIB/);
});

Deno.test("feed: an event the codec refuses is dropped and reported; the session goes on", () => {
  const invalid: string[] = [];
  const out: BmpMessage[] = [];
  const f = new CollectorFeed({
    views: new Set(["pre-policy"]),
    sysName: "r1",
    sysDescr: "d",
    send: (b) => out.push(decodeBmpMessage(b)),
    now: () => NOW,
    onInvalid: (e, ev) => invalid.push(`${ev.type}: ${e.message}`),
  });
  f.open();
  // A Peer Up whose received OPEN is truncated: not sent, and the peer is not up here.
  const bad = { ...peerUp(2), receivedOpen: peerUp(2).receivedOpen.subarray(0, 20) };
  f.snapshot(bad);
  f.snapshot(peerUp(1));
  f.endDump();
  f.event(announce("pre-policy", "192.0.2.2", ["198.51.100.0/24"]));
  f.event({
    type: "route-monitoring",
    view: "pre-policy",
    peerKey: "192.0.2.1",
    update: notificationPdu(6, 2),
  });
  f.event(announce("pre-policy", "192.0.2.1", ["198.51.100.0/24"]));
  // A Peer Down with a broken NOTIFICATION still tells the collector, without the PDU.
  f.event({
    type: "peer-down",
    peerKey: "192.0.2.1",
    reason: { type: "local-notification", notification: new Uint8Array(3) },
  });
  assert.deepEqual(out.map(label), [
    "init",
    "up 65001",
    "eor 65001 v4",
    "eor 65001 v6",
    "rm 65001",
    "down 65001",
  ]);
  const down = out.at(-1)!;
  assert.deepEqual(down.type === "peer-down" && down.reason, {
    type: "local-no-notification",
    fsmEvent: 0,
  });
  assert.equal(f.counts.invalid, 3);
  assert.equal(f.counts.droppedUnknownPeer, 1);
  assert.equal(invalid.length, 3);
  assert.match(invalid[0]!, /^peer-up: Peer Up received OPEN/);
  assert.match(invalid[1]!, /^route-monitoring: Route Monitoring: BGP type 3, expected UPDATE/);
});
