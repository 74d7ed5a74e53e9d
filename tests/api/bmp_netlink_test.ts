import assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { PortRange, rejection, withServer } from "./_server.ts";

const ports = new PortRange(25200, 25249);

Deno.test("AddBmpServer / ListBmpServers / RemoveBmpServer (seed example)", async () => {
  await withServer(ports, async ({ client, control }) => {
    const r = await client.unary("AddBmpServer", {
      address: "127.0.0.1:11019",
      statisticsTimeout: 60,
    });
    assert.deepEqual([r.success, r.message], [true, "BMP server 127.0.0.1:11019 added"]);
    await client.unary("AddBmpServer", { address: "[::1]:5000" });
    assert.deepEqual(control.calls, [
      "addBmpServer 127.0.0.1:11019 stats=60",
      "addBmpServer [::1]:5000 stats=-",
    ]);
    assert.deepEqual(
      (await client.unary("ListBmpServers", {})).addresses,
      ["127.0.0.1:11019", "[::1]:5000"],
    );
    const dup = await client.unary("AddBmpServer", { address: "127.0.0.1:11019" });
    assert.deepEqual([dup.success, dup.message], [
      false,
      "BMP server 127.0.0.1:11019 already exists",
    ]);
    const removed = await client.unary("RemoveBmpServer", { address: "127.0.0.1:11019" });
    assert.deepEqual([removed.success, removed.message], [
      true,
      "BMP server 127.0.0.1:11019 removed",
    ]);
    const missing = await client.unary("RemoveBmpServer", { address: "127.0.0.1:11019" });
    assert.deepEqual([missing.success, missing.message], [
      false,
      "BMP server not found: 127.0.0.1:11019",
    ]);
  });
});

Deno.test("BMP: an address without a port or with a hostname is INVALID_ARGUMENT", async () => {
  await withServer(ports, async ({ client }) => {
    let e = await rejection(client.unary("AddBmpServer", { address: "127.0.0.1" }));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.equal(e.details, 'invalid address: "127.0.0.1" is not IP:PORT (missing port)');
    e = await rejection(client.unary("RemoveBmpServer", { address: "collector:11019" }));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.match(e.details, /^invalid address: "collector:11019" is not IP:PORT/);
  });
});

Deno.test("EnableNetlink with interfaces enables import into the VRF (seed: eth0 eth1 -vrf vrf-red)", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("EnableNetlink", { vrf: "vrf-red", interfaces: ["eth0", "eth1", "vlan*"] });
    assert.deepEqual(control.calls, ["enableNetlinkImport vrf=vrf-red [eth0,eth1,vlan*]"]);
    const r = await client.unary("GetNetlink", {});
    assert.equal(r.importEnabled, true);
    assert.equal(r.exportEnabled, false);
    assert.equal(r.vrf, "vrf-red");
    assert.deepEqual(r.interfaces, ["eth0", "eth1", "vlan*"]);
  });
});

Deno.test("EnableNetlink without interfaces enables export with normalised community filters", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("EnableNetlink", {
      vrf: "vrf-blue",
      communityName: "65001:100",
      communityList: ["65001:200", "no-export"],
      largeCommunityList: ["65001:1:2"],
    });
    assert.deepEqual(control.calls, [
      "enableNetlinkExport vrf=vrf-blue community=65001:100 list=[65001:200,NO_EXPORT] large=[65001:1:2]",
    ]);
    const r = await client.unary("GetNetlink", {});
    assert.equal(r.exportEnabled, true);
    assert.equal(r.communityName, "65001:100");
    assert.deepEqual(r.communityList, ["65001:200", "NO_EXPORT"]);
    assert.deepEqual(r.largeCommunityList, ["65001:1:2"]);
    assert.equal(r.exportVrf, "vrf-blue");
    assert.equal(r.vrf, "", "field 3 is the import VRF (seed semantics)");
  });
});

Deno.test("EnableNetlink: bad community or interface pattern is INVALID_ARGUMENT naming it", async () => {
  await withServer(ports, async ({ client, control }) => {
    let e = await rejection(client.unary("EnableNetlink", { communityName: "65536:1" }));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.match(e.details, /^invalid community_name: "65536:1" is not a community/);
    e = await rejection(client.unary("EnableNetlink", { largeCommunityList: ["1:2"] }));
    assert.match(e.details, /^invalid large_community_list\[0\]: "1:2" is not a large community/);
    e = await rejection(client.unary("EnableNetlink", { interfaces: ["eth 0"] }));
    assert.match(e.details, /^invalid interfaces\[0\]: "eth 0" is not an interface name or glob/);
    e = await rejection(client.unary("EnableNetlink", { interfaces: ["eth[0"] }));
    assert.match(e.details, /^invalid interfaces\[0\]: "eth\[0"/);
    assert.deepEqual(control.calls, []);
  });
});

Deno.test("DisableNetlink turns one direction off, passing keep_routes; direction is required", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("EnableNetlink", { interfaces: ["eth0"] });
    await client.unary("EnableNetlink", {});
    await client.unary("DisableNetlink", { direction: 1 });
    await client.unary("DisableNetlink", { direction: 2, keepRoutes: true });
    assert.deepEqual(control.calls.slice(2), [
      "disableNetlink import keep=false",
      "disableNetlink export keep=true",
    ]);
    const r = await client.unary("GetNetlink", {});
    assert.deepEqual([r.importEnabled, r.exportEnabled], [false, false]);
    assert.deepEqual(r.interfaces, ["eth0"], "settings are kept for a later enable");
    const e = await rejection(client.unary("DisableNetlink", {}));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.equal(e.details, "invalid direction: 0 is not NETLINK_IMPORT (1) or NETLINK_EXPORT (2)");
  });
});
