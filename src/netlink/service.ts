/**
 * The netlink feature as the speaker uses it: one command socket, one monitor, the link table,
 * and at most one importer and one exporter on top. Opening is lazy (the first enable*()), so a
 * host without libmnl only loses netlink (NetlinkUnavailableError from enable*()).
 *
 * Monitor events update the link table, then re-evaluate the importer and hint the exporter.
 * Lost notifications (ENOBUFS) and a slow safety timer re-dump links and addresses.
 */
import type { Clock, TimerHandle } from "../common/clock.ts";
import { type Logger, nullLogger } from "../common/log.ts";
import { RT_TABLE } from "./constants.ts";
import { type ExportSettings, type ExportStatus, FibExporter } from "./export.ts";
import {
  ConnectedImporter,
  type ImportCounters,
  type ImportEvent,
  type ImportSettings,
} from "./import.ts";
import { LinkApi } from "./links.ts";
import { LinkTable } from "./link_table.ts";
import { Monitor, type MonitorEvent } from "./monitor.ts";
import type { ExportNextHop } from "./nexthop.ts";
import { RouteApi } from "./routes.ts";
import { NetlinkSocket } from "./socket.ts";
import type { Transport } from "./transport.ts";

export interface NetlinkServiceDeps {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Period of the link/address safety re-dump (default 60 s; 0 disables). */
  readonly safetyIntervalMs?: number;
  /** Command socket receive queue (default 8 MiB: room for a batch's error replies). */
  readonly commandReceiveBufferBytes?: number;
}

/** Export as configured: the kernel table comes from `table`, else the VRF's table, else main. */
export interface ExportTarget extends Omit<ExportSettings, "table" | "vrfIndex"> {
  /** "" = global RIB -> main table (or `table`). */
  readonly vrf: string;
  readonly table?: number;
}

export interface NetlinkStatus {
  readonly open: boolean;
  readonly import?: ImportCounters & {
    readonly vrf: string;
    readonly interfaces: readonly string[];
    /** Interfaces matching a pattern and why each is (not) importing. */
    readonly links: readonly { readonly name: string; readonly verdict: string }[];
  };
  readonly export?: ExportStatus & { readonly vrf: string };
  readonly linkResyncs: number;
}

export class NetlinkService {
  #deps: NetlinkServiceDeps;
  #log: Logger;
  #socket: NetlinkSocket | undefined;
  #routes: RouteApi | undefined;
  #links: LinkApi | undefined;
  #monitor: Monitor | undefined;
  #table = new LinkTable();
  #importer: ConnectedImporter | undefined;
  #exporter: FibExporter | undefined;
  #exportVrf = "";
  #opening: Promise<void> | undefined;
  #resyncing: Promise<void> | undefined;
  #resyncAgain = false;
  #safety: TimerHandle | undefined;
  #linkResyncs = 0;
  #closed = false;

  constructor(deps: NetlinkServiceDeps) {
    this.#deps = deps;
    this.#log = deps.logger ?? nullLogger;
  }

  get isOpen(): boolean {
    return this.#socket !== undefined;
  }

  /** Route verbs (Linx surface). Throws if not open. */
  get routes(): RouteApi {
    if (!this.#routes) throw new Error("netlink is not open");
    return this.#routes;
  }

  get links(): LinkApi {
    if (!this.#links) throw new Error("netlink is not open");
    return this.#links;
  }

  get linkTable(): LinkTable {
    return this.#table;
  }

  get importer(): ConnectedImporter | undefined {
    return this.#importer;
  }

  get exporter(): FibExporter | undefined {
    return this.#exporter;
  }

  /**
   * Opens the command socket and the monitor and loads links and addresses. Idempotent.
   * Throws NetlinkUnavailableError (no libmnl) or NetlinkError.
   */
  open(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("netlink service is closed"));
    this.#opening ??= this.#open().catch((e) => {
      this.#opening = undefined;
      throw e;
    });
    return this.#opening;
  }

  async #open(): Promise<void> {
    const { transport } = this.#deps;
    const channel = transport.open({
      command: true,
      receiveBufferBytes: this.#deps.commandReceiveBufferBytes ?? 8 << 20,
      sendBufferBytes: 1 << 20,
    });
    const socket = new NetlinkSocket(channel, () => transport.yieldNow());
    // The monitor subscribes before the first dump, so no change falls between them.
    const monitor = new Monitor(transport, (e) => this.#onEvents(e), {
      ignoreRouteEchoesOf: socket.portId,
    });
    try {
      monitor.start();
    } catch (e) {
      await socket.close();
      throw e;
    }
    this.#socket = socket;
    this.#routes = new RouteApi(socket);
    this.#links = new LinkApi(socket);
    this.#monitor = monitor;
    this.#log.info("netlink open", {
      port: socket.portId,
      listenerBuffer: monitor.receiveBufferBytes,
    });
    await this.resyncLinks();
    this.#armSafety();
  }

  #armSafety(): void {
    const ms = this.#deps.safetyIntervalMs ?? 60_000;
    if (ms <= 0 || this.#closed) return;
    const { clock } = this.#deps;
    this.#safety = clock.setTimer(clock.now() + ms, () => {
      this.#safety = undefined;
      this.resyncLinks().catch(() => {});
      this.#armSafety();
    });
  }

  /** Re-dumps links and addresses (the truth) and re-evaluates import. */
  resyncLinks(): Promise<void> {
    if (this.#resyncing) {
      this.#resyncAgain = true;
      return this.#resyncing;
    }
    this.#resyncing = (async () => {
      do {
        this.#resyncAgain = false;
        try {
          const links = await this.links.list();
          const addrs = await this.links.addresses();
          this.#table.reset(links, addrs);
          this.#linkResyncs++;
          this.#importer?.update(this.#table);
        } catch (e) {
          this.#log.warn("netlink link resync failed", { error: e });
          throw e;
        }
      } while (this.#resyncAgain && !this.#closed);
    })().finally(() => (this.#resyncing = undefined));
    return this.#resyncing;
  }

  #onEvents(events: readonly MonitorEvent[]): void {
    let changed = false;
    let overrun = false;
    for (const e of events) {
      if (e.type === "link") changed = this.#table.applyLink(e.op, e.link) || changed;
      else if (e.type === "address") changed = this.#table.applyAddress(e.op, e.address) || changed;
      else if (e.type === "overrun") overrun = true;
      else if (e.type === "invalid") {
        this.#log.warn("netlink notification ignored", { reason: e.reason });
      }
    }
    if (overrun) {
      this.#log.warn("netlink notifications lost (ENOBUFS); resyncing by dump");
      this.resyncLinks().catch(() => {});
    } else if (changed) {
      try {
        this.#importer?.update(this.#table);
      } catch (e) {
        this.#log.error("netlink import update failed", { error: e });
      }
    }
    this.#exporter?.kernelChanged(events);
  }

  /**
   * Starts (or reconfigures) import: announces the connected prefixes of matching interfaces
   * through `sink` and keeps them live. A previous importer's routes are withdrawn first.
   * Throws GlobSyntaxError for a bad pattern, NetlinkUnavailableError without libmnl.
   */
  async enableImport(
    settings: ImportSettings,
    sink: (events: readonly ImportEvent[]) => void,
  ): Promise<ConnectedImporter> {
    const next = new ConnectedImporter(settings, sink);
    await this.open();
    this.#importer?.withdrawAll();
    this.#importer = next;
    next.update(this.#table);
    return next;
  }

  /** Stops import and withdraws everything it announced. */
  disableImport(): void {
    this.#importer?.withdrawAll();
    this.#importer = undefined;
  }

  /**
   * Starts (or reconfigures) export into the target's table and reconciles it (dump, delete
   * stale own routes, install missing). `initial` is the current best-path set. A previous
   * exporter stops first (keeping its routes when the table and marks are unchanged).
   */
  async enableExport(
    target: ExportTarget,
    initial: Iterable<
      readonly [import("../common/prefix_key.ts").PrefixKey, readonly ExportNextHop[]]
    > = [],
  ): Promise<FibExporter> {
    await this.open();
    let table = target.table;
    let vrfIndex: number | undefined;
    if (target.vrf !== "") {
      const vrf = this.#table.vrf(target.vrf);
      if (!vrf) throw new Error(`netlink export: no VRF device named "${target.vrf}"`);
      vrfIndex = vrf.index;
      table ??= vrf.vrfTable;
      if (table === undefined) throw new Error(`netlink export: VRF "${target.vrf}" has no table`);
    }
    table ??= RT_TABLE.MAIN;
    const next = new FibExporter(
      {
        socket: this.#socket!,
        lookup: (dst, o) => this.routes.get(dst, o),
        clock: this.#deps.clock,
        yieldNow: () => this.#deps.transport.yieldNow(),
        logger: this.#log.child({ component: "netlink-export" }),
      },
      { ...target, table, ...(vrfIndex !== undefined ? { vrfIndex } : {}) },
    );
    const old = this.#exporter;
    if (old) {
      const same = old.table === next.table && old.protocol === next.protocol &&
        old.metric === next.metric;
      await old.stop(same);
    }
    for (const [key, nhs] of initial) next.set(key, nhs);
    this.#exporter = next;
    this.#exportVrf = target.vrf;
    await next.start();
    return next;
  }

  /** Stops export; removes own routes unless `keepRoutes`. */
  async disableExport(keepRoutes = false): Promise<void> {
    const ex = this.#exporter;
    this.#exporter = undefined;
    await ex?.stop(keepRoutes);
  }

  status(): NetlinkStatus {
    const imp = this.#importer;
    const ex = this.#exporter;
    return {
      open: this.isOpen,
      ...(imp
        ? {
          import: {
            ...imp.counters(),
            vrf: imp.settings.vrf,
            interfaces: imp.settings.interfaceList,
            links: imp.verdicts(this.#table),
          },
        }
        : {}),
      ...(ex ? { export: { ...ex.status(), vrf: this.#exportVrf } } : {}),
      linkResyncs: this.#linkResyncs,
    };
  }

  /**
   * Shuts down: export stops (removing own routes unless its keepOnStop), import withdraws,
   * the monitor and socket close.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#safety?.cancel();
    await this.#opening?.catch(() => {});
    await this.#exporter?.stop();
    this.#exporter = undefined;
    this.disableImport();
    await this.#resyncing?.catch(() => {});
    await this.#monitor?.stop();
    await this.#socket?.close();
    this.#socket = undefined;
  }
}
