/**
 * `[netlink.export]`: a reconciler that keeps one kernel table equal to the speaker's best paths.
 *
 * Ownership: every route written carries protocol P (default 186, "bgp") AND metric M (default
 * 20). A route without both marks is never changed or deleted. REPLACE ignores the protocol
 * (research/netlink.md §2.2), so a key not known to be ours is written with CREATE|EXCL: when
 * someone else holds (prefix, metric) the kernel answers EEXIST and the key is reported as
 * foreign instead of being overwritten.
 *
 * Desired state comes from set()/delete() (prefix key -> best next hops). Writes are coalesced
 * per key and applied in batches; replace when the best changes, delete only when no best (or
 * no reachable next hop) remains. Events are hints and a dump is the truth: a full resync (dump
 * of the table, diff, repair) runs at start, after lost notifications, after link/address
 * changes (IPv4 flushes routes silently on link down and address removal) and on a slow safety
 * timer. Start never flushes: stale own routes are deleted, missing ones installed, unchanged
 * ones left alone.
 */
import type { Clock, TimerHandle } from "../common/clock.ts";
import type { IpPrefix } from "../common/ip.ts";
import { type Logger, nullLogger } from "../common/log.ts";
import { formatKey, type PrefixKey, prefixToKey } from "../common/prefix_key.ts";
import { ERRNO_CODE } from "./errno.ts";
import { NLM_F, RT_SCOPE, RTM, RTN } from "./constants.ts";
import type { MonitorEvent } from "./monitor.ts";
import {
  type ExportNextHop,
  isUnspecified,
  nextHopKey,
  pathKey,
  type Resolution,
  type ResolvedPath,
  resolveNextHop,
  type RouteLookup,
  sameResolution,
} from "./nexthop.ts";
import { NetlinkError } from "./nlmsgerr.ts";
import {
  decodeRoute,
  describeRoute,
  encodeRouteDumpRequest,
  encodeRouteMessage,
  type Route,
} from "./route_msg.ts";
import type { NetlinkSocket } from "./socket.ts";

export interface ExportSettings {
  /** Kernel table (254 = main, or the VRF's table). */
  readonly table: number;
  /** rtm_protocol ownership mark (default 186). */
  readonly protocol?: number;
  /** RTA_PRIORITY ownership mark, 1..2^32-1 (default 20). */
  readonly metric?: number;
  /** Most next hops per route (ECMP); 1 disables multipath (default 16). */
  readonly maxPaths?: number;
  /** Leave own routes in the kernel on stop() (default false: remove them). */
  readonly keepOnStop?: boolean;
  /** VRF device ifindex: next hops are resolved inside that VRF. */
  readonly vrfIndex?: number;
  /** Coalescing delay for best-path changes (default 10 ms). */
  readonly debounceMs?: number;
  /** Coalescing delay for resyncs triggered by kernel events (default 500 ms). */
  readonly resyncDelayMs?: number;
  /** Period of the safety resync (default 60 s; 0 disables). */
  readonly safetyIntervalMs?: number;
  /** Keys handled per slice before yielding to the event loop (default 5 000). */
  readonly sliceSize?: number;
}

export interface ExporterDeps {
  readonly socket: NetlinkSocket;
  /** Kernel route lookup (RouteApi.get). */
  readonly lookup: RouteLookup;
  readonly clock: Clock;
  readonly yieldNow: () => Promise<void>;
  readonly logger?: Logger;
  /** Told when a next hop becomes unreachable (reason) or reachable again (undefined). */
  readonly onNextHop?: (nextHop: string, unreachableReason: string | undefined) => void;
}

export interface ExportCounters {
  /** Routes written (installed or replaced) since start. */
  readonly exported: number;
  /** Own routes deleted since start. */
  readonly withdrawn: number;
  /** Failed writes and failed resyncs since start. */
  readonly errors: number;
  readonly lastError?: string;
}

export interface ExportStatus extends ExportCounters {
  readonly state: "idle" | "running" | "stopped";
  readonly table: number;
  readonly protocol: number;
  readonly metric: number;
  /** Prefixes with a desired best path. */
  readonly desired: number;
  /** Own routes believed to be in the kernel. */
  readonly installed: number;
  /** Keys waiting to be written. */
  readonly pending: number;
  /** Prefixes held by another owner at our metric (never touched). */
  readonly foreign: number;
  /** Next hops that cannot be installed, with the reason. */
  readonly unresolved: readonly { readonly nextHop: string; readonly reason: string }[];
  readonly resyncs: number;
}

/** Prefixes sharing the same next-hop set share one group (and one resolved target). */
interface NextHopGroup {
  readonly id: string;
  readonly nextHops: readonly ExportNextHop[];
  readonly keys: Set<PrefixKey>;
  /** Resolution generation the target was computed in. */
  gen: number;
  target: Target | undefined;
}

interface Target {
  readonly paths: readonly ResolvedPath[];
  readonly sig: string;
}

type OpKind = "install" | "replace" | "delete";

interface Op {
  readonly kind: OpKind;
  readonly key: PrefixKey;
  readonly target: Target | undefined;
}

/** Normalised next hops of one set() argument, cached by array identity. */
interface NextHopSet {
  readonly id: string;
  readonly nextHops: readonly ExportNextHop[];
}

const EMPTY_SET: NextHopSet = { id: "", nextHops: [] };

/** The signature of a kernel route's paths, comparable with Target.sig. */
function routeSig(r: Route): string {
  const paths: string[] = [];
  if (r.nexthops && r.nexthops.length > 0) {
    for (const n of r.nexthops) {
      if (n.gateway && n.oif !== undefined) paths.push(pathKey({ gateway: n.gateway, oif: n.oif }));
    }
  } else if (r.gateway && r.oif !== undefined) {
    paths.push(pathKey({ gateway: r.gateway, oif: r.oif }));
  }
  return paths.sort().join(",");
}

/** Drops unspecified next hops (locally originated), de-duplicates and orders the rest. */
function normalise(nextHops: readonly ExportNextHop[]): NextHopSet {
  const byKey = new Map<string, ExportNextHop>();
  for (const nh of nextHops) if (!isUnspecified(nh.address)) byKey.set(nextHopKey(nh), nh);
  if (byKey.size === 0) return EMPTY_SET;
  const keys = [...byKey.keys()].sort();
  return { id: keys.join(","), nextHops: keys.map((k) => byKey.get(k)!) };
}

export class FibExporter {
  readonly table: number;
  readonly protocol: number;
  readonly metric: number;
  #deps: ExporterDeps;
  #log: Logger;
  #maxPaths: number;
  #keep: boolean;
  #vrfIndex: number | undefined;
  #debounceMs: number;
  #resyncDelayMs: number;
  #safetyMs: number;
  #slice: number;

  #state: "idle" | "running" | "stopped" = "idle";
  #desired = new Map<PrefixKey, NextHopGroup>();
  #groups = new Map<string, NextHopGroup>();
  #nhGroups = new Map<string, Set<NextHopGroup>>();
  #resolution = new Map<string, Resolution>();
  #gen = 1;
  #installed = new Map<PrefixKey, string>();
  #foreign = new Set<PrefixKey>();
  #dirty = new Set<PrefixKey>();
  #setCache = new WeakMap<readonly ExportNextHop[], NextHopSet>();
  // Scratch destination for encoding: ops carry only their key, no per-route allocation.
  #dst4: IpPrefix = { family: 4, length: 0, bytes: new Uint8Array(4) };
  #dst6: IpPrefix = { family: 6, length: 0, bytes: new Uint8Array(16) };

  #wantResync = false;
  #wantReresolve = false;
  #worker: Promise<void> | undefined;
  #flushTimer: TimerHandle | undefined;
  #resyncTimer: TimerHandle | undefined;
  #safetyTimer: TimerHandle | undefined;
  #idleWaiters: (() => void)[] = [];

  #exported = 0;
  #withdrawn = 0;
  #errors = 0;
  #lastError: string | undefined;
  #resyncs = 0;

  constructor(deps: ExporterDeps, settings: ExportSettings) {
    this.#deps = deps;
    this.#log = deps.logger ?? nullLogger;
    this.table = settings.table;
    this.protocol = settings.protocol ?? 186;
    this.metric = settings.metric ?? 20;
    if (!Number.isInteger(this.table) || this.table < 1 || this.table > 0xffffffff) {
      throw new RangeError(`export table ${this.table} is not 1..4294967295`);
    }
    if (!Number.isInteger(this.protocol) || this.protocol < 1 || this.protocol > 255) {
      throw new RangeError(`export protocol ${this.protocol} is not 1..255`);
    }
    // Metric 0 cannot mark ownership: IPv6 turns it into 1024 and IPv4 routes default to 0.
    if (!Number.isInteger(this.metric) || this.metric < 1 || this.metric > 0xffffffff) {
      throw new RangeError(`export metric ${this.metric} is not 1..4294967295`);
    }
    this.#maxPaths = Math.max(1, settings.maxPaths ?? 16);
    this.#keep = settings.keepOnStop ?? false;
    this.#vrfIndex = settings.vrfIndex;
    this.#debounceMs = settings.debounceMs ?? 10;
    this.#resyncDelayMs = settings.resyncDelayMs ?? 500;
    this.#safetyMs = settings.safetyIntervalMs ?? 60_000;
    this.#slice = Math.max(1, settings.sliceSize ?? 5_000);
  }

  // ------------------------------------------------------------------ desired state

  /**
   * Sets the best path(s) of a prefix: the next hops of the best path (several with ECMP).
   * Unspecified next hops (locally originated routes) are ignored; none left = delete.
   */
  set(key: PrefixKey, nextHops: readonly ExportNextHop[]): void {
    // The speaker hands the same array for every prefix of one path: normalise it once.
    let hs = this.#setCache.get(nextHops);
    if (!hs) {
      hs = normalise(nextHops);
      this.#setCache.set(nextHops, hs);
    }
    const old = this.#desired.get(key);
    if (hs.nextHops.length === 0) {
      if (!old) return;
      this.#unlink(key, old);
      this.#desired.delete(key);
      this.#markDirty(key);
      return;
    }
    if (old?.id === hs.id) return;
    if (old) this.#unlink(key, old);
    let g = this.#groups.get(hs.id);
    if (!g) {
      g = { id: hs.id, nextHops: hs.nextHops, keys: new Set(), gen: 0, target: undefined };
      this.#groups.set(hs.id, g);
      for (const nh of hs.nextHops) {
        const k = nextHopKey(nh);
        let set = this.#nhGroups.get(k);
        if (!set) this.#nhGroups.set(k, set = new Set());
        set.add(g);
      }
    }
    g.keys.add(key);
    this.#desired.set(key, g);
    this.#markDirty(key);
  }

  /** No best path remains for the prefix. */
  delete(key: PrefixKey): void {
    this.set(key, []);
  }

  #unlink(key: PrefixKey, g: NextHopGroup): void {
    g.keys.delete(key);
    if (g.keys.size > 0) return;
    this.#groups.delete(g.id);
    for (const nh of g.nextHops) {
      const k = nextHopKey(nh);
      const s = this.#nhGroups.get(k);
      s?.delete(g);
      if (s && s.size === 0) {
        this.#nhGroups.delete(k);
        this.#resolution.delete(k);
      }
    }
  }

  #markDirty(key: PrefixKey): void {
    this.#dirty.add(key);
    if (this.#state !== "running" || this.#flushTimer) return;
    this.#flushTimer = this.#deps.clock.setTimer(this.#deps.clock.now() + this.#debounceMs, () => {
      this.#flushTimer = undefined;
      this.#poke();
    });
  }

  // ------------------------------------------------------------------ lifecycle

  /** Dumps the table, deletes stale own routes, installs what is missing; then runs live. */
  async start(): Promise<void> {
    if (this.#state === "running") return;
    this.#state = "running";
    this.#wantResync = true;
    this.#armSafety();
    await this.flush();
  }

  /**
   * Applies everything pending now (including a requested resync) and resolves when the
   * exporter is idle. Stops retrying when a pass fails (the retry then waits for its timer).
   */
  async flush(): Promise<void> {
    while (
      this.#state === "running" &&
      (this.#worker || this.#dirty.size > 0 || this.#wantResync || this.#wantReresolve)
    ) {
      const errors = this.#errors;
      this.#flushTimer?.cancel();
      this.#resyncTimer?.cancel();
      this.#flushTimer = this.#resyncTimer = undefined;
      const idle = new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
      this.#poke();
      await idle;
      if (this.#errors !== errors && this.#wantResync) {
        this.requestResync();
        return;
      }
    }
  }

  /** Requests a full resync (dump + repair) after the resync delay. */
  requestResync(): void {
    this.#wantResync = true;
    if (this.#state !== "running" || this.#resyncTimer) return;
    this.#resyncTimer = this.#deps.clock.setTimer(
      this.#deps.clock.now() + this.#resyncDelayMs,
      () => {
        this.#resyncTimer = undefined;
        this.#poke();
      },
    );
  }

  /** Re-resolves every next hop in use soon (topology changed). */
  requestReresolve(): void {
    this.#wantReresolve = true;
    if (this.#state !== "running" || this.#resyncTimer) return;
    this.#resyncTimer = this.#deps.clock.setTimer(
      this.#deps.clock.now() + this.#resyncDelayMs,
      () => {
        this.#resyncTimer = undefined;
        this.#poke();
      },
    );
  }

  /**
   * Feeds monitor events. Link and address changes trigger a resync (IPv4 removes routes through
   * a downed link or a removed address without notifying); route changes by others in our
   * table are checked for ownership conflicts; any other route change re-resolves next hops.
   */
  kernelChanged(events: readonly MonitorEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case "overrun":
          this.requestResync();
          break;
        case "link":
        case "address":
          this.requestResync();
          break;
        case "route":
          this.#routeEvent(e.op, e.route, e.pid);
          break;
        case "invalid":
          break;
      }
    }
  }

  #routeEvent(op: "new" | "del", r: Route, pid: number): void {
    if (pid !== 0 && pid === this.#deps.socket.portId) return; // our own echo
    if (r.table !== this.table || (r.tos ?? 0) !== 0) {
      this.requestReresolve();
      return;
    }
    this.requestReresolve();
    if ((r.metric ?? 0) !== this.metric) return;
    const key = prefixToKey(r.dst);
    if (r.protocol === this.protocol) {
      if (op === "del" && this.#installed.delete(key)) {
        // Someone deleted our route: put it back if it is still wanted.
        this.#log.info("own route removed by another process", { prefix: formatKey(key) });
        this.#markDirty(key);
      }
      return;
    }
    if (op === "new") {
      if (!this.#foreign.has(key)) {
        this.#foreign.add(key);
        if (this.#installed.delete(key)) {
          this.#log.warn("own route replaced by another owner; leaving it alone", {
            prefix: formatKey(key),
            protocol: r.protocol,
          });
        }
      }
    } else if (this.#foreign.delete(key) && this.#desired.has(key)) {
      this.#markDirty(key);
    }
  }

  /** Stops; removes own routes unless keepOnStop (or `keep`) says otherwise. */
  async stop(keep = this.#keep): Promise<void> {
    if (this.#state === "stopped") return;
    const wasRunning = this.#state === "running";
    this.#state = "stopped";
    for (const t of [this.#flushTimer, this.#resyncTimer, this.#safetyTimer]) t?.cancel();
    this.#flushTimer = this.#resyncTimer = this.#safetyTimer = undefined;
    await this.#worker;
    if (wasRunning && !keep) {
      // In slices, yielding between them: a full table must not stall the event loop.
      const keys = [...this.#installed.keys()];
      for (let i = 0; i < keys.length; i += this.#slice) {
        const ops: Op[] = keys.slice(i, i + this.#slice).map((key) => ({
          kind: "delete" as const,
          key,
          target: undefined,
        }));
        await this.#apply(ops);
        await this.#deps.yieldNow();
      }
    }
    for (const w of this.#idleWaiters.splice(0)) w();
  }

  // ------------------------------------------------------------------ the worker

  #armSafety(): void {
    if (this.#safetyMs <= 0) return;
    this.#safetyTimer = this.#deps.clock.setTimer(this.#deps.clock.now() + this.#safetyMs, () => {
      this.#safetyTimer = undefined;
      if (this.#state !== "running") return;
      this.#wantResync = true;
      this.#poke();
      this.#armSafety();
    });
  }

  #poke(): void {
    if (this.#worker || this.#state !== "running") return;
    this.#worker = this.#work().finally(() => {
      this.#worker = undefined;
      const more = this.#state === "running" &&
        (this.#dirty.size > 0 && !this.#flushTimer);
      if (more) this.#poke();
      else for (const w of this.#idleWaiters.splice(0)) w();
    });
  }

  async #work(): Promise<void> {
    while (this.#state === "running") {
      try {
        if (this.#wantResync) {
          this.#wantResync = false;
          this.#wantReresolve = false;
          await this.#resync();
        } else if (this.#wantReresolve) {
          this.#wantReresolve = false;
          await this.#reresolve();
        } else if (this.#dirty.size > 0) {
          await this.#flushDirty();
        } else {
          return;
        }
      } catch (e) {
        this.#fail(e instanceof Error ? e.message : String(e));
        // The kernel or socket failed as a whole: try again later by dump.
        this.requestResync();
        return;
      }
    }
  }

  #fail(message: string): void {
    this.#errors++;
    this.#lastError = message;
    this.#log.warn("netlink export error", { error: message });
  }

  /** Dumps the table and rebuilds `installed` and `foreign` from the kernel's truth. */
  async #resync(): Promise<void> {
    this.#resyncs++;
    const installed = new Map<PrefixKey, string>();
    const foreign = new Set<PrefixKey>();
    const sigs = new Map<string, string>();
    const { socket } = this.#deps;
    let interrupted = true;
    for (let attempt = 0; interrupted && attempt < 3; attempt++) {
      installed.clear();
      foreign.clear();
      ({ interrupted } = await socket.dump(
        (w, seq) =>
          encodeRouteDumpRequest(w, NLM_F.REQUEST | NLM_F.DUMP, seq, RTM.GETROUTE, {
            table: this.table,
          }),
        `RTM_GETROUTE dump of table ${this.table}`,
        (m) => {
          if (m.type !== RTM.NEWROUTE) return;
          const r = decodeRoute(m.payload);
          if (!r || r.table !== this.table || (r.tos ?? 0) !== 0) return;
          if ((r.metric ?? 0) !== this.metric) return;
          const key = prefixToKey(r.dst);
          if (r.protocol === this.protocol) {
            const s = routeSig(r);
            let shared = sigs.get(s);
            if (shared === undefined) sigs.set(s, shared = s);
            installed.set(key, shared);
          } else {
            foreign.add(key);
          }
        },
      ));
    }
    for (const key of installed.keys()) foreign.delete(key);
    this.#installed = installed;
    this.#foreign = foreign;
    // Topology may have changed too: resolve every next hop again.
    this.#resolution.clear();
    this.#gen++;
    for (const key of installed.keys()) this.#dirty.add(key);
    for (const key of this.#desired.keys()) this.#dirty.add(key);
    this.#log.debug("netlink export resync", {
      table: this.table,
      own: installed.size,
      foreign: foreign.size,
      desired: this.#desired.size,
    });
  }

  /** Resolves every next hop in use again; prefixes whose next hops changed become dirty. */
  async #reresolve(): Promise<void> {
    let changed = false;
    let n = 0;
    for (const [k, groups] of this.#nhGroups) {
      const nh = groups.values().next().value?.nextHops.find((x) => nextHopKey(x) === k);
      if (!nh) continue;
      const r = await this.#resolveOne(k, nh);
      const old = this.#resolution.get(k);
      if (!sameResolution(old, r)) {
        this.#setResolution(k, r);
        changed = true;
        for (const g of groups) for (const key of g.keys) this.#dirty.add(key);
      }
      if (++n % 256 === 0) await this.#deps.yieldNow();
    }
    if (changed) this.#gen++;
  }

  async #resolveOne(k: string, nh: ExportNextHop): Promise<Resolution> {
    return await resolveNextHop(this.#deps.lookup, nh, this.#vrfIndex).catch((e) => ({
      ok: false as const,
      reason: `${k}: ${e instanceof Error ? e.message : String(e)}`,
    }));
  }

  #setResolution(k: string, r: Resolution): void {
    const old = this.#resolution.get(k);
    this.#resolution.set(k, r);
    const wasBad = old !== undefined && !old.ok;
    if (!r.ok && (!old || old.ok || old.reason !== r.reason)) {
      this.#log.warn("next hop not reachable; routes through it are not installed", {
        nexthop: k,
        reason: r.reason,
      });
      this.#deps.onNextHop?.(k, r.reason);
    } else if (r.ok && wasBad) {
      this.#log.info("next hop reachable again", { nexthop: k });
      this.#deps.onNextHop?.(k, undefined);
    }
  }

  /** The target of a group under the current resolutions (resolving what is missing). */
  async #target(g: NextHopGroup): Promise<Target | undefined> {
    if (g.gen === this.#gen) return g.target;
    for (const nh of g.nextHops) {
      const k = nextHopKey(nh);
      if (!this.#resolution.has(k)) this.#setResolution(k, await this.#resolveOne(k, nh));
    }
    const byKey = new Map<string, ResolvedPath>();
    for (const nh of g.nextHops) {
      const r = this.#resolution.get(nextHopKey(nh));
      if (r?.ok) byKey.set(pathKey(r.path), r.path);
    }
    const keys = [...byKey.keys()].sort().slice(0, this.#maxPaths);
    g.target = keys.length === 0
      ? undefined
      : { paths: keys.map((k) => byKey.get(k)!), sig: keys.join(",") };
    g.gen = this.#gen;
    return g.target;
  }

  /**
   * Takes the dirty keys and works through them in slices: for each slice the writes are
   * worked out and applied as one batch, then the event loop gets a turn.
   */
  async #flushDirty(): Promise<void> {
    const keys = [...this.#dirty];
    this.#dirty = new Set();
    for (let i = 0; i < keys.length && this.#state === "running"; i += this.#slice) {
      const ops: Op[] = [];
      const end = Math.min(keys.length, i + this.#slice);
      for (let j = i; j < end; j++) {
        const key = keys[j]!;
        if (this.#foreign.has(key)) continue;
        const g = this.#desired.get(key);
        const target = g ? (g.gen === this.#gen ? g.target : await this.#target(g)) : undefined;
        const cur = this.#installed.get(key);
        if (!target) {
          if (cur !== undefined) ops.push({ kind: "delete", key, target });
          continue;
        }
        if (cur === target.sig) continue;
        ops.push({ kind: cur === undefined ? "install" : "replace", key, target });
      }
      if (ops.length > 0) await this.#apply(ops);
      await this.#deps.yieldNow();
      // A resync requested meanwhile rebuilds the dirty set from the kernel: stop here.
      if (this.#wantResync) {
        for (let j = end; j < keys.length; j++) this.#dirty.add(keys[j]!);
        return;
      }
    }
  }

  /** The destination of a key in a scratch prefix (valid until the next call). */
  #dst(key: PrefixKey): IpPrefix {
    if (typeof key === "number") {
      const a = Math.floor(key / 64);
      const b = this.#dst4.bytes;
      b[0] = Math.floor(a / 0x1000000);
      b[1] = (a >>> 16) & 0xff;
      b[2] = (a >>> 8) & 0xff;
      b[3] = a & 0xff;
      (this.#dst4 as { length: number }).length = key % 64;
      return this.#dst4;
    }
    const b = this.#dst6.bytes;
    for (let i = 0; i < 16; i++) b[i] = parseInt(key.slice(2 * i, 2 * i + 2), 16);
    (this.#dst6 as { length: number }).length = Number(key.slice(33));
    return this.#dst6;
  }

  #route(op: Op): Route {
    const dst = this.#dst(op.key);
    const r: { -readonly [K in keyof Route]: Route[K] } = {
      family: dst.family,
      dst,
      table: this.table,
      protocol: this.protocol,
      scope: RT_SCOPE.UNIVERSE,
      type: op.kind === "delete" ? RTN.UNSPEC : RTN.UNICAST,
      metric: this.metric,
    };
    if (op.kind === "delete") {
      r.scope = RT_SCOPE.NOWHERE;
    } else if (op.target!.paths.length === 1) {
      r.gateway = op.target!.paths[0]!.gateway;
      r.oif = op.target!.paths[0]!.oif;
    } else {
      r.nexthops = op.target!.paths.map((p) => ({ gateway: p.gateway, oif: p.oif }));
    }
    return r;
  }

  async #apply(ops: readonly Op[]): Promise<void> {
    const flags: Record<OpKind, number> = {
      install: NLM_F.REQUEST | NLM_F.CREATE | NLM_F.EXCL,
      replace: NLM_F.REQUEST | NLM_F.CREATE | NLM_F.REPLACE,
      delete: NLM_F.REQUEST,
    };
    const result = await this.#deps.socket.applyBatch(
      ops,
      (w, op, seq) =>
        encodeRouteMessage(
          w,
          op.kind === "delete" ? RTM.DELROUTE : RTM.NEWROUTE,
          flags[op.kind],
          seq,
          this.#route(op),
        ),
      (op) =>
        `${op.kind === "delete" ? "RTM_DELROUTE" : "RTM_NEWROUTE"} ${
          describeRoute(this.#route(op))
        }`,
    );
    const bad = new Set<Op>();
    for (const f of result.failed) bad.add(f.item);
    for (const op of result.unknown) bad.add(op);
    for (const op of ops) {
      if (bad.has(op)) continue;
      if (op.kind === "delete") {
        this.#installed.delete(op.key);
        this.#withdrawn++;
      } else {
        this.#installed.set(op.key, op.target!.sig);
        this.#exported++;
      }
    }
    for (const { item: op, error } of result.failed) {
      const errno = error instanceof NetlinkError ? error.errno : 0;
      if (op.kind === "delete" && errno === ERRNO_CODE.ESRCH) {
        this.#installed.delete(op.key); // already gone
        continue;
      }
      if (op.kind === "install" && errno === ERRNO_CODE.EEXIST) {
        // Another owner holds (prefix, metric): never overwrite it. A resync re-checks.
        this.#foreign.add(op.key);
        this.#fail(`${formatKey(op.key)} is owned by another process at metric ${this.metric}`);
        continue;
      }
      if (errno === ERRNO_CODE.ENETUNREACH || errno === ERRNO_CODE.EHOSTUNREACH) {
        this.requestReresolve();
      }
      this.#fail(error.message);
    }
    if (result.unknown.length > 0) {
      this.#fail(`${result.unknown.length} route writes have an unknown outcome (replies lost)`);
      this.requestResync();
    }
  }

  // ------------------------------------------------------------------ status

  counters(): ExportCounters {
    return {
      exported: this.#exported,
      withdrawn: this.#withdrawn,
      errors: this.#errors,
      ...(this.#lastError !== undefined ? { lastError: this.#lastError } : {}),
    };
  }

  status(): ExportStatus {
    const unresolved: { nextHop: string; reason: string }[] = [];
    for (const [nextHop, r] of this.#resolution) {
      if (!r.ok) unresolved.push({ nextHop, reason: r.reason });
    }
    return {
      ...this.counters(),
      state: this.#state,
      table: this.table,
      protocol: this.protocol,
      metric: this.metric,
      desired: this.#desired.size,
      installed: this.#installed.size,
      pending: this.#dirty.size,
      foreign: this.#foreign.size,
      unresolved,
      resyncs: this.#resyncs,
    };
  }

  /** Whether own routes are believed installed for `key` (tests, CLI). */
  isInstalled(key: PrefixKey): boolean {
    return this.#installed.has(key);
  }
}
