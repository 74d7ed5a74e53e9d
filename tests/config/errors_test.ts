/**
 * Bad configs, each with the exact text an operator sees: location, key path, the value, and
 * what is allowed. Every issue of a source is listed, not just the first.
 */
import assert from "node:assert/strict";
import { ConfigError, type ConfigSource, formatIssue, loadConfig } from "../../src/config/mod.ts";

/** A YAML file with the two required settings, then `t`. */
function Y(t: string): ConfigSource {
  return { name: "a.yaml", text: "asn: 65000\nrouter_id: 10.0.0.1\n" + t };
}

/** A TOML file with the two required settings, then `t`. */
function T(t: string): ConfigSource {
  return { name: "b.toml", text: '[global.config]\nas = 65000\nrouter-id = "10.0.0.1"\n' + t };
}

interface Case {
  readonly name: string;
  readonly sources: readonly ConfigSource[];
  readonly expected: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: "a misspelt top-level key suggests the right one",
    sources: [{ name: "a.yaml", text: "asn: 65000\nroutr_id: 10.0.0.1\n" }],
    expected: [
      "a.yaml:2:1: routr_id: unknown key; did you mean router_id?",
      "a.yaml: missing required setting router_id (YAML: router_id; TOML: global.config.router-id)",
    ],
  },
  {
    name: "a misspelt peer key names the peer index and suggests the key",
    sources: [
      Y(`peers:\n  - address: "10.0.0.2:179"\n  - address: "10.0.0.3:179"\n  - address: "10.0.0.4:179"\n    pasive_mode: true\n`),
    ],
    expected: [
      "a.yaml:7:5: peers[2].pasive_mode: unknown key; did you mean passive_mode?",
    ],
  },
  {
    name: "asn as a word",
    sources: [{ name: "a.yaml", text: `asn: "x"\nrouter_id: 10.0.0.1\n` }],
    expected: [
      'a.yaml:1:6: asn: "x" is not an AS number; allowed: 1..4294967295, or asdot like "1.10"',
    ],
  },
  {
    name: "AS 0 is reserved",
    sources: [{ name: "a.yaml", text: `asn: 0\nrouter_id: 10.0.0.1\n` }],
    expected: [
      'a.yaml:1:6: asn: 0 is not an AS number; allowed: 1..4294967295, or asdot like "1.10"',
    ],
  },
  {
    name: "AS_TRANS as the local AS",
    sources: [{ name: "a.yaml", text: `asn: 23456\nrouter_id: 10.0.0.1\n` }],
    expected: [
      'a.yaml:1:6: asn: 23456 is AS_TRANS (RFC 6793), not a usable AS; allowed: 1..4294967295, or asdot like "1.10"',
    ],
  },
  {
    name: "asn above 32 bits",
    sources: [{ name: "a.yaml", text: `asn: 4294967296\nrouter_id: 10.0.0.1\n` }],
    expected: [
      'a.yaml:1:6: asn: 4294967296 is not an AS number; allowed: 1..4294967295, or asdot like "1.10"',
    ],
  },
  {
    name: "asdot low part above 65535",
    sources: [{ name: "a.yaml", text: `asn: "1.70000"\nrouter_id: 10.0.0.1\n` }],
    expected: [
      'a.yaml:1:6: asn: "1.70000" is not an AS number; allowed: 1..4294967295, or asdot like "1.10"',
    ],
  },
  {
    name: "router_id with three octets",
    sources: [{ name: "a.yaml", text: `asn: 1\nrouter_id: "1.2.3"\n` }],
    expected: [
      'a.yaml:2:12: router_id: "1.2.3" is not a dotted-quad IPv4 address',
    ],
  },
  {
    name: "router_id 0.0.0.0",
    sources: [{ name: "a.yaml", text: `asn: 1\nrouter_id: 0.0.0.0\n` }],
    expected: [
      'a.yaml:2:12: router_id: "0.0.0.0" is not a usable BGP identifier (RFC 6286 §2.1: non-zero)',
    ],
  },
  {
    name: "listen_addr without a port",
    sources: [Y(`listen_addr: "10.0.0.1"\n`)],
    expected: [
      'a.yaml:3:14: listen_addr: "10.0.0.1" is not IP:PORT (missing port)',
    ],
  },
  {
    name: "listen_addr port above 65535",
    sources: [Y(`listen_addr: "10.0.0.1:70000"\n`)],
    expected: [
      'a.yaml:3:14: listen_addr: "10.0.0.1:70000": port must be 0..65535',
    ],
  },
  {
    name: "hold time 2 (RFC 4271 forbids 1 and 2)",
    sources: [Y(`hold_time_secs: 2\n`)],
    expected: [
      "a.yaml:3:17: hold_time_secs: 2 is out of range; allowed: 0 or 3..65535 (RFC 4271 §4.2)",
    ],
  },
  {
    name: "unknown log level",
    sources: [Y(`log_level: verbose\n`)],
    expected: [
      'a.yaml:3:12: log_level: "verbose" is not a log level; allowed: trace, debug, info, warn, error',
    ],
  },
  {
    name: "YAML 1.1 'yes' is not a boolean",
    sources: [Y(`accept_unconfigured_peers: yes\n`)],
    expected: [
      'a.yaml:3:28: accept_unconfigured_peers: "yes" is not a boolean; allowed: true, false',
    ],
  },
  {
    name: "peer address as a host name",
    sources: [Y(`peers:\n  - address: "router.example:179"\n`)],
    expected: [
      'a.yaml:4:14: peers[0].address: "router.example:179" is not IP:PORT (address "router.example" is not an IP address)',
    ],
  },
  {
    name: "one peer twice in one file",
    sources: [Y(`peers:\n  - address: "10.0.0.2:179"\n  - address: "10.0.0.2:1179"\n`)],
    expected: [
      "a.yaml:5:14: peers[1].address: peer 10.0.0.2 is already configured at line 4 (peers[0])",
    ],
  },
  {
    name: "peer without an address",
    sources: [Y(`peers:\n  - passive_mode: true\n`)],
    expected: [
      "a.yaml:4:5: peers[0]: missing required key address",
    ],
  },
  {
    name: "max_prefix action typo suggests the value",
    sources: [
      Y(`peers:\n  - address: "10.0.0.2:179"\n    max_prefix: { limit: 10, action: termnate }\n`),
    ],
    expected: [
      'a.yaml:5:38: peers[0].max_prefix.action: "termnate" is not a max-prefix action; did you mean terminate? allowed: terminate, discard',
    ],
  },
  {
    name: "import-policy naming an undefined policy suggests a defined one",
    sources: [
      Y(`peers:\n  - address: "10.0.0.2:179"\n    import-policy: [rejct-all]\npolicy-definitions:\n  - name: reject-all\n    statements:\n      - actions: { reject: true }\n`),
    ],
    expected: [
      'a.yaml:5:21: peers[0].import-policy[0]: unknown policy "rejct-all"; did you mean reject-all?',
    ],
  },
  {
    name: "condition naming an undefined set",
    sources: [
      Y(`policy-definitions:\n  - name: p\n    statements:\n      - conditions: { match-prefix-set: { set-name: mine } }\n        actions: { reject: true }\n`),
    ],
    expected: [
      'a.yaml:6:53: policy-definitions[0].statements[0].conditions.match-prefix-set.set-name: unknown prefix set "mine"; no prefix sets are defined',
    ],
  },
  {
    name: "condition naming a set of another kind",
    sources: [
      Y(`defined-sets:\n  community-sets:\n    - { name: mine, communities: ["1:1"] }\npolicy-definitions:\n  - name: p\n    statements:\n      - conditions: { match-prefix-set: { set-name: mine } }\n        actions: { reject: true }\n`),
    ],
    expected: [
      'a.yaml:9:53: policy-definitions[0].statements[0].conditions.match-prefix-set.set-name: unknown prefix set "mine"; it is a community set',
    ],
  },
  {
    name: "prefix with host bits suggests the network",
    sources: [
      Y(`defined-sets:\n  prefix-sets:\n    - name: s\n      prefixes: [{ prefix: "10.0.0.1/24" }]\n`),
    ],
    expected: [
      'a.yaml:6:28: defined-sets.prefix-sets[0].prefixes[0].prefix: "10.0.0.1/24": host bits set; did you mean 10.0.0.0/24?',
    ],
  },
  {
    name: "mask-length range shorter than the prefix",
    sources: [
      Y(`defined-sets:\n  prefix-sets:\n    - name: s\n      prefixes: [{ prefix: "10.0.0.0/24", masklength-range: "20..24" }]\n`),
    ],
    expected: [
      'a.yaml:6:61: defined-sets.prefix-sets[0].prefixes[0].masklength-range: "20..24" is not a mask-length range (A is shorter than the prefix length 24); allowed: "exact", "A..B", "A..", "..B" with 24 <= A <= B <= 32',
    ],
  },
  {
    name: "community AS part above 65535",
    sources: [Y(`defined-sets:\n  community-sets:\n    - { name: c, communities: ["65536:1"] }\n`)],
    expected: [
      'a.yaml:5:32: defined-sets.community-sets[0].communities[0]: "65536:1" is not a community; allowed: "AS:VAL" (each 0..65535), a 32-bit decimal, or a name (GRACEFUL_SHUTDOWN, ACCEPT_OWN, LLGR_STALE, NO_LLGR, BLACKHOLE, NO_EXPORT, NO_ADVERTISE, NO_EXPORT_SUBCONFED, NO_PEER)',
    ],
  },
  {
    name: "large community with two parts",
    sources: [
      Y(`defined-sets:\n  large-community-sets:\n    - { name: c, large_communities: ["1:2"] }\n`),
    ],
    expected: [
      'a.yaml:5:38: defined-sets.large-community-sets[0].large_communities[0]: "1:2" is not a large community; allowed: "GA:LD1:LD2" (each 0..4294967295)',
    ],
  },
  {
    name: "route target with 4-octet AS and a 4-octet local part",
    sources: [
      Y(`defined-sets:\n  ext-community-sets:\n    - { name: c, ext_communities: ["rt:70000:70000"] }\n`),
    ],
    expected: [
      'a.yaml:5:36: defined-sets.ext-community-sets[0].ext_communities[0]: "rt:70000:70000" is not an extended community (the local part after a 4-octet AS must be 0..65535); allowed: rt:AS:N, ro:AS:N, rt:IPv4:N, ro:IPv4:N, color:N, encapsulation:N, router-mac:aa:bb:cc:dd:ee:ff, lb:AS:BYTES_PER_SEC, rpki:valid|not-found|invalid, 0x + 16 hex digits',
    ],
  },
  {
    name: "AS-path pattern that does not compile",
    sources: [Y(`defined-sets:\n  as-path-sets:\n    - { name: c, patterns: ["^65000_(" ] }\n`)],
    expected: [
      'a.yaml:5:29: defined-sets.as-path-sets[0].patterns[0]: "^65000_(" is not a valid regular expression: unterminated group',
    ],
  },
  {
    name: "interface glob with an open bracket",
    sources: [Y(`netlink:\n  import:\n    interface_list: ["eth0", "[ab"]\n`)],
    expected: [
      "a.yaml:5:30: netlink.import.interface_list[1]: \"[ab\" is not an interface name or glob: '[' at position 1 is never closed",
    ],
  },
  {
    name: "netlink export protocol owned by the kernel",
    sources: [Y(`netlink:\n  export:\n    protocol: 2\n`)],
    expected: [
      "a.yaml:5:15: netlink.export.protocol: 2 is out of range; allowed: 5..255",
    ],
  },
  {
    name: "netlink export to the local table",
    sources: [Y(`netlink:\n  export:\n    table: 255\n`)],
    expected: [
      "a.yaml:5:12: netlink.export.table: 255 is the kernel's local table; allowed: 1..4294967295 except 255",
    ],
  },
  {
    name: "rr-client and rs-client together",
    sources: [Y(`peers:\n  - address: "10.0.0.2:179"\n    rr-client: true\n    rs-client: true\n`)],
    expected: [
      "a.yaml:6:16: peers[0].rs-client: a peer cannot be both rs-client and rr-client",
    ],
  },
  {
    name: "YAML syntax errors, all of them, without 'missing' noise",
    sources: [{ name: "a.yaml", text: "asn: 1\n  router_id: [\n" }],
    expected: [
      "a.yaml:1:6: YAML syntax: Nested mappings are not allowed in compact mappings",
      "a.yaml:1:6: YAML syntax: Implicit keys need to be on a single line",
      "a.yaml:3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  },
  {
    name: "TOML syntax error with line and column",
    sources: [{ name: "b.toml", text: "[global.config]\nas = \n" }],
    expected: [
      "b.toml:2:6: TOML syntax: invalid value",
    ],
  },
  {
    name: "TOML underscore key suggests GoBGP's kebab key",
    sources: [
      T(`[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "10.0.0.2"\n    peer_as = 65001\n`),
    ],
    expected: [
      "b.toml:7:5: neighbors[0].config.peer_as: unknown key; did you mean peer-as?",
    ],
  },
  {
    name: "TOML key GoBGP has but edgebgp does not implement",
    sources: [
      T(`[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "10.0.0.2"\n    auth-password = "x"\n`),
    ],
    expected: [
      "b.toml:7:5: neighbors[0].config.auth-password: not supported by edgebgp: TCP-MD5 is not implemented",
    ],
  },
  {
    name: "TOML keepalive that is not a third of the hold time",
    sources: [
      T(`[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "10.0.0.2"\n  [neighbors.timers.config]\n    hold-time = 90\n    keepalive-interval = 10\n`),
    ],
    expected: [
      "b.toml:9:5: neighbors[0].timers.config.keepalive-interval: 10 is not allowed; edgebgp sends KEEPALIVE every hold-time / 3, so keepalive-interval must be 30",
    ],
  },
  {
    name: "TOML family edgebgp does not carry",
    sources: [
      T(`[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "10.0.0.2"\n  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = "l2vpn-evpn"\n`),
    ],
    expected: [
      'b.toml:9:7: neighbors[0].afi-safis[0].config.afi-safi-name: "l2vpn-evpn" is not a supported family; allowed: ipv4-unicast, ipv6-unicast',
    ],
  },
  {
    name: "TOML default policy that is not accept-route/reject-route",
    sources: [T(`[global.apply-policy.config]\n  default-import-policy = "drop"\n`)],
    expected: [
      'b.toml:5:3: global.apply-policy.config.default-import-policy: "drop" is not a default policy; allowed: accept-route, reject-route',
    ],
  },
  {
    name: "a file over the size limit",
    sources: [{ name: "a.yaml", text: "#".repeat(16 * 1024 * 1024 + 1) }],
    expected: [
      "a.yaml: file is 16777217 characters; the limit is 16777216",
    ],
  },
  {
    name: "YAML nested past the depth limit",
    sources: [{ name: "a.yaml", text: "a: " + "[".repeat(200) + "]".repeat(200) + "\n" }],
    expected: [
      "a.yaml:1:68: nesting deeper than 64 levels",
    ],
  },
  {
    name: "TOML nested past the depth limit",
    sources: [{ name: "b.toml", text: "a = " + "[".repeat(200) + "]".repeat(200) + "\n" }],
    expected: [
      "b.toml:1:69: TOML syntax: document contains excessively nested structures. aborting.",
    ],
  },
  {
    name: "a YAML document that is a list",
    sources: [{ name: "a.yaml", text: "- 1\n- 2\n" }],
    expected: [
      "a.yaml:1:1: the document is a list; it must be a mapping of keys",
    ],
  },
  {
    name: "a peer with no family",
    sources: [Y(`peers:\n  - address: "10.0.0.2:179"\n    families: []\n`)],
    expected: [
      "a.yaml:5:15: peers[0].families: a peer needs at least one family; allowed: ipv4-unicast, ipv6-unicast",
    ],
  },
  {
    name: "a statement that both accepts and rejects",
    sources: [
      Y(`policy-definitions:\n  - name: p\n    statements:\n      - actions: { accept: true, reject: true }\n`),
    ],
    expected: [
      "a.yaml:6:42: policy-definitions[0].statements[0].actions.reject: accept and reject are both true; choose one",
    ],
  },
  {
    name: "a statement without actions",
    sources: [Y(`policy-definitions:\n  - name: p\n    statements:\n      - name: s\n`)],
    expected: [
      "a.yaml:6:9: policy-definitions[0].statements[0]: missing required key actions",
    ],
  },
  {
    name: "BMP view typo",
    sources: [Y(`bmp_servers:\n  - address: "127.0.0.1:11019"\n    views: [pre-polcy]\n`)],
    expected: [
      'a.yaml:5:13: bmp_servers[0].views[0]: "pre-polcy" is not a BMP view; allowed: pre-policy, post-policy, adj-rib-out-pre, adj-rib-out-post, loc-rib',
    ],
  },
  {
    name: "two YAML documents in one file",
    sources: [{ name: "a.yaml", text: "asn: 1\n---\nasn: 2\n" }],
    expected: [
      "a.yaml:2:1: YAML syntax: a config file holds one document; found a second (---)",
    ],
  },
  {
    name: "bgpgg v0.3 peer port key",
    sources: [Y(`peers:\n  - address: "10.0.0.2"\n    port: 1179\n`)],
    expected: [
      'a.yaml:5:5: peers[0].port: not supported by edgebgp: write the port in address as "IP:PORT" (bgpgg v0.2)',
    ],
  },
  {
    name: "GoBGP port -1 (no listener)",
    sources: [T(`port = -1\n`)],
    expected: [
      "b.toml:4:1: global.config.port: not supported by edgebgp: port -1; bind a loopback address instead",
    ],
  },
  {
    name: "two listen addresses",
    sources: [T(`local-address-list = ["0.0.0.0", "::"]\n`)],
    expected: [
      "b.toml:4:1: global.config.local-address-list: edgebgp listens on one address; got 2, give one",
    ],
  },
  {
    name: "peers written as a mapping",
    sources: [Y(`peers: { address: "10.0.0.2:179" }\n`)],
    expected: [
      "a.yaml:3:8: peers: a mapping is not a list",
    ],
  },
  {
    name: "a YAML key written twice",
    sources: [Y(`log_level: info\nlog_level: debug\n`)],
    expected: [
      'a.yaml:4:1: YAML syntax: duplicate key "log_level"',
    ],
  },
  {
    name: "one key in both spellings",
    sources: [
      Y(`peers:\n  - address: "10.0.0.2:179"\n    passive_mode: true\n    passive-mode: false\n`),
    ],
    expected: [
      "a.yaml:6:5: peers[0].passive-mode: duplicate of passive_mode at line 5; write the key once",
    ],
  },
  {
    name: "a TOML date where a boolean belongs",
    sources: [T(`[netlink.import]\nenabled = 1979-05-27\n`)],
    expected: [
      "b.toml:5:1: netlink.import.enabled: 1979-05-27 is not a boolean; allowed: true, false",
    ],
  },
  {
    name: "a TOML integer beyond 53 bits",
    sources: [T(`[netlink.export]\nmetric = 99999999999999999999\n`)],
    expected: [
      "b.toml:5:1: netlink.export.metric: 99999999999999999999 is out of range; allowed: 0..4294967295",
    ],
  },
  {
    name: "a fractional hold time",
    sources: [
      T(`[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "10.0.0.2"\n  [neighbors.timers.config]\n    hold-time = 1.5\n`),
    ],
    expected: [
      "b.toml:8:5: neighbors[0].timers.config.hold-time: 1.5 is not a whole number; allowed: 0 or 3..65535",
    ],
  },
  {
    name: "bgpgg's accept where GoBGP wants accept-route",
    sources: [
      T(`[[policy-definitions]]\nname = "p"\n[[policy-definitions.statements]]\n[policy-definitions.statements.actions]\nroute-disposition = "accept"\n`),
    ],
    expected: [
      'b.toml:8:1: policy-definitions[0].statements[0].actions.route-disposition: "accept" is not a route disposition; allowed: accept-route, reject-route, none',
    ],
  },
  {
    name: "a misspelt TOML table header points at its line",
    sources: [
      T(`[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "10.0.0.2"\n  [neighbors.transprt.config]\n    passive-mode = true\n`),
    ],
    expected: [
      "b.toml:7:3: neighbors[0].transprt: unknown key; did you mean transport?",
    ],
  },
  {
    name: "a VRF name with a space",
    sources: [Y(`netlink:\n  export:\n    vrf: "has space"\n`)],
    expected: [
      "a.yaml:5:10: netlink.export.vrf: \"has space\" is not an interface name; allowed: up to 15 characters, no spaces, '/', ':' or glob characters",
    ],
  },
  {
    name: "a YAML alias bomb",
    sources: [{
      name: "a.yaml",
      text:
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n',
    }],
    expected: [
      "a.yaml:1:28: aliases expand to more than 10000 nodes",
    ],
  },
  {
    name: "keys named like Object.prototype members",
    sources: [Y("constructor: 1\n__proto__: 2\n")],
    expected: [
      "a.yaml:3:1: constructor: unknown key; see the key reference in config/README.md",
      "a.yaml:4:1: __proto__: unknown key; see the key reference in config/README.md",
    ],
  },
  {
    name: "an unsupported bgpgg key in the other separator style",
    sources: [Y(`peers:\n  - address: 10.0.0.1\n    md5_key_file: x\n`)],
    expected: [
      "a.yaml:5:5: peers[0].md5_key_file: not supported by edgebgp: TCP-MD5 is not implemented",
    ],
  },
];

function issuesOf(sources: readonly ConfigSource[]): string[] {
  try {
    loadConfig(sources);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map(formatIssue);
    throw e;
  }
  return [];
}

Deno.test("the bad-config table has at least 30 distinct cases", () => {
  assert.ok(CASES.length >= 30);
  assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length);
});

for (const c of CASES) {
  Deno.test(`loadConfig() refuses ${c.name}`, () => {
    assert.deepEqual(issuesOf(c.sources), c.expected);
  });
}

Deno.test("ConfigError's message is every issue, one per line, without a stack", () => {
  assert.throws(() => loadConfig(Y("hold_time_secs: 1\nlog_level: loud\n")), (err) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(
      err.message,
      "a.yaml:3:17: hold_time_secs: 1 is out of range; allowed: 0 or 3..65535 (RFC 4271 §4.2)\n" +
        'a.yaml:4:12: log_level: "loud" is not a log level; allowed: trace, debug, info, warn, error',
    );
    assert.doesNotMatch(err.message, /\bat .*\.ts:\d+/);
    return true;
  });
});
