/**
 * Namespaces for netlink tests: "ebgp-nl-<random>" (where edgebgp's netlink code runs) and
 * "ebgp-nl-<random>-p" (the peer side, so gateways are real neighbours), joined by two veth
 * pairs. Scenario scripts run INSIDE the namespace as child processes
 * (`ip netns exec NS deno run ...`), so the host's tables are never touched. Missing root,
 * iproute2 or libmnl fails the test (never skips).
 */
import { requireNetns, run } from "../_helpers/netns.ts";
import { standardCandidates } from "../../ffi/mod.ts";

export interface NlNs {
  /** Where edgebgp runs. */
  readonly ns: string;
  /** The peer namespace. */
  readonly peer: string;
  /** ip -n NS ... (throws on failure), returns stdout. */
  ip(...args: string[]): Promise<string>;
  /** ip -n PEER ... */
  ipPeer(...args: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

/** Fails (throws) when root, ip or libmnl is missing. */
export function requireNetlinkPrereqs(): void {
  requireNetns();
  const have = standardCandidates("libmnl.so.0").some((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });
  if (!have) {
    throw new Error(
      "missing prerequisite: libmnl.so.0 (package libmnl0)" +
        (Deno.env.get("CI") === "true" ? " (CI=true: this test must not be skipped)" : ""),
    );
  }
}

function tag(): string {
  return [...crypto.getRandomValues(new Uint8Array(4))]
    .map((x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Creates the pair. Links in NS: va (10.0.0.1/24, 2001:db8::1/64) <-> vb in PEER (.2, ::2), and
 * va2 (10.0.1.1/24, 2001:db8:1::1/64) <-> vb2 (.2, ::2). All up, IPv6 without DAD.
 */
export async function createNlNamespaces(): Promise<NlNs> {
  requireNetlinkPrereqs();
  const t = tag();
  const ns = `ebgp-nl-${t}`;
  const peer = `ebgp-nl-${t}-p`;
  const ip = (...a: string[]) => run("ip", ["-n", ns, ...a]);
  const ipPeer = (...a: string[]) => run("ip", ["-n", peer, ...a]);
  const cleanup = async () => {
    for (const n of [ns, peer]) await run("ip", ["netns", "del", n]).catch(() => {});
  };
  try {
    await run("ip", ["netns", "add", ns]);
    await run("ip", ["netns", "add", peer]);
    await ip("link", "set", "lo", "up");
    await ipPeer("link", "set", "lo", "up");
    for (const [i, a, b] of [["0", "va", "vb"], ["1", "va2", "vb2"]] as const) {
      await ip("link", "add", a, "type", "veth", "peer", "name", b, "netns", peer);
      await ip("addr", "add", `10.0.${i}.1/24`, "dev", a);
      await ip("-6", "addr", "add", `2001:db8:${i}::1/64`, "dev", a, "nodad");
      await ipPeer("addr", "add", `10.0.${i}.2/24`, "dev", b);
      await ipPeer("-6", "addr", "add", `2001:db8:${i}::2/64`, "dev", b, "nodad");
      await ip("link", "set", a, "up");
      await ipPeer("link", "set", b, "up");
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { ns, peer, ip, ipPeer, cleanup };
}

export interface ScenarioResult {
  // deno-lint-ignore no-explicit-any
  readonly json: any;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs tests/netlink/ns/<name>.ts inside `ns` with `args` (JSON) and returns the JSON the script
 * printed last. Throws with the script's output when it exits non-zero or exceeds `timeoutMs`.
 */
export async function runScenario(
  ns: string,
  name: string,
  args: unknown = {},
  options: { readonly timeoutMs?: number; readonly env?: Record<string, string> } = {},
): Promise<ScenarioResult> {
  const script = new URL(`./ns/${name}.ts`, import.meta.url).pathname;
  const child = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      ns,
      Deno.execPath(),
      "run",
      "--allow-all",
      script,
      JSON.stringify(args),
    ],
    stdout: "piped",
    stderr: "piped",
    ...(options.env ? { env: options.env } : {}),
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
  }, options.timeoutMs ?? 60_000);
  const out = await child.output();
  clearTimeout(timer);
  const dec = new TextDecoder();
  const stdout = dec.decode(out.stdout);
  const stderr = dec.decode(out.stderr);
  if (!out.success) {
    throw new Error(`scenario ${name} failed (${out.code}):\n${stdout}\n${stderr}`);
  }
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return { json: JSON.parse(last), stdout, stderr };
}
