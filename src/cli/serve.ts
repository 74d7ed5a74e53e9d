/** `edgebgp serve`: reads config files, builds the real adapters, runs until a signal. */
import { isLogLevel, type LogFormat, Logger } from "../common/log.ts";
import { formatEndpoint } from "../common/ip.ts";
import {
  type Config,
  ConfigError,
  type ConfigSource,
  DEFAULT_CONFIG_NAME,
  DEFAULT_CONFIG_YAML,
  loadConfig,
} from "../config/mod.ts";
import { loggingHooks, Speaker } from "../speaker/mod.ts";
import type { CliIo } from "./io.ts";

export interface ServeOptions {
  readonly configFiles: readonly string[];
  readonly logLevel?: string;
  readonly logFormat?: LogFormat;
  /** Resolves when the daemon should stop; defaults to SIGINT/SIGTERM. */
  readonly stopSignal?: Promise<void>;
}

/** Reads each file, naming it in any error; a permission denial is reported, not thrown. */
export async function readSources(
  files: readonly string[],
  io: CliIo,
): Promise<ConfigSource[] | null> {
  if (files.length === 0) return [{ name: DEFAULT_CONFIG_NAME, text: DEFAULT_CONFIG_YAML }];
  const out: ConfigSource[] = [];
  let ok = true;
  for (const name of files) {
    try {
      out.push({ name, text: await Deno.readTextFile(name) });
    } catch (e) {
      ok = false;
      if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
        io.err(
          `edgebgp: cannot read config ${name}: not permitted (this binary may read only ` +
            `/etc/edgebgp and the working directory; see README "Permissions")\n`,
        );
      } else if (e instanceof Deno.errors.NotFound) {
        io.err(`edgebgp: cannot read config ${name}: no such file\n`);
      } else {
        io.err(`edgebgp: cannot read config ${name}: ${e instanceof Error ? e.message : e}\n`);
      }
    }
  }
  return ok ? out : null;
}

export async function serve(options: ServeOptions, io: CliIo): Promise<number> {
  if (options.logLevel !== undefined && !isLogLevel(options.logLevel)) {
    io.err(`edgebgp: --log-level must be one of trace, debug, info, warn, error\n`);
    return 2;
  }
  const sources = await readSources(options.configFiles, io);
  if (!sources) return 2;
  let config: Config;
  try {
    config = loadConfig(sources);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`edgebgp: invalid config, not starting:\n${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const log = new Logger({
    level: (options.logLevel as Config["logLevel"] | undefined) ?? config.logLevel,
    format: options.logFormat ?? "text",
    sink: (line) => io.err(line + "\n"),
  });

  // Handlers go in before "started" is logged: a supervisor may signal as soon as it sees it.
  const stop = options.stopSignal ?? signalStop();
  const speaker = new Speaker({ config, log });
  speaker.hooks.add(loggingHooks(log));
  try {
    speaker.start();
  } catch (e) {
    log.error("cannot open BGP listener", {
      addr: formatEndpoint(config.listen),
      error: e instanceof Error ? e.message : String(e),
    });
    await speaker.stop();
    return 1;
  }
  log.info("edgebgp started", {
    asn: config.asn,
    router_id: config.routerId,
    bgp_listen: formatEndpoint(config.listen),
    peers: config.peers.length,
    config: sources.map((s) => s.name).join(","),
  });

  await stop;
  log.info("shutting down");
  // Every peer gets Cease / Administrative Shutdown (RFC 8203 message) before we exit.
  await speaker.stop("edgebgp shutting down");
  log.info("stopped");
  return 0;
}

function signalStop(): Promise<void> {
  return new Promise((resolve) => {
    const handler = () => {
      Deno.removeSignalListener("SIGINT", handler);
      Deno.removeSignalListener("SIGTERM", handler);
      resolve();
    };
    Deno.addSignalListener("SIGINT", handler);
    Deno.addSignalListener("SIGTERM", handler);
  });
}
