import assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { formatIp } from "../../src/common/ip.ts";
import { PortRange, rejection, withServer } from "./_server.ts";

const ports = new PortRange(25050, 25099);

Deno.test("AddPeer with bgpgg v0.2 IP:PORT and no config takes the API defaults", async () => {
  await withServer(ports, async ({ client, control }) => {
    const r = await client.unary("AddPeer", { address: "192.168.1.2:17900" });
    assert.deepEqual([r.success, r.message], [true, "Peer 192.168.1.2 added"]);
    const p = control.peers.get("192.168.1.2")!.config;
    assert.equal(p.port, 17900);
    assert.equal(p.idleHoldTimeSecs, 30);
    assert.equal(p.dampPeerOscillations, true);
    assert.equal(p.allowAutomaticStop, true);
    assert.equal(p.passiveMode, false);
    assert.equal(p.asn, undefined);
    assert.equal(p.maxPrefix, undefined);
    assert.equal(p.delayOpenTimeSecs, undefined);
  });
});

Deno.test("AddPeer reads SessionConfig presence: set false stays false, unset takes default", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", {
      address: "[2001:db8::2]:1790",
      config: {
        idleHoldTimeSecs: 5,
        dampPeerOscillations: false,
        passiveMode: true,
        maxPrefix: { limit: 10000, action: 1 },
        delayOpenTimeSecs: 0,
        minRouteAdvertisementIntervalSecs: 30,
        collisionDetectEstablishedState: true,
        asn: 4200000001,
      },
    });
    const p = control.peers.get("2001:db8::2")!.config;
    assert.equal(p.port, 1790);
    assert.equal(p.idleHoldTimeSecs, 5);
    assert.equal(p.dampPeerOscillations, false);
    assert.equal(p.allowAutomaticStop, true);
    assert.equal(p.passiveMode, true);
    assert.deepEqual(p.maxPrefix, { limit: 10000, action: "discard" });
    assert.equal(p.delayOpenTimeSecs, 0);
    assert.equal(p.mraiSecs, 30);
    assert.equal(p.collisionDetectEstablishedState, true);
    assert.equal(p.asn, 4200000001);
  });
});

Deno.test("AddPeer: a bare IP means port 179; a duplicate is refused in-band", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", { address: "10.0.0.1" });
    assert.equal(control.peers.get("10.0.0.1")!.config.port, 179);
    const dup = await client.unary("AddPeer", { address: "10.0.0.1:1790" });
    assert.deepEqual([dup.success, dup.message], [false, "peer 10.0.0.1 already exists"]);
  });
});

Deno.test("AddPeer: bad address or max-prefix action is INVALID_ARGUMENT naming field and value", async () => {
  await withServer(ports, async ({ client }) => {
    let e = await rejection(client.unary("AddPeer", { address: "peer.example:179" }));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.match(e.details, /^invalid address: "peer\.example:179"/);
    e = await rejection(client.unary("AddPeer", { address: "10.0.0.1:70000" }));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.match(e.details, /invalid address: "10\.0\.0\.1:70000": port/);
    e = await rejection(client.unary("AddPeer", { address: "" }));
    assert.match(e.details, /invalid address: "" \(an address is required\)/);
    e = await rejection(
      client.unary("AddPeer", {
        address: "10.0.0.1",
        config: { maxPrefix: { limit: 1, action: 7 } },
      }),
    );
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.equal(
      e.details,
      "invalid config.max_prefix.action: 7 is not TERMINATE (0) or DISCARD (1)",
    );
  });
});

Deno.test("RemovePeer removes by IP (port ignored); an unknown peer is success=false", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", { address: "10.0.0.1:1790" });
    const ok = await client.unary("RemovePeer", { address: "10.0.0.1:1790" });
    assert.deepEqual([ok.success, ok.message], [true, "Peer 10.0.0.1 removed"]);
    assert.equal(control.peers.size, 0);
    const missing = await client.unary("RemovePeer", { address: "10.0.0.1" });
    assert.deepEqual([missing.success, missing.message], [false, "peer 10.0.0.1 not found"]);
    const bad = await rejection(client.unary("RemovePeer", { address: "10.0.0.256" }));
    assert.equal(bad.code, status.INVALID_ARGUMENT);
    assert.match(bad.details, /^invalid address: "10\.0\.0\.256"/);
  });
});

Deno.test("DisablePeer / EnablePeer change admin state; an unknown peer is NOT_FOUND", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", { address: "10.0.0.1" });
    await client.unary("DisablePeer", { address: "10.0.0.1" });
    let peer = (await client.unary("GetPeer", { address: "10.0.0.1" })).peer!;
    assert.equal(peer.adminState, 1);
    await client.unary("EnablePeer", { address: "10.0.0.1" });
    peer = (await client.unary("GetPeer", { address: "10.0.0.1" })).peer!;
    assert.equal(peer.adminState, 0);
    assert.deepEqual(control.calls.slice(1), ["disablePeer 10.0.0.1", "enablePeer 10.0.0.1"]);
    for (const rpc of ["DisablePeer", "EnablePeer"] as const) {
      const e = await rejection(client.unary(rpc, { address: "10.9.9.9" }));
      assert.equal(e.code, status.NOT_FOUND);
      assert.equal(e.details, "peer 10.9.9.9 not found");
    }
  });
});

Deno.test("ResetPeer maps reset types and proto Afi/Safi enums to IANA families", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", { address: "10.0.0.1" });
    control.setPeerStatus("10.0.0.1", { state: "established" });
    await client.unary("ResetPeer", { address: "10.0.0.1", resetType: 0 });
    await client.unary("ResetPeer", { address: "10.0.0.1", resetType: 1, afi: 1, safi: 0 });
    await client.unary("ResetPeer", { address: "10.0.0.1", resetType: 2, afi: 0 });
    await client.unary("ResetPeer", { address: "10.0.0.1", resetType: 3 });
    assert.deepEqual(control.calls.slice(1), [
      "resetPeer 10.0.0.1 soft-in",
      "resetPeer 10.0.0.1 soft-out 2/1",
      "resetPeer 10.0.0.1 soft 1/1",
      "resetPeer 10.0.0.1 hard",
    ]);
  });
});

Deno.test("ResetPeer errors: bad enum INVALID_ARGUMENT, not established FAILED_PRECONDITION, unknown NOT_FOUND", async () => {
  await withServer(ports, async ({ client }) => {
    await client.unary("AddPeer", { address: "10.0.0.1" });
    let e = await rejection(client.unary("ResetPeer", { address: "10.0.0.1", resetType: 9 }));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.equal(
      e.details,
      "invalid reset_type: 9 is not SOFT_IN (0), SOFT_OUT (1), SOFT (2) or HARD (3)",
    );
    e = await rejection(client.unary("ResetPeer", { address: "10.0.0.1", resetType: 0, afi: 5 }));
    assert.equal(e.details, "invalid afi: 5 is not IPV4 (0) or IPV6 (1)");
    e = await rejection(client.unary("ResetPeer", { address: "10.0.0.1", resetType: 0 }));
    assert.equal(e.code, status.FAILED_PRECONDITION);
    assert.equal(e.details, "peer 10.0.0.1 is not in Established state");
    e = await rejection(client.unary("ResetPeer", { address: "10.0.0.2", resetType: 3 }));
    assert.equal(e.code, status.NOT_FOUND);
  });
});

Deno.test("ListPeers and ListPeersStream report every peer with state and policies", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", { address: "10.0.0.1" });
    await client.unary("AddPeer", { address: "10.0.0.2", config: { passiveMode: true } });
    control.setPeerStatus("10.0.0.1", {
      state: "established",
      asn: 65001,
      importPolicies: ["in"],
      exportPolicies: ["out1", "out2"],
    });
    const list = (await client.unary("ListPeers", {})).peers;
    const streamed = await client.serverStream("ListPeersStream", {});
    for (const peers of [list, streamed]) {
      assert.deepEqual(
        peers.map((p) => [p.address, p.asn, p.state, p.adminState, p.configured]),
        [["10.0.0.1", 65001, 5, 0, true], ["10.0.0.2", 0, 2, 0, true]],
      );
      assert.deepEqual(peers[0]!.importPolicies, ["in"]);
      assert.deepEqual(peers[0]!.exportPolicies, ["out1", "out2"]);
    }
  });
});

Deno.test("GetPeer returns the peer and its 8 message counters; unknown is NOT_FOUND", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", { address: "10.0.0.1" });
    control.setPeerStatistics("10.0.0.1", {
      openSent: 1,
      keepaliveSent: 2,
      updateSent: 3,
      notificationSent: 4,
      openReceived: 5,
      keepaliveReceived: 6,
      updateReceived: 7,
      notificationReceived: 2 ** 40,
    });
    const r = await client.unary("GetPeer", { address: "10.0.0.1" });
    assert.equal(r.peer!.address, "10.0.0.1");
    assert.deepEqual(
      Object.fromEntries(
        Object.keys(r.statistics!).map((
          k,
        ) => [k, (r.statistics as unknown as Record<string, number>)[k]]),
      ),
      {
        openSent: 1,
        keepaliveSent: 2,
        updateSent: 3,
        notificationSent: 4,
        openReceived: 5,
        keepaliveReceived: 6,
        updateReceived: 7,
        notificationReceived: 2 ** 40,
      },
    );
    const e = await rejection(client.unary("GetPeer", { address: "10.0.0.9" }));
    assert.equal(e.code, status.NOT_FOUND);
    assert.equal(
      e.details,
      `peer ${formatIp({ family: 4, bytes: Uint8Array.of(10, 0, 0, 9) })} not found`,
    );
  });
});
