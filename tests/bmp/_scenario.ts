/** Scripted peers and routes with real BGP bytes, shared by the feed, client and interop tests. */
import { parseIp } from "../../src/common/ip.ts";
import type {
  BmpEvent,
  BmpLocalRib,
  BmpPeerUpEvent,
  BmpRouteMonitoringEvent,
  BmpSnapshotItem,
  BmpSource,
  BmpStatistics,
  BmpView,
} from "../../src/bmp/mod.ts";
import { openPdu, updatePdu } from "./_bgp.ts";

export const LOCAL_AS = 65000;
export const ROUTER_ID = 0xc0000264; // 192.0.2.100

/** A peer on IPv4 (`n` picks 192.0.2.n, AS 65000+n); `fourOctetAs` false for a legacy peer. */
export function peerUp(n: number, fourOctetAs = true): BmpPeerUpEvent {
  const families = [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }];
  return {
    type: "peer-up",
    peer: {
      key: `192.0.2.${n}`,
      address: parseIp(`192.0.2.${n}`),
      asn: 65000 + n,
      bgpId: 0xc0000200 + n,
      fourOctetAs,
    },
    localAddress: parseIp("192.0.2.100"),
    localPort: 179,
    remotePort: 40000 + n,
    sentOpen: openPdu({ asn: LOCAL_AS, bgpId: "192.0.2.100", fourOctetAs }),
    receivedOpen: openPdu({ asn: 65000 + n, bgpId: `192.0.2.${n}`, fourOctetAs }),
    families,
    timestamp: 1_700_000_000_000 + n,
  };
}

/** An IPv6 peer (2001:db8::n). */
export function peerUp6(n: number): BmpPeerUpEvent {
  const base = peerUp(n);
  return {
    ...base,
    peer: { ...base.peer, key: `2001:db8::${n}`, address: parseIp(`2001:db8::${n}`) },
    localAddress: parseIp("2001:db8::100"),
  };
}

export function announce(
  view: BmpView,
  peerKey: string | undefined,
  prefixes: readonly string[],
  asPath: readonly number[] = [65001],
  fourOctetAs = true,
): BmpRouteMonitoringEvent {
  const update = updatePdu({ announce: prefixes, asPath, fourOctetAs });
  return peerKey === undefined
    ? { type: "route-monitoring", view, update }
    : { type: "route-monitoring", view, peerKey, update };
}

export function withdraw(
  view: BmpView,
  peerKey: string | undefined,
  prefixes: readonly string[],
): BmpRouteMonitoringEvent {
  const update = updatePdu({ withdraw: prefixes });
  return peerKey === undefined
    ? { type: "route-monitoring", view, update }
    : { type: "route-monitoring", view, peerKey, update };
}

export const LOCAL_RIB: BmpLocalRib = {
  asn: LOCAL_AS,
  bgpId: ROUTER_ID,
  families: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }],
};

/**
 * A fake speaker: a table of Established peers and per-view routes, answering snapshot() from
 * it in chunks, and forwarding events to a sink (the client) while updating its table.
 */
export class FakeSource implements BmpSource {
  peers = new Map<string, BmpPeerUpEvent>();
  /** view -> peer key ("" for loc-rib) -> prefix -> route event */
  routes = new Map<BmpView, Map<string, Map<string, BmpRouteMonitoringEvent>>>();
  stats: BmpStatistics[] = [];
  snapshots = 0;
  chunkSize: number;

  constructor(chunkSize = 3) {
    this.chunkSize = chunkSize;
  }

  /** Records the event in the table, as a speaker's RIB would. */
  apply(e: BmpEvent): void {
    if (e.type === "peer-up") {
      this.peers.set(e.peer.key, e);
    } else if (e.type === "peer-down") {
      this.peers.delete(e.peerKey);
      for (const byPeer of this.routes.values()) byPeer.delete(e.peerKey);
    } else {
      const byPeer = this.routes.get(e.view) ?? new Map();
      this.routes.set(e.view, byPeer);
      const key = e.peerKey ?? "";
      const byPrefix = byPeer.get(key) ?? new Map();
      byPeer.set(key, byPrefix);
      byPrefix.set(`${byPrefix.size}`, e);
    }
  }

  *snapshot(views: ReadonlySet<BmpView>): Iterable<readonly BmpSnapshotItem[]> {
    this.snapshots++;
    const items: BmpSnapshotItem[] = [];
    for (const up of this.peers.values()) {
      items.push(up);
      for (const view of views) {
        for (const e of this.routes.get(view)?.get(up.peer.key)?.values() ?? []) items.push(e);
      }
    }
    if (views.has("loc-rib")) {
      for (const e of this.routes.get("loc-rib")?.get("")?.values() ?? []) items.push(e);
    }
    for (let i = 0; i < items.length; i += this.chunkSize) {
      yield items.slice(i, i + this.chunkSize);
    }
  }

  statistics(): Iterable<BmpStatistics> {
    return this.stats;
  }

  localRib(): BmpLocalRib {
    return LOCAL_RIB;
  }
}
