import assert from "node:assert/strict";
import { PeerStats } from "../../src/speaker/stats.ts";
import { SpeakerEvents } from "../../src/speaker/events.ts";
import { HookChain } from "../../src/speaker/hooks.ts";
import { MessageType } from "../../src/wire/types.ts";
import type { PeerInfo } from "../../src/speaker/hooks.ts";

Deno.test("PeerStats counts by type and direction, uptime and flaps", () => {
  const s = new PeerStats();
  s.countSent(MessageType.OPEN);
  s.countSent(MessageType.UPDATE, 3);
  s.countReceived(MessageType.KEEPALIVE);
  s.countReceived(MessageType.ROUTE_REFRESH);
  s.established(1000);
  let snap = s.snapshot(4000);
  assert.equal(snap.sent.open, 1);
  assert.equal(snap.sent.update, 3);
  assert.equal(snap.received.keepalive, 1);
  assert.equal(snap.received.routeRefresh, 1);
  assert.equal(snap.uptimeMs, 3000);
  assert.equal(snap.flaps, 0);
  s.error({ direction: "sent", code: 4, subcode: 0, text: "Hold Timer Expired", at: 5000 });
  s.down();
  s.down(); // not Established any more: no second flap
  snap = s.snapshot(6000);
  assert.equal(snap.flaps, 1);
  assert.equal(snap.uptimeMs, 0);
  assert.equal(snap.establishedAt, undefined);
  assert.equal(snap.lastError?.code, 4);
});

Deno.test("SpeakerEvents delivers by type and isolates a throwing listener", () => {
  const errors: unknown[] = [];
  const ev = new SpeakerEvents((e) => errors.push(e));
  const peer = { address: "192.0.2.1", dynamic: false } as unknown as PeerInfo;
  const seen: string[] = [];
  ev.subscribe(() => {
    throw new Error("bad listener");
  });
  const off = ev.on("peer-added", (e) => seen.push(e.peer.address));
  ev.emit({ type: "peer-added", peer, at: 0 });
  ev.emit({ type: "peer-removed", peer, at: 0 });
  off();
  ev.emit({ type: "peer-added", peer, at: 0 });
  assert.deepEqual(seen, ["192.0.2.1"]);
  assert.equal(errors.length, 3);
});

Deno.test("HookChain: capabilities concatenate, the first refusal wins", () => {
  const chain = new HookChain();
  const peer = { address: "192.0.2.1", dynamic: false } as unknown as PeerInfo;
  chain.add({ capabilities: () => [{ type: "route-refresh" }] });
  const remove = chain.add({
    capabilities: () => [{ type: "extended-message" }],
    openReceived: () => ({ type: "notification", code: 2, subcode: 2, data: new Uint8Array() }),
  });
  chain.add({
    openReceived: () => ({ type: "notification", code: 6, subcode: 5, data: new Uint8Array() }),
  });
  assert.deepEqual(chain.capabilities(peer).map((c) => c.type), [
    "route-refresh",
    "extended-message",
  ]);
  const open = {
    type: "open",
    version: 4,
    myAs: 1,
    holdTime: 90,
    bgpId: 1,
    capabilities: [],
  } as const;
  assert.equal(chain.openReceived(peer, open)?.code, 2);
  remove();
  assert.equal(chain.openReceived(peer, open)?.code, 6);
});
