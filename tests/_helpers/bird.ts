/**
 * Runs a real BIRD 2 (Debian bird2: /usr/sbin/bird, /usr/sbin/birdc) inside a test namespace.
 * Config, control socket and pid file live in a temporary directory removed on stop().
 */
import { NsProcess, nsRun } from "./netns.ts";

export const BIRD = "/usr/sbin/bird";
export const BIRDC = "/usr/sbin/birdc";

export interface BirdNeighbor {
  /** Protocol name in BIRD (letters, digits, underscore). */
  readonly name: string;
  readonly localAddress: string;
  readonly address: string;
  readonly port?: number;
  readonly peerAs: number;
  readonly passive?: boolean;
  /** Channels; default both. */
  readonly families?: readonly ("ipv4" | "ipv6")[];
  /** IPv6 next hop to announce when the session runs over IPv4. */
  readonly ipv6NextHop?: string;
  readonly holdTime?: number;
}

export interface BirdOptions {
  readonly ns: string;
  readonly asn: number;
  readonly routerId: string;
  /** Static routes to originate (blackhole), IPv4 and IPv6 mixed. */
  readonly routes?: readonly string[];
  readonly neighbors: readonly BirdNeighbor[];
}

function config(o: BirdOptions): string {
  const v4 = (o.routes ?? []).filter((r) => !r.includes(":"));
  const v6 = (o.routes ?? []).filter((r) => r.includes(":"));
  const lines = [
    `router id ${o.routerId};`,
    "log stderr all;",
    "protocol device {}",
    `protocol static static4 { ipv4; ${v4.map((r) => `route ${r} blackhole;`).join(" ")} }`,
    `protocol static static6 { ipv6; ${v6.map((r) => `route ${r} blackhole;`).join(" ")} }`,
  ];
  for (const n of o.neighbors) {
    const fams = n.families ?? ["ipv4", "ipv6"];
    lines.push(
      `protocol bgp ${n.name} {`,
      `  local ${n.localAddress} as ${o.asn};`,
      `  neighbor ${n.address}${n.port ? ` port ${n.port}` : ""} as ${n.peerAs};`,
      `  hold time ${n.holdTime ?? 90};`,
      "  connect retry time 1;",
      "  error wait time 1, 5;",
      `  passive ${n.passive ? "on" : "off"};`,
      ...(fams.includes("ipv4") ? ["  ipv4 { import all; export all; };"] : []),
      ...(fams.includes("ipv6")
        ? [
          `  ipv6 { import all; export all;${
            n.ipv6NextHop ? ` next hop address ${n.ipv6NextHop};` : ""
          } };`,
        ]
        : []),
      "}",
    );
  }
  return lines.join("\n") + "\n";
}

export class Bird {
  readonly ns: string;
  readonly process: NsProcess;
  readonly dir: string;

  private constructor(ns: string, process: NsProcess, dir: string) {
    this.ns = ns;
    this.process = process;
    this.dir = dir;
  }

  static async start(o: BirdOptions): Promise<Bird> {
    const dir = await Deno.makeTempDir({ prefix: "ebgp-spk-bird-" });
    await Deno.writeTextFile(`${dir}/bird.conf`, config(o));
    const p = new NsProcess("bird", o.ns, BIRD, [
      "-f",
      "-c",
      `${dir}/bird.conf`,
      "-s",
      `${dir}/bird.ctl`,
      "-P",
      `${dir}/bird.pid`,
    ]);
    const b = new Bird(o.ns, p, dir);
    try {
      const deadline = performance.now() + 10_000;
      for (;;) {
        try {
          await b.cli(["show", "status"]);
          break;
        } catch (e) {
          if (performance.now() > deadline) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } catch (e) {
      await b.stop();
      throw new Error(`bird did not start: ${e}\n${p.output}`);
    }
    return b;
  }

  /** Runs `birdc -s SOCK ARGS`; resolves to stdout. */
  cli(args: readonly string[]): Promise<string> {
    return nsRun(this.ns, BIRDC, ["-s", `${this.dir}/bird.ctl`, ...args]);
  }

  /** `show protocols all NAME` text. */
  protocol(name: string): Promise<string> {
    return this.cli(["show", "protocols", "all", name]);
  }

  /** True when the BGP protocol `name` is Established. */
  async established(name: string): Promise<boolean> {
    return /BGP state:\s+Established/.test(await this.protocol(name));
  }

  /** `show route protocol NAME` text (routes learned from that peer). */
  routesFrom(name: string): Promise<string> {
    return this.cli(["show", "route", "protocol", name]);
  }

  async stop(): Promise<void> {
    await this.process.stop();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}
