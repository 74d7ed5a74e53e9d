/**
 * Route and link operations against a real kernel, inside a namespace the test creates: tables
 * below and above 255, IPv4 and IPv6, multipath, default routes, typed errors, link dumps.
 */
import assert from "node:assert/strict";
import { createNlNamespaces, runScenario } from "./_netns.ts";

Deno.test("route API: add/replace/delete/get/list in tables 100 and 70000, IPv4+IPv6, ECMP", async () => {
  const n = await createNlNamespaces();
  try {
    // A bridge with an enslaved veth: IFLA_MASTER and IFLA_INFO_KIND from a real dump.
    await n.ip("link", "add", "br0", "type", "bridge");
    await n.ip("link", "add", "vx", "type", "veth", "peer", "name", "vy");
    await n.ip("link", "set", "vx", "master", "br0");
    const { json: o } = await runScenario(n.ns, "routes");

    assert.equal(o.add100, "ok");
    assert.match(o.addAgain, /^EEXIST: RTM_NEWROUTE 10\.50\.0\.0\/24 via 10\.0\.0\.2 table 100/);
    assert.equal(o.replace, "ok");
    assert.equal(o.add70000, "ok");
    assert.equal(o.add6, "ok");
    assert.equal(o.add6wide, "ok");
    assert.equal(o.mp4, "ok");
    assert.equal(o.mp6, "ok");
    assert.equal(o.addDefault, "ok");
    assert.equal(o.addDefault6, "ok");
    assert.match(o.badGateway, /^ENETUNREACH: .*203\.0\.113\.9.*Nexthop has invalid gateway/);
    assert.match(o.hostBits, /^EINVAL: .*Invalid prefix for given prefix length/);

    const va = o.vaIndex as number;
    const va2 = o.links.find((l: { name: string }) => l.name === "va2").index;
    // What we sent, dumped back by the kernel and decoded (round trip through the kernel).
    assert.deepEqual(o.list100, [
      `0.0.0.0/0 via 10.0.0.2 dev ${va} table 100 proto 186`,
      `10.50.0.0/24 via 10.0.1.2 dev ${va2} table 100 proto 186 metric 20`,
      `10.70.0.0/24 nexthop via 10.0.0.2 dev ${va} nexthop via 10.0.1.2 dev ${va2} weight 2 table 100 proto 186 metric 20`,
      `2001:db8:100::/48 via 2001:db8::2 dev ${va} table 100 proto 186 metric 20`,
    ]);
    assert.deepEqual(o.list70000, [
      `10.60.0.0/24 via 10.0.0.2 dev ${va} table 70000 proto 4 metric 5`,
      `2001:db8:200::/48 nexthop via 2001:db8::2 dev ${va} nexthop via 2001:db8:1::2 dev ${va2} table 70000 proto 186 metric 1024`,
      `2001:db8:300::/48 via 2001:db8:1::2 dev ${va2} table 70000 proto 186 metric 30`,
      `::/0 via 2001:db8::2 dev ${va} table 70000 proto 3 metric 1024`,
    ]);
    assert.equal(o.listAllHas70000, true);
    assert.deepEqual(o.get, { gateway: "no", oif: va2, dstLen: 32 });
    assert.match(o.getUnreachable, /^ENETUNREACH/);
    assert.equal(o.delete, "ok");
    assert.match(o.deleteAgain, /^ESRCH/);
    assert.match(o.deleteWrongProtocol, /^ESRCH/);
    assert.equal(o.deleteDefault, "ok");
    assert.equal(o.deleteDefault6, "ok");

    // The kernel's own view, through iproute2.
    const t100 = await n.ip("route", "show", "table", "100");
    assert.doesNotMatch(t100, /10\.50\.0\.0/);
    assert.doesNotMatch(t100, /default/);
    assert.match(t100, /10\.70\.0\.0\/24 proto bgp metric 20/);
    const t70k = await n.ip("route", "show", "table", "70000");
    assert.match(t70k, /10\.60\.0\.0\/24 via 10\.0\.0\.2 dev va proto static metric 5/);
    const t70k6 = await n.ip("-6", "route", "show", "table", "70000");
    assert.match(t70k6, /2001:db8:300::\/48 via 2001:db8:1::2 dev va2 proto bgp metric 30/);
    assert.doesNotMatch(t70k6, /default/);

    const byName = Object.fromEntries(o.links.map((l: { name: string }) => [l.name, l]));
    assert.equal(byName.va.up, true);
    assert.equal(byName.va.running, true);
    assert.equal(byName.va.kind, "veth");
    assert.equal(byName.br0.kind, "bridge");
    assert.equal(byName.vx.master, byName.br0.index);
    assert.equal(byName.vx.running, false, "vx is down");
    assert.equal(o.nameOfVa, "va");
    assert.equal(o.getLinkByName, va2);
    assert.match(o.getMissingLink, /^ENODEV/);
    assert.ok(o.addresses >= 2);
  } finally {
    await n.cleanup();
  }
});
