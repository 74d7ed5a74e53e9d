/** Scenario: the route and link API against the kernel of the test namespace. */
import { describeRoute, isLinkRunning, isLinkUp, NetlinkError } from "../../../src/netlink/mod.ts";
import { done, service } from "./_common.ts";

const { service: svc, transport } = service();
await svc.open();
const r = svc.routes;
const out: Record<string, unknown> = {};
async function attempt(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return "ok";
  } catch (e) {
    return e instanceof NetlinkError ? `${e.code}: ${e.message}` : `error: ${String(e)}`;
  }
}
const bgp = { table: 100, protocol: "bgp", metric: 20 } as const;

out.add100 = await attempt(() => r.add("10.50.0.0", 24, "10.0.0.2", bgp));
out.addAgain = await attempt(() => r.add("10.50.0.0", 24, "10.0.0.2", bgp));
out.replace = await attempt(() => r.replace("10.50.0.0", 24, "10.0.1.2", bgp));
out.add70000 = await attempt(() =>
  r.add("10.60.0.0", 24, "10.0.0.2", { table: 70000, protocol: "static", metric: 5 })
);
out.add6 = await attempt(() => r.add("2001:db8:100::", 48, "2001:db8::2", bgp));
out.add6wide = await attempt(() =>
  r.add("2001:db8:300::", 48, "2001:db8:1::2", { table: 70000, protocol: 186, metric: 30 })
);
out.mp4 = await attempt(() =>
  r.add("10.70.0.0", 24, [{ gateway: "10.0.0.2" }, { gateway: "10.0.1.2", weight: 2 }], bgp)
);
out.mp6 = await attempt(() =>
  r.add("2001:db8:200::", 48, [{ gateway: "2001:db8::2" }, { gateway: "2001:db8:1::2" }], {
    table: 70000,
    protocol: "bgp",
  })
);
out.addDefault = await attempt(() => r.addDefault("10.0.0.2", { table: 100, protocol: "bgp" }));
out.addDefault6 = await attempt(() => r.addDefault("2001:db8::2", { table: 70000 }));
out.badGateway = await attempt(() => r.add("10.51.0.0", 24, "203.0.113.9", { table: 100 }));
out.hostBits = await attempt(() => r.add("10.52.0.1", 24, "10.0.0.2", { table: 100 }));
out.list100 = (await r.list({ table: 100 })).map(describeRoute).sort();
out.list70000 = (await r.list({ table: 70000 })).map(describeRoute).sort();
out.listAllHas70000 = (await r.list()).some((x) => x.table === 70000);
const got = await r.get("10.0.1.77");
out.get = { gateway: got.gateway ? "yes" : "no", oif: got.oif, dstLen: got.dst.length };
out.getUnreachable = await attempt(() => r.get("203.0.113.1"));
out.delete = await attempt(() => r.delete("10.50.0.0", 24, null, bgp));
out.deleteAgain = await attempt(() => r.delete("10.50.0.0", 24, null, bgp));
out.deleteWrongProtocol = await attempt(() =>
  r.delete("10.60.0.0", 24, null, { table: 70000, protocol: "bgp" })
);
out.deleteDefault = await attempt(() => r.deleteDefault("10.0.0.2", { table: 100 }));
out.deleteDefault6 = await attempt(() => r.deleteDefault("2001:db8::2", { table: 70000 }));
out.links = (await svc.links.list()).map((l) => ({
  name: l.name,
  index: l.index,
  up: isLinkUp(l),
  running: isLinkRunning(l),
  kind: l.kind ?? null,
  master: l.master ?? null,
}));
out.vaIndex = await svc.links.indexOf("va");
out.nameOfVa = await svc.links.nameOf(out.vaIndex as number);
out.getLinkByName = (await svc.links.get("va2")).index;
out.getMissingLink = await attempt(() => svc.links.get("nope0"));
out.addresses = (await svc.links.addresses(6)).filter((a) => a.scope === 0).length;
await svc.close();
transport.close();
done(out);
