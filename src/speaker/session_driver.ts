/**
 * One FSM and the TCP connection it owns (RFC 4271 §8: one FSM per connection). It feeds
 * events to `fsm.step` and carries out the returned actions: messages onto the socket, dials,
 * closes, and deadlines onto real (or fake) timers. Decisions about the peer as a whole —
 * collisions, hooks, routes — go to its host (the Peer).
 */
import type { Clock } from "../common/clock.ts";
import type { Logger } from "../common/log.ts";
import {
  type Action,
  bgpHeaderErr,
  bgpOpenMsgErr,
  type DownReason as FsmDownReason,
  event,
  eventForDecodeError,
  eventForMessage,
  type FsmEvent,
  openCollisionDump,
  type Session,
  State,
  type StateName,
  step,
  timerEvent,
  type TimerName,
} from "../fsm/mod.ts";
import {
  type Capability,
  type CodecContext,
  DEFAULT_CODEC_CONTEXT,
  encodeMessage,
  type MessageDecodeResult,
  type NotificationMessage,
  type OpenMessage,
} from "../wire/mod.ts";
import type { Connection, ConnectionOwner, Direction } from "./connection.ts";
import { TimerSet } from "./timers.ts";

/** What the driver needs from, and reports to, its peer. */
export interface DriverHost {
  readonly log: Logger;
  readonly clock: Clock;
  /** How long a closing connection may take to flush (a NOTIFICATION first). */
  readonly flushOnCloseMs: number;
  /** Opens the TCP connection for a "connect" action. */
  dial(signal: AbortSignal): Promise<Connection>;
  /** Capabilities hooks add to our OPEN. */
  extraCapabilities(): readonly Capability[];
  /** Collision arbitration and hooks, before the FSM sees a received OPEN. */
  beforeOpen(driver: SessionDriver, open: OpenMessage): OpenVerdict;
  /** A message the FSM does not consume (UPDATE contents in Established, ROUTE-REFRESH). */
  onPayload(driver: SessionDriver, result: MessageDecodeResult, bytes: Uint8Array): void;
  onAction(driver: SessionDriver, action: HostAction): void;
  /** The connection's output queue overflowed. */
  onOverflow(driver: SessionDriver, pendingBytes: number, limitBytes: number): void;
  countSent(type: number): void;
  /** A NOTIFICATION goes out or came in (logged with its decoded text). */
  noteNotification(
    driver: SessionDriver,
    direction: "sent" | "received",
    n: NotificationMessage,
  ): void;
  countReceived(type: number): void;
  /** Back-pressure on reads (shared work lane). */
  readGate(): Promise<void> | undefined;
}

export type OpenVerdict =
  | { readonly type: "accept" }
  /** Refuse the session (hook): OPEN Message Error path, RFC 4271 §6.2. */
  | { readonly type: "refuse"; readonly notification: NotificationMessage }
  /** Lost the collision (RFC 4271 §6.8): Event 23. */
  | { readonly type: "dump"; readonly notification: NotificationMessage };

/** FSM actions the host handles. */
export type HostAction =
  | Extract<Action, { type: "established" | "state-change" }>
  | { readonly type: "session-down"; readonly reason: FsmDownReason }
  | { readonly type: "track-connection"; readonly connection: Connection };

interface Pending {
  readonly event: FsmEvent;
  readonly incoming?: Connection;
}

export class SessionDriver implements ConnectionOwner {
  readonly direction: Direction;
  #host: DriverHost;
  #session: Session;
  #conn: Connection | undefined;
  #timers: TimerSet<TimerName>;
  #dial: AbortController | undefined;
  #queue: Pending[] = [];
  #busy = false;
  #disposed = false;
  #sentOpen: { message: OpenMessage; bytes: Uint8Array } | undefined;
  #receivedOpenBytes: Uint8Array | undefined;
  #closing: Promise<void>[] = [];

  constructor(host: DriverHost, session: Session, direction: Direction) {
    this.#host = host;
    this.#session = session;
    this.direction = direction;
    this.#timers = new TimerSet(host.clock, (name) => this.feed(timerEvent(name)));
  }

  get session(): Session {
    return this.#session;
  }

  get state(): StateName {
    return this.#session.state;
  }

  get connection(): Connection | undefined {
    return this.#conn;
  }

  get sentOpen(): { message: OpenMessage; bytes: Uint8Array } | undefined {
    return this.#sentOpen;
  }

  get receivedOpenBytes(): Uint8Array | undefined {
    return this.#receivedOpenBytes;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Replaces the session value (collision winner inheriting the peer's history). */
  replaceSession(session: Session): void {
    this.#session = session;
  }

  /** Timers the FSM has running, for tests and the API. */
  timerDeadlines(): Partial<Record<TimerName, number>> {
    const out: Partial<Record<TimerName, number>> = {};
    for (const name of this.#timers.armed()) out[name] = this.#timers.deadline(name)!;
    return out;
  }

  /** Makes `conn` this FSM's connection and starts reading it. */
  attach(conn: Connection): void {
    this.#abortDial();
    this.#conn = conn;
    conn.start(this);
  }

  /**
   * Feeds one event. `incoming` is a connection that raised it (Event 17 from the listener)
   * and is not this FSM's own: a reject closes it, a track hands it to the host.
   */
  feed(e: FsmEvent, incoming?: Connection): void {
    if (this.#disposed) {
      incoming?.close();
      return;
    }
    this.#queue.push(incoming ? { event: e, incoming } : { event: e });
    if (this.#busy) return; // re-entrant call: runs after the current event's actions
    this.#busy = true;
    try {
      while (this.#queue.length > 0 && !this.#disposed) {
        const p = this.#queue.shift()!;
        const r = step(this.#session, p.event, this.#host.clock.now());
        this.#session = r.session;
        let incomingUsed = false;
        for (const a of r.actions) {
          if (this.#disposed) break;
          incomingUsed = this.#perform(a, p.incoming) || incomingUsed;
        }
        // A connection nobody took is closed rather than leaked.
        if (p.incoming && !incomingUsed && p.incoming !== this.#conn) void p.incoming.close();
      }
    } finally {
      this.#busy = false;
    }
    if (this.#disposed) {
      for (const p of this.#queue) p.incoming?.close();
      this.#queue = [];
    }
  }

  /** Returns true when the action consumed `incoming`. */
  #perform(a: Action, incoming: Connection | undefined): boolean {
    switch (a.type) {
      case "send":
        this.#send(a.message);
        return false;
      case "connect":
        this.#startDial();
        return false;
      case "close-connection":
        this.#closeConnection(this.#host.flushOnCloseMs);
        return false;
      case "reject-connection":
        if (incoming) {
          void incoming.close();
          return true;
        }
        return false;
      case "track-connection":
        if (!incoming) return false;
        this.#host.onAction(this, { type: "track-connection", connection: incoming });
        return true;
      case "arm-timer":
        this.#timers.arm(a.timer, a.at);
        return false;
      case "cancel-timer":
        this.#timers.cancel(a.timer);
        return false;
      case "initialize-resources":
      case "release-resources":
        // Routes are released through "session-down"; nothing else is held per connection.
        return false;
      case "established":
      case "state-change":
        this.#host.onAction(this, a);
        return false;
      case "session-down":
        this.#host.onAction(this, { type: "session-down", reason: a.reason });
        return false;
      case "note":
        this.#host.log[a.level](a.text, { fsm_state: this.#session.state });
        return false;
    }
  }

  #send(message: OpenMessage | NotificationMessage | { type: "keepalive" }): void {
    const conn = this.#conn;
    if (!conn) return;
    let m = message;
    if (m.type === "open") {
      const extra = this.#host.extraCapabilities().filter((c) =>
        c.type === "unknown" || !(m as OpenMessage).capabilities.some((x) => x.type === c.type)
      );
      if (extra.length > 0) m = { ...m, capabilities: [...m.capabilities, ...extra] };
    }
    const bytes = encodeMessage(m, this.codec());
    if (m.type === "open") this.#sentOpen = { message: m, bytes };
    if (m.type === "notification") this.#host.noteNotification(this, "sent", m);
    if (conn.send(bytes, m.type !== "open")) this.#host.countSent(bytes[18]!);
  }

  #startDial(): void {
    this.#abortDial();
    const ac = new AbortController();
    this.#dial = ac;
    this.#host.dial(ac.signal).then(
      (conn) => {
        if (ac.signal.aborted || this.#disposed || this.#conn) {
          void conn.close();
          return;
        }
        this.#dial = undefined;
        this.attach(conn);
        this.feed(event("Tcp_CR_Acked"));
      },
      (e) => {
        if (ac.signal.aborted || this.#disposed) return;
        this.#dial = undefined;
        this.#host.log.debug("connect failed", {
          error: e instanceof Error ? e.message : String(e),
        });
        this.feed(event("TcpConnectionFails"));
      },
    );
  }

  #abortDial(): void {
    this.#dial?.abort();
    this.#dial = undefined;
  }

  #closeConnection(flushMs: number): void {
    this.#abortDial();
    const c = this.#conn;
    this.#conn = undefined;
    this.#sentOpen = undefined;
    this.#receivedOpenBytes = undefined;
    if (c) {
      const p = c.close(flushMs);
      this.#closing.push(p);
      void p.then(() => (this.#closing = this.#closing.filter((x) => x !== p)));
    }
  }

  /** Drops the connection at once (no flush) without telling the FSM; the caller does. */
  dropConnection(): void {
    this.#closeConnection(0);
  }

  /** Feeds OpenCollisionDump (Event 23) with `notification`. */
  dump(notification: NotificationMessage): void {
    this.feed(openCollisionDump(notification));
  }

  /** Cancels timers, abandons the dial, closes the connection; the driver is finished. */
  dispose(flushMs = 0): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#timers.cancelAll();
    this.#closeConnection(flushMs);
  }

  /** Resolves when every connection this driver closed has finished closing. */
  async settled(): Promise<void> {
    while (this.#closing.length > 0) await Promise.all(this.#closing);
  }

  // ------------------------------------------------------------------ ConnectionOwner

  codec(): CodecContext {
    return this.#session.negotiated?.codec ?? DEFAULT_CODEC_CONTEXT;
  }

  readGate(): Promise<void> | undefined {
    return this.#host.readGate();
  }

  onMessage(result: MessageDecodeResult, bytes: Uint8Array): void {
    if (this.#disposed) return;
    if (result.type !== "error") this.#host.countReceived(bytes[18]!);
    switch (result.type) {
      case "open": {
        this.#receivedOpenBytes = bytes.slice();
        const verdict = this.#host.beforeOpen(this, result.message);
        if (verdict.type === "dump") return this.dump(verdict.notification);
        if (verdict.type === "refuse") return this.feed(bgpOpenMsgErr(verdict.notification));
        return this.feed(eventForMessage(this.#session, result.message)!);
      }
      case "update": {
        const wasEstablished = this.#session.state === State.Established;
        this.feed(eventForMessage(this.#session, result.message)!);
        if (wasEstablished && this.#session.state === State.Established) {
          this.#host.onPayload(this, result, bytes);
        }
        return;
      }
      case "route-refresh":
        if (this.#session.state === State.Established) this.#host.onPayload(this, result, bytes);
        return;
      case "notification":
        this.#host.noteNotification(this, "received", result.message);
        return this.feed(eventForMessage(this.#session, result.message)!);
      case "keepalive":
        return this.feed(eventForMessage(this.#session, result.message)!);
      case "error":
        this.#host.log.warn("malformed message", { reason: result.reason, type: bytes[18] });
        return this.feed(eventForDecodeError(result.notification));
    }
  }

  onFramingError(notification: NotificationMessage, reason: string): void {
    this.#host.log.warn("malformed message header", { reason });
    this.feed(bgpHeaderErr(notification));
  }

  onLost(reason: string): void {
    if (this.#disposed) return;
    this.#host.log.debug("TCP connection lost", { reason });
    // The socket is already closed; forget it so close-connection does not touch it.
    this.#conn = undefined;
    this.feed(event("TcpConnectionFails"));
  }

  onOverflow(pendingBytes: number, limitBytes: number): void {
    this.#host.onOverflow(this, pendingBytes, limitBytes);
  }
}
