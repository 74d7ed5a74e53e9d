/**
 * The speaker: the single owner of peers (and, with the RIB glue, of the RIBs). It listens for
 * BGP connections, matches them to peers (refusing unknown addresses with Cease / Connection
 * Rejected, RFC 4486 subcode 5, unless accept_unconfigured_peers), runs each peer's FSM, and
 * exposes hooks (sessions) and events (BMP, netlink, API) for everything that happens.
 */
import type { Clock } from "../common/clock.ts";
import { formatIp, type IpAddress, parseIp } from "../common/ip.ts";
import { type Logger, nullLogger } from "../common/log.ts";
import type { Config, PeerConfig } from "../config/model.ts";
import { connectionRejected } from "../fsm/mod.ts";
import { DEFAULT_CODEC_CONTEXT, encodeMessage, notificationText } from "../wire/mod.ts";
import { Connection } from "./connection.ts";
import { SpeakerEvents } from "./events.ts";
import { HookChain } from "./hooks.ts";
import { Peer, type PeerStatus } from "./peer.ts";
import { dynamicPeerConfig, type LocalIdentity, localIdentity } from "./session_config.ts";
import { Slicer } from "./slicer.ts";
import { systemClock } from "./system_clock.ts";
import { type BgpListener, type ConnEnds, dialBgp, listenBgp } from "./transport.ts";
import { WorkQueue } from "./work_queue.ts";

export interface SpeakerOptions {
  readonly config: Config;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Per-connection output queue limit (default 32 MiB). Past it the session is reset. */
  readonly outputQueueLimitBytes?: number;
  /** How long a closing connection may take to flush its NOTIFICATION (default 2000 ms). */
  readonly flushOnCloseMs?: number;
  /** Longest synchronous slice of long work, ms (default 20). */
  readonly sliceMs?: number;
  /** Pending work (prefixes) above which sockets stop being read (default 200000). */
  readonly inputHighWater?: number;
  /** Replaces Deno.connect (tests). */
  readonly dial?: (
    address: IpAddress,
    port: number,
    signal: AbortSignal,
  ) => Promise<{ conn: Deno.TcpConn; ends: ConnEnds }>;
}

export class Speaker {
  readonly events: SpeakerEvents;
  readonly hooks: HookChain;
  /** The serial lane for state changes (RIB work); sliced so timers stay on time. */
  readonly work: WorkQueue;
  readonly clock: Clock;
  readonly log: Logger;
  #config: Config;
  #local: LocalIdentity;
  #peers = new Map<string, Peer>();
  #listener: BgpListener | undefined;
  #outputLimit: number;
  #flushMs: number;
  #highWater: number;
  #dial: NonNullable<SpeakerOptions["dial"]>;
  #stopped = false;
  #pendingCloses = new Set<Promise<void>>();

  constructor(options: SpeakerOptions) {
    this.#config = options.config;
    this.#local = localIdentity(options.config);
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? nullLogger;
    this.events = new SpeakerEvents((e, ev) =>
      this.log.error("event listener failed", { event: ev.type, error: e })
    );
    this.hooks = new HookChain((hook, e) => this.log.error("hook failed", { hook, error: e }));
    this.work = new WorkQueue({
      slicer: new Slicer({ budgetMs: options.sliceMs ?? 20 }),
      onError: (e) => this.log.error("speaker job failed", { error: e }),
    });
    this.#outputLimit = options.outputQueueLimitBytes ?? 32 * 1024 * 1024;
    this.#flushMs = options.flushOnCloseMs ?? 2000;
    this.#highWater = options.inputHighWater ?? 200_000;
    this.#dial = options.dial ?? dialBgp;
  }

  get config(): Config {
    return this.#config;
  }

  get local(): LocalIdentity {
    return this.#local;
  }

  /** Addresses the listener is bound to ("IP:PORT"), empty before start. */
  get listenAddresses(): readonly string[] {
    return this.#listener?.addresses ?? [];
  }

  /** Opens the listener (unless `listen` is false) and starts the configured peers. */
  start(listen = true): void {
    if (listen) {
      const l = this.#config.listen;
      this.#listener = listenBgp(l.address, l.port, (conn, ends) => this.#accept(conn, ends));
      this.log.info("BGP listener open", { addresses: this.#listener.addresses.join(",") });
    }
    for (const pc of this.#config.peers) this.addPeer(pc);
  }

  /** Adds a peer and starts it; throws if one with the same address exists. */
  addPeer(pc: PeerConfig): Peer {
    const key = formatIp(pc.address);
    if (this.#peers.has(key)) throw new Error(`peer ${key} already exists`);
    const peer = this.#newPeer(pc, false);
    this.#peers.set(key, peer);
    this.events.emit({ type: "peer-added", peer: peer.info, at: this.clock.now() });
    peer.start();
    return peer;
  }

  /** Cease / Peer De-configured, then the peer is gone. */
  async removePeer(address: string): Promise<boolean> {
    const peer = this.#peers.get(canonical(address));
    if (!peer) return false;
    this.#peers.delete(peer.address);
    await peer.deconfigure();
    this.events.emit({ type: "peer-removed", peer: peer.info, at: this.clock.now() });
    return true;
  }

  /** Admin down with Cease / Administrative Shutdown carrying `message` (RFC 8203). */
  disablePeer(address: string, message?: string): boolean {
    const peer = this.#peers.get(canonical(address));
    peer?.disable(message);
    return peer !== undefined;
  }

  enablePeer(address: string): boolean {
    const peer = this.#peers.get(canonical(address));
    peer?.enable();
    return peer !== undefined;
  }

  /** Cease / Administrative Reset, then an automatic restart after the idle hold time. */
  resetPeer(address: string, message?: string): boolean {
    const peer = this.#peers.get(canonical(address));
    peer?.reset(message);
    return peer !== undefined;
  }

  peer(address: string): Peer | undefined {
    return this.#peers.get(canonical(address));
  }

  peers(): Peer[] {
    return [...this.#peers.values()];
  }

  peerStatus(address: string): PeerStatus | undefined {
    return this.peer(address)?.status();
  }

  /**
   * Stops: closes the listener, sends Cease / Administrative Shutdown with `message` to every
   * peer, and waits (bounded by flushOnCloseMs) for the NOTIFICATIONs to be written.
   */
  async stop(message = "edgebgp shutting down"): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#listener?.close();
    const peers = [...this.#peers.values()];
    for (const p of peers) p.disable(message);
    await Promise.all(peers.map((p) => p.close()));
    this.#peers.clear();
    await this.#listener?.done;
    await Promise.all(this.#pendingCloses);
    await this.work.idle();
  }

  #newPeer(pc: PeerConfig, dynamic: boolean): Peer {
    return new Peer(
      {
        clock: this.clock,
        log: this.log,
        hooks: this.hooks,
        events: this.events,
        local: this.#local,
        outputLimitBytes: this.#outputLimit,
        flushOnCloseMs: this.#flushMs,
        dial: (peer, signal) => this.#dial(peer.address, peer.port, signal),
        readGate: () =>
          this.work.pendingCost > this.#highWater
            ? this.work.whenBelow(this.#highWater / 2)
            : undefined,
        release: (peer) => this.#release(peer),
      },
      pc,
      dynamic,
    );
  }

  #accept(tcp: Deno.TcpConn, ends: ConnEnds): void {
    const conn = new Connection(tcp, ends, "incoming", {
      outputLimitBytes: this.#outputLimit,
      log: this.log,
    });
    if (this.#stopped) {
      void conn.close();
      return;
    }
    let peer = this.#peers.get(ends.remoteAddress);
    if (!peer && this.#config.acceptUnconfiguredPeers) {
      peer = this.#newPeer(dynamicPeerConfig(parseIp(ends.remoteAddress)), true);
      this.#peers.set(peer.address, peer);
      this.log.info("dynamic peer created for an unconfigured address", {
        peer: peer.address,
        remote_port: ends.remotePort,
      });
      this.events.emit({ type: "peer-added", peer: peer.info, at: this.clock.now() });
      // RFC 4271 Event 4: the session exists only to answer this connection.
      peer.enable();
    }
    if (!peer) {
      this.#reject(conn);
      return;
    }
    this.log.debug("incoming connection", { peer: peer.address, remote_port: ends.remotePort });
    peer.acceptIncoming(conn);
  }

  /** bgpgg §4.2: an unknown address gets Cease / Connection Rejected and is closed. */
  #reject(conn: Connection): void {
    const n = connectionRejected();
    this.log.info("incoming connection refused: no such peer", {
      remote: `${conn.ends.remoteAddress}:${conn.ends.remotePort}`,
      notification: notificationText(n),
    });
    conn.send(encodeMessage(n, DEFAULT_CODEC_CONTEXT), true);
    const p = conn.close(this.#flushMs);
    this.#pendingCloses.add(p);
    void p.then(() => this.#pendingCloses.delete(p));
  }

  #release(peer: Peer): void {
    if (this.#peers.get(peer.address) !== peer || peer.state !== "Idle") return;
    this.#peers.delete(peer.address);
    this.log.info("dynamic peer removed", { peer: peer.address });
    void peer.close();
    this.events.emit({ type: "peer-removed", peer: peer.info, at: this.clock.now() });
  }
}

function canonical(address: string): string {
  try {
    return formatIp(parseIp(address));
  } catch {
    return address;
  }
}
