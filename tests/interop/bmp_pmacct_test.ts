/**
 * The BMP client against a real collector, Debian's pmacct `pmbmpd` (JSON message log), with a
 * tshark capture of the same TCP sessions decoded independently. Loopback only, port 24190.
 *
 * Scenario (a scripted speaker with real BGP bytes): three peers (one with a legacy 2-octet AS
 * session, one over IPv6), views pre-policy, post-policy, Adj-RIB-Out post-policy and Loc-RIB;
 * the initial dump, statistics, live announces and withdraws, a peer flap, a local peer
 * shutdown; then pmbmpd is killed, a route changes while it is away, a new pmbmpd starts and
 * the client reconnects and resyncs in full; finally the collector is removed (Termination).
 */
import assert from "node:assert/strict";
import { parseIp } from "../../src/common/ip.ts";
import { Logger } from "../../src/common/log.ts";
import {
  BmpClient,
  type BmpEvent,
  type BmpMessage,
  BmpStreamDecoder,
  type BmpView,
} from "../../src/bmp/mod.ts";
import { notificationPdu } from "../bmp/_bgp.ts";
import { announce, FakeSource, peerUp, peerUp6, withdraw } from "../bmp/_scenario.ts";
import { Daemon, readText, requireBinaries, until } from "./_bmp_tools.ts";

const PORT = 24190;
const VIEWS: BmpView[] = ["pre-policy", "post-policy", "adj-rib-out-post", "loc-rib"];
const COLLECTOR = { address: parseIp("127.0.0.1"), port: PORT };
/** pmbmpd log lines that mean it dropped or misread something. */
const COMPLAINTS =
  /WARN|ERROR|discard|missing peer up|Unicorn|malformed|failed|unknown|incomplete|unsupported/i;

type LogLine = Record<string, unknown>;

function msglog(path: string): LogLine[] {
  return readText(path).split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
}

/** Lines of one bmp_msg_type (or event_type for log_init/log_close). */
function ofType(lines: LogLine[], type: string): LogLine[] {
  return lines.filter((l) => l.bmp_msg_type === type || l.event_type === type);
}

function pmbmpdConfig(dir: string, n: number): string {
  const path = `${dir}/pmbmpd-${n}.conf`;
  Deno.writeTextFileSync(
    path,
    [
      `bmp_daemon_ip: 127.0.0.1`,
      `bmp_daemon_port: ${PORT}`,
      `bmp_daemon_max_peers: 16`,
      `bmp_daemon_msglog_file: ${dir}/msglog-${n}.json`,
      `bmp_daemon_msglog_output: json`,
      `logfile: ${dir}/pmbmpd-${n}.log`,
      ``,
    ].join("\n"),
  );
  return path;
}

async function startPmbmpd(bin: string, dir: string, n: number): Promise<Daemon> {
  const d = new Daemon(`pmbmpd-${n}`, bin, ["-f", pmbmpdConfig(dir, n)]);
  await until(
    `pmbmpd ${n} listening`,
    () => readText(`${dir}/pmbmpd-${n}.log`).includes("waiting for BMP data"),
    10_000,
  );
  return d;
}

Deno.test("bmp interop: pmbmpd logs every message without complaint; tshark decodes the capture", async () => {
  const bins = requireBinaries(["pmbmpd", "tshark"]);
  if (!bins) return;
  const dir = Deno.makeTempDirSync({ prefix: "edgebgp-bmp-pmacct-" });
  const pcap = `${dir}/bmp.pcapng`;
  const daemons: Daemon[] = [];
  const source = new FakeSource(4);
  const logs: string[] = [];
  const client = new BmpClient({
    source,
    sysName: "edgebgp-interop",
    sysDescr: "edgebgp BMP interop test",
    logger: new Logger({ level: "debug", sink: (l) => logs.push(l) }),
    reconnectInitialMs: 100,
    reconnectMaxMs: 400,
  });
  const emit = (e: BmpEvent) => {
    source.apply(e);
    client.push(e);
  };
  let ok = false;
  try {
    const tshark = new Daemon("tshark", bins.get("tshark")!, [
      "-i",
      "lo",
      "-f",
      `tcp port ${PORT}`,
      "-w",
      pcap,
      "-q",
    ]);
    daemons.push(tshark);
    await until("tshark capturing", () => tshark.stderr.includes("Capturing on"), 10_000);
    const pm1 = await startPmbmpd(bins.get("pmbmpd")!, dir, 1);
    daemons.push(pm1);

    // ---- the speaker's state before the collector is added
    emit(peerUp(1));
    emit(peerUp(2, false)); // legacy 2-octet AS session: A flag, 2-octet AS_PATH
    emit(peerUp6(3));
    const p1 = "192.0.2.1", p2 = "192.0.2.2", p3 = "2001:db8::3";
    const two = ["198.51.100.0/24", "198.51.101.0/24"];
    emit(announce("pre-policy", p1, two, [65001, 64512]));
    emit(announce("post-policy", p1, two, [65001, 64512]));
    emit(announce("pre-policy", p1, ["2001:db8:1::/48"], [65001]));
    emit(announce("pre-policy", p2, ["203.0.113.0/24"], [65002], false));
    emit(announce("adj-rib-out-post", p2, ["192.0.2.0/24"], [65000], false));
    emit(announce("pre-policy", p3, ["2001:db8:3::/48"], [65003]));
    emit(announce("loc-rib", undefined, two, [65001, 64512]));
    source.stats = [
      { peerKey: p1, counters: { rejectedPrefixes: 0, adjRibInRoutes: 3, locRibRoutes: 2 } },
      { counters: { locRibRoutes: 2, locRibRoutesPerFamily: [{ afi: 1, safi: 1, routes: 2 }] } },
    ];

    // ---- session 1: dump, statistics, live changes
    client.addServer({ address: COLLECTOR, views: VIEWS, statisticsTimeoutSecs: 0.3 });
    const log1 = `${dir}/msglog-1.json`;
    await until("session 1 statistics", () => ofType(msglog(log1), "stats").length >= 5, 10_000);
    emit(announce("pre-policy", p1, ["198.51.102.0/24"], [65001]));
    emit(announce("post-policy", p1, ["198.51.102.0/24"], [65001]));
    emit(withdraw("pre-policy", p1, ["198.51.101.0/24"]));
    emit(withdraw("post-policy", p1, ["198.51.101.0/24"]));
    emit(withdraw("loc-rib", undefined, ["198.51.101.0/24"]));
    // Peer 2 flaps: the remote end sends Hold Timer Expired, then comes back.
    emit({
      type: "peer-down",
      peerKey: p2,
      reason: { type: "remote-notification", notification: notificationPdu(4, 0) },
    });
    emit({ ...peerUp(2, false), remotePort: 50002 });
    emit(announce("pre-policy", p2, ["203.0.113.0/24"], [65002], false));
    // Peer 3 is shut down here with a Cease / Administrative Shutdown.
    emit({
      type: "peer-down",
      peerKey: p3,
      reason: { type: "local-notification", notification: notificationPdu(6, 2) },
    });
    await until(
      "session 1 live changes",
      () => ofType(msglog(log1), "peer_down").length === 2,
      5_000,
    );

    // ---- the collector dies; the RIB changes meanwhile; a new collector starts
    await pm1.stop("SIGKILL");
    emit(announce("pre-policy", p1, ["198.51.103.0/24"], [65001]));
    const pm2 = await startPmbmpd(bins.get("pmbmpd")!, dir, 2);
    daemons.push(pm2);
    const log2 = `${dir}/msglog-2.json`;
    await until(
      "session 2 resync",
      () => ofType(msglog(log2), "route_monitor").length === 8,
      10_000,
    );
    await until("session 2 statistics", () => ofType(msglog(log2), "stats").length >= 5, 5_000);
    assert.ok(await client.removeServer(COLLECTOR));
    await until("session 2 Termination", () => ofType(msglog(log2), "term").length === 1, 5_000);
    await until("session 2 closed", () => ofType(msglog(log2), "log_close").length === 1, 5_000);
    await pm2.stop("SIGINT");
    await tshark.stop("SIGINT");

    // ---- what pmbmpd logged
    const s1 = msglog(log1);
    const s2 = msglog(log2);
    const count = (lines: LogLine[]) =>
      Object.fromEntries(
        ["log_init", "init", "peer_up", "route_monitor", "peer_down", "term", "log_close"].map(
          (t) => [t, ofType(lines, t).length],
        ),
      );
    assert.deepEqual(count(s1), {
      log_init: 1,
      init: 1,
      peer_up: 5, // Loc-RIB, 1, 2, 3, then 2 again after its flap
      route_monitor: 16, // dump: 10 NLRI; live: 2 announces, 3 withdraws, 1 re-announce
      peer_down: 2,
      term: 0, // killed
      log_close: 0,
    });
    assert.deepEqual(count(s2), {
      log_init: 1,
      init: 1,
      peer_up: 3, // Loc-RIB, 1, 2 (3 is down)
      route_monitor: 8, // the current table, including the change made while no collector ran
      peer_down: 1, // the Loc-RIB instance, reason 6, before the Termination
      term: 1,
      log_close: 1,
    });
    const init = ofType(s1, "init")[0]!;
    assert.equal(init.bmp_init_info_sysname, "edgebgp-interop");
    assert.equal(init.bmp_init_info_sysdescr, "edgebgp BMP interop test");
    const rm1 = ofType(s1, "route_monitor");
    assert.equal(rm1.filter((l) => l.log_type === "withdraw").length, 3);
    assert.equal(rm1.filter((l) => l.is_loc === 1).length, 3);
    assert.equal(rm1.filter((l) => l.is_out === 1).length, 1);
    assert.equal(rm1.filter((l) => l.is_post === 1).length, 5);
    // pmbmpd parses AS_PATHs by the Peer Up OPENs: every width must match (2-octet for peer 2).
    for (const l of [...rm1, ...ofType(s2, "route_monitor")]) {
      if (l.log_type === "update") assert.notEqual(l.as_path, "", JSON.stringify(l));
    }
    assert.deepEqual(
      rm1.filter((l) => l.peer_ip === p2).map((l) => l.as_path),
      ["65002", "65000", "65002"],
    );
    assert.deepEqual(
      ofType(s1, "peer_up").map((l) => [l.peer_ip, l.peer_type]),
      [["0.0.0.0", 3], [p1, 0], [p2, 0], [p3, 0], [p2, 0]],
    );
    assert.equal(ofType(s1, "peer_up")[0]!.bmp_peer_up_info_3, "67-6C-6F-62-61-6C"); // "global"
    assert.deepEqual(ofType(s1, "peer_down").map((l) => [l.peer_ip, l.reason_type]), [
      [p2, 3],
      [p3, 1],
    ]);
    assert.deepEqual(ofType(s2, "peer_down").map((l) => [l.peer_type, l.reason_type]), [[3, 6]]);
    assert.equal(
      ofType(s2, "term")[0]!.bmp_term_info_reason,
      "Session permanently administratively closed",
    );
    assert.deepEqual(
      new Set(ofType(s1, "stats").map((l) => l.counter_type)),
      new Set([0, 7, 8, 10]),
    );
    assert.deepEqual(
      ofType(s2, "route_monitor").map((l) => [l.peer_ip, l.is_post ?? l.is_loc, l.ip_prefix])
        .sort(),
      [
        ["0.0.0.0", 1, "198.51.100.0/24"],
        [p1, 0, "198.51.100.0/24"],
        [p1, 0, "198.51.102.0/24"],
        [p1, 0, "198.51.103.0/24"],
        [p1, 0, "2001:db8:1::/48"],
        [p1, 1, "198.51.100.0/24"],
        [p1, 1, "198.51.102.0/24"],
        [p2, 0, "203.0.113.0/24"],
      ],
    );
    for (const n of [1, 2]) {
      const complaints = readText(`${dir}/pmbmpd-${n}.log`).split("\n").filter((l) =>
        COMPLAINTS.test(l)
      );
      assert.deepEqual(complaints, [], `pmbmpd ${n} complained`);
    }
    assert.ok(logs.some((l) => l.includes("bmp collector session ended")));

    // ---- what tshark decoded from the capture
    await checkCapture(bins.get("tshark")!, pcap);
    ok = true;
  } finally {
    await client.close();
    for (const d of daemons.reverse()) await d.stop("SIGINT");
    if (ok) Deno.removeSync(dir, { recursive: true });
    else Deno.stderr.writeSync(new TextEncoder().encode(`bmp interop: files kept in ${dir}\n`));
  }
});

async function run(bin: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(bin, { args, stdout: "piped", stderr: "piped" }).output();
  assert.ok(out.success, `tshark ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

interface TsharkBmp {
  readonly stream: string;
  readonly type: number;
  readonly peer: string;
}

/**
 * tshark's BMP decode of the capture: no malformed packet (except tshark 4.0's known false
 * positive on a Peer Up carrying Information TLVs), Initiation first in each TCP session, Peer Up
 * before any Route Monitoring of that peer, nothing after Termination; and the same message
 * sequence as our own decoder finds in the captured TCP payload (nothing hidden by an exception).
 */
async function checkCapture(tshark: string, pcap: string): Promise<void> {
  const decodeAs = ["-d", `tcp.port==${PORT},bmp`];
  const packets = JSON.parse(
    await run(tshark, ["-r", pcap, ...decodeAs, "-T", "json", "--no-duplicate-keys"]),
  ) as { _source: { layers: Record<string, unknown> } }[];
  const seen: TsharkBmp[] = [];
  for (const p of packets) {
    const layers = p._source.layers;
    const frame = (layers.frame as Record<string, string>)["frame.number"];
    const stream = (layers.tcp as Record<string, string>)["tcp.stream"]!;
    const raw = layers.bmp;
    const bmps = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as Record<
      string,
      unknown
    >[];
    for (const b of bmps) seen.push({ stream, type: Number(b["bmp.type"]), peer: peerOf(b) });
    // Transport events (the killed collector's RST) are not BMP's concern: look at the rest.
    const bmpLayers = Object.entries(layers).filter(([k]) =>
      !["frame", "eth", "sll", "ip", "tcp"].includes(k)
    );
    // tshark 4.0 throws on the Information TLVs of a Peer Up (a false positive, see
    // research/bmp.md); tcp_dissect_pdus catches it per PDU and goes on with the next message.
    let explainable = bmps.filter(peerUpWithTlvs).length;
    for (const e of experts(bmpLayers.map(([, v]) => v))) {
      if (Number(e["_ws.expert.severity"]) < 0x600000) continue; // below warning
      const explained = e["_ws.expert.message"] === "Malformed Packet (Exception occurred)" &&
        explainable-- > 0;
      assert.ok(explained, `frame ${frame}: ${JSON.stringify(e)}`);
    }
  }
  // Our own decode of the captured bytes, per TCP stream.
  const fields = await run(tshark, [
    "-r",
    pcap,
    "-Y",
    "tcp.len > 0",
    "-T",
    "fields",
    "-e",
    "tcp.stream",
    "-e",
    "tcp.payload",
  ]);
  const decoders = new Map<string, BmpStreamDecoder>();
  const ours: { stream: string; m: BmpMessage }[] = [];
  for (const line of fields.split("\n").filter((l) => l.trim() !== "")) {
    const [stream, payload] = line.split("\t") as [string, string];
    const hex = payload.replaceAll(":", "");
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    const d = decoders.get(stream) ?? new BmpStreamDecoder();
    decoders.set(stream, d);
    for (const m of d.push(bytes)) ours.push({ stream, m });
  }
  for (const d of decoders.values()) assert.equal(d.pending, 0, "a session ends inside a message");
  assert.deepEqual(
    seen.map((s) => `${s.stream}:${s.type}`),
    ours.map((o) => `${o.stream}:${typeCode(o.m)}`),
    "tshark and our decoder see the same messages",
  );
  const streams = [...new Set(seen.map((s) => s.stream))];
  assert.equal(streams.length, 2, "two TCP sessions (before and after the collector restart)");
  for (const stream of streams) {
    const msgs = seen.filter((s) => s.stream === stream);
    assert.equal(msgs[0]?.type, 4, `stream ${stream}: Initiation first`);
    const up = new Set<string>();
    msgs.forEach((m, i) => {
      if (m.type === 3) up.add(m.peer);
      if (m.type === 2) up.delete(m.peer);
      if (m.type === 0 || m.type === 1) {
        assert.ok(up.has(m.peer), `stream ${stream} message ${i}: ${m.peer} before its Peer Up`);
      }
      if (m.type === 5) assert.equal(i, msgs.length - 1, "nothing after Termination");
    });
  }
  const last = seen.filter((s) => s.stream === streams[1]);
  assert.equal(last.at(-1)?.type, 5, "the removed collector's session ends with Termination");
  // End-of-RIB per peer, family and view after each dump (tshark has no EoR field: count ours).
  const eors = (stream: string) =>
    ours.filter((o) =>
      o.stream === stream && o.m.type === "route-monitoring" &&
      (o.m.update.length === 23 || (o.m.update.length === 29 && o.m.update[24] === 15))
    ).length;
  assert.equal(
    eors(streams[0]!),
    3 * 3 * 2 + 2,
    "session 1: 3 peers x 3 views x 2 families + Loc-RIB",
  );
  assert.equal(
    eors(streams[1]!),
    2 * 3 * 2 + 2,
    "session 2: 2 peers x 3 views x 2 families + Loc-RIB",
  );
}

function typeCode(m: BmpMessage): number {
  const codes: Record<string, number> = {
    "route-monitoring": 0,
    "statistics-report": 1,
    "peer-down": 2,
    "peer-up": 3,
    "initiation": 4,
    "termination": 5,
    "route-mirroring": 6,
  };
  return m.type === "unknown" ? m.messageType : codes[m.type]!;
}

/** "type/address" of a BMP message's per-peer header as tshark shows it. */
function peerOf(b: Record<string, unknown>): string {
  const h = b["bmp.peer.header"] as Record<string, string> | undefined;
  if (!h) return "";
  if (h["bmp.peer.type"] === "3") return "loc-rib";
  return `${h["bmp.peer.type"]}/${h["bmp.peer.ip.addr"] ?? h["bmp.peer.ipv6.addr"]}`;
}

/** A Peer Up longer than its header, ports and two OPENs: it carries Information TLVs. */
function peerUpWithTlvs(b: Record<string, unknown>): boolean {
  if (b["bmp.type"] !== "3") return false;
  const bgp = b["bgp"];
  const opens = (Array.isArray(bgp) ? bgp : [bgp]) as Record<string, string>[];
  const openBytes = opens.reduce((n, o) => n + Number(o?.["bgp.length"] ?? 0), 0);
  return Number(b["bmp.length"]) > 6 + 42 + 20 + openBytes;
}

/** Every expert-info object anywhere in a packet's layers. */
function experts(v: unknown, out: Record<string, string>[] = []): Record<string, string>[] {
  if (Array.isArray(v)) {
    for (const x of v) experts(x, out);
  } else if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o["_ws.expert.message"] === "string") out.push(o as Record<string, string>);
    for (const x of Object.values(o)) experts(x, out);
  }
  return out;
}
