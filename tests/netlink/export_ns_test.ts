/**
 * The export reconciler against a real kernel: ownership by protocol AND metric, reconcile on
 * start (no flush), live best-path changes, unreachable next hops retried, operator deletes and
 * link flaps repaired, restart takes over, stop removes only own routes.
 */
import assert from "node:assert/strict";
import { createNlNamespaces, runScenario } from "./_netns.ts";

const T = "100";

Deno.test("export: reconcile, ownership, live changes, restart and stop (table 100)", async () => {
  const n = await createNlNamespaces();
  try {
    const r = (...a: string[]) => n.ip("route", "add", ...a, "table", T);
    await r("10.99.0.0/24", "via", "10.0.0.2", "proto", "static", "metric", "20"); // foreign, our metric
    await r("10.20.0.0/24", "via", "10.0.1.2", "proto", "static", "metric", "50"); // foreign, other metric
    await r("10.30.0.0/24", "via", "10.0.0.2", "proto", "186", "metric", "20"); // stale own route
    await r("10.21.0.0/24", "via", "10.0.0.2", "proto", "186", "metric", "20"); // own, already right
    await r("10.22.0.0/24", "via", "10.0.1.2", "proto", "186", "metric", "20"); // own, wrong next hop
    await r("10.23.0.0/24", "via", "10.0.0.2", "proto", "186", "metric", "30"); // 186 but not our metric
    await n.ip("route", "add", "172.16.0.0/16", "via", "10.0.1.2"); // for a recursive next hop
    const foreignBefore = await n.ip("route", "show", "table", T);

    const desired = [
      ["10.20.0.0/24", ["10.0.0.2"]],
      ["10.21.0.0/24", ["10.0.0.2"]],
      ["10.22.0.0/24", ["10.0.0.2"]],
      ["10.99.0.0/24", ["10.0.0.2"]],
      ["10.40.0.0/24", ["10.0.0.2", "10.0.1.2"]],
      ["2001:db8:40::/48", ["2001:db8::2", "2001:db8:1::2"]],
      ["2001:db8:41::/48", ["2001:db8::2"]],
      ["10.41.0.0/24", ["192.168.77.1"]],
      ["10.42.0.0/24", ["172.16.0.5"]],
      ["10.43.0.0/24", ["0.0.0.0"]],
    ];
    const { json: o } = await runScenario(n.ns, "export", { phase: "first", table: 100, desired });

    const start = o.afterStart;
    assert.deepEqual(start.v4, [
      "10.20.0.0/24 via 10.0.0.2 dev va metric 20",
      "10.21.0.0/24 via 10.0.0.2 dev va metric 20",
      "10.22.0.0/24 via 10.0.0.2 dev va metric 20",
      "10.23.0.0/24 via 10.0.0.2 dev va metric 30",
      "10.40.0.0/24 metric 20",
      "\tnexthop via 10.0.0.2 dev va weight 1",
      "\tnexthop via 10.0.1.2 dev va2 weight 1",
      "10.42.0.0/24 via 10.0.1.2 dev va2 metric 20",
    ]);
    assert.deepEqual(start.v6, [
      "2001:db8:40::/48 metric 20 pref medium",
      "\tnexthop via 2001:db8:1::2 dev va2 weight 1",
      "\tnexthop via 2001:db8::2 dev va weight 1",
      "2001:db8:41::/48 via 2001:db8::2 dev va metric 20 pref medium",
    ]);
    // 10.20 install, 10.22 replace, 10.40, 10.42, two IPv6: 6 writes; 10.21 was left alone.
    assert.equal(start.status.exported, 6);
    assert.equal(start.status.withdrawn, 1, "the stale 10.30.0.0/24 was deleted");
    assert.equal(start.status.foreign, 1, "10.99.0.0/24 belongs to someone else");
    assert.deepEqual(start.status.unresolved.map((u: { nextHop: string }) => u.nextHop), [
      "192.168.77.1",
    ]);
    assert.ok(o.reachableAfterMs >= 0, "the waiting route was installed once reachable");
    assert.ok(o.afterChange.includes("10.20.0.0/24 via 10.0.1.2 dev va2 metric 20"));
    assert.ok(!o.afterChange.some((l: string) => l.startsWith("10.21.0.0/24")));
    assert.ok(o.reinstalledAfterMs >= 0, "a route deleted by an operator comes back");
    assert.ok(
      !o.duringFlap.some((l: string) => l.startsWith("10.20.0.0/24")),
      "the kernel dropped routes via va2 silently",
    );
    assert.ok(o.repairedAfterMs >= 0, "the resync after the flap reinstalled them");

    // Never touched: the foreign route at our metric, the other-metric static, proto 186 metric 30.
    for (const line of foreignBefore.split("\n").filter((l) => /static|metric 30/.test(l))) {
      assert.ok(o.tableBeforeFlap.includes(line.trim()), `foreign route changed: ${line}`);
    }
    // After the flap: IPv6 dropped va2's address (keep_addr_on_down=0) and IPv4 its routes, so
    // the ECMP route keeps one path and 172.16.0.5 is unreachable: reported, not installed.
    assert.ok(o.final.v6.includes("2001:db8:40::/48 via 2001:db8::2 dev va metric 20 pref medium"));
    assert.deepEqual(
      o.final.status.unresolved.map((u: { nextHop: string }) => u.nextHop).sort(),
      ["172.16.0.5", "2001:db8:1::2"],
    );
    assert.ok(!o.final.v4.some((l: string) => l.startsWith("10.42.0.0/24")));
    const t100 = await n.ip("route", "show", "table", T);
    assert.match(t100, /10\.99\.0\.0\/24 via 10\.0\.0\.2 dev va proto static metric 20/);
    // The flap took the static metric-50 route too (the kernel's doing); put one back to show
    // that stopping the exporter leaves it alone.
    await r("10.20.0.0/24", "via", "10.0.0.2", "proto", "static", "metric", "50");

    // Restart: a new process takes over what the first one kept (keepOnStop), changing only
    // what differs; then it stops without keep and removes exactly its own routes.
    const before = (await n.ip("route", "show", "table", T, "proto", "186")).trim();
    const again = [
      ["10.20.0.0/24", ["10.0.1.2"]],
      ["10.40.0.0/24", ["10.0.0.2", "10.0.1.2"]],
      ["10.41.0.0/24", ["192.168.77.1"]],
      ["10.42.0.0/24", ["172.16.0.5"]],
      ["10.50.0.0/24", ["10.0.0.2"]],
    ];
    assert.match(before, /10\.22\.0\.0\/24/);
    const { json: p } = await runScenario(n.ns, "export", {
      phase: "restart",
      table: 100,
      desired: again,
    });
    assert.equal(p.final.status.exported, 1, "only 10.50.0.0/24 was missing");
    // 10.22 and the three IPv6 routes... v6 paths from phase 1 are stale now.
    assert.ok(p.afterStart.v4.includes("10.50.0.0/24 via 10.0.0.2 dev va metric 20"));
    assert.ok(!p.afterStart.v4.some((l: string) => l.startsWith("10.22.0.0/24")));
    assert.deepEqual(p.afterStart.v6, []);
    assert.deepEqual(p.afterStop.v4, ["10.23.0.0/24 via 10.0.0.2 dev va metric 30"]);
    assert.deepEqual(p.afterStop.v6, []);
    const after = await n.ip("route", "show", "table", T);
    assert.match(after, /10\.99\.0\.0\/24 via 10\.0\.0\.2 dev va proto static metric 20/);
    assert.match(after, /10\.20\.0\.0\/24 via 10\.0\.0\.2 dev va proto static metric 50/);
  } finally {
    await n.cleanup();
  }
});

Deno.test("export: a table above 255 reconciles through RTA_TABLE", async () => {
  const n = await createNlNamespaces();
  try {
    await n.ip(
      "route",
      "add",
      "10.30.0.0/24",
      "via",
      "10.0.0.2",
      "table",
      "70000",
      "proto",
      "186",
      "metric",
      "20",
    );
    const { json: o } = await runScenario(n.ns, "export", {
      phase: "restart",
      table: 70000,
      desired: [["10.60.0.0/24", ["10.0.0.2"]], ["2001:db8:60::/48", ["2001:db8:1::2"]]],
    });
    assert.deepEqual(o.afterStart.v4, ["10.60.0.0/24 via 10.0.0.2 dev va metric 20"]);
    assert.deepEqual(o.afterStart.v6, [
      "2001:db8:60::/48 via 2001:db8:1::2 dev va2 metric 20 pref medium",
    ]);
    assert.equal(o.afterStart.status.withdrawn, 1);
    assert.deepEqual(o.afterStop.v4, []);
    assert.deepEqual(o.afterStop.v6, []);
  } finally {
    await n.cleanup();
  }
});
