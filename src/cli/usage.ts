export const USAGE = `edgebgp: a BGP speaker for Linux edge boxes

Usage:
  edgebgp serve [--config FILE]... [--log-level LEVEL] [--log-format text|json]
      Run the daemon. Without --config it runs the embedded default config
      (loopback only, no peers). Config files merge in the order given.
  edgebgp config check FILE...
      Validate config files (bgpgg YAML or GoBGP TOML, merged in order), list every
      error, and print the normalized config. Exit 0 if valid, 2 if not.
  edgebgp config print [FILE...]
      Print the canonical form (YAML) of the files, or of the embedded default.
  edgebgp version
      Print version, git commit, Deno version and target.
  edgebgp --help
      Print this text.

Exit codes: 0 success, 1 runtime failure, 2 usage or config error.
`;
