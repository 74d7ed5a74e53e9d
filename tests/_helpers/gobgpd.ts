/**
 * Runs a real gobgpd (Debian package: /usr/bin/gobgpd) inside a test namespace and drives it
 * with the gobgp CLI. The config is written as TOML to a temporary directory removed on stop().
 */
import { NsProcess, nsRun } from "./netns.ts";

export const GOBGPD = "/usr/bin/gobgpd";
export const GOBGP = "/usr/bin/gobgp";

export interface GobgpNeighbor {
  readonly address: string;
  readonly peerAs: number;
  /** Never dial (wait for the other side). */
  readonly passive?: boolean;
  /** Remote port to dial (default 179). */
  readonly remotePort?: number;
  readonly localAddress?: string;
  readonly families?: readonly ("ipv4-unicast" | "ipv6-unicast")[];
  /** Seconds (gobgpd default 90). */
  readonly holdTime?: number;
  /** Seconds between connect attempts (gobgpd default 120; tests want it short). */
  readonly connectRetry?: number;
}

export interface GobgpdOptions {
  readonly ns: string;
  readonly asn: number;
  readonly routerId: string;
  /** BGP listen port inside the namespace (default 179; -1 = do not listen). */
  readonly port?: number;
  readonly neighbors: readonly GobgpNeighbor[];
}

function toml(o: GobgpdOptions): string {
  const lines = [
    "[global.config]",
    `  as = ${o.asn}`,
    `  router-id = "${o.routerId}"`,
    `  port = ${o.port ?? 179}`,
  ];
  for (const n of o.neighbors) {
    lines.push(
      "[[neighbors]]",
      "  [neighbors.config]",
      `    neighbor-address = "${n.address}"`,
      `    peer-as = ${n.peerAs}`,
      "  [neighbors.timers.config]",
      `    connect-retry = ${n.connectRetry ?? 1}`,
      `    hold-time = ${n.holdTime ?? 90}`,
      `    keepalive-interval = ${Math.max(1, Math.floor((n.holdTime ?? 90) / 3))}`,
      "  [neighbors.transport.config]",
      `    passive-mode = ${n.passive ?? false}`,
      ...(n.remotePort ? [`    remote-port = ${n.remotePort}`] : []),
      ...(n.localAddress ? [`    local-address = "${n.localAddress}"`] : []),
    );
    for (const f of n.families ?? ["ipv4-unicast", "ipv6-unicast"]) {
      lines.push(
        "  [[neighbors.afi-safis]]",
        "    [neighbors.afi-safis.config]",
        `      afi-safi-name = "${f}"`,
      );
    }
  }
  return lines.join("\n") + "\n";
}

/** apipb PeerState.SessionState values. */
const SESSION_STATES: readonly string[] = [
  "unknown",
  "idle",
  "connect",
  "active",
  "opensent",
  "openconfirm",
  "established",
];

export class Gobgpd {
  readonly ns: string;
  readonly process: NsProcess;
  readonly dir: string;

  private constructor(ns: string, process: NsProcess, dir: string) {
    this.ns = ns;
    this.process = process;
    this.dir = dir;
  }

  /** Starts gobgpd and waits until its gRPC API answers. */
  static async start(o: GobgpdOptions): Promise<Gobgpd> {
    const dir = await Deno.makeTempDir({ prefix: "ebgp-spk-gobgpd-" });
    const conf = `${dir}/gobgpd.toml`;
    await Deno.writeTextFile(conf, toml(o));
    const p = new NsProcess("gobgpd", o.ns, GOBGPD, [
      "-f",
      conf,
      "-t",
      "toml",
      "-p",
      "-l",
      "debug",
      "--api-hosts",
      "127.0.0.1:50051",
      "--pprof-disable",
    ]);
    const g = new Gobgpd(o.ns, p, dir);
    try {
      const deadline = performance.now() + 10_000;
      for (;;) {
        try {
          await g.cli(["global"]);
          break;
        } catch (e) {
          if (performance.now() > deadline) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } catch (e) {
      await g.stop();
      throw new Error(`gobgpd did not start: ${e}\n${p.output}`);
    }
    return g;
  }

  /** Runs `gobgp ARGS` against this daemon; resolves to stdout. */
  cli(args: readonly string[]): Promise<string> {
    return nsRun(this.ns, GOBGP, ["-u", "127.0.0.1", "-p", "50051", ...args]);
  }

  /** `gobgp neighbor ADDR -j` parsed. */
  async neighbor(address: string): Promise<GobgpNeighborState> {
    return JSON.parse(await this.cli(["neighbor", address, "-j"])) as GobgpNeighborState;
  }

  /** The session state gobgp reports ("established", "active", ...). */
  async sessionState(address: string): Promise<string> {
    const n = await this.neighbor(address);
    const s = n.state?.["session_state"];
    // gobgp's JSON prints apipb.PeerState.SessionState as its number.
    if (typeof s === "number") return SESSION_STATES[s] ?? `unknown(${s})`;
    return String(s ?? "unknown").toLowerCase();
  }

  /** Originates `prefix` (family from the address) in gobgpd's global RIB. */
  async addRoute(prefix: string, extra: readonly string[] = []): Promise<void> {
    const afi = prefix.includes(":") ? "ipv6" : "ipv4";
    await this.cli(["global", "rib", "add", prefix, ...extra, "-a", afi]);
  }

  async deleteRoute(prefix: string): Promise<void> {
    const afi = prefix.includes(":") ? "ipv6" : "ipv4";
    await this.cli(["global", "rib", "del", prefix, "-a", afi]);
  }

  /** `gobgp neighbor ADDR adj-in -a FAMILY` as text. */
  adjIn(address: string, family: "ipv4" | "ipv6"): Promise<string> {
    return this.cli(["neighbor", address, "adj-in", "-a", family]);
  }

  /** `gobgp global rib -a FAMILY` as text. */
  rib(family: "ipv4" | "ipv6"): Promise<string> {
    return this.cli(["global", "rib", "-a", family]);
  }

  async stop(): Promise<void> {
    await this.process.stop();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}

/** The parts of `gobgp neighbor -j` the tests read (snake_case as gobgp prints it). */
export interface GobgpNeighborState {
  readonly conf?: { readonly "neighbor_address"?: string; readonly "peer_asn"?: number };
  readonly state?: {
    readonly "session_state"?: string | number;
    readonly "admin_state"?: string | number;
    readonly messages?: {
      readonly received?: Record<string, number | string>;
      readonly sent?: Record<string, number | string>;
    };
    readonly "router_id"?: string;
  };
  readonly "afi_safis"?: readonly {
    readonly config?: { readonly family?: { readonly afi?: number; readonly safi?: number } };
    readonly state?: { readonly received?: number; readonly accepted?: number };
  }[];
  readonly [k: string]: unknown;
}
