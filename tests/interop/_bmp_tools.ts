/** Runs pmbmpd and tshark for the BMP interop test: find, start, wait until ready, stop. */
import assert from "node:assert/strict";

/** Absolute path of `name` (PATH plus the sbin directories), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [
    ...(Deno.env.get("PATH") ?? "").split(":"),
    "/usr/sbin",
    "/usr/local/sbin",
    "/sbin",
  ];
  for (const d of dirs) {
    if (!d) continue;
    try {
      const info = Deno.statSync(`${d}/${name}`);
      if (info.isFile) return `${d}/${name}`;
    } catch {
      // not there
    }
  }
  return undefined;
}

/**
 * The binaries this test needs. Under CI=true a missing one fails the test; elsewhere the test
 * says so on stderr and returns.
 */
export function requireBinaries(names: readonly string[]): Map<string, string> | undefined {
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const n of names) {
    const p = findBinary(n);
    if (p) found.set(n, p);
    else missing.push(n);
  }
  if (missing.length === 0) return found;
  const msg = `missing ${missing.join(", ")} (apt-get install pmacct tshark)`;
  if (Deno.env.get("CI") === "true") assert.fail(msg);
  Deno.stderr.writeSync(new TextEncoder().encode(`bmp interop: ${msg}; not run\n`));
  return undefined;
}

/** A started daemon whose stderr is collected; stop() sends `signal`, then SIGKILL. */
export class Daemon {
  readonly name: string;
  readonly child: Deno.ChildProcess;
  stderr = "";
  #stderrDone: Promise<void>;
  #exited = false;
  readonly status: Promise<Deno.CommandStatus>;

  constructor(name: string, path: string, args: string[]) {
    this.name = name;
    const child = new Deno.Command(path, { args, stdin: "null", stdout: "null", stderr: "piped" })
      .spawn();
    this.child = child;
    this.#stderrDone = (async () => {
      const dec = new TextDecoder();
      for await (const chunk of child.stderr) this.stderr += dec.decode(chunk);
    })();
    this.status = this.child.status.then((s) => {
      this.#exited = true;
      return s;
    });
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Sends `signal` and waits up to `graceMs` for the exit, then kills. */
  async stop(signal: Deno.Signal = "SIGINT", graceMs = 5000): Promise<void> {
    if (!this.#exited) {
      try {
        this.child.kill(signal);
      } catch {
        // already gone
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = await Promise.race([
        this.status.then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        try {
          this.child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    await this.status;
    await this.#stderrDone;
  }
}

/** Polls `fn` every 20 ms until true, or throws naming `what` after `timeoutMs`. */
export async function until(what: string, fn: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function readText(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}
