/**
 * The BMP client: the only BMP code that does I/O. It dials every configured collector (RFC 7854
 * §3.2, router connects out), runs one CollectorFeed per TCP session, and never makes the
 * speaker wait: events are pushed synchronously into a bounded per-collector queue that a writer
 * drains in the background. A collector that falls behind past the bound is dropped (Termination
 * "out of resources", best effort) and resynced in full after a backoff.
 */
import type { Endpoint } from "../common/ip.ts";
import { formatEndpoint, formatIp } from "../common/ip.ts";
import { type Logger, nullLogger } from "../common/log.ts";
import { backoffDelay } from "./backoff.ts";
import { TerminationReason } from "./constants.ts";
import { CollectorFeed } from "./feed.ts";
import { SendQueue } from "./send_queue.ts";
import type {
  BmpEvent,
  BmpPeerDownReason,
  BmpPeerUpEvent,
  BmpRouteMonitoringEvent,
  BmpSource,
  BmpView,
} from "./source.ts";

/** One collector to dial; the same shape as config's BmpServerConfig. */
export interface BmpServer {
  readonly address: Endpoint;
  /** Seconds between Statistics Reports; absent or 0: none. */
  readonly statisticsTimeoutSecs?: number;
  /** Views to send; empty means ["pre-policy"]. */
  readonly views: readonly BmpView[];
}

export interface BmpClientOptions {
  readonly source: BmpSource;
  /** Initiation sysName (MIB-II), RFC 7854 §4.4. */
  readonly sysName: string;
  /** Initiation sysDescr (MIB-II), RFC 7854 §4.4. */
  readonly sysDescr: string;
  readonly logger?: Logger;
  /** Bytes a collector may have waiting (queue + events held during a dump); default 16 MiB. */
  readonly maxQueueBytes?: number;
  /** First reconnect delay; default 2 s. */
  readonly reconnectInitialMs?: number;
  /** Reconnect delay cap; default 120 s. */
  readonly reconnectMaxMs?: number;
  /** A session that lasted this long resets the backoff; default 60 s. */
  readonly stableSessionMs?: number;
  /** Connect attempt timeout; default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Time to flush the queue and the Termination before closing anyway; default 2 s. */
  readonly closeTimeoutMs?: number;
  /** Milliseconds since the epoch; default Date.now. */
  readonly now?: () => number;
}

export type BmpCollectorState = "connecting" | "dumping" | "up" | "waiting" | "stopped";

export interface BmpServerStatus {
  readonly address: Endpoint;
  readonly views: readonly BmpView[];
  readonly statisticsTimeoutSecs?: number;
  readonly state: BmpCollectorState;
  /** Bytes waiting for this collector. */
  readonly queuedBytes: number;
  /** TCP sessions established so far. */
  readonly sessions: number;
  /** Sessions dropped because the collector fell behind. */
  readonly overflows: number;
  /** When the current session started, ms since the epoch. */
  readonly connectedSince?: number;
}

interface Settings {
  readonly source: BmpSource;
  readonly sysName: string;
  readonly sysDescr: string;
  readonly logger: Logger;
  readonly maxQueueBytes: number;
  readonly lowWaterBytes: number;
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  readonly stableSessionMs: number;
  readonly connectTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly now: () => number;
}

/** Longest stretch of dump work between two yields to the event loop. */
const DUMP_SLICE_MS = 20;

/** Bytes handed to one conn.write(). */
const WRITE_BATCH_BYTES = 64 * 1024;

/**
 * Fans the speaker's events out to every collector session. All methods that take events are
 * synchronous and cheap; none waits for a collector.
 */
export class BmpClient {
  #settings: Settings;
  #collectors = new Map<string, Collector>();
  #closed = false;

  constructor(options: BmpClientOptions) {
    const max = options.maxQueueBytes ?? 16 * 1024 * 1024;
    this.#settings = {
      source: options.source,
      sysName: options.sysName,
      sysDescr: options.sysDescr,
      logger: options.logger ?? nullLogger,
      maxQueueBytes: max,
      lowWaterBytes: Math.max(1, Math.min(1024 * 1024, Math.floor(max / 4))),
      reconnectInitialMs: options.reconnectInitialMs ?? 2_000,
      reconnectMaxMs: options.reconnectMaxMs ?? 120_000,
      stableSessionMs: options.stableSessionMs ?? 60_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      closeTimeoutMs: options.closeTimeoutMs ?? 2_000,
      now: options.now ?? Date.now,
    };
  }

  /** Starts dialing a collector. Throws if one with the same address is configured. */
  addServer(server: BmpServer): void {
    if (this.#closed) throw new Error("the BMP client is closed");
    const name = formatEndpoint(server.address);
    if (this.#collectors.has(name)) throw new Error(`BMP server ${name} is already configured`);
    const views = server.views.length > 0 ? server.views : ["pre-policy" as const];
    const c = new Collector({ ...server, views }, name, this.#settings);
    this.#collectors.set(name, c);
    c.start();
  }

  /**
   * Stops sending to a collector: Termination "permanently administratively closed" (RFC 7854
   * §4.5 reason 4), flush, close. Resolves false when no such collector is configured.
   */
  async removeServer(address: Endpoint): Promise<boolean> {
    const name = formatEndpoint(address);
    const c = this.#collectors.get(name);
    if (!c) return false;
    this.#collectors.delete(name);
    await c.stop(TerminationReason.PERMANENTLY_ADMINISTRATIVELY_CLOSED);
    return true;
  }

  listServers(): BmpServerStatus[] {
    return [...this.#collectors.values()].map((c) => c.status());
  }

  /** Whether any open collector session wants `view` (lets the speaker skip encoding). */
  wants(view: BmpView): boolean {
    for (const c of this.#collectors.values()) if (c.wants(view)) return true;
    return false;
  }

  /** Hands an event to every open collector session; never blocks. */
  push(event: BmpEvent): void {
    if (this.#collectors.size === 0) return;
    const at = this.#settings.now();
    for (const c of this.#collectors.values()) c.event(event, at);
  }

  peerUp(up: Omit<BmpPeerUpEvent, "type">): void {
    this.push({ type: "peer-up", ...up });
  }

  peerDown(peerKey: string, reason: BmpPeerDownReason, timestamp?: number): void {
    this.push(
      timestamp === undefined
        ? { type: "peer-down", peerKey, reason }
        : { type: "peer-down", peerKey, reason, timestamp },
    );
  }

  /** One UPDATE for one view; `peerKey` undefined for the loc-rib view. */
  routeMonitoring(
    view: BmpView,
    peerKey: string | undefined,
    update: Uint8Array,
    timestamp?: number,
  ): void {
    const e: BmpRouteMonitoringEvent = peerKey === undefined
      ? { type: "route-monitoring", view, update }
      : { type: "route-monitoring", view, peerKey, update };
    this.push(timestamp === undefined ? e : { ...e, timestamp });
  }

  /** Shutdown: Termination "administratively closed" to every collector, then close. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#collectors.values()];
    this.#collectors.clear();
    await Promise.all(all.map((c) => c.stop(TerminationReason.ADMINISTRATIVELY_CLOSED)));
  }
}

/** One configured collector: connect, run a session, back off, repeat until stopped. */
class Collector {
  readonly server: BmpServer;
  readonly name: string;
  #s: Settings;
  #log: Logger;
  #state: BmpCollectorState = "connecting";
  #stopped = false;
  #session: Session | undefined;
  #attempt = 0;
  #sessions = 0;
  #overflows = 0;
  #connectAbort: AbortController | undefined;
  #sleepTimer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> = Promise.resolve();

  constructor(server: BmpServer, name: string, settings: Settings) {
    this.server = server;
    this.name = name;
    this.#s = settings;
    this.#log = settings.logger.child({ collector: name });
  }

  start(): void {
    this.#loop = this.#run();
  }

  status(): BmpServerStatus {
    const base = {
      address: this.server.address,
      views: this.server.views,
      state: this.#state,
      queuedBytes: this.#session?.queuedBytes ?? 0,
      sessions: this.#sessions,
      overflows: this.#overflows,
    };
    const withStats = this.server.statisticsTimeoutSecs === undefined
      ? base
      : { ...base, statisticsTimeoutSecs: this.server.statisticsTimeoutSecs };
    return this.#session ? { ...withStats, connectedSince: this.#session.startedAt } : withStats;
  }

  wants(view: BmpView): boolean {
    return this.#session !== undefined && this.#session.open && this.server.views.includes(view);
  }

  event(e: BmpEvent, at: number): void {
    this.#session?.event(e, at);
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      this.#state = "connecting";
      const conn = await this.#connect();
      if (conn && !this.#stopped) {
        this.#sessions++;
        const session = new Session(conn, this, this.#s, this.#log);
        this.#session = session;
        const end = await session.run((s) => (this.#state = s));
        this.#session = undefined;
        if (end.overflow) this.#overflows++;
        this.#log.info("bmp collector session ended", { reason: end.reason });
        // A long, healthy session earns a fast reconnect; a short or slow one keeps backing off.
        if (!end.overflow && this.#s.now() - session.startedAt >= this.#s.stableSessionMs) {
          this.#attempt = 0;
        }
      } else if (conn) {
        conn.close();
      }
      if (this.#stopped) break;
      const delay = backoffDelay(this.#attempt++, {
        initialMs: this.#s.reconnectInitialMs,
        maxMs: this.#s.reconnectMaxMs,
      });
      this.#state = "waiting";
      this.#log.debug("bmp collector reconnect scheduled", { delayMs: delay });
      await this.#sleep(delay);
    }
    this.#state = "stopped";
  }

  async #connect(): Promise<Deno.Conn | undefined> {
    const ac = new AbortController();
    this.#connectAbort = ac;
    const timer = setTimeout(() => ac.abort(), this.#s.connectTimeoutMs);
    try {
      const conn = await Deno.connect({
        hostname: formatIp(this.server.address.address),
        port: this.server.address.port,
        transport: "tcp",
        signal: ac.signal,
      });
      this.#log.info("bmp collector connected", { views: this.server.views.join(",") });
      return conn;
    } catch (e) {
      if (!this.#stopped) this.#log.warn("bmp collector connect failed", { error: errorText(e) });
      return undefined;
    } finally {
      clearTimeout(timer);
      this.#connectAbort = undefined;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#sleepTimer = setTimeout(() => {
        this.#sleepTimer = undefined;
        this.#wake = undefined;
        resolve();
      }, ms);
    });
  }

  /** Termination with `reason`, flush (bounded), close, and no reconnect. */
  async stop(reason: number): Promise<void> {
    this.#stopped = true;
    this.#connectAbort?.abort();
    if (this.#sleepTimer !== undefined) clearTimeout(this.#sleepTimer);
    this.#sleepTimer = undefined;
    this.#wake?.();
    this.#wake = undefined;
    this.#session?.terminate(reason);
    await this.#loop;
    this.#state = "stopped";
  }
}

interface SessionEnd {
  readonly reason: string;
  readonly overflow: boolean;
}

/** One TCP session to a collector. */
class Session {
  readonly startedAt: number;
  #conn: Deno.Conn;
  #collector: Collector;
  #s: Settings;
  #log: Logger;
  #queue = new SendQueue();
  #feed: CollectorFeed;
  /** Set once Termination is queued: accept nothing more, close once it is written. */
  #terminating = false;
  #ended = false;
  #end: SessionEnd = { reason: "", overflow: false };
  #resolveDone!: () => void;
  #done = new Promise<void>((r) => (this.#resolveDone = r));
  #writerWake: (() => void) | undefined;
  #drainWaiters: (() => void)[] = [];
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #invalidLoggedAt = -Infinity;
  #invalidSinceLog = 0;

  constructor(conn: Deno.Conn, collector: Collector, settings: Settings, log: Logger) {
    this.#conn = conn;
    this.#collector = collector;
    this.#s = settings;
    this.#log = log;
    this.startedAt = settings.now();
    this.#feed = new CollectorFeed({
      views: new Set(collector.server.views),
      sysName: settings.sysName,
      sysDescr: settings.sysDescr,
      send: (m) => this.#send(m),
      now: settings.now,
      onInvalid: (error, event) => this.#invalid(error, event),
    });
  }

  get queuedBytes(): number {
    return this.#queue.bytes + this.#feed.deferredBytes;
  }

  /** Whether the session accepts events (dump or live). */
  get open(): boolean {
    return !this.#ended && !this.#terminating;
  }

  async run(setState: (s: BmpCollectorState) => void): Promise<SessionEnd> {
    const reader = this.#readLoop();
    const writer = this.#writeLoop();
    try {
      setState("dumping");
      const views = this.#feed.views;
      this.#feed.open(views.has("loc-rib") ? this.#s.source.localRib() : undefined);
      this.#startStatistics();
      const t0 = this.#s.now();
      await this.#dump();
      if (this.open) {
        this.#feed.endDump();
        this.#log.info("bmp initial dump sent", {
          messages: this.#feed.counts.messages,
          ms: this.#s.now() - t0,
        });
        setState("up");
        this.#checkOverflow();
      }
    } catch (e) {
      this.#log.error("bmp collector session failed", { error: errorText(e) });
      this.#finish({ reason: `error: ${errorText(e)}`, overflow: false });
    }
    await this.#done;
    await Promise.allSettled([reader, writer]);
    return this.#end;
  }

  /** RFC 7854 §3.3: the initial dump, paced by the collector (pull a chunk when there is room). */
  async #dump(): Promise<void> {
    let sliceStart = performance.now();
    for await (const chunk of this.#s.source.snapshot(this.#feed.views)) {
      for (const item of chunk) {
        if (!this.open) return;
        this.#feed.snapshot(item);
        if (this.#queue.bytes > this.#s.lowWaterBytes) await this.#drained();
      }
      if (!this.open) return;
      this.#checkOverflow();
      // Let BGP timers and I/O run at least every DUMP_SLICE_MS, even when the collector keeps
      // up (a timer per chunk would cost ~2 ms each and cap the dump rate).
      if (performance.now() - sliceStart >= DUMP_SLICE_MS) {
        await new Promise<void>((r) => setTimeout(r, 0));
        sliceStart = performance.now();
      }
    }
  }

  event(e: BmpEvent, at: number): void {
    if (!this.open) return;
    this.#feed.event(e, at);
    this.#checkOverflow();
  }

  /** Deliberate close: Termination with `reason` after what is queued, then close. */
  terminate(reason: number): void {
    if (this.#ended || this.#terminating) return;
    this.#feed.terminate(reason);
    this.#startClosing({ reason: `terminated (reason ${reason})`, overflow: false });
  }

  /** A speaker bug must not cost the session: drop the event, log (at most every 10 s). */
  #invalid(error: Error, event: BmpEvent): void {
    this.#invalidSinceLog++;
    const now = this.#s.now();
    if (now - this.#invalidLoggedAt < 10_000) return;
    this.#log.warn("bmp event dropped: it cannot be encoded", {
      event: event.type,
      error: error.message,
      dropped: this.#invalidSinceLog,
    });
    this.#invalidLoggedAt = now;
    this.#invalidSinceLog = 0;
  }

  #checkOverflow(): void {
    if (!this.open) return;
    const used = this.queuedBytes;
    if (used <= this.#s.maxQueueBytes) return;
    this.#log.warn(
      "bmp collector too slow: queue over its limit, dropping the connection; full resync after reconnect",
      { queuedBytes: used, limitBytes: this.#s.maxQueueBytes },
    );
    // Whole messages only were queued, so the Termination starts on a message boundary.
    this.#queue.clear();
    this.#feed.terminate(TerminationReason.OUT_OF_RESOURCES, "send queue overflow");
    this.#startClosing({ reason: "queue overflow", overflow: true });
  }

  #startClosing(end: SessionEnd): void {
    this.#terminating = true;
    this.#end = end;
    this.#stopStatistics();
    this.#wakeWriter();
    this.#resolveDrainWaiters();
    // A stalled collector never drains; close anyway after a grace period.
    this.#closeTimer = setTimeout(() => {
      this.#closeTimer = undefined;
      this.#finish({ ...end, reason: `${end.reason}, not flushed in time` });
    }, this.#s.closeTimeoutMs);
  }

  #send(m: Uint8Array): void {
    if (this.#ended || this.#terminating) return;
    this.#queue.push(m);
    this.#wakeWriter();
  }

  #wakeWriter(): void {
    const w = this.#writerWake;
    this.#writerWake = undefined;
    w?.();
  }

  #drained(): Promise<void> {
    if (this.#queue.bytes <= this.#s.lowWaterBytes || !this.open) return Promise.resolve();
    return new Promise((r) => this.#drainWaiters.push(r));
  }

  #resolveDrainWaiters(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of waiters) w();
  }

  async #writeLoop(): Promise<void> {
    try {
      while (!this.#ended) {
        const batch = this.#queue.take(WRITE_BATCH_BYTES);
        if (this.#queue.bytes <= this.#s.lowWaterBytes) this.#resolveDrainWaiters();
        if (!batch) {
          if (this.#terminating) {
            // RFC 7854 §4.5: after the Termination, close; nothing more is sent.
            this.#finish(this.#end);
            return;
          }
          await new Promise<void>((r) => (this.#writerWake = r));
          continue;
        }
        let off = 0;
        while (off < batch.length) off += await this.#conn.write(batch.subarray(off));
      }
    } catch (e) {
      this.#finish({ reason: `write failed: ${errorText(e)}`, overflow: this.#end.overflow });
    }
  }

  /** RFC 7854 §3.2: the station sends nothing; reading only tells us when it goes away. */
  async #readLoop(): Promise<void> {
    const buf = new Uint8Array(512);
    try {
      while (!this.#ended) {
        const n = await this.#conn.read(buf);
        if (n === null) {
          this.#finish({ reason: "closed by the collector", overflow: this.#end.overflow });
          return;
        }
      }
    } catch (e) {
      this.#finish({ reason: `read failed: ${errorText(e)}`, overflow: this.#end.overflow });
    }
  }

  #startStatistics(): void {
    const secs = this.#collector.server.statisticsTimeoutSecs;
    if (secs === undefined || !(secs > 0)) return;
    this.#statsTimer = setInterval(() => {
      if (!this.open) return;
      try {
        this.#feed.statistics(this.#s.source.statistics());
      } catch (e) {
        this.#log.error("bmp statistics source failed", { error: errorText(e) });
      }
      this.#checkOverflow();
    }, secs * 1000);
  }

  #stopStatistics(): void {
    if (this.#statsTimer !== undefined) clearInterval(this.#statsTimer);
    this.#statsTimer = undefined;
  }

  #finish(end: SessionEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    if (!this.#terminating) this.#end = end;
    else if (end.reason !== this.#end.reason) this.#end = { ...this.#end, reason: end.reason };
    this.#stopStatistics();
    if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
    this.#queue.clear();
    this.#wakeWriter();
    this.#resolveDrainWaiters();
    this.#resolveDone();
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
