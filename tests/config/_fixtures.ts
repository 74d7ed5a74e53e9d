/** One rich setup written in both syntaxes (shared by the equivalence and reference tests). */

export const FULL_YAML = `
asn: "1.10"
router_id: 192.0.2.1
listen_addr: "192.0.2.1:1179"
grpc_listen_addr: "127.0.0.1:50061"
log_level: debug
hold_time_secs: 90
connect_retry_secs: 15
accept_unconfigured_peers: false
ebgp_requires_policy: true
sys_name: edge-1
sys_descr: lab box
apply-policy:
  import-policy: [in]
  default-import-policy: accept
  default-export-policy: reject
peers:
  - address: "198.51.100.7:179"
    asn: 64496
    description: transit
    local_address: 198.51.100.8
    passive_mode: false
    idle_hold_time_secs: 10
    damp_peer_oscillations: false
    allow_automatic_stop: false
    delay_open_time_secs: 5
    hold_time_secs: 30
    connect_retry_secs: 20
    max_prefix: { limit: 1000, action: terminate }
    send_notification_without_open: true
    collision_detect_established_state: true
    min_route_advertisement_interval_secs: 5
    import-policy: [in]
    export-policy: [out]
    default-import-policy: reject
    default-export-policy: accept
    families: [ipv4-unicast]
    enforce-first-as: false
    next-hop-self: true
    role: provider
    graceful-restart: { enabled: true, restart_time: 90 }
  - address: "[2001:db8::20]:1179"
    asn: 65546
    passive_mode: true
    families: [ipv6-unicast, ipv4-unicast]
    rr-client: true
    cluster-id: 192.0.2.100
    add-path-receive: true
    add-path-send: all
    add-path-send-max: 4
  - address: "203.0.113.9:179"
    rs-client: true
bmp_servers:
  - address: "127.0.0.1:11019"
    statistics_timeout: 30
    views: [loc-rib, pre-policy, post-policy]
    sys_name: edge-1-bmp
    sys_descr: collector feed
defined-sets:
  prefix-sets:
    - name: own
      prefixes:
        - { prefix: "203.0.113.0/24", masklength-range: "24..28" }
        - { prefix: "2001:db8::/32" }
  neighbor-sets:
    - name: transits
      neighbors: ["198.51.100.7", "198.51.100.0/24"]
  as-path-sets:
    - name: from-64496
      patterns: ["^64496_"]
  community-sets:
    - name: tagged
      communities: ["64496:10", "no-export", 4259840100, "^64496:.*$"]
  ext-community-sets:
    - name: rts
      ext_communities: ["rt:64496:1", "soo:192.0.2.1:7"]
  large-community-sets:
    - name: big
      large_communities: ["65546:1:2"]
policy-definitions:
  - name: in
    statements:
      - name: drop-own
        conditions:
          match-prefix-set: { set-name: own, match-option: any }
          route-type: ebgp
        actions: { reject: true }
      - name: tag
        conditions:
          match-neighbor-set: { set-name: transits, match-option: invert }
          match-as-path-set: { set-name: from-64496, match-option: any }
          match-community-set: { set-name: tagged, match-option: all }
          match-ext-community-set: { set-name: rts, match-option: any }
          match-large-community-set: { set-name: big, match-option: invert }
          afi-safi: ipv4-unicast
          as-path-length: { operator: le, value: 10 }
        actions:
          local-pref: 120
          med: "+5"
          community: { operation: add, communities: ["64496:20"] }
          ext-community: { operation: replace, ext_communities: ["rt:64496:2"] }
          large-community: { operation: remove, large_communities: ["65546:1:2"] }
          as-path-prepend: { asn: 64600, repeat: 2 }
          next-hop: self
          accept: true
  - name: out
    statements:
      - actions: { med: 50, next-hop: "192.0.2.1", accept: true }
netlink:
  import: { enabled: true, vrf: red, interface_list: ["eth*", "vlan1[0-9]"] }
  export:
    enabled: true
    vrf: blue
    table: 100
    protocol: 200
    metric: 30
    community: "64496:100"
    community_list: ["64496:200"]
    large_community_list: ["65546:0:1"]
    keep_routes_on_stop: true
`;

export const FULL_TOML = `
[global.config]
  as = "1.10"
  router-id = "192.0.2.1"
  port = 1179
  local-address-list = ["192.0.2.1"]
  grpc-listen-addr = "127.0.0.1:50061"
  log-level = "debug"
  hold-time = 90
  connect-retry = 15
  accept-unconfigured-peers = false
  ebgp-requires-policy = true
  sys-name = "edge-1"
  sys-descr = "lab box"

[global.apply-policy.config]
  import-policy-list = ["in"]
  default-import-policy = "accept-route"
  default-export-policy = "reject-route"

[[neighbors]]
  [neighbors.config]
    neighbor-address = "198.51.100.7"
    peer-as = 64496
    description = "transit"
    damp-peer-oscillations = false
    allow-automatic-stop = false
    send-notification-without-open = true
    collision-detect-established-state = true
    enforce-first-as = false
    next-hop-self = true
    role = "provider"
  [neighbors.transport.config]
    local-address = "198.51.100.8"
    passive-mode = false
    remote-port = 179
  [neighbors.timers.config]
    idle-hold-time-after-reset = 10
    delay-open-time = 5
    hold-time = 30
    keepalive-interval = 10
    connect-retry = 20
    minimum-advertisement-interval = 5
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.prefix-limit.config]
      max-prefixes = 1000
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
      enabled = false
  [neighbors.apply-policy.config]
    import-policy-list = ["in"]
    export-policy-list = ["out"]
    default-import-policy = "reject-route"
    default-export-policy = "accept-route"
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 90

[[neighbors]]
  [neighbors.config]
    neighbor-address = "2001:db8::20"
    peer-as = 65546
  [neighbors.transport.config]
    passive-mode = true
    remote-port = 1179
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [neighbors.route-reflector.config]
    route-reflector-client = true
    route-reflector-cluster-id = "192.0.2.100"
  [neighbors.add-paths.config]
    receive = true
    send-max = 4

[[neighbors]]
  [neighbors.config]
    neighbor-address = "203.0.113.9"
  [neighbors.route-server.config]
    route-server-client = true

[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    statistics-timeout = 30
    route-monitoring-policy = "all"
    sys-name = "edge-1-bmp"
    sys-descr = "collector feed"

[[defined-sets.prefix-sets]]
  prefix-set-name = "own"
  [[defined-sets.prefix-sets.prefix-list]]
    ip-prefix = "203.0.113.0/24"
    masklength-range = "24..28"
  [[defined-sets.prefix-sets.prefix-list]]
    ip-prefix = "2001:db8::/32"

[[defined-sets.neighbor-sets]]
  neighbor-set-name = "transits"
  neighbor-info-list = ["198.51.100.7/32", "198.51.100.0/24"]

[[defined-sets.bgp-defined-sets.as-path-sets]]
  as-path-set-name = "from-64496"
  as-path-list = ["^64496_"]

[[defined-sets.bgp-defined-sets.community-sets]]
  community-set-name = "tagged"
  community-list = ["64496:10", "NO_EXPORT", "65000:100", "^64496:.*$"]

[[defined-sets.bgp-defined-sets.ext-community-sets]]
  ext-community-set-name = "rts"
  ext-community-list = ["rt:64496:1", "ro:192.0.2.1:7"]

[[defined-sets.bgp-defined-sets.large-community-sets]]
  large-community-set-name = "big"
  large-community-list = ["65546:1:2"]

[[policy-definitions]]
  name = "in"
  [[policy-definitions.statements]]
    name = "drop-own"
    [policy-definitions.statements.conditions.match-prefix-set]
      prefix-set = "own"
    [policy-definitions.statements.conditions.bgp-conditions]
      route-type = "external"
    [policy-definitions.statements.actions]
      route-disposition = "reject-route"
  [[policy-definitions.statements]]
    name = "tag"
    [policy-definitions.statements.conditions.match-neighbor-set]
      neighbor-set = "transits"
      match-set-options = "invert"
    [policy-definitions.statements.conditions.bgp-conditions]
      afi-safi-in-list = ["ipv4-unicast"]
      as-path-length = { operator = "le", value = 10 }
      match-as-path-set = { as-path-set = "from-64496" }
      match-community-set = { community-set = "tagged", match-set-options = "all" }
      match-ext-community-set = { ext-community-set = "rts", match-set-options = "any" }
      match-large-community-set = { large-community-set = "big", match-set-options = "invert" }
    [policy-definitions.statements.actions]
      route-disposition = "accept-route"
    [policy-definitions.statements.actions.bgp-actions]
      set-local-pref = 120
      set-med = "+5"
      set-next-hop = "self"
      set-as-path-prepend = { as = "64600", repeat-n = 2 }
      set-community = { options = "add", set-community-method = { communities-list = ["64496:20"] } }
      set-ext-community = { options = "replace", set-ext-community-method = { communities-list = ["rt:64496:2"] } }
      set-large-community = { options = "remove", set-large-community-method = { communities-list = ["65546:1:2"] } }

[[policy-definitions]]
  name = "out"
  [[policy-definitions.statements]]
    [policy-definitions.statements.actions]
      route-disposition = "accept-route"
    [policy-definitions.statements.actions.bgp-actions]
      set-med = 50
      set-next-hop = "192.0.2.1"

[netlink.import]
  enabled = true
  vrf = "red"
  interface-list = ["eth*", "vlan1[0-9]"]

[netlink.export]
  enabled = true
  vrf = "blue"
  table-id = 100
  route-protocol = 200
  metric = 30
  community = "64496:100"
  community-list = ["64496:200"]
  large-community-list = ["65546:0:1"]
  keep-routes-on-stop = true
`;
