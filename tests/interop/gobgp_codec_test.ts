/**
 * Cross-checks the codec with a real gobgpd (Debian gobgpd 3.x) in a network namespace this test
 * creates (ebgp-wire-*, reached over a veth pair): a minimal scripted BGP peer built on the codec
 * exchanges OPEN/KEEPALIVE with gobgpd, decodes the IPv4 and IPv6 routes gobgpd announces, then
 * sends its own packed UPDATEs and reads them back through `gobgp neighbor ... adj-in` and
 * `gobgp global rib`. Needs root and gobgpd: a missing prerequisite fails the test (CI or not).
 * Ports 21000-21999. Everything is torn down in `finally`.
 */
import assert from "node:assert/strict";
import { formatKey, parseKey } from "../../src/common/prefix_key.ts";
import {
  type CodecContext,
  decodeMessage,
  DEFAULT_CODEC_CONTEXT,
  encodeKeepalive,
  encodeMessage,
  Framer,
  type MessageDecodeResult,
  negotiateCodecContext,
  type OpenMessage,
  peerAsOf,
  shutdownNotification,
  type UpdateMessage,
  UpdatePacker,
} from "../../src/wire/mod.ts";

/** The first of `paths` that exists (Debian ships both tools in /usr/bin). */
function findTool(paths: string[]): string | undefined {
  for (const p of paths) {
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch { /* try the next one */ }
  }
  return undefined;
}
const GOBGPD = findTool(["/usr/bin/gobgpd", "/usr/sbin/gobgpd"]) ?? "gobgpd";
const GOBGP = findTool(["/usr/bin/gobgp", "/usr/sbin/gobgp"]) ?? "gobgp";
const STEP_TIMEOUT_MS = 15_000;

interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(cmd: string, args: string[]): Promise<CmdResult> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(10_000),
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

async function must(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value or the step times out. */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ""}`);
}

/** Reads from `conn` until the framer yields a message, with a deadline. */
async function readMessage(
  conn: Deno.TcpConn,
  framer: Framer,
  ctx: CodecContext,
): Promise<MessageDecodeResult> {
  const buf = new Uint8Array(65536);
  for (;;) {
    const f = framer.next(ctx);
    if (f !== undefined) {
      if (f.type === "error") throw new Error(`framing error: ${f.reason}`);
      return decodeMessage(f.bytes, ctx);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), STEP_TIMEOUT_MS);
    });
    const n = await Promise.race([conn.read(buf), timeout]);
    clearTimeout(timer);
    if (n === null) throw new Error("connection closed or read timed out");
    framer.push(buf.slice(0, n));
  }
}

async function writeAll(conn: Deno.TcpConn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

interface GobgpPath {
  nlri: { prefix: string };
  attrs: Record<string, unknown>[];
}

/** `gobgp ... -j` output: { "prefix": [path, ...] } (or a list of destinations). */
function pathsOf(json: string): Map<string, GobgpPath> {
  const out = new Map<string, GobgpPath>();
  const data = JSON.parse(json.trim() === "" ? "{}" : json) as unknown;
  const dests = Array.isArray(data) ? data : Object.values(data as Record<string, unknown>);
  for (const d of dests) {
    for (const p of (Array.isArray(d) ? d : [d]) as GobgpPath[]) out.set(p.nlri.prefix, p);
  }
  return out;
}

function attr(p: GobgpPath, type: number): Record<string, unknown> | undefined {
  return p.attrs.find((a) => a.type === type);
}

async function checkPrerequisites(): Promise<void> {
  const missing: string[] = [];
  if (Deno.uid() !== 0) missing.push("root (network namespaces)");
  for (const f of [GOBGPD, GOBGP]) if (!f.startsWith("/")) missing.push(f);
  if ((await run("ip", ["netns", "list"]).catch(() => ({ code: 1 }))).code !== 0) {
    missing.push("iproute2 with netns support");
  }
  if (missing.length > 0) {
    assert.fail(`gobgpd interop needs ${missing.join(", ")} (a missing prerequisite fails)`);
  }
}

Deno.test("gobgpd interop: decode gobgpd's UPDATEs and have gobgpd accept ours", async () => {
  await checkPrerequisites();
  const id = crypto.randomUUID().replaceAll("-", "").slice(0, 6);
  const ns = `ebgp-wire-${id}`;
  const vethHost = `ebwh${id}`;
  const vethNs = `ebwn${id}`;
  const octet = 1 + Math.floor(Math.random() * 250);
  const hostIp = `10.211.${octet}.1`;
  const nsIp = `10.211.${octet}.2`;
  const bgpPort = 21000 + 2 * Math.floor(Math.random() * 400);
  const apiPort = bgpPort + 1;
  const dir = await Deno.makeTempDir({ prefix: "ebgp-wire-" });
  const gobgp = (...args: string[]) =>
    must("ip", ["netns", "exec", ns, GOBGP, "-p", String(apiPort), ...args]);

  let daemon: Deno.ChildProcess | undefined;
  let conn: Deno.TcpConn | undefined;
  try {
    await must("ip", ["netns", "add", ns]);
    await must("ip", ["link", "add", vethHost, "type", "veth", "peer", "name", vethNs]);
    await must("ip", ["link", "set", vethNs, "netns", ns]);
    await must("ip", ["addr", "add", `${hostIp}/30`, "dev", vethHost]);
    await must("ip", ["link", "set", vethHost, "up"]);
    await must("ip", ["-n", ns, "addr", "add", `${nsIp}/30`, "dev", vethNs]);
    await must("ip", ["-n", ns, "link", "set", vethNs, "up"]);
    await must("ip", ["-n", ns, "link", "set", "lo", "up"]);

    const config = `
[global.config]
  as = 65001
  router-id = "${nsIp}"
  port = ${bgpPort}
  local-address-list = ["${nsIp}"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "${hostIp}"
    peer-as = 65002
  [neighbors.transport.config]
    passive-mode = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
`;
    await Deno.writeTextFile(`${dir}/gobgpd.toml`, config);
    daemon = new Deno.Command("ip", {
      args: [
        "netns",
        "exec",
        ns,
        "sh",
        "-c",
        `exec ${GOBGPD} -f ${dir}/gobgpd.toml --api-hosts 127.0.0.1:${apiPort} ` +
        `--pprof-disable -p >${dir}/gobgpd.log 2>&1`,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    await until("gobgpd's API", async () => (await gobgp("global")) || undefined);

    // Routes gobgpd will announce to us, with the attributes the issue asks for.
    await gobgp(
      "global",
      "rib",
      "-a",
      "ipv4",
      "add",
      "198.51.100.0/24",
      "nexthop",
      nsIp,
      "community",
      "65001:100",
      "med",
      "50",
      "large-community",
      "65001:1:2",
      "origin",
      "igp",
    );
    await gobgp(
      "global",
      "rib",
      "-a",
      "ipv6",
      "add",
      "2001:db8:100::/48",
      "community",
      "65001:200",
    );

    conn = await until("a TCP connection to gobgpd", async () => {
      return await Deno.connect({ hostname: nsIp, port: bgpPort });
    });

    // ---------------------------------------------------------------- OPEN / KEEPALIVE
    const localOpen: OpenMessage = {
      type: "open",
      version: 4,
      myAs: 65002,
      holdTime: 90,
      bgpId: 0x0ad3_0001,
      capabilities: [
        { type: "multiprotocol", afi: 1, safi: 1 },
        { type: "multiprotocol", afi: 2, safi: 1 },
        { type: "route-refresh" },
        { type: "four-octet-as", asn: 65002 },
      ],
    };
    await writeAll(conn, encodeMessage(localOpen, DEFAULT_CODEC_CONTEXT));
    const framer = new Framer();
    const open = await readMessage(conn, framer, DEFAULT_CODEC_CONTEXT);
    assert.equal(open.type, "open", JSON.stringify(open));
    if (open.type !== "open") return;
    assert.equal(peerAsOf(open.message), 65001);
    assert.ok(open.message.capabilities.some((c) => c.type === "four-octet-as"));
    const ctx = negotiateCodecContext(localOpen, open.message);
    assert.equal(ctx.fourOctetAs, true);
    await writeAll(conn, encodeKeepalive());
    const ka = await readMessage(conn, framer, ctx);
    assert.equal(ka.type, "keepalive", JSON.stringify(ka));

    // ---------------------------------------------------------------- gobgpd -> us
    const received: UpdateMessage[] = [];
    const want4 = parseKey("198.51.100.0/24");
    const want6 = parseKey("2001:db8:100::/48");
    const has = (k: string | number) =>
      received.some((u) => u.nlri.prefixes.includes(k) || u.mpReach?.nlri.prefixes.includes(k));
    while (!has(want4) || !has(want6)) {
      const m = await readMessage(conn, framer, ctx);
      if (m.type === "keepalive") continue;
      assert.equal(m.type, "update", JSON.stringify(m));
      if (m.type !== "update") return;
      assert.deepEqual(m.issues, [], "gobgpd's UPDATE decodes without issues");
      received.push(m.message);
    }
    const u4 = received.find((u) => u.nlri.prefixes.includes(want4))!;
    assert.deepEqual(u4.attributes.origin, 0);
    assert.deepEqual(u4.attributes.asPath, [{ type: 2, asns: [65001] }]);
    assert.equal(u4.attributes.nextHop, nsIp);
    assert.equal(u4.attributes.med, 50);
    assert.deepEqual(u4.attributes.communities, [(65001 << 16 | 100) >>> 0]);
    assert.deepEqual(u4.attributes.largeCommunities, [[65001, 1, 2]]);
    const u6 = received.find((u) => u.mpReach?.nlri.prefixes.includes(want6))!;
    assert.equal(u6.mpReach?.afi, 2);
    assert.deepEqual(u6.attributes.asPath, [{ type: 2, asns: [65001] }]);
    assert.deepEqual(u6.attributes.communities, [(65001 << 16 | 200) >>> 0]);
    assert.ok(u6.mpReach?.nextHop.includes(":"), `IPv6 next hop ${u6.mpReach?.nextHop}`);

    // ---------------------------------------------------------------- us -> gobgpd
    const packer = new UpdatePacker(ctx);
    const ours4 = ["203.0.113.0/24", "192.0.2.128/25", "100.64.0.0/10"].map(parseKey);
    packer.announce(
      packer.prepare({
        origin: 0,
        asPath: [{ type: 2, asns: [65002, 4200000000] }],
        nextHop: hostIp,
        med: 7,
        communities: [(65002 << 16 | 1) >>> 0],
        largeCommunities: [[65002, 3, 4]],
        extendedCommunities: [0x0002fdea00000064n],
      }),
      ours4,
    );
    const ours6 = ["2001:db8:200::/48", "2001:db8:201::/48"].map(parseKey);
    packer.announce(
      packer.prepare(
        { origin: 2, asPath: [{ type: 2, asns: [65002] }], communities: [(65002 << 16 | 6) >>> 0] },
        { afi: 2, safi: 1 },
        { nextHop: "2001:db8::1" },
      ),
      ours6,
    );
    await writeAll(conn, packer.take());

    const adj4 = await until("our IPv4 routes in gobgpd's adj-in", async () => {
      const paths = pathsOf(await gobgp("neighbor", hostIp, "adj-in", "-a", "ipv4", "-j"));
      return ours4.every((k) => paths.has(formatKey(k))) ? paths : undefined;
    });
    for (const k of ours4) {
      const p = adj4.get(formatKey(k))!;
      assert.equal(attr(p, 1)?.value, 0, "ORIGIN IGP");
      assert.deepEqual(attr(p, 2)?.as_paths, [
        { segment_type: 2, num: 2, asns: [65002, 4200000000] },
      ]);
      assert.equal(attr(p, 3)?.nexthop, hostIp);
      assert.equal(attr(p, 4)?.metric, 7);
      assert.deepEqual(attr(p, 8)?.communities, [(65002 << 16 | 1) >>> 0]);
      assert.deepEqual(attr(p, 32)?.value, [{ ASN: 65002, LocalData1: 3, LocalData2: 4 }]);
      assert.ok(attr(p, 16), `extended communities in ${JSON.stringify(p.attrs)}`);
    }
    const adj6 = await until("our IPv6 routes in gobgpd's adj-in", async () => {
      const paths = pathsOf(await gobgp("neighbor", hostIp, "adj-in", "-a", "ipv6", "-j"));
      return ours6.every((k) => paths.has(formatKey(k))) ? paths : undefined;
    });
    for (const k of ours6) {
      const p = adj6.get(formatKey(k))!;
      assert.equal(attr(p, 1)?.value, 2, "ORIGIN INCOMPLETE");
      assert.equal(attr(p, 14)?.nexthop, "2001:db8::1");
      assert.deepEqual(attr(p, 8)?.communities, [(65002 << 16 | 6) >>> 0]);
    }
    const rib4 = pathsOf(await gobgp("global", "rib", "-a", "ipv4", "-j"));
    for (const k of ours4) assert.ok(rib4.has(formatKey(k)), `${formatKey(k)} in global rib`);

    // Withdraw one IPv4 and one IPv6 prefix (Withdrawn Routes / MP_UNREACH_NLRI).
    packer.withdraw({ afi: 1, safi: 1 }, [ours4[0]!]);
    packer.withdraw({ afi: 2, safi: 1 }, [ours6[0]!]);
    await writeAll(conn, packer.take());
    await until("the withdrawals in gobgpd's adj-in", async () => {
      const p4 = pathsOf(await gobgp("neighbor", hostIp, "adj-in", "-a", "ipv4", "-j"));
      const p6 = pathsOf(await gobgp("neighbor", hostIp, "adj-in", "-a", "ipv6", "-j"));
      const gone = !p4.has(formatKey(ours4[0]!)) && !p6.has(formatKey(ours6[0]!));
      return gone && p4.has(formatKey(ours4[1]!)) && p6.has(formatKey(ours6[1]!))
        ? true
        : undefined;
    });

    await writeAll(conn, encodeMessage(shutdownNotification("edgebgp interop test done"), ctx));
  } catch (e) {
    let log = "";
    try {
      log = await Deno.readTextFile(`${dir}/gobgpd.log`);
    } catch { /* no log yet */ }
    throw new Error(`${e instanceof Error ? e.stack : e}\n--- gobgpd log ---\n${log.slice(-4000)}`);
  } finally {
    try {
      conn?.close();
    } catch { /* already closed */ }
    if (daemon) {
      try {
        daemon.kill("SIGTERM");
      } catch { /* already exited */ }
      const timer = setTimeout(() => {
        try {
          daemon?.kill("SIGKILL");
        } catch { /* exited */ }
      }, 3000);
      await daemon.status;
      clearTimeout(timer);
    }
    // Deleting the namespace also removes the veth pair.
    await run("ip", ["netns", "del", ns]).catch(() => undefined);
    await run("ip", ["link", "del", vethHost]).catch(() => undefined);
    await Deno.remove(dir, { recursive: true }).catch(() => undefined);
  }
});
