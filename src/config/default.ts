/**
 * The embedded default config. It is a module (not a file read at run time) so that
 * `deno compile` carries it; tests/config/default_test.ts keeps it equal to config/default.yaml.
 */
export const DEFAULT_CONFIG_NAME = "<embedded default>";

export const DEFAULT_CONFIG_YAML =
  `# edgebgp embedded default: loopback only, no peers, netlink off.
# \`deno task start\` (and \`edgebgp serve\` without --config) runs exactly this.
asn: 65000
router_id: "127.0.0.1"
listen_addr: "127.0.0.1:1179"
grpc_listen_addr: "127.0.0.1:50051"
log_level: info
peers: []
`;
