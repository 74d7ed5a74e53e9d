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

/** What an UPDATE built here carries, so FakeSource can keep a per-prefix table. */
interface RouteMeta {
  readonly prefixes: readonly string[];
  readonly withdraw: boolean;
  readonly asPath: readonly number[];
  readonly fourOctetAs: boolean;
}
const META = new WeakMap<Uint8Array, RouteMeta>();

function routeEvent(
  view: BmpView,
  peerKey: string | undefined,
  update: Uint8Array,
  meta: RouteMeta,
): BmpRouteMonitoringEvent {
  META.set(update, meta);
  return peerKey === undefined
    ? { type: "route-monitoring", view, update }
    : { type: "route-monitoring", view, peerKey, update };
}

export function announce(
  view: BmpView,
  peerKey: string | undefined,
  prefixes: readonly string[],
  asPath: readonly number[] = [65001],
  fourOctetAs = true,
): BmpRouteMonitoringEvent {
  const update = updatePdu({ announce: prefixes, asPath, fourOctetAs });
  return routeEvent(view, peerKey, update, { prefixes, withdraw: false, asPath, fourOctetAs });
}

export function withdraw(
  view: BmpView,
  peerKey: string | undefined,
  prefixes: readonly string[],
): BmpRouteMonitoringEvent {
  const update = updatePdu({ withdraw: prefixes });
  return routeEvent(view, peerKey, update, {
    prefixes,
    withdraw: true,
    asPath: [],
    fourOctetAs: true,
  });
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
  /** view -> peer key ("" for loc-rib) -> prefix -> the announcement's attributes */
  routes = new Map<BmpView, Map<string, Map<string, RouteMeta>>>();
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
      const meta = META.get(e.update);
      if (!meta) throw new Error("FakeSource: UPDATE not built by announce()/withdraw()");
      const byPeer = this.routes.get(e.view) ?? new Map<string, Map<string, RouteMeta>>();
      this.routes.set(e.view, byPeer);
      const key = e.peerKey ?? "";
      const byPrefix = byPeer.get(key) ?? new Map<string, RouteMeta>();
      byPeer.set(key, byPrefix);
      for (const p of meta.prefixes) {
        if (meta.withdraw) byPrefix.delete(p);
        else byPrefix.set(p, meta);
      }
    }
  }

  *snapshot(views: ReadonlySet<BmpView>): Iterable<readonly BmpSnapshotItem[]> {
    this.snapshots++;
    const items: BmpSnapshotItem[] = [];
    for (const up of this.peers.values()) {
      items.push(up);
      for (const view of views) {
        if (view !== "loc-rib") items.push(...this.#table(view, up.peer.key));
      }
    }
    if (views.has("loc-rib")) items.push(...this.#table("loc-rib", undefined));
    for (let i = 0; i < items.length; i += this.chunkSize) {
      yield items.slice(i, i + this.chunkSize);
    }
  }

  /** One UPDATE per prefix, encoded from the table as a speaker encodes from its RIB. */
  #table(view: BmpView, peerKey: string | undefined): BmpRouteMonitoringEvent[] {
    const byPrefix = this.routes.get(view)?.get(peerKey ?? "") ?? new Map<string, RouteMeta>();
    return [...byPrefix].map(([p, m]) => announce(view, peerKey, [p], m.asPath, m.fourOctetAs));
  }

  statistics(): Iterable<BmpStatistics> {
    return this.stats;
  }

  localRib(): BmpLocalRib {
    return LOCAL_RIB;
  }
}
