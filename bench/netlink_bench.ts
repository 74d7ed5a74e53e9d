/**
 * Kernel route programming throughput, in a network namespace the bench creates and deletes:
 * install and remove 1,000,000 IPv4 /32 routes (table 100, proto 186, via a veth neighbour)
 * through edgebgp's batched FFI path, then the same install with `ip -batch`, and the same
 * through the export reconciler. A 5 ms interval timer measures the longest event-loop stall
 * while edgebgp's code runs. Prints JSON lines:
 *   {"bench":"netlink.install","value":...,"unit":"routes/s"}
 *
 * Usage: deno run -A bench/netlink_bench.ts [ROUTES]   (root; ROUTES default 1000000)
 * The outer process sets up the namespace and re-runs this file inside it (`--inside`).
 */
import { FfiTransport } from "../ffi/mod.ts";
import { systemClock } from "../src/speaker/system_clock.ts";
import {
  encodeRouteMessage,
  FibExporter,
  NetlinkSocket,
  NLM_F,
  RouteApi,
  RT_SCOPE,
  RTM,
  RTN,
} from "../src/netlink/mod.ts";
import { parseIp } from "../src/common/ip.ts";
import { ipv4Key } from "../src/common/prefix_key.ts";

const TABLE = 100;
const GATEWAY = parseIp("10.0.0.2");

function emit(bench: string, value: number, unit: string): void {
  // deno-lint-ignore no-console
  console.log(JSON.stringify({ bench, value: Math.round(value * 100) / 100, unit }));
}

async function sh(cmd: string, args: string[], input?: string): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: input === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (input !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(input));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${dec.decode(out.stderr)}`);
  return dec.decode(out.stdout);
}

/** Longest gap between 5 ms ticks, minus the interval: how long the loop was blocked. */
class StallMeter {
  #last = performance.now();
  #max = 0;
  #id: ReturnType<typeof setInterval>;
  constructor() {
    this.#id = setInterval(() => {
      const now = performance.now();
      this.#max = Math.max(this.#max, now - this.#last - 5);
      this.#last = now;
    }, 5);
  }
  /** Starts a new measurement window (what ran before does not count). */
  reset(): void {
    this.#last = performance.now();
    this.#max = 0;
  }
  get max(): number {
    return Math.max(0, this.#max);
  }
  stop(): number {
    clearInterval(this.#id);
    return Math.max(0, this.#max);
  }
}

function addr(i: number): Uint8Array {
  return new Uint8Array([11, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff]);
}

async function inside(n: number): Promise<void> {
  const transport = new FfiTransport();
  const channel = transport.open({
    command: true,
    receiveBufferBytes: 8 << 20,
    sendBufferBytes: 1 << 20,
  });
  const socket = new NetlinkSocket(channel, () => transport.yieldNow());
  const indexes = {
    *[Symbol.iterator]() {
      for (let i = 0; i < n; i++) yield i;
    },
  };
  const encode =
    (type: number, flags: number) =>
    (w: Parameters<typeof encodeRouteMessage>[0], i: number, seq: number) =>
      encodeRouteMessage(w, type, flags, seq, {
        family: 4,
        dst: { family: 4, length: 32, bytes: addr(i) },
        table: TABLE,
        protocol: 186,
        scope: type === RTM.DELROUTE ? RT_SCOPE.NOWHERE : RT_SCOPE.UNIVERSE,
        type: type === RTM.DELROUTE ? RTN.UNSPEC : RTN.UNICAST,
        metric: 20,
        ...(type === RTM.DELROUTE ? {} : { gateway: GATEWAY }),
      });

  const meter = new StallMeter();
  let t0 = performance.now();
  const add = await socket.applyBatch(
    indexes,
    encode(RTM.NEWROUTE, NLM_F.REQUEST | NLM_F.CREATE | NLM_F.EXCL),
    (i) => `route ${i}`,
  );
  const addS = (performance.now() - t0) / 1000;
  const addStall = meter.max;
  if (add.failed.length + add.unknown.length > 0) {
    throw new Error(
      `install: ${add.failed.length} failed, ${add.unknown.length} unknown: ${
        add.failed[0]?.error.message
      }`,
    );
  }
  const listed = (await sh("ip", ["-4", "route", "show", "table", String(TABLE)])).split("\n")
    .filter(Boolean).length;
  if (listed !== n) throw new Error(`kernel holds ${listed} routes, expected ${n}`);
  meter.reset();
  t0 = performance.now();
  const del = await socket.applyBatch(
    indexes,
    encode(RTM.DELROUTE, NLM_F.REQUEST),
    (i) => `route ${i}`,
  );
  const delS = (performance.now() - t0) / 1000;
  const stall = Math.max(addStall, meter.stop());
  if (del.failed.length + del.unknown.length > 0) throw new Error("remove failed");
  emit("netlink.install", n / addS, "routes/s");
  emit("netlink.remove", n / delS, "routes/s");
  emit("netlink.max_event_loop_stall", stall, "ms");

  // The same install through iproute2, one request + ACK per route.
  let text = "";
  for (let i = 0; i < n; i++) {
    const a = addr(i);
    text += `route add ${a[0]}.${a[1]}.${a[2]}.${
      a[3]
    }/32 via 10.0.0.2 table ${TABLE} proto 186 metric 20\n`;
  }
  t0 = performance.now();
  await sh("ip", ["-batch", "-"], text);
  const ipS = (performance.now() - t0) / 1000;
  emit("ip_batch.install", n / ipS, "routes/s");
  emit("netlink.install_vs_ip_batch", ipS / addS, "x");
  // Clean up through our own path (not measured).
  await socket.applyBatch(indexes, encode(RTM.DELROUTE, NLM_F.REQUEST), (i) => `route ${i}`);

  // The export reconciler: best paths in, kernel routes out (resolution, diff, batches).
  const meter2 = new StallMeter();
  const exporter = new FibExporter(
    {
      socket,
      lookup: (d, o) => new RouteApi(socket).get(d, o),
      clock: systemClock,
      yieldNow: () => transport.yieldNow(),
    },
    { table: TABLE, safetyIntervalMs: 0 },
  );
  await exporter.start();
  const nh = [{ address: GATEWAY }];
  t0 = performance.now();
  for (let i = 0; i < n; i++) {
    exporter.set(ipv4Key(((11 << 24) >>> 0) + i, 32), nh);
    if ((i & 0x1fff) === 0x1fff) await transport.yieldNow();
  }
  await exporter.flush();
  const exS = (performance.now() - t0) / 1000;
  const exStatus = exporter.status();
  await exporter.stop(false);
  const exStall = meter2.stop();
  if (exStatus.installed !== n) throw new Error(`exporter installed ${exStatus.installed}`);
  emit("netlink.export.install", n / exS, "routes/s");
  emit("netlink.export.max_event_loop_stall", exStall, "ms");

  await socket.close();
  transport.close();
}

async function outside(n: number): Promise<void> {
  if (Deno.uid() !== 0) throw new Error("netlink_bench needs root (network namespaces)");
  const tag = [...crypto.getRandomValues(new Uint8Array(3))]
    .map((x) => x.toString(16).padStart(2, "0")).join("");
  const ns = `ebgp-nl-bench-${tag}`;
  const peer = `${ns}-p`;
  try {
    await sh("ip", ["netns", "add", ns]);
    await sh("ip", ["netns", "add", peer]);
    await sh("ip", ["-n", ns, "link", "set", "lo", "up"]);
    await sh("ip", [
      "-n",
      ns,
      "link",
      "add",
      "va",
      "type",
      "veth",
      "peer",
      "name",
      "vb",
      "netns",
      peer,
    ]);
    await sh("ip", ["-n", ns, "addr", "add", "10.0.0.1/24", "dev", "va"]);
    await sh("ip", ["-n", peer, "addr", "add", "10.0.0.2/24", "dev", "vb"]);
    await sh("ip", ["-n", ns, "link", "set", "va", "up"]);
    await sh("ip", ["-n", peer, "link", "set", "vb", "up"]);
    const child = new Deno.Command("ip", {
      args: [
        "netns",
        "exec",
        ns,
        Deno.execPath(),
        "run",
        "--allow-all",
        "--v8-flags=--max-old-space-size=8192",
        new URL(import.meta.url).pathname,
        "--inside",
        String(n),
      ],
      stdout: "inherit",
      stderr: "inherit",
    });
    const { code } = await child.output();
    if (code !== 0) throw new Error(`bench inside ${ns} failed (${code})`);
  } finally {
    for (const x of [ns, peer]) await sh("ip", ["netns", "del", x]).catch(() => {});
  }
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--inside");
  if (i >= 0) await inside(Number(Deno.args[i + 1]));
  else await outside(Number(Deno.args.find((a) => /^[0-9]+$/.test(a)) ?? 1_000_000));
}
