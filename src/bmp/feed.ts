/**
 * What one collector session receives, in order (RFC 7854 §3.3), without any I/O: Initiation,
 * the Loc-RIB Peer Up, the initial dump (Peer Up before any route of that peer), End-of-RIB per
 * peer, view and family, then live changes; Termination last and nothing after it.
 *
 * Live events that arrive during the dump are kept and replayed after the End-of-RIBs, so a
 * stale snapshot item can never overwrite a newer change. The feed remembers which peers are up
 * on this session: a Route Monitoring or Peer Down for a peer the collector has not seen come up
 * is dropped (pmbmpd discards RM without Peer Up), and a repeated identical Peer Up is skipped.
 */
import type { IpAddress } from "../common/ip.ts";
import { bytesEqual } from "../common/ip.ts";
import { PeerFlag, PeerType, TerminationReason } from "./constants.ts";
import { endOfRibUpdate } from "./end_of_rib.ts";
import { BmpEncodeError } from "./errors.ts";
import { initiationMessage } from "./initiation.ts";
import { locRibOpen } from "./loc_rib_open.ts";
import { encodeBmpMessage } from "./message.ts";
import { splitTimestamp } from "./per_peer_header.ts";
import type {
  BmpEvent,
  BmpLocalRib,
  BmpPeer,
  BmpPeerUpEvent,
  BmpRouteMonitoringEvent,
  BmpSnapshotItem,
  BmpStatistics,
  BmpView,
} from "./source.ts";
import { statEntries } from "./statistics.ts";
import { terminationMessage } from "./termination.ts";
import type { PerPeerHeader } from "./types.ts";

/** Flags of each Adj-RIB view (RFC 7854 §4.2 L, RFC 8671 §4 O). */
const VIEW_FLAGS: Readonly<Record<Exclude<BmpView, "loc-rib">, number>> = {
  "pre-policy": 0,
  "post-policy": PeerFlag.L,
  "adj-rib-out-pre": PeerFlag.O,
  "adj-rib-out-post": PeerFlag.O | PeerFlag.L,
};

const ZERO_V4: IpAddress = { family: 4, bytes: new Uint8Array(4) };

export type FeedPhase = "new" | "dump" | "live" | "terminated";

export interface FeedOptions {
  readonly views: ReadonlySet<BmpView>;
  readonly sysName: string;
  readonly sysDescr: string;
  /** Receives each encoded message, in order. */
  readonly send: (message: Uint8Array) => void;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Told about an event that could not be encoded (it is dropped, the session goes on). */
  readonly onInvalid?: (error: BmpEncodeError, item: BmpEvent) => void;
}

/** Counts of what the feed sent or dropped, for logs and tests. */
export interface FeedCounts {
  messages: number;
  routeMonitoring: number;
  /** Events dropped because their peer is not up on this session. */
  droppedUnknownPeer: number;
  /** Events dropped because they could not be encoded (e.g. a bad UPDATE PDU). */
  invalid: number;
}

interface Deferred {
  readonly event: BmpEvent;
  readonly at: number;
}

export class CollectorFeed {
  #views: ReadonlySet<BmpView>;
  #sysName: string;
  #sysDescr: string;
  #send: (message: Uint8Array) => void;
  #now: () => number;
  #onInvalid: ((error: BmpEncodeError, item: BmpEvent) => void) | undefined;
  #phase: FeedPhase = "new";
  /** Peers whose Peer Up this session has carried (and no Peer Down since). */
  #up = new Map<string, BmpPeerUpEvent>();
  /** Peers of the snapshot, in order: each gets its End-of-RIBs. */
  #dumped: string[] = [];
  #localRib: BmpLocalRib | undefined;
  #deferred: Deferred[] = [];
  #deferredBytes = 0;
  readonly counts: FeedCounts = {
    messages: 0,
    routeMonitoring: 0,
    droppedUnknownPeer: 0,
    invalid: 0,
  };

  constructor(options: FeedOptions) {
    this.#views = options.views;
    this.#sysName = options.sysName;
    this.#sysDescr = options.sysDescr;
    this.#send = options.send;
    this.#now = options.now;
    this.#onInvalid = options.onInvalid;
  }

  get phase(): FeedPhase {
    return this.#phase;
  }

  get views(): ReadonlySet<BmpView> {
    return this.#views;
  }

  /** Approximate bytes held by events waiting for the end of the dump. */
  get deferredBytes(): number {
    return this.#deferredBytes;
  }

  /** Whether `peerKey` is up on this session. */
  isUp(peerKey: string): boolean {
    return this.#up.has(peerKey);
  }

  /**
   * RFC 7854 §3.3: Initiation first; then, with the loc-rib view, the Loc-RIB instance's own
   * Peer Up (RFC 9069 §5.2). Enters the dump phase.
   */
  open(localRib?: BmpLocalRib): void {
    if (this.#phase !== "new") throw new Error(`feed.open() in phase ${this.#phase}`);
    this.#emit(encodeBmpMessage(initiationMessage(this.#sysName, this.#sysDescr)));
    if (this.#views.has("loc-rib")) {
      if (!localRib) throw new Error("the loc-rib view needs the router's local RIB identity");
      this.#localRib = localRib;
      const open = locRibOpen(localRib.asn, localRib.bgpId, localRib.families);
      this.#emit(encodeBmpMessage({
        type: "peer-up",
        peer: this.#locRibHeader(this.#now()),
        localAddress: ZERO_V4,
        localPort: 0,
        remotePort: 0,
        sentOpen: open,
        // RFC 9069 §5.2: "Received OPEN Message: Repeat of the same sent OPEN message".
        receivedOpen: open,
        information: [{ type: "vrf-table-name", value: this.#tableName() }],
      }));
    }
    this.#phase = "dump";
  }

  /** One item of the initial dump. */
  snapshot(item: BmpSnapshotItem): void {
    if (this.#phase !== "dump") return;
    const now = this.#now();
    this.#guard(item, () => {
      if (item.type === "peer-up") {
        if (this.#peerUp(item, now) && !this.#dumped.includes(item.peer.key)) {
          this.#dumped.push(item.peer.key);
        }
      } else {
        this.#routeMonitoring(item, now);
      }
    });
  }

  /**
   * RFC 7854 §3.3: after all routes of a peer, an End-of-RIB per family and view; then the
   * live events kept during the dump. Enters the live phase.
   */
  endDump(): void {
    if (this.#phase !== "dump") return;
    const now = this.#now();
    for (const key of this.#dumped) {
      const up = this.#up.get(key);
      if (!up) continue;
      for (const view of this.#views) {
        if (view === "loc-rib") continue;
        for (const f of up.families) {
          this.#routeMonitoring(
            { type: "route-monitoring", view, peerKey: key, update: endOfRibUpdate(f.afi, f.safi) },
            now,
          );
        }
      }
    }
    if (this.#localRib) {
      for (const f of this.#localRib.families) {
        this.#routeMonitoring(
          { type: "route-monitoring", view: "loc-rib", update: endOfRibUpdate(f.afi, f.safi) },
          now,
        );
      }
    }
    this.#dumped = [];
    this.#phase = "live";
    const deferred = this.#deferred;
    this.#deferred = [];
    this.#deferredBytes = 0;
    for (const d of deferred) this.#guard(d.event, () => this.#apply(d.event, d.at));
  }

  /** A live event: sent now, or after the dump when one is running. */
  event(e: BmpEvent, at: number = this.#now()): void {
    if (this.#phase === "live") return this.#guard(e, () => this.#apply(e, at));
    if (this.#phase === "dump" && this.#wanted(e)) {
      this.#deferred.push({ event: e, at });
      this.#deferredBytes += eventSize(e);
    }
  }

  /** A Statistics Report per peer that is up here (RFC 7854 §4.8), O flag 0 (RFC 8671 §6.2). */
  statistics(items: Iterable<BmpStatistics>): void {
    if (this.#phase !== "dump" && this.#phase !== "live") return;
    const now = this.#now();
    for (const s of items) {
      let peer: PerPeerHeader;
      if (s.peerKey === undefined) {
        if (!this.#localRib) continue;
        peer = this.#locRibHeader(now);
      } else {
        const up = this.#up.get(s.peerKey);
        if (!up) continue;
        peer = peerHeader(up.peer, 0, now);
      }
      const stats = statEntries(s.counters);
      // RFC 7854 §4.8: a report carries at least one statistic.
      if (stats.length === 0) continue;
      this.#emit(encodeBmpMessage({ type: "statistics-report", peer, stats }));
    }
  }

  /**
   * RFC 7854 §4.5: the last message of the session. With the loc-rib view, the Loc-RIB instance
   * goes down first (RFC 9069 §5.3, reason 6). Nothing is sent afterwards.
   */
  terminate(reason: number = TerminationReason.ADMINISTRATIVELY_CLOSED, text?: string): void {
    if (this.#phase === "terminated") return;
    if (this.#localRib && this.#phase !== "new") {
      this.#emit(encodeBmpMessage({
        type: "peer-down",
        peer: this.#locRibHeader(this.#now()),
        reason: {
          type: "local-tlv",
          information: [{ type: "vrf-table-name", value: this.#tableName() }],
        },
      }));
    }
    this.#emit(encodeBmpMessage(terminationMessage(reason, text)));
    this.#phase = "terminated";
    this.#deferred = [];
    this.#deferredBytes = 0;
    this.#up.clear();
  }

  /** Runs `f`; an event the codec refuses is counted, reported and dropped. */
  #guard(e: BmpEvent, f: () => void): void {
    try {
      f();
    } catch (err) {
      if (!(err instanceof BmpEncodeError)) throw err;
      this.counts.invalid++;
      this.#onInvalid?.(err, e);
    }
  }

  #wanted(e: BmpEvent): boolean {
    return e.type !== "route-monitoring" || this.#views.has(e.view);
  }

  #apply(e: BmpEvent, at: number): void {
    switch (e.type) {
      case "peer-up":
        this.#peerUp(e, at);
        return;
      case "peer-down": {
        const up = this.#up.get(e.peerKey);
        if (!up) {
          this.counts.droppedUnknownPeer++;
          return;
        }
        this.#up.delete(e.peerKey);
        const peer = peerHeader(up.peer, 0, e.timestamp ?? at);
        let message: Uint8Array;
        try {
          message = encodeBmpMessage({ type: "peer-down", peer, reason: e.reason });
        } catch (err) {
          if (!(err instanceof BmpEncodeError)) throw err;
          // The collector must still learn the peer is down: same side, without the bad PDU.
          this.counts.invalid++;
          this.#onInvalid?.(err, e);
          const local = e.reason.type.startsWith("local");
          message = encodeBmpMessage({
            type: "peer-down",
            peer,
            reason: local
              ? { type: "local-no-notification", fsmEvent: 0 }
              : { type: "remote-no-notification" },
          });
        }
        this.#emit(message);
        return;
      }
      case "route-monitoring":
        this.#routeMonitoring(e, at);
        return;
    }
  }

  /** Sends a Peer Up unless the same session is already up here; true when the peer is up. */
  #peerUp(e: BmpPeerUpEvent, at: number): boolean {
    const known = this.#up.get(e.peer.key);
    if (known && sameSession(known, e)) return true;
    // Encode first: a Peer Up the codec refuses must not mark the peer up.
    const message = encodeBmpMessage({
      type: "peer-up",
      // RFC 8671 §5: Peer Up carries O=0 and L=0 whatever the views.
      peer: peerHeader(e.peer, 0, e.timestamp ?? at),
      localAddress: e.localAddress,
      localPort: e.localPort,
      remotePort: e.remotePort,
      sentOpen: e.sentOpen,
      receivedOpen: e.receivedOpen,
      information: e.information ?? [],
    });
    this.#up.set(e.peer.key, e);
    this.#emit(message);
    return true;
  }

  #routeMonitoring(e: BmpRouteMonitoringEvent, at: number): void {
    if (!this.#views.has(e.view)) return;
    const time = e.timestamp ?? at;
    let peer: PerPeerHeader;
    if (e.view === "loc-rib") {
      // RFC 9069 §5.4: Loc-RIB routes go with peer type 3, after its Peer Up.
      if (!this.#localRib) return;
      peer = this.#locRibHeader(time);
    } else {
      const up = e.peerKey === undefined ? undefined : this.#up.get(e.peerKey);
      if (!up) {
        this.counts.droppedUnknownPeer++;
        return;
      }
      // RFC 7854 §4.2: A only when the embedded AS_PATH uses 2-octet ASNs.
      const a = up.peer.fourOctetAs ? 0 : PeerFlag.A;
      peer = peerHeader(up.peer, VIEW_FLAGS[e.view] | a, time);
    }
    this.counts.routeMonitoring++;
    this.#emit(encodeBmpMessage({ type: "route-monitoring", peer, update: e.update }));
  }

  #locRibHeader(time: number): PerPeerHeader {
    const l = this.#localRib!;
    const t = splitTimestamp(time);
    return {
      peerType: PeerType.LOC_RIB_INSTANCE,
      flags: 0,
      distinguisher: 0n,
      address: ZERO_V4,
      asn: l.asn,
      bgpId: l.bgpId >>> 0,
      timestampSeconds: t.seconds,
      timestampMicros: t.micros,
    };
  }

  #tableName(): string {
    return this.#localRib?.tableName ?? "global";
  }

  #emit(message: Uint8Array): void {
    this.counts.messages++;
    this.#send(message);
  }
}

function peerHeader(p: BmpPeer, flags: number, time: number): PerPeerHeader {
  const t = splitTimestamp(time);
  return {
    peerType: p.peerType ?? PeerType.GLOBAL_INSTANCE,
    flags,
    distinguisher: p.distinguisher ?? 0n,
    address: p.address,
    asn: p.asn,
    bgpId: p.bgpId >>> 0,
    timestampSeconds: t.seconds,
    timestampMicros: t.micros,
  };
}

function sameSession(a: BmpPeerUpEvent, b: BmpPeerUpEvent): boolean {
  return a.localPort === b.localPort && a.remotePort === b.remotePort &&
    bytesEqual(a.sentOpen, b.sentOpen) && bytesEqual(a.receivedOpen, b.receivedOpen);
}

/** Rough encoded size of an event, for the queue budget. */
export function eventSize(e: BmpEvent): number {
  switch (e.type) {
    case "route-monitoring":
      return 48 + e.update.length;
    case "peer-up":
      return 68 + e.sentOpen.length + e.receivedOpen.length;
    case "peer-down":
      return 72;
  }
}
