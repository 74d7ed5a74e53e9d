/**
 * Configuration: one internal model behind two syntaxes, bgpgg v0.2 YAML and GoBGP TOML
 * (with the seed's [netlink.import]/[netlink.export]). Sources merge in order; every problem is
 * reported at once with file:line:column and key path. Also the canonical printer and the
 * reload diff. Takes text, never reads files (the CLI does that).
 */
export type * from "./model.ts";
export { ConfigError, type ConfigIssue, formatIssue } from "./errors.ts";
export {
  type ConfigSource,
  type ConfigSyntax,
  detectSyntax,
  loadConfig,
  readSource,
  type SourceSettings,
} from "./load.ts";
export { DEFAULT_CONFIG_NAME, DEFAULT_CONFIG_YAML } from "./default.ts";
export { printConfig } from "./print.ts";
export { type ConfigDiff, diffConfig, type PeerChange } from "./diff.ts";
export { mergeFragments } from "./fragment.ts";
