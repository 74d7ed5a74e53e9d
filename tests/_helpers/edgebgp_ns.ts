/**
 * Runs `edgebgp serve` (main.ts under deno) inside a test namespace with a YAML config written
 * to a temporary directory; its log (stderr, debug level) is captured for assertions.
 */
import { REPO_ROOT } from "./run_edgebgp.ts";
import { NsProcess } from "./netns.ts";

export class EdgebgpNs {
  readonly process: NsProcess;
  readonly dir: string;

  private constructor(process: NsProcess, dir: string) {
    this.process = process;
    this.dir = dir;
  }

  /** Starts edgebgp in `ns` and waits for its "edgebgp started" line. */
  static async start(ns: string, yaml: string, logLevel = "debug"): Promise<EdgebgpNs> {
    const dir = await Deno.makeTempDir({ prefix: "ebgp-spk-edgebgp-" });
    await Deno.writeTextFile(`${dir}/edgebgp.yaml`, yaml);
    const p = new NsProcess("edgebgp", ns, Deno.execPath(), [
      "run",
      "--quiet",
      "--allow-all",
      `${REPO_ROOT}main.ts`,
      "serve",
      "--config",
      `${dir}/edgebgp.yaml`,
      "--log-level",
      logLevel,
    ], REPO_ROOT);
    const e = new EdgebgpNs(p, dir);
    try {
      await p.waitFor(/edgebgp started/, 30_000);
    } catch (err) {
      await e.stop();
      throw err;
    }
    return e;
  }

  get output(): string {
    return this.process.output;
  }

  waitFor(re: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
    return this.process.waitFor(re, ms);
  }

  /** SIGTERM (edgebgp sends Cease / Administrative Shutdown to every peer), then cleanup. */
  async stop(): Promise<Deno.CommandStatus> {
    const status = await this.process.stop(10_000);
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
    return status;
  }
}
