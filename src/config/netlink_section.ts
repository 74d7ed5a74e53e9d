/**
 * The netlink section, the same in both syntaxes: GoBGP's `[netlink.import]` / `[netlink.export]`
 * (the seed's underscore keys and GoBGP's kebab keys both) and YAML `netlink: {import, export}`.
 */
import { parseCommunity, parseLargeCommunity } from "./communities.ts";
import { type NetlinkKey, netlinkKey } from "./keys.ts";
import { readBool, type Reader, readInt, readList, readMap, readParsed } from "./reader.ts";
import type { LNode } from "./tree.ts";
import { validateGlob, validateIfName } from "./values.ts";

/** Kernel routing-protocol numbers below this belong to the kernel (rtnetlink.h RTPROT_*). */
const FIRST_FREE_PROTOCOL = 5;

export function readNetlink(r: Reader, node: LNode, path: string, lenient: boolean): void {
  const put = (k: NetlinkKey, v: unknown, n: LNode, p: string) => r.put(netlinkKey(k), v, n, p);
  readMap(r, node, path, {
    import: (n, p) =>
      readMap(r, n, p, {
        enabled: (n, p) => put("import.enabled", readBool(r, n, p), n, p),
        vrf: (n, p) => put("import.vrf", readParsed(r, n, p, vrfName, "a VRF name"), n, p),
        interface_list: (n, p) =>
          put("import.interfaceList", readList(r, n, p, validateGlob, "an interface glob"), n, p),
      }, { lenient, aliases: { "interface-list": "interface_list" } }),
    export: (n, p) =>
      readMap(r, n, p, {
        enabled: (n, p) => put("export.enabled", readBool(r, n, p), n, p),
        vrf: (n, p) => put("export.vrf", readParsed(r, n, p, vrfName, "a VRF name"), n, p),
        table: (n, p) => {
          const t = readInt(r, n, p, 1, 0xffffffff, "1..4294967295 except 255 (local)");
          if (t === 255) {
            r.fail(n.at, p, `255 is the kernel's local table; allowed: 1..4294967295 except 255`);
          } else put("export.table", t, n, p);
        },
        protocol: (n, p) => {
          // RTPROT_UNSPEC..RTPROT_STATIC (0..4) are the kernel's and the admin's own routes;
          // startup cleanup deletes every route with our protocol, so those would be lost.
          const v = readInt(r, n, p, FIRST_FREE_PROTOCOL, 255);
          put("export.protocol", v, n, p);
        },
        metric: (n, p) => put("export.metric", readInt(r, n, p, 0, 0xffffffff), n, p),
        community: (n, p) =>
          put("export.community", readParsed(r, n, p, parseCommunity, "a community"), n, p),
        community_list: (n, p) =>
          put("export.communityList", readList(r, n, p, parseCommunity, "a community"), n, p),
        large_community_list: (n, p) =>
          put(
            "export.largeCommunityList",
            readList(r, n, p, parseLargeCommunity, "a large community"),
            n,
            p,
          ),
        keep_routes_on_stop: (n, p) => put("export.keepRoutesOnStop", readBool(r, n, p), n, p),
      }, {
        lenient,
        aliases: {
          "community-list": "community_list",
          "large-community-list": "large_community_list",
          "table-id": "table",
          "route-protocol": "protocol",
          "keep-routes-on-stop": "keep_routes_on_stop",
        },
        unsupported: {
          rules: "one export rule per config; use community_list / large_community_list",
          "dampening-interval": "exports follow best-path changes without a timer",
        },
      }),
  }, {
    lenient,
    unsupported: { config: "the legacy [netlink.config] table; use [netlink.import]" },
  });
}

/** "" is the global RIB; otherwise a name in Linux's interface-name syntax. */
function vrfName(s: string): string {
  return s === "" ? s : validateIfName(s);
}
