/** `edgebgp config check FILE...` and `edgebgp config print [FILE...]`. */
import { ConfigError, loadConfig, printConfig } from "../config/mod.ts";
import type { CliIo } from "./io.ts";
import { readSources } from "./serve.ts";

/** Runs a `config` subcommand; `usage` reports a usage error and returns its exit code. */
export async function runConfig(
  args: readonly string[],
  io: CliIo,
  usage: (message: string) => number,
): Promise<number> {
  const [sub, ...files] = args;
  if (sub !== "check" && sub !== "print") {
    return usage(
      sub === undefined ? "config needs check or print" : `unknown config command "${sub}"`,
    );
  }
  const flag = files.find((f) => f.startsWith("-"));
  if (flag !== undefined) return usage(`config ${sub} takes file names, not "${flag}"`);
  if (sub === "check" && files.length === 0) return usage("config check needs at least one FILE");
  const sources = await readSources(files, io);
  if (!sources) return 2;
  try {
    const config = loadConfig(sources);
    io.out(printConfig(config));
    if (sub === "check") {
      io.err(`edgebgp: config OK (${sources.map((s) => s.name).join(", ")})\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      const n = e.issues.length;
      io.err(`edgebgp: invalid config (${n} ${n === 1 ? "error" : "errors"}):\n${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
