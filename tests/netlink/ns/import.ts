/**
 * Scenario: live connected-prefix import from veth interfaces matching globs. Each step changes
 * the namespace with `ip` and records the import events that follow (and how long they took).
 */
import { formatPrefix } from "../../../src/common/ip.ts";
import type { ImportEvent } from "../../../src/netlink/mod.ts";
import { args, done, ip, service, sleep } from "./_common.ts";

const { peer, patterns } = args() as { peer: string; patterns: string[] };
const { service: svc, transport } = service();
const seen: { t: number; e: ImportEvent }[] = [];
const fmt = (e: ImportEvent) => `${e.type} ${formatPrefix(e.prefix)} ${e.interface}`;

const importer = await svc.enableImport(
  { vrf: "", interfaceList: patterns },
  (events) => {
    for (const e of events) seen.push({ t: performance.now(), e });
  },
);
const initial = seen.splice(0).map((x) => fmt(x.e)).sort();

/** Runs `cmds`, then collects events until quiet (150 ms after the last) or 1.5 s. */
async function step(name: string, cmds: string[][]) {
  const start = performance.now();
  for (const c of cmds) await ip(...c);
  const deadline = start + 1500;
  for (;;) {
    await sleep(20);
    const last = seen.at(-1)?.t;
    const now = performance.now();
    if (now > deadline || (last !== undefined && now - last > 150)) break;
  }
  const got = seen.splice(0);
  return {
    name,
    events: got.map((x) => fmt(x.e)).sort(),
    latencyMs: got.length > 0 ? Math.round(Math.max(...got.map((x) => x.t)) - start) : null,
  };
}

const steps = [];
steps.push(await step("address added", [["addr", "add", "10.7.0.1/24", "dev", "eth0"]]));
steps.push(await step("address removed", [["addr", "del", "10.7.0.1/24", "dev", "eth0"]]));
steps.push(await step("secondary in same prefix", [["addr", "add", "10.1.0.9/24", "dev", "eth0"]]));
steps.push(await step("link up", [["link", "set", "eth1", "up"]]));
steps.push(await step("link down", [["link", "set", "eth1", "down"]]));
steps.push(
  await step("renamed into a pattern", [
    ["link", "set", "vlan10", "down"],
    ["link", "set", "vlan10", "name", "vlan2"],
    ["link", "set", "vlan2", "up"],
  ]),
);
steps.push(
  await step("renamed out of the patterns", [
    ["link", "set", "ax0", "down"],
    ["link", "set", "ax0", "name", "zz0"],
    ["link", "set", "zz0", "up"],
  ]),
);
steps.push(
  await step("interface created", [
    ["link", "add", "bnew", "type", "veth", "peer", "name", "bnewp", "netns", peer],
    ["-n", peer, "link", "set", "bnewp", "up"],
    ["addr", "add", "10.8.0.1/24", "dev", "bnew"],
    ["link", "set", "bnew", "up"],
  ]),
);
steps.push(await step("carrier lost", [["-n", peer, "link", "set", "pvlan1", "down"]]));
steps.push(await step("carrier back", [["-n", peer, "link", "set", "pvlan1", "up"]]));
steps.push(
  await step("link-local and loopback-like addresses", [
    ["addr", "add", "169.254.7.7/16", "dev", "eth0"],
    ["-6", "addr", "add", "fe80::77/64", "dev", "eth0", "nodad"],
    ["addr", "add", "224.0.0.77/32", "dev", "eth0"],
  ]),
);
// Without nodad the IPv6 address is tentative until DAD completes (about a second).
const tentativeStart = performance.now();
await ip("-6", "addr", "add", "2001:db8:e1::1/64", "dev", "eth0");
await sleep(150);
const duringDad = seen.map((x) => fmt(x.e));
let afterDad: string[] = [];
for (let i = 0; i < 60 && afterDad.length === 0; i++) {
  await sleep(50);
  afterDad = seen.map((x) => fmt(x.e));
}
const dadMs = Math.round((seen.at(-1)?.t ?? tentativeStart) - tentativeStart);
seen.splice(0);

const status = svc.status();
const before = importer.counters();
await svc.close();
transport.close();
done({
  initial,
  steps,
  duringDad,
  afterDad,
  dadMs,
  counters: before,
  withdrawnOnClose: importer.counters().withdrawn - before.withdrawn,
  verdicts: status.import?.links,
});
