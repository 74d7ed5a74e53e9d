/**
 * The command line: argv parsing and dispatch. `serve` is the composition root; the other
 * commands are gRPC clients of a running daemon.
 */
import { parseArgs } from "node:util";
import { GIT_COMMIT, VERSION } from "../common/version.ts";
import { type CliIo, processIo } from "./io.ts";
import { runConfig } from "./config_cmd.ts";
import { serve } from "./serve.ts";
import { USAGE } from "./usage.ts";

/** Exit codes, as documented in the usage text. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Runs one command line; returns the process exit code. */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    case "version":
      if (rest.length > 0) return usageError(io, `version takes no arguments`);
      io.out(
        `edgebgp ${VERSION}\ncommit ${GIT_COMMIT}\ndeno ${Deno.version.deno}\ntarget ${Deno.build.target}\n`,
      );
      return EXIT_OK;
    case "serve":
      return await runServe(rest, io);
    case "config":
      return await runConfig(rest, io, (m) => usageError(io, m));
    default:
      return usageError(io, `unknown command "${command}"`);
  }
}

function usageError(io: CliIo, message: string): number {
  io.err(`edgebgp: ${message}\n\n${USAGE}`);
  return EXIT_USAGE;
}

async function runServe(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: "string", multiple: true, short: "c" },
        "log-level": { type: "string" },
        "log-format": { type: "string" },
      },
    }));
  } catch (e) {
    return usageError(io, e instanceof Error ? e.message : String(e));
  }
  const format = values["log-format"];
  if (format !== undefined && format !== "text" && format !== "json") {
    return usageError(io, `--log-format must be text or json, not "${format}"`);
  }
  return await serve({
    configFiles: values.config ?? [],
    ...(values["log-level"] !== undefined ? { logLevel: values["log-level"] } : {}),
    ...(format !== undefined ? { logFormat: format } : {}),
  }, io);
}
