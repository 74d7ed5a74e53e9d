/**
 * Configuration: one internal model behind bgpgg-style YAML and GoBGP-style TOML.
 * Takes text, never reads files (the CLI does that).
 */
export type { Config } from "./model.ts";
export { ConfigError, type ConfigIssue, formatIssue } from "./errors.ts";
export { type ConfigSource, loadConfig } from "./load.ts";
export { DEFAULT_CONFIG_NAME, DEFAULT_CONFIG_YAML } from "./default.ts";
