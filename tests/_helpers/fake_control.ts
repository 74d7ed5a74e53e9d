/**
 * An in-memory BgpControl for API, CLI and benchmark runs: it keeps what it is told,
 * records every mutating call in `calls`, and fails the way the interface documents
 * (ControlError codes). No sessions run; tests set peer states and RIB contents directly.
 */
import { formatEndpoint, formatIp, type IpAddress, parseEndpoint } from "../../src/common/ip.ts";
import { formatKey, type PrefixKey } from "../../src/common/prefix_key.ts";
import type { BmpServerConfig, PolicyDefinition } from "../../src/config/model.ts";
import {
  type BgpControl,
  ControlError,
  type DefinedSet,
  type DefinedSetType,
  type LocalRoute,
  type NetlinkExportRequest,
  type NetlinkImportRequest,
  type NetlinkStatus,
  type NewPeer,
  type PeerDetail,
  type PeerMessageCounts,
  type PeerStatus,
  type PolicyAssignment,
  type ResetKind,
  type RibPath,
  type RibRoute,
  type RibView,
  type ServerInfo,
} from "../../src/api/control.ts";
import type { AfiSafi } from "../../src/wire/types.ts";

interface FakePeer {
  config: NewPeer;
  status: PeerStatus;
  statistics: PeerMessageCounts;
  adjIn: Map<PrefixKey, RibRoute>;
  adjOut: Map<PrefixKey, RibRoute>;
}

const ZERO_COUNTS: PeerMessageCounts = {
  openSent: 0,
  keepaliveSent: 0,
  updateSent: 0,
  notificationSent: 0,
  openReceived: 0,
  keepaliveReceived: 0,
  updateReceived: 0,
  notificationReceived: 0,
};

export class FakeControl implements BgpControl {
  /** Mutating calls in order, e.g. "resetPeer 192.0.2.1 soft-in 1/1". */
  readonly calls: string[] = [];
  readonly peers = new Map<string, FakePeer>();
  /** Loc-RIB: locally originated routes plus whatever a test injects. */
  readonly locRib = new Map<PrefixKey, RibRoute>();
  readonly bmpServers = new Map<string, BmpServerConfig>();
  readonly definedSets = new Map<string, DefinedSet>();
  readonly policies = new Map<string, PolicyDefinition>();
  netlink: NetlinkStatus = {
    import: { enabled: false, vrf: "", interfaces: [] },
    export: { enabled: false, vrf: "", communityList: [], largeCommunityList: [] },
  };
  listen = parseEndpoint("127.0.0.1:179");
  /** Routes per chunk of listRoutes. */
  chunkSize = 1000;
  /** Chunks handed out by listRoutes so far (to observe pulling). */
  chunksServed = 0;
  /** Added routes so far (addRoutes). */
  routesAdded = 0;
  /** When set, addRoutes awaits it (to test that streams apply routes as they arrive). */
  addRoutesGate: Promise<void> | undefined;

  // ---------------------------------------------------------------- peers

  #peer(address: IpAddress): FakePeer {
    const p = this.peers.get(formatIp(address));
    if (!p) throw new ControlError("not-found", `peer ${formatIp(address)} not found`);
    return p;
  }

  addPeer(peer: NewPeer): void {
    const key = formatIp(peer.address);
    if (this.peers.has(key)) throw new ControlError("already-exists", `peer ${key} already exists`);
    this.calls.push(`addPeer ${key} port=${peer.port} passive=${peer.passiveMode}`);
    this.peers.set(key, {
      config: peer,
      status: {
        address: peer.address,
        asn: 0,
        state: peer.passiveMode ? "active" : "connect",
        adminState: "up",
        configured: true,
        importPolicies: [...peer.importPolicy],
        exportPolicies: [...peer.exportPolicy],
      },
      statistics: { ...ZERO_COUNTS },
      adjIn: new Map(),
      adjOut: new Map(),
    });
  }

  /** Test helper: sets fields of a peer's status. */
  setPeerStatus(address: string, patch: Partial<PeerStatus>): void {
    const p = this.peers.get(address)!;
    p.status = { ...p.status, ...patch };
  }

  /** Test helper: sets a peer's message counters. */
  setPeerStatistics(address: string, counts: Partial<PeerMessageCounts>): void {
    const p = this.peers.get(address)!;
    p.statistics = { ...p.statistics, ...counts };
  }

  /** Test helper: puts a route into a peer's Adj-RIB-In or Adj-RIB-Out. */
  putAdjRoute(address: string, rib: "adj-in" | "adj-out", route: RibRoute): void {
    const p = this.peers.get(address)!;
    (rib === "adj-in" ? p.adjIn : p.adjOut).set(route.prefix, route);
  }

  removePeer(address: IpAddress): void {
    this.#peer(address);
    this.calls.push(`removePeer ${formatIp(address)}`);
    this.peers.delete(formatIp(address));
  }

  disablePeer(address: IpAddress): void {
    const p = this.#peer(address);
    this.calls.push(`disablePeer ${formatIp(address)}`);
    p.status = { ...p.status, adminState: "down", state: "idle" };
  }

  enablePeer(address: IpAddress): void {
    const p = this.#peer(address);
    this.calls.push(`enablePeer ${formatIp(address)}`);
    p.status = { ...p.status, adminState: "up", state: "connect" };
  }

  resetPeer(address: IpAddress, kind: ResetKind, family?: AfiSafi): void {
    const p = this.#peer(address);
    if (kind !== "hard" && p.status.state !== "established") {
      throw new ControlError(
        "failed-precondition",
        `peer ${formatIp(address)} is not in Established state`,
      );
    }
    this.calls.push(
      `resetPeer ${formatIp(address)} ${kind}${family ? ` ${family.afi}/${family.safi}` : ""}`,
    );
  }

  listPeers(): PeerStatus[] {
    return [...this.peers.values()].map((p) => p.status);
  }

  getPeer(address: IpAddress): PeerDetail {
    const p = this.#peer(address);
    return { status: p.status, statistics: p.statistics };
  }

  // ---------------------------------------------------------------- routes

  async addRoutes(routes: readonly LocalRoute[]): Promise<void> {
    if (this.addRoutesGate) await this.addRoutesGate;
    for (const r of routes) {
      this.locRib.set(r.prefix, {
        prefix: r.prefix,
        paths: [{ nextHop: r.nextHop, peer: null, attributes: r.attributes }],
      });
    }
    this.routesAdded += routes.length;
  }

  removeRoute(prefix: PrefixKey): boolean {
    this.calls.push(`removeRoute ${formatKey(prefix)}`);
    return this.locRib.delete(prefix);
  }

  /** Test helper: a learned path in the Loc-RIB. */
  putRoute(prefix: PrefixKey, ...paths: RibPath[]): void {
    this.locRib.set(prefix, { prefix, paths });
  }

  listRoutes(view: RibView, signal: AbortSignal): AsyncIterable<readonly RibRoute[]> {
    return this.#chunks(view, signal);
  }

  async *#chunks(view: RibView, signal: AbortSignal): AsyncGenerator<readonly RibRoute[]> {
    let table: Map<PrefixKey, RibRoute>;
    if (view.type === "global") table = this.locRib;
    else {
      const p = this.#peer(view.peer);
      table = view.type === "adj-in" ? p.adjIn : p.adjOut;
    }
    let chunk: RibRoute[] = [];
    for (const route of table.values()) {
      if (signal.aborted) return;
      chunk.push(route);
      if (chunk.length >= this.chunkSize) {
        this.chunksServed++;
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) {
      this.chunksServed++;
      yield chunk;
    }
  }

  serverInfo(): ServerInfo {
    return { listen: this.listen, routeCount: this.locRib.size };
  }

  // ---------------------------------------------------------------- BMP

  addBmpServer(server: BmpServerConfig): void {
    const key = formatEndpoint(server.address);
    if (this.bmpServers.has(key)) {
      throw new ControlError("already-exists", `BMP server ${key} already exists`);
    }
    this.calls.push(`addBmpServer ${key} stats=${server.statisticsTimeoutSecs ?? "-"}`);
    this.bmpServers.set(key, server);
  }

  removeBmpServer(address: { address: IpAddress; port: number }): void {
    const key = formatEndpoint(address);
    if (!this.bmpServers.delete(key)) {
      throw new ControlError("not-found", `BMP server not found: ${key}`);
    }
    this.calls.push(`removeBmpServer ${key}`);
  }

  listBmpServers(): BmpServerConfig[] {
    return [...this.bmpServers.values()];
  }

  // ---------------------------------------------------------------- policy

  addDefinedSet(set: DefinedSet, replace: boolean): void {
    const key = `${set.type}/${set.name}`;
    if (this.definedSets.has(key) && !replace) {
      throw new ControlError("already-exists", `defined set '${set.name}' already exists`);
    }
    this.calls.push(`addDefinedSet ${key}`);
    this.definedSets.set(key, set);
  }

  removeDefinedSet(type: DefinedSetType, name: string): boolean {
    for (const p of this.policies.values()) {
      for (const s of p.statements) {
        const c = s.conditions;
        const refs = [
          c.prefixSet,
          c.neighborSet,
          c.asPathSet,
          c.communitySet,
          c.extCommunitySet,
          c.largeCommunitySet,
        ];
        if (refs.some((r) => r?.setName === name)) {
          throw new ControlError(
            "failed-precondition",
            `cannot remove ${type} '${name}': referenced by policy '${p.name}'`,
          );
        }
      }
    }
    this.calls.push(`removeDefinedSet ${type}/${name}`);
    return this.definedSets.delete(`${type}/${name}`);
  }

  listDefinedSets(filter: { type?: DefinedSetType; name?: string }): DefinedSet[] {
    return [...this.definedSets.values()].filter((s) =>
      (filter.type === undefined || s.type === filter.type) &&
      (filter.name === undefined || s.name === filter.name)
    );
  }

  addPolicy(policy: PolicyDefinition): void {
    for (const s of policy.statements) {
      const c = s.conditions;
      const refs: [DefinedSetType, string | undefined][] = [
        ["prefix-set", c.prefixSet?.setName],
        ["neighbor-set", c.neighborSet?.setName],
        ["as-path-set", c.asPathSet?.setName],
        ["community-set", c.communitySet?.setName],
        ["ext-community-set", c.extCommunitySet?.setName],
        ["large-community-set", c.largeCommunitySet?.setName],
      ];
      for (const [type, name] of refs) {
        if (name !== undefined && !this.definedSets.has(`${type}/${name}`)) {
          throw new ControlError("not-found", `${type} '${name}' not found`);
        }
      }
    }
    this.calls.push(`addPolicy ${policy.name}`);
    this.policies.set(policy.name, policy);
  }

  removePolicy(name: string): boolean {
    for (const p of this.peers.values()) {
      if (p.status.importPolicies.includes(name) || p.status.exportPolicies.includes(name)) {
        throw new ControlError(
          "failed-precondition",
          `cannot remove policy '${name}': assigned to peer ${formatIp(p.status.address)}`,
        );
      }
    }
    this.calls.push(`removePolicy ${name}`);
    return this.policies.delete(name);
  }

  listPolicies(name?: string): PolicyDefinition[] {
    return [...this.policies.values()].filter((p) => name === undefined || p.name === name);
  }

  setPolicyAssignment(a: PolicyAssignment): void {
    const p = this.#peer(a.peer);
    for (const name of a.policies) {
      if (!this.policies.has(name)) {
        throw new ControlError("not-found", `policy '${name}' not found`);
      }
    }
    this.calls.push(
      `setPolicyAssignment ${formatIp(a.peer)} ${a.direction} [${a.policies.join(",")}]` +
        (a.defaultAction ? ` default=${a.defaultAction}` : ""),
    );
    p.status = a.direction === "import"
      ? { ...p.status, importPolicies: [...a.policies] }
      : { ...p.status, exportPolicies: [...a.policies] };
  }

  // ---------------------------------------------------------------- netlink

  enableNetlinkImport(r: NetlinkImportRequest): void {
    this.calls.push(`enableNetlinkImport vrf=${r.vrf} [${r.interfaces.join(",")}]`);
    this.netlink = { ...this.netlink, import: { ...r, enabled: true } };
  }

  enableNetlinkExport(r: NetlinkExportRequest): void {
    this.calls.push(
      `enableNetlinkExport vrf=${r.vrf} community=${r.community ?? "-"} ` +
        `list=[${r.communityList.join(",")}] large=[${r.largeCommunityList.join(",")}]`,
    );
    this.netlink = { ...this.netlink, export: { ...r, enabled: true } };
  }

  getNetlink(): NetlinkStatus {
    return this.netlink;
  }

  disableNetlink(direction: "import" | "export", keepRoutes: boolean): void {
    this.calls.push(`disableNetlink ${direction} keep=${keepRoutes}`);
    this.netlink = direction === "import"
      ? { ...this.netlink, import: { ...this.netlink.import, enabled: false } }
      : { ...this.netlink, export: { ...this.netlink.export, enabled: false } };
  }
}
