/**
 * Connected-prefix import from real veth interfaces selected by shell globs, live: address and
 * link changes, renames and new interfaces are announced or withdrawn within a second.
 */
import assert from "node:assert/strict";
import { poll } from "../_helpers/netns.ts";
import { createNlNamespaces, runScenario } from "./_netns.ts";

Deno.test("import: globs pick interfaces; live address/link/rename/create changes within 1 s", async () => {
  const n = await createNlNamespaces();
  try {
    // name in NS, peer name, IPv4 address, admin state
    const links: [string, string, string, boolean][] = [
      ["eth0", "peth0", "10.1.0.1/24", true],
      ["eth1", "peth1", "10.6.0.1/24", false],
      ["vlan1", "pvlan1", "10.2.0.1/24", true],
      ["vlan10", "pvlan10", "10.3.0.1/24", true],
      ["ax0", "pax0", "10.4.0.1/24", true],
      ["cx0", "pcx0", "10.5.0.1/24", true],
    ];
    for (const [name, peerName, addr, up] of links) {
      await n.ip("link", "add", name, "type", "veth", "peer", "name", peerName, "netns", n.peer);
      await n.ipPeer("link", "set", peerName, "up");
      await n.ip("addr", "add", addr, "dev", name);
      if (up) await n.ip("link", "set", name, "up");
    }
    await n.ip("-6", "addr", "add", "2001:db8:e0::1/64", "dev", "eth0", "nodad");
    await n.ip("addr", "add", "10.9.9.9/32", "dev", "ax0");
    await n.ip("addr", "add", "127.0.0.2/8", "dev", "lo");

    // Operational state follows admin state asynchronously (linkwatch): settle first.
    await poll("links up", async () => {
      const text = await n.ip("-o", "link", "show");
      return ["eth0", "vlan1", "vlan10", "ax0", "cx0"].every((d) =>
        new RegExp(`: ${d}@\\S+: .*state UP`).test(text)
      );
    });
    const { json: o } = await runScenario(n.ns, "import", {
      peer: n.peer,
      patterns: ["eth*", "vlan?", "[ab]*", "lo"],
    });

    assert.deepEqual(o.initial, [
      "add 10.1.0.0/24 eth0",
      "add 10.2.0.0/24 vlan1",
      "add 10.4.0.0/24 ax0",
      "add 10.9.9.9/32 ax0",
      "add 2001:db8:e0::/64 eth0",
    ]);
    const steps = Object.fromEntries(
      o.steps.map((s: { name: string }) => [s.name, s]),
    ) as Record<string, { events: string[]; latencyMs: number | null }>;
    const expect: Record<string, string[]> = {
      "address added": ["add 10.7.0.0/24 eth0"],
      "address removed": ["withdraw 10.7.0.0/24 eth0"],
      "secondary in same prefix": [],
      "link up": ["add 10.6.0.0/24 eth1"],
      "link down": ["withdraw 10.6.0.0/24 eth1"],
      "renamed into a pattern": ["add 10.3.0.0/24 vlan2"],
      "renamed out of the patterns": ["withdraw 10.4.0.0/24 ax0", "withdraw 10.9.9.9/32 ax0"],
      "interface created": ["add 10.8.0.0/24 bnew"],
      "carrier lost": ["withdraw 10.2.0.0/24 vlan1"],
      "carrier back": ["add 10.2.0.0/24 vlan1"],
      "link-local and loopback-like addresses": [],
    };
    for (const [name, events] of Object.entries(expect)) {
      assert.deepEqual(steps[name]?.events, events, name);
      if (events.length > 0) {
        // The kernel reports carrier (operstate) changes through linkwatch, which delays them up
        // to a second by itself; the import adds nothing measurable on top.
        const linkwatch = ["carrier lost", "renamed into a pattern", "interface created"];
        const bound = linkwatch.includes(name) ? 2000 : 1000;
        assert.ok(steps[name]!.latencyMs! < bound, `${name}: ${steps[name]!.latencyMs} ms`);
      }
    }
    assert.deepEqual(o.duringDad, [], "a tentative address is not imported");
    assert.deepEqual(o.afterDad, ["add 2001:db8:e1::/64 eth0"]);
    assert.ok(o.dadMs >= 150, `imported ${o.dadMs} ms after the add, before DAD finished`);
    // At close: everything announced is withdrawn.
    assert.equal(o.withdrawnOnClose, o.counters.announced);
    assert.ok(o.counters.announced >= 6);
    const verdicts = Object.fromEntries(
      o.verdicts.map((v: { name: string; verdict: string }) => [v.name, v.verdict]),
    );
    assert.equal(verdicts.lo, "loopback");
    assert.equal(verdicts.eth1, "down");
    assert.equal(verdicts.eth0, "eligible");
  } finally {
    await n.cleanup();
  }
});
