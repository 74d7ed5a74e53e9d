/**
 * Network namespaces for tests that need real daemons and non-loopback addresses. Two namespaces
 * joined by a veth pair, created entirely inside the namespaces (the host's interfaces and
 * routing table are never touched), and removed in `cleanup()`.
 *
 * Prerequisites (root, `ip`): when missing, `requireNetns()` throws, so a test FAILS rather than
 * silently passing; under CI=true this is the rule, and locally it tells you what is missing.
 */

export interface NsEnd {
  /** Namespace name, e.g. "ebgp-spk-3fa9c1-a". */
  readonly ns: string;
  /** Interface name inside the namespace. */
  readonly dev: string;
  /** IPv4 address (no length). */
  readonly v4: string;
  /** IPv6 address (no length). */
  readonly v6: string;
}

export interface NsPair {
  readonly a: NsEnd;
  readonly b: NsEnd;
  /** Deletes both namespaces (and with them the veth pair and any route in them). */
  cleanup(): Promise<void>;
}

const decoder = new TextDecoder();

/** Runs a command to completion; throws with its stderr on a non-zero exit. */
export async function run(cmd: string, args: readonly string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args: [...args], stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${out.code}): ${decoder.decode(out.stderr)}`);
  }
  return decoder.decode(out.stdout);
}

/** `ip netns exec NS cmd args...` to completion. */
export function nsRun(ns: string, cmd: string, args: readonly string[]): Promise<string> {
  return run("ip", ["netns", "exec", ns, cmd, ...args]);
}

/** Whether `path` exists as an executable file. */
export function haveExecutable(path: string): boolean {
  try {
    const st = Deno.statSync(path);
    return st.isFile && ((st.mode ?? 0o111) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Throws (failing the test) unless we can create namespaces: root and /usr/sbin/ip or /sbin/ip. */
export function requireNetns(extraExecutables: readonly string[] = []): void {
  const missing: string[] = [];
  if (Deno.uid() !== 0) missing.push("root (uid 0)");
  if (!haveExecutable("/usr/sbin/ip") && !haveExecutable("/sbin/ip")) missing.push("ip (iproute2)");
  for (const x of extraExecutables) if (!haveExecutable(x)) missing.push(x);
  if (missing.length > 0) {
    throw new Error(
      `missing prerequisite(s): ${missing.join(", ")}` +
        (Deno.env.get("CI") === "true" ? " (CI=true: this test must not be skipped)" : ""),
    );
  }
}

function randomTag(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Creates namespaces "<prefix>-<random>-a" and "-b" joined by a veth pair, with
 * 10.255.<n>.1/30 + fd00:255:<n>::1/64 on a and .2 / ::2 on b (no DAD, so IPv6 works at once).
 * `subnet` (0..255) picks n; tests running in parallel should use different values.
 */
export async function createNsPair(prefix = "ebgp-spk", subnet = 0): Promise<NsPair> {
  const tag = randomTag();
  const nsA = `${prefix}-${tag}-a`;
  const nsB = `${prefix}-${tag}-b`;
  // Interface names are at most 15 bytes.
  const devA = `v${tag}a`;
  const devB = `v${tag}b`;
  const a: NsEnd = { ns: nsA, dev: devA, v4: `10.255.${subnet}.1`, v6: `fd00:255:${subnet}::1` };
  const b: NsEnd = { ns: nsB, dev: devB, v4: `10.255.${subnet}.2`, v6: `fd00:255:${subnet}::2` };
  const cleanup = async () => {
    for (const ns of [nsA, nsB]) {
      await run("ip", ["netns", "del", ns]).catch(() => {});
    }
  };
  try {
    await run("ip", ["netns", "add", nsA]);
    await run("ip", ["netns", "add", nsB]);
    // Created inside a and moved to b directly: the host namespace never sees the pair.
    await run("ip", [
      "-n",
      nsA,
      "link",
      "add",
      devA,
      "type",
      "veth",
      "peer",
      "name",
      devB,
      "netns",
      nsB,
    ]);
    for (const end of [a, b]) {
      await run("ip", ["-n", end.ns, "link", "set", "lo", "up"]);
      await run("ip", ["-n", end.ns, "addr", "add", `${end.v4}/30`, "dev", end.dev]);
      await run("ip", ["-n", end.ns, "-6", "addr", "add", `${end.v6}/64`, "dev", end.dev, "nodad"]);
      await run("ip", ["-n", end.ns, "link", "set", end.dev, "up"]);
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { a, b, cleanup };
}

/** A process started in a namespace, with its output collected as text. */
export class NsProcess {
  readonly name: string;
  readonly child: Deno.ChildProcess;
  #out = "";
  #lineWaiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  #pumps: Promise<void>[];
  #status: Promise<Deno.CommandStatus>;

  constructor(name: string, ns: string, cmd: string, args: readonly string[], cwd?: string) {
    this.name = name;
    this.child = new Deno.Command("ip", {
      args: ["netns", "exec", ns, cmd, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      ...(cwd ? { cwd } : {}),
    }).spawn();
    this.#pumps = [this.#pump(this.child.stdout), this.#pump(this.child.stderr)];
    this.#status = this.child.status;
  }

  async #pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    const dec = new TextDecoder();
    for await (const chunk of stream) {
      this.#out += dec.decode(chunk, { stream: true });
      this.#checkWaiters();
    }
  }

  #checkWaiters(): void {
    this.#lineWaiters = this.#lineWaiters.filter((w) => {
      const m = this.#out.match(w.re);
      if (m) w.resolve(m);
      return !m;
    });
  }

  /** Everything written to stdout and stderr so far. */
  get output(): string {
    return this.#out;
  }

  /** Waits until the output matches `re`; rejects after `ms` showing the output. */
  async waitFor(re: RegExp, ms = 10_000): Promise<RegExpMatchArray> {
    const m = this.#out.match(re);
    if (m) return m;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let entry!: { re: RegExp; resolve: (m: RegExpMatchArray) => void };
    try {
      return await new Promise<RegExpMatchArray>((resolve, reject) => {
        entry = { re, resolve };
        this.#lineWaiters.push(entry);
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `${this.name}: no output matching ${re} within ${ms} ms; output:\n${this.#out}`,
              ),
            ),
          ms,
        );
      });
    } finally {
      clearTimeout(timer);
      this.#lineWaiters = this.#lineWaiters.filter((w) => w !== entry);
    }
  }

  /** SIGTERM, then SIGKILL after `ms`; waits for exit and for the output pumps. */
  async stop(ms = 3000): Promise<Deno.CommandStatus> {
    try {
      this.child.kill("SIGTERM");
    } catch { /* already exited */ }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        try {
          this.child.kill("SIGKILL");
        } catch { /* exited meanwhile */ }
        resolve();
      }, ms);
    });
    await Promise.race([this.#status, killed]);
    const status = await this.#status;
    clearTimeout(timer);
    await Promise.all(this.#pumps);
    return status;
  }
}

/** Polls `fn` until it returns a truthy value; rejects after `ms` with the last error/value. */
export async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  ms = 15_000,
  everyMs = 200,
): Promise<T> {
  const deadline = performance.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${String(last)}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
