/**
 * Scenario: the export reconciler against the kernel. Phase "first" reconciles a prepared
 * table and follows live changes; phase "restart" is a second process taking over the routes
 * left by the first (keepOnStop) and finally removing them.
 */
import { parseIp } from "../../../src/common/ip.ts";
import { parseKey } from "../../../src/common/prefix_key.ts";
import type { ExportNextHop, FibExporter } from "../../../src/netlink/mod.ts";
import { args, done, ip, service, sleep } from "./_common.ts";

const a = args() as {
  phase: "first" | "restart" | "wide";
  table: number;
  desired: [string, string[]][];
};
const { service: svc, transport } = service();
const nhs = (list: string[]): ExportNextHop[] => list.map((x) => ({ address: parseIp(x) }));
const routes = async (family = "-4") =>
  (await ip(family, "route", "show", "table", String(a.table), "proto", "186")).trim().split("\n")
    .map((l) => l.trimEnd()).filter(Boolean);

const ex: FibExporter = await svc.enableExport(
  { vrf: "", table: a.table, keepOnStop: true, debounceMs: 5, resyncDelayMs: 200 },
  a.desired.map(([p, list]) => [parseKey(p), nhs(list)] as const),
);
const out: Record<string, unknown> = {};
out.afterStart = { v4: await routes(), v6: await routes("-6"), status: ex.status() };

async function until(_what: string, f: () => Promise<boolean>, ms = 3000): Promise<number> {
  const t0 = performance.now();
  while (!(await f())) {
    if (performance.now() - t0 > ms) return -1;
    await sleep(25);
  }
  return Math.round(performance.now() - t0);
}

if (a.phase === "first") {
  // The unreachable next hop becomes reachable: the waiting route is installed.
  await ip("addr", "add", "192.168.77.2/24", "dev", "va2");
  out.reachableAfterMs = await until(
    "10.41 installed",
    async () => (await routes()).some((l) => l.startsWith("10.41.0.0/24")),
  );
  // Best path changes and a withdrawal.
  ex.set(parseKey("10.20.0.0/24"), nhs(["10.0.1.2"]));
  ex.delete(parseKey("10.21.0.0/24"));
  await ex.flush();
  out.afterChange = await routes();
  // An operator deletes one of our routes: it comes back.
  await ip(
    "route",
    "del",
    "10.22.0.0/24",
    "table",
    String(a.table),
    "proto",
    "186",
    "metric",
    "20",
  );
  out.reinstalledAfterMs = await until(
    "10.22 back",
    async () => (await routes()).some((l) => l.startsWith("10.22.0.0/24")),
  );
  out.tableBeforeFlap = await ip("route", "show", "table", String(a.table));
  // A link flap: IPv4 silently drops the routes through va2; the resync puts them back.
  await ip("link", "set", "va2", "down");
  await sleep(100);
  out.duringFlap = await routes();
  await ip("link", "set", "va2", "up");
  out.repairedAfterMs = await until(
    "10.20 back",
    async () => (await routes()).some((l) => l.startsWith("10.20.0.0/24 via 10.0.1.2")),
    5000,
  );
  out.final = { v4: await routes(), v6: await routes("-6"), status: ex.status() };
  await svc.disableExport(true);
} else {
  out.final = { status: ex.status() };
  await svc.disableExport(false);
  out.afterStop = { v4: await routes(), v6: await routes("-6") };
}
await svc.close();
transport.close();
done(out);
